using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Organizations;

public sealed record OrgSummary(
    Guid Id, Guid? ParentId, string Code, string Name, OrgKind Kind, OrgDomain Domain,
    StrengthClass? Strength, StandardType? Standard, int? Stars, Guid? RegionId, int Depth, int SortOrder, int ChildCount);

public sealed record OrgCrumb(Guid Id, string Name);

/// <summary>An organization's name, kind and path: what a question about its subtree starts from, read in one statement.</summary>
public sealed record OrgNode(Guid Id, string Name, OrgKind Kind, string Path);

/// <summary>
/// An organization and its place in the tree: the trail of ancestors in the actor's scope, its region, how many
/// organizations its subtree holds. The org page adds the people in it (<c>PeopleService.OrgDetailAsync</c>).
/// </summary>
public sealed record OrgPlace(OrgSummary Org, string Path, string? RegionName, IReadOnlyList<OrgCrumb> Ancestors, int SubtreeOrgCount);

public sealed record GridView(Guid Id, Guid OrgId, string Name, int Households, Guid? LeaderPersonId, string? LeaderName);

public sealed record RegionView(Guid Id, Guid CountyOrgId, string Name, int SortOrder, int TownshipCount);

/// <summary>What a person submits to create or change an organization.</summary>
public sealed record OrgInput(
    Guid? ParentId, string Code, string Name, OrgKind Kind, OrgDomain Domain,
    StrengthClass? Strength = null, StandardType? Standard = null, int? Stars = null, Guid? RegionId = null, int SortOrder = 0)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public OrgDetails Details => new(Code, Name, Kind, Domain, Strength, Standard, Stars, SortOrder);
}

public sealed record OrgFilter(Guid? Under = null, Guid? ParentId = null, string? Q = null, OrgKind? Kind = null,
    OrgDomain? Domain = null, StrengthClass? Strength = null, int? Depth = null, bool VillagesOnly = false, bool TownshipsOnly = false);

/// <summary>
/// 组织树: reading and changing the org tree. The people in it are asked for through <see cref="IOrgPeople"/>, which
/// People implements: the tree lies below the people (ADR 0014).
/// </summary>
public sealed class OrganizationService(ZerenDbContext db, TimeProvider clock, IOrgPeople people, IEnumerable<IDeletionGuard>? guards = null)
{
    private IQueryable<Organization> Orgs => db.Set<Organization>().AsNoTracking();

    private IQueryable<OrgSummary> Summaries(IQueryable<Organization> q) => q.Select(o => new OrgSummary(
        o.Id, o.ParentId, o.Code, o.Name, o.Kind, o.Domain, o.Strength, o.Standard, o.Stars, o.RegionId, o.Depth, o.SortOrder,
        db.Set<Organization>().Count(c => c.ParentId == o.Id)));

    /// <summary>The tops of what the actor sees: the root organizations, or the tops of the actor's scope.</summary>
    public async Task<IReadOnlyList<OrgSummary>> RootsAsync(CancellationToken ct = default)
    {
        var scope = db.Scope;
        var paths = scope.Paths.ToList();
        var tops = scope.All ? Orgs.Where(o => o.ParentId == null) : Orgs.Where(o => paths.Contains(o.Path));
        return await Summaries(tops.OrderBy(o => o.SortOrder).ThenBy(o => o.Name)).ToListAsync(ct);
    }

    public async Task<OrgSummary> GetAsync(Guid id, CancellationToken ct = default) =>
        await Summaries(Orgs.Where(o => o.Id == id)).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("组织", id);

    public async Task<OrgSummary?> FindByCodeAsync(string code, CancellationToken ct = default) =>
        await Summaries(Orgs.Where(o => o.Code == code)).SingleOrDefaultAsync(ct);

    public async Task<IReadOnlyList<OrgSummary>> ChildrenAsync(Guid id, CancellationToken ct = default)
    {
        await EnsureExistsAsync(id, ct);
        return await Summaries(Orgs.Where(o => o.ParentId == id).OrderBy(o => o.SortOrder).ThenBy(o => o.Name)).ToListAsync(ct);
    }

