using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Organizations;

/// <summary>
/// 组织导入: the org tree from an .xlsx, all or nothing. Every row is checked first; any error refuses the whole
/// file with every row's errors. A code already in the database updates that organization (its attributes,
/// not its place in the tree: moving a subtree is done on the org page, where its effect is visible);
/// any other code creates one. Parents may come later in the file than their children.
/// </summary>
public sealed class OrgImport(ZerenDbContext db, TimeProvider clock, IOptions<SpreadsheetLimits> options) : SheetImport(db, options)
{
    protected override string SheetName => OrgSheet.SheetName;

    protected override IReadOnlyList<SheetColumn> Columns => OrgSheet.Columns;

    protected override IReadOnlyList<string> Rules => OrgSheet.Rules(Limits);

    protected override async Task<ImportSummary> StageAsync(SheetTable table, ImportErrors errors, CancellationToken ct)
    {
        var rows = table.Rows.Select(r => Parse(table, r, errors)).ToList();

        var byCode = new Dictionary<string, OrgRow>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Code.Length > 0))
        {
            if (byCode.TryGetValue(row.Code, out var first))
            {
                errors.Add(row.Number, OrgSheet.Code, $"组织编码“{row.Code}”与第 {first.Number} 行重复。");
            }
            else
            {
                byCode.Add(row.Code, row);
            }
        }

        var codes = rows.Select(r => r.Code).Concat(rows.Select(r => r.ParentCode)).Where(c => c.Length > 0);
        // Tracked: matched organizations are updated in place, and new ones hang under them.
        var existing = (await Batches.LoadAsync(codes, chunk => Db.Set<Organization>().Where(o => chunk.Contains(o.Code)).ToListAsync(ct)))
            .ToDictionary(o => o.Code, StringComparer.Ordinal);
        // A code outside the actor's scope is still taken: such a row can neither update nor create.
        var newCodes = rows.Select(r => r.Code).Where(c => c.Length > 0 && !existing.ContainsKey(c));
        var takenElsewhere = (await Batches.LoadAsync(newCodes, chunk => Db.Set<Organization>().IgnoreQueryFilters()
                .Where(o => chunk.Contains(o.Code)).Select(o => o.Code).ToListAsync(ct)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => takenElsewhere.Contains(r.Code)))
        {
            errors.Add(row.Number, OrgSheet.Code, $"组织编码“{row.Code}”已被使用。");
        }
        var parentIds = existing.Values.Where(o => o.ParentId is not null).Select(o => o.ParentId!.Value);
        var codeOfId = (await Batches.LoadAsync(parentIds, chunk => Db.Set<Organization>().AsNoTracking()
                .Where(o => chunk.Contains(o.Id)).Select(o => new { o.Id, o.Code }).ToListAsync(ct)))
            .ToDictionary(o => o.Id, o => o.Code);

        ResolveParents(rows, byCode, existing, codeOfId, errors);
        FindCycles(rows, errors);
        await CheckShapeAsync(rows, errors, ct);
        await ResolveRegionsAsync(rows, errors, ct);
        errors.ThrowIfAny();
        return Apply(rows, errors);
    }

    private static OrgRow Parse(SheetTable table, SheetRow sheetRow, ImportErrors errors)
    {
        var n = sheetRow.Number;
        string Cell(string header) => table.Cell(sheetRow, header);
        var row = new OrgRow(n, Cell(OrgSheet.Code), Cell(OrgSheet.ParentCode), Cell(OrgSheet.Region));

        var name = Cell(OrgSheet.Name);
        if (row.Code.Length == 0)
        {
            errors.Add(n, OrgSheet.Code, "不能为空。");
        }
        else if (row.Code.Length > 40)
        {
            errors.Add(n, OrgSheet.Code, "不能超过 40 个字符。");
        }
        if (row.ParentCode.Length > 40)
        {
            errors.Add(n, OrgSheet.ParentCode, "不能超过 40 个字符。");
        }
        if (name.Length == 0)
        {
            errors.Add(n, OrgSheet.Name, "不能为空。");
        }
        else if (name.Length > 100)
        {
            errors.Add(n, OrgSheet.Name, "不能超过 100 个字。");
        }
        var kind = Required(Cell(OrgSheet.Kind), OrgLabels.Kind, n, OrgSheet.Kind, errors);
        var domain = Required(Cell(OrgSheet.Domain), OrgLabels.Domain, n, OrgSheet.Domain, errors);
        var strength = Optional(Cell(OrgSheet.Strength), OrgLabels.Strength, n, OrgSheet.Strength, errors);
        var standard = Optional(Cell(OrgSheet.Standard), OrgLabels.Standard, n, OrgSheet.Standard, errors);
        int? stars = null;
        var starsText = Cell(OrgSheet.Stars).TrimEnd('星');
        if (starsText.Length > 0)
        {
            if (CellText.TryInt(starsText, out var s) && s is >= 1 and <= 5)
            {
                stars = s;
            }
            else
            {
                errors.Add(n, OrgSheet.Stars, $"“{Cell(OrgSheet.Stars)}”不是 1 到 5 的整数。");
            }
        }
        var sortOrder = 0;
        var sortText = Cell(OrgSheet.SortOrder);
        if (sortText.Length > 0 && !CellText.TryInt(sortText, out sortOrder))
        {
            errors.Add(n, OrgSheet.SortOrder, $"“{sortText}”不是整数。");
        }
        if (row.Region.Length > 50)
        {
            errors.Add(n, OrgSheet.Region, "不能超过 50 个字。");
        }
        row.Details = new OrgDetails(row.Code, name, kind ?? OrgKind.Branch, domain ?? OrgDomain.Comprehensive, strength, standard, stars, sortOrder);
        return row;
    }

    private static T? Required<T>(string text, ChoiceLabels<T> labels, int row, string column, ImportErrors errors)
        where T : struct, Enum
    {
        if (text.Length == 0)
        {
            errors.Add(row, column, $"不能为空，应为：{string.Join("、", labels.Labels)}。");
            return null;
        }
        return Optional(text, labels, row, column, errors);
    }

    private static T? Optional<T>(string text, ChoiceLabels<T> labels, int row, string column, ImportErrors errors)
        where T : struct, Enum
    {
        if (text.Length == 0)
        {
            return null;
        }
        if (labels.TryParse(text, out var value))
        {
            return value;
        }
        errors.Add(row, column, labels.Unknown(text));
        return null;
    }

    /// <summary>Each row's parent: another row of the file, an organization in the database, or none (a root).</summary>
    private static void ResolveParents(List<OrgRow> rows, Dictionary<string, OrgRow> byCode, Dictionary<string, Organization> existing,
        Dictionary<Guid, string> codeOfId, ImportErrors errors)
    {
        foreach (var row in rows)
        {
            if (row.Code.Length > 0 && byCode[row.Code] == row)
            {
                row.Existing = existing.GetValueOrDefault(row.Code);
            }
            if (row.ParentCode.Length == 0)
            {
                row.ParentResolved = true;
            }
            else if (row.ParentCode == row.Code)
            {
                errors.Add(row.Number, OrgSheet.ParentCode, "不能以本组织自己为上级组织。");
            }
            else if (byCode.TryGetValue(row.ParentCode, out var parentRow))
            {
                row.ParentRow = parentRow;
                row.ParentResolved = true;
            }
            else if (existing.TryGetValue(row.ParentCode, out var parentOrg))
            {
                row.ParentOrg = parentOrg;
                row.ParentResolved = true;
            }
            else
            {
                errors.Add(row.Number, OrgSheet.ParentCode, $"上级组织编码“{row.ParentCode}”既不在系统中，也不在本文件中。");
            }

            if (row.Existing is { } org)
            {
                var currentParent = org.ParentId is { } pid ? codeOfId.GetValueOrDefault(pid, "") : "";
                if (currentParent != row.ParentCode)
                {
                    errors.Add(row.Number, OrgSheet.ParentCode, currentParent.Length == 0
                        ? $"组织“{row.Code}”已在系统中，是顶级组织；导入不调整已有组织的上级：请清空此格，或到组织管理中调整。"
                        : $"组织“{row.Code}”已在系统中，其上级组织编码为“{currentParent}”；导入不调整已有组织的上级：请把此格改为“{currentParent}”，或到组织管理中调整。");
                    row.ParentResolved = false;
                }
            }
        }
    }

    /// <summary>Parent links among the rows of the file must not loop (A under B under A).</summary>
    private static void FindCycles(List<OrgRow> rows, ImportErrors errors)
    {
        var state = new Dictionary<OrgRow, int>(); // absent: not seen; 1: on the current walk; 2: done
        foreach (var start in rows)
        {
            if (state.ContainsKey(start))
            {
                continue;
            }
            var walk = new List<OrgRow>();
            var current = start;
            while (current is not null && !state.ContainsKey(current))
            {
                state[current] = 1;
                walk.Add(current);
                current = current.ParentRow;
            }
            if (current is not null && state[current] == 1)
            {
                var cycle = walk[walk.IndexOf(current)..];
                var chain = string.Join(" → ", cycle.Select(r => r.Code).Append(current.Code));
                var lines = string.Join("、", cycle.Select(r => r.Number));
                foreach (var row in cycle)
                {
                    row.InCycle = true;
                    errors.Add(row.Number, OrgSheet.ParentCode, $"上级组织关系成环：{chain}（第 {lines} 行），组织树不能有环。");
                }
            }
            foreach (var row in walk)
            {
                state[row] = 2;
            }
        }
    }

    /// <summary>Depth (at most 12 levels) and 党小组 as a leaf, as the entity checks them, but for every row at once.</summary>
    private async Task CheckShapeAsync(List<OrgRow> rows, ImportErrors errors, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            if (DepthOf(row) is { } depth && depth > OrgPath.MaxLength / OrgPath.SegmentLength - 1)
            {
                errors.Add(row.Number, OrgSheet.ParentCode, "组织层级过深（最多 12 级）。");
            }
            var parentKind = row.ParentRow?.Details.Kind ?? row.ParentOrg?.Kind;
            if (parentKind == OrgKind.Group && !errors.HasRow(row.ParentRow?.Number ?? -1))
            {
                errors.Add(row.Number, OrgSheet.ParentCode, $"上级组织“{row.ParentCode}”是党小组，党小组之下不能再设组织。");
            }
        }
        // An existing organization that becomes a 党小组 must have no organizations under it.
        var toGroup = rows.Where(r => r.Existing is { } o && o.Kind != OrgKind.Group && r.Details.Kind == OrgKind.Group).ToList();
        if (toGroup.Count > 0)
        {
            var ids = toGroup.Select(r => r.Existing!.Id);
            var withChildren = (await Batches.LoadAsync(ids, chunk => Db.Set<Organization>().AsNoTracking()
                .Where(o => o.ParentId != null && chunk.Contains(o.ParentId.Value)).Select(o => o.ParentId!.Value).Distinct().ToListAsync(ct))).ToHashSet();
            foreach (var row in toGroup.Where(r => withChildren.Contains(r.Existing!.Id)))
            {
                errors.Add(row.Number, OrgSheet.Kind, "该组织在系统中已有下级组织，不能改为党小组。");
            }
        }
    }

    /// <summary>The depth the row's organization will have, or null when its ancestry is broken (reported elsewhere).</summary>
    private static int? DepthOf(OrgRow row)
    {
        var below = new List<OrgRow>();
        var current = row;
        int above;
        while (true)
        {
            if (current.Depth is { } known)
            {
                above = known;
                break;
            }
            if (current.InCycle || !current.ParentResolved)
            {
                return null;
            }
            if (current.Existing is { } existing)
            {
                // An existing organization keeps its place in the tree.
                current.Depth = existing.Depth;
                above = existing.Depth;
                break;
            }
            below.Add(current);
            if (current.ParentOrg is { } parentOrg)
            {
                above = parentOrg.Depth;
                break;
            }
            if (current.ParentRow is not { } parentRow)
            {
                above = -1;
                break;
            }
            current = parentRow;
        }
        for (var i = below.Count - 1; i >= 0; i--)
        {
            below[i].Depth = above + (below.Count - i);
        }
        return row.Depth;
    }

    /// <summary>
    /// 片区 names must be regions of the row's county (the root of its tree). A new county has none yet, so its
    /// regions are set by a second import once they exist.
    /// </summary>
    private async Task ResolveRegionsAsync(List<OrgRow> rows, ImportErrors errors, CancellationToken ct)
    {
        var withRegion = rows.Where(r => r.Region.Length > 0).ToList();
        if (withRegion.Count == 0)
        {
            return;
        }
        var regions = await Db.Set<Region>().AsNoTracking().Select(r => new { r.Id, r.CountyOrgId, r.Name }).ToListAsync(ct);
        var byCounty = regions.ToLookup(r => r.CountyOrgId);
        foreach (var row in withRegion)
        {
            var county = CountyOf(row);
            if (county is null)
            {
                if (row.ParentResolved && !row.InCycle)
                {
                    errors.Add(row.Number, OrgSheet.Region, $"片区“{row.Region}”不存在：新建的县还没有片区，请先导入组织、建立片区，再导入一次填写片区。");
                }
                continue;
            }
            var match = byCounty[county.Value].FirstOrDefault(r => r.Name == row.Region);
            if (match is null)
            {
                var names = byCounty[county.Value].Select(r => r.Name).ToList();
                errors.Add(row.Number, OrgSheet.Region,
                    $"片区“{row.Region}”不存在，现有片区：{(names.Count == 0 ? "（无）" : string.Join("、", names))}。");
                continue;
            }
            row.RegionId = match.Id;
        }
    }

    /// <summary>The id of the root of the row's tree when that root is already in the database.</summary>
    private static Guid? CountyOf(OrgRow row)
    {
        var current = row;
        for (var guard = 0; guard <= OrgPath.MaxLength / OrgPath.SegmentLength + 1; guard++)
        {
            if (current.Existing is { } existing)
            {
                return OrgPath.Ancestry(existing.Path)[0];
            }
            if (current.ParentOrg is { } parentOrg)
            {
                return OrgPath.Ancestry(parentOrg.Path)[0];
            }
            if (current.ParentRow is not { } parent || current.InCycle)
            {
                return null;
            }
            current = parent;
        }
        return null;
    }

    /// <summary>Creates and updates the entities, parents before children; nothing is saved here.</summary>
    private ImportSummary Apply(List<OrgRow> rows, ImportErrors errors)
    {
        var now = clock.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows.OrderBy(r => r.Depth))
        {
            try
            {
                if (row.Existing is { } org)
                {
                    if (Same(org, row))
                    {
                        unchanged++;
                        continue;
                    }
                    org.Update(row.Details, now);
                    org.SetRegion(row.RegionId);
                    updated++;
                }
                else
                {
                    var parent = row.ParentRow is { } p ? p.Existing ?? p.Created : row.ParentOrg;
                    row.Created = Organization.Create(parent, row.Details, now);
                    row.Created.SetRegion(row.RegionId);
                    Db.Add(row.Created);
                    created++;
                }
            }
            catch (ValidationFailedException e)
            {
                foreach (var error in e.Errors)
                {
                    errors.Add(row.Number, ColumnOf(error.Field), error.Message);
                }
            }
            catch (DomainException e)
            {
                errors.Add(row.Number, ColumnOf(e.Field), e.Message);
            }
        }
        return new ImportSummary(created, updated, unchanged);
    }

    private static bool Same(Organization org, OrgRow row) =>
        org.Name == row.Details.Name.Trim() && org.Kind == row.Details.Kind && org.Domain == row.Details.Domain
        && org.Strength == row.Details.Strength && org.Standard == row.Details.Standard && org.Stars == row.Details.Stars
        && org.SortOrder == row.Details.SortOrder && org.RegionId == row.RegionId;

    private static string ColumnOf(string? field) => field switch
    {
        "code" => OrgSheet.Code,
        "name" => OrgSheet.Name,
        "stars" => OrgSheet.Stars,
        "regionId" => OrgSheet.Region,
        _ => OrgSheet.ParentCode,
    };

    private sealed class OrgRow(int number, string code, string parentCode, string region)
    {
        public int Number { get; } = number;
        public string Code { get; } = code;
        public string ParentCode { get; } = parentCode;
        public string Region { get; } = region;
        public OrgDetails Details { get; set; } = null!;
        public Organization? Existing { get; set; }
        public OrgRow? ParentRow { get; set; }
        public Organization? ParentOrg { get; set; }
        public bool ParentResolved { get; set; }
        public bool InCycle { get; set; }
        public int? Depth { get; set; }
        public Guid? RegionId { get; set; }
        public Organization? Created { get; set; }
    }
}