    /// <summary>The organization and all below it, in tree order (parents before children), paged.</summary>
    public async Task<Paged<OrgSummary>> SubtreeAsync(Guid id, PageRequest page, CancellationToken ct = default)
    {
        var path = await PathOfAsync(id, ct);
        return await Summaries(Orgs.InSubtree(db, path).OrderBy(o => o.Path)).ToPagedAsync(page, ct);
    }

    public async Task<Paged<OrgSummary>> ListAsync(OrgFilter filter, PageRequest page, CancellationToken ct = default) =>
        await Summaries((await FilterAsync(filter, ct)).OrderBy(o => o.Path)).ToPagedAsync(page, ct);

    /// <summary>The organizations a list filter selects, unordered and untracked: the list and its Excel export share it.</summary>
    public async Task<IQueryable<Organization>> FilterAsync(OrgFilter filter, CancellationToken ct = default)
    {
        var q = Orgs;
        if (filter.Under is { } under)
        {
            q = q.InSubtree(db, await PathOfAsync(under, ct));
        }
        if (filter.ParentId is { } parentId)
        {
            q = q.Where(o => o.ParentId == parentId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            q = q.Where(o => o.Name.Contains(text) || o.Code == text);
        }
        if (filter.Kind is { } kind)
        {
            q = q.Where(o => o.Kind == kind);
        }
        if (filter.Domain is { } domain)
        {
            q = q.Where(o => o.Domain == domain);
        }
        if (filter.Strength is { } strength)
        {
            q = q.Where(o => o.Strength == strength);
        }
        if (filter.Depth is { } depth)
        {
            q = q.Where(o => o.Depth == depth);
        }
        if (filter.VillagesOnly)
        {
            q = q.Villages();
        }
        if (filter.TownshipsOnly)
        {
            q = q.Townships();
        }
        return q;
    }

    public async Task<OrgPlace> PlaceAsync(Guid id, CancellationToken ct = default)
    {
        var org = await GetAsync(id, ct);
        var path = await PathOfAsync(id, ct);
        var ancestorIds = OrgPath.Ancestry(path).Take(org.Depth).ToList();
        var names = await Orgs.Where(o => ancestorIds.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        // Ancestors above the actor's scope are not theirs to open: the trail starts at the top of the scope.
        var ancestors = ancestorIds.Where(names.ContainsKey).Select(a => new OrgCrumb(a, names[a])).ToList();
        var regionName = org.RegionId is { } rid
            ? await db.Set<Region>().Where(r => r.Id == rid).Select(r => r.Name).SingleOrDefaultAsync(ct)
            : null;
        var subtreeOrgs = await Orgs.InSubtree(db, path).CountAsync(ct);
        return new OrgPlace(org, path, regionName, ancestors, subtreeOrgs);
    }

    /// <summary>Adds an organization; every fault of the input is named at once (parent, code, details, region).</summary>
    public async Task<OrgSummary> CreateAsync(OrgInput input, CancellationToken ct = default)
    {
        var problems = new Problems();
        var parent = await problems.CheckAsync(() => ParentAsync(input.ParentId, ct));
        await problems.CheckAsync(() => EnsureCodeFreeAsync(input.Code, null, ct));
        var org = problems.Check(() => Organization.Create(parent, input.Details, clock.GetUtcNow()));
        if (org is not null)
        {
            await problems.CheckAsync(() => EnsureRegionAsync(input.RegionId, org.Path, ct));
        }
        problems.ThrowIfAny();
        org!.SetRegion(input.RegionId);
        db.Add(org);
        await db.SaveChangesAsync(ct);
        return await GetAsync(org.Id, ct);
    }

    public async Task<OrgSummary> UpdateAsync(Guid id, OrgInput input, CancellationToken ct = default)
    {
        var org = await db.Set<Organization>().SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("组织", id);
        var problems = new Problems();
        await problems.CheckAsync(() => EnsureCodeFreeAsync(input.Code, id, ct));
        var newParent = input.ParentId != org.ParentId ? await problems.CheckAsync(() => ParentAsync(input.ParentId, ct)) : null;
        if (!problems.Has("parentId"))
        {
            await problems.CheckAsync(() => EnsureRegionAsync(input.RegionId, input.ParentId == org.ParentId ? org.Path : OrgPath.Child(newParent?.Path, org.Id), ct));
        }
        problems.Check(() => org.Update(input.Details, clock.GetUtcNow()));
        problems.ThrowIfAny();
        org.SetRegion(input.RegionId);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (input.ParentId != org.ParentId)
        {
            var parent = newParent;
            var oldPath = org.Path;
            var oldDepth = org.Depth;
            org.PlaceUnder(parent);
            var newPath = org.Path;
            var depthDelta = org.Depth - oldDepth;
            var upper = OrgPath.UpperBound(oldPath);
            // Descendants (not the org itself, which SaveChanges writes) get the new prefix.
            await db.Set<Organization>()
                .Where(o => o.Path.CompareTo(oldPath) > 0 && o.Path.CompareTo(upper) < 0)
                .ExecuteUpdateAsync(s => s
#pragma warning disable CA1845 // an expression tree translated to SQL: spans do not apply
                    .SetProperty(o => o.Path, o => newPath + o.Path.Substring(oldPath.Length))
#pragma warning restore CA1845
                    .SetProperty(o => o.Depth, o => o.Depth + depthDelta), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Deletes an organization with no children and no people, for <paramref name="reason"/> (required, kept in the audit
    /// log); its grids, positions, links and reserve entries go with it, each audited.
    /// </summary>
    public async Task DeleteAsync(Guid id, string? reason, CancellationToken ct = default)
    {
        var org = await db.Set<Organization>().SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("组织", id);
        db.Because(reason);
        if (await Orgs.AnyAsync(o => o.ParentId == id, ct))
        {
            throw new DomainException("org_has_children", $"“{org.Name}”还有下级组织，不能删除。");
        }
        if (await people.AnyInAsync(id, ct))
        {
            throw new DomainException("org_has_people", $"“{org.Name}”还有人员，请先转出后再删除。");
        }
        await guards.EnsureAsync(g => g.CheckOrgAsync(id, ct));
        // What the database would cascade is removed through the change tracker instead, so each row is audited.
        await db.Set<Grid>().Where(g => g.OrgId == id).LoadAsync(ct);
        await people.TrackRemovedWithAsync(id, ct);
        db.Remove(org);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The regions the actor sees (those of counties in scope), or one county's.</summary>
    public async Task<IReadOnlyList<RegionView>> RegionsAsync(Guid? countyOrgId = null, CancellationToken ct = default)
    {
        var regions = db.Set<Region>().AsNoTracking();
        if (countyOrgId is { } county)
        {
            regions = regions.Where(r => r.CountyOrgId == county);
        }
        return await RegionViews(regions.OrderBy(r => r.SortOrder).ThenBy(r => r.Name)).ToListAsync(ct);
    }

    public async Task<RegionView> GetRegionAsync(Guid id, CancellationToken ct = default) =>
        await RegionViews(db.Set<Region>().AsNoTracking().Where(r => r.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("片区", id);

    /// <summary>Regions as the API shows them, with the number of organizations in each counted in the same query.</summary>
    private IQueryable<RegionView> RegionViews(IQueryable<Region> regions) =>
        regions.Select(r => new RegionView(r.Id, r.CountyOrgId, r.Name, r.SortOrder, db.Set<Organization>().Count(o => o.RegionId == r.Id)));

    /// <summary>
    /// A new 片区 of a county committee (a top organization). Regions group a county's townships, so they are the
    /// county's to keep: an account whose scope is a township does not see the county and cannot add one.
    /// </summary>
    public async Task<RegionView> CreateRegionAsync(Guid countyOrgId, string name, int sortOrder, CancellationToken ct = default)
    {
        await EnsureCountyAsync(countyOrgId, ct);
        var region = Region.Create(countyOrgId, name, sortOrder);
        await EnsureRegionNameFreeAsync(countyOrgId, region.Name, null, ct);
        db.Add(region);
        await db.SaveChangesAsync(ct);
        return new RegionView(region.Id, countyOrgId, region.Name, sortOrder, 0);
    }

    /// <summary>Renames a region or moves it in the list; a region outside the actor's scope is not found.</summary>
    public async Task<RegionView> UpdateRegionAsync(Guid id, string name, int sortOrder, CancellationToken ct = default)
    {
        var region = await db.Set<Region>().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("片区", id);
        region.Update(name, sortOrder);
        await EnsureRegionNameFreeAsync(region.CountyOrgId, region.Name, id, ct);
        await db.SaveChangesAsync(ct);
        return await GetRegionAsync(id, ct);
    }

    /// <summary>Deletes a region no township belongs to any more; while some do, says how many and what to do.</summary>
    public async Task DeleteRegionAsync(Guid id, CancellationToken ct = default)
    {
        var region = await db.Set<Region>().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("片区", id);
        // Counted across scopes: a count names nobody, and a township hidden from the actor still belongs to the region.
        var townships = await Orgs.IgnoreQueryFilters().CountAsync(o => o.RegionId == id, ct);
        if (townships > 0)
        {
            throw new DomainException("region_has_townships",
                $"片区“{region.Name}”还有 {townships} 个乡镇，不能删除。请先在这些乡镇的编辑页把片区改为其他片区或“无”，再删除。");
        }
        db.Remove(region);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<GridView>> GridsAsync(Guid orgId, CancellationToken ct = default)
    {
        await EnsureExistsAsync(orgId, ct);
        var grids = await db.Set<Grid>().AsNoTracking().Where(g => g.OrgId == orgId).OrderBy(g => g.Name).ToListAsync(ct);
        var leaders = await people.NamesAsync([.. grids.Select(g => g.LeaderPersonId).OfType<Guid>()], ct);
        return [.. grids.Select(g => new GridView(g.Id, g.OrgId, g.Name, g.Households, g.LeaderPersonId,
            g.LeaderPersonId is { } leader ? leaders.GetValueOrDefault(leader) : null))];
    }

    public async Task<GridView> CreateGridAsync(Guid orgId, string name, int households, Guid? leaderPersonId, CancellationToken ct = default)
    {
        await EnsureExistsAsync(orgId, ct);
        var problems = new Problems();
        var grid = problems.Check(() => Grid.Create(orgId, name, households, leaderPersonId));
        await problems.CheckAsync(() => EnsureGridNameFreeAsync(orgId, name?.Trim() ?? "", null, ct));
        await problems.CheckAsync(() => EnsureGridLeaderAsync(orgId, leaderPersonId, ct));
        problems.ThrowIfAny();
        db.Add(grid!);
        await db.SaveChangesAsync(ct);
        return (await GridsAsync(orgId, ct)).Single(g => g.Id == grid!.Id);
    }

    /// <summary>Changes a grid's name, households and 网格长 under the same rules as a new grid.</summary>
    public async Task<GridView> UpdateGridAsync(Guid orgId, Guid gridId, string name, int households, Guid? leaderPersonId, CancellationToken ct = default)
    {
        var grid = await FindGridAsync(orgId, gridId, ct);
        var problems = new Problems();
        problems.Check(() => grid.Update(name, households, leaderPersonId));
        await problems.CheckAsync(() => EnsureGridNameFreeAsync(orgId, name?.Trim() ?? "", gridId, ct));
        await problems.CheckAsync(() => EnsureGridLeaderAsync(orgId, leaderPersonId, ct));
        problems.ThrowIfAny();
        await db.SaveChangesAsync(ct);
        return (await GridsAsync(orgId, ct)).Single(g => g.Id == gridId);
    }

    public async Task DeleteGridAsync(Guid orgId, Guid gridId, CancellationToken ct = default)
    {
        var grid = await FindGridAsync(orgId, gridId, ct);
        await guards.EnsureAsync(g => g.CheckGridAsync(gridId, ct));
        db.Remove(grid);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The organization's <see cref="OrgNode"/>, if it is in the actor's scope; else not found, as <see cref="PathOfAsync"/>.</summary>
    public async Task<OrgNode> NodeAsync(Guid id, CancellationToken ct = default) =>
        await Orgs.Where(o => o.Id == id).Select(o => new OrgNode(o.Id, o.Name, o.Kind, o.Path)).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("组织", id);

    public async Task<string> PathOfAsync(Guid id, CancellationToken ct = default) =>
        await Orgs.Where(o => o.Id == id).Select(o => o.Path).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("组织", id);

    private async Task EnsureExistsAsync(Guid id, CancellationToken ct)
    {
        if (!await Orgs.AnyAsync(o => o.Id == id, ct))
        {
            throw new NotFoundException("组织", id);
        }
    }

    private async Task<Grid> FindGridAsync(Guid orgId, Guid gridId, CancellationToken ct)
    {
        await EnsureExistsAsync(orgId, ct);
        return await db.Set<Grid>().SingleOrDefaultAsync(g => g.Id == gridId && g.OrgId == orgId, ct) ?? throw new NotFoundException("网格", gridId);
    }

    private async Task EnsureGridNameFreeAsync(Guid orgId, string name, Guid? self, CancellationToken ct)
    {
        if (await db.Set<Grid>().AnyAsync(g => g.OrgId == orgId && g.Name == name && g.Id != self, ct))
        {
            throw new DomainException("grid_duplicate", $"网格“{name}”已存在。", "name");
        }
    }

    /// <summary>
    /// A 网格长 is someone the actor sees who belongs to the grid's organization or one below it. Someone outside the
    /// actor's scope is "not found" like anyone unknown, so the refusal says nothing of them.
    /// </summary>
    private async Task EnsureGridLeaderAsync(Guid orgId, Guid? leaderPersonId, CancellationToken ct)
    {
        if (leaderPersonId is not { } pid)
        {
            return;
        }
        var leaderOrgId = await people.OrgOfAsync(pid, ct)
            ?? throw new DomainException("grid_leader_unknown", "网格长不存在。", "leaderPersonId");
        var subtree = Orgs.InSubtree(db, await PathOfAsync(orgId, ct));
        if (!await subtree.AnyAsync(o => o.Id == leaderOrgId, ct))
        {
            throw new DomainException("grid_leader_outside", "网格长须是本村（社区）或其下级组织的人员。", "leaderPersonId");
        }
    }

    /// <summary>Regions belong to a county committee: a top organization of the tree, seen by the actor.</summary>
    private async Task EnsureCountyAsync(Guid countyOrgId, CancellationToken ct)
    {
        var depth = await Orgs.Where(o => o.Id == countyOrgId).Select(o => (int?)o.Depth).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("组织", countyOrgId);
        if (depth != 0)
        {
            throw new DomainException("region_not_county", "片区只能设在县委（组织树的顶级组织）之下。", "countyOrgId");
        }
    }

    private async Task EnsureRegionNameFreeAsync(Guid countyOrgId, string name, Guid? self, CancellationToken ct)
    {
        if (await db.Set<Region>().AnyAsync(r => r.CountyOrgId == countyOrgId && r.Name == name && r.Id != self, ct))
        {
            throw new DomainException("region_duplicate", $"片区“{name}”已存在。", "name");
        }
    }

    private async Task<Organization?> ParentAsync(Guid? parentId, CancellationToken ct)
    {
        if (parentId is not { } pid)
        {
            return null;
        }
        return await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == pid, ct)
            ?? throw new DomainException("org_parent_unknown", $"上级组织不存在（{pid}）。", "parentId");
    }

    private async Task EnsureCodeFreeAsync(string code, Guid? self, CancellationToken ct)
    {
        var trimmed = code?.Trim() ?? "";
        // Codes are unique in the whole deployment, not just in the actor's scope.
        if (trimmed.Length > 0 && await Orgs.IgnoreQueryFilters().AnyAsync(o => o.Code == trimmed && o.Id != self, ct))
        {
            throw new DomainException("org_code_duplicate", $"组织编码“{trimmed}”已被使用。", "code");
        }
    }

    /// <summary>A region the actor sees, of the county (top organization) the organization at <paramref name="path"/> lies under.</summary>
    private async Task EnsureRegionAsync(Guid? regionId, string path, CancellationToken ct)
    {
        if (regionId is not { } rid)
        {
            return;
        }
        var county = await db.Set<Region>().Where(r => r.Id == rid).Select(r => (Guid?)r.CountyOrgId).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("region_unknown", "片区不存在。", "regionId");
        if (county != OrgPath.Ancestry(path)[0])
        {
            throw new DomainException("region_other_county", "所选片区不属于本组织所在的县。", "regionId");
        }
    }
}
