using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.People;

/// <summary>
/// A person as lists and pages show them. <see cref="IdNumber"/> and <see cref="Mobile"/> are always masked
/// (330824********1234, 138****5678): the full values come only from <see cref="PeopleService.RevealAsync"/>.
/// </summary>
public sealed record PersonRow(
    Guid Id, Guid OrgId, string OrgName, string Name, Gender Gender, string Ethnicity, DateOnly? BirthDate,
    Education? Education, string? IdNumber, string? Mobile, PartyStatus PartyStatus, DateOnly? JoinedPartyOn);

/// <summary>A person's full ID number and mobile, for someone allowed to see them (每次查看都记入审计).</summary>
public sealed record PersonalData(Guid PersonId, string? IdNumber, string? Mobile);

/// <summary>
/// A post held; <paramref name="EndReason"/> says why it was left; <paramref name="PersonInScope"/> whether the reader may
/// open the holder's page (a holder from elsewhere is named, not linked).
/// </summary>
public sealed record PositionView(
    Guid Id, Guid OrgId, string OrgName, Guid PersonId, string PersonName, PositionTitle Title,
    ResponsibilityRole? Role, DateOnly StartOn, DateOnly? EndOn, string? EndReason = null, bool PersonInScope = true)
{
    /// <summary>Left: its last day is before <paramref name="today"/>.</summary>
    public bool HasEndedBy(DateOnly today) => EndOn is { } end && end < today;
}

/// <summary>
/// A link; <paramref name="EndReason"/> says why it ended; <paramref name="PersonInScope"/> whether the reader may open the
/// linked person's page (a county leader following a township belongs to the county: named, not linked).
/// </summary>
public sealed record LinkView(
    Guid Id, LinkKind Kind, Guid PersonId, string PersonName, Guid OrgId, string OrgName, DateOnly StartOn, DateOnly? EndOn, string? EndReason = null,
    bool PersonInScope = true)
{
    /// <summary>Ended: its last day is before <paramref name="today"/>.</summary>
    public bool HasEndedBy(DateOnly today) => EndOn is { } end && end < today;
}

public sealed record PersonDetail(PersonRow Person, IReadOnlyList<PositionView> Positions, IReadOnlyList<LinkView> Links, IReadOnlyList<ReserveView> Reserves);

/// <summary>A reserve candidate; <paramref name="PersonInScope"/> whether the reader may open the person's page.</summary>
public sealed record ReserveView(
    Guid Id, Guid PersonId, string PersonName, DateOnly? BirthDate, int? Age, bool UnderThirtyFive,
    Guid OrgId, string OrgName, PositionTitle TargetPost, DateOnly AddedOn, string? Note, bool PersonInScope = true);

/// <summary>An organization as its page shows it: its place in the tree, its grids, and the people in it.</summary>
public sealed record OrgDetail(
    OrgSummary Org, string? RegionName, IReadOnlyList<OrgCrumb> Ancestors,
    int MemberCount, int SubtreeMemberCount, int SubtreeOrgCount, IReadOnlyList<PositionHolder> Leaders, IReadOnlyList<GridView> Grids);

/// <summary>
/// Who holds a post of an organization; <paramref name="PersonInScope"/> says whether the reader may open the holder's
/// page (a first secretary sent from a county agency belongs elsewhere: named, not linked).
/// </summary>
public sealed record PositionHolder(Guid PositionId, Guid PersonId, string PersonName, PositionTitle Title, DateOnly StartOn, bool PersonInScope = true);

public sealed record VillageWithoutReserve(Guid OrgId, string Code, string Name, string TownshipName);

/// <summary>
/// What the editor and the API send to create or change a person. On update a blank <see cref="IdNumber"/> or
/// <see cref="Mobile"/> keeps the stored number (the editor only ever sees it masked); a value replaces it;
/// <see cref="ClearIdNumber"/> / <see cref="ClearMobile"/> remove it. On create, blank means none.
/// </summary>
public sealed record PersonInput(
    Guid OrgId, string Name, Gender Gender, PartyStatus PartyStatus, string? Ethnicity = null, DateOnly? BirthDate = null,
    Education? Education = null, string? IdNumber = null, string? Mobile = null, DateOnly? JoinedPartyOn = null,
    bool ClearIdNumber = false, bool ClearMobile = false)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public PersonDetails Details => new(Name, Gender, PartyStatus, Ethnicity, BirthDate, Education, IdNumber, Mobile, JoinedPartyOn);
}

public sealed record PeopleFilter(Guid? Under = null, Guid? OrgId = null, string? Q = null, PartyStatus? PartyStatus = null,
    PositionTitle? HoldsTitle = null);

public enum PeopleSort
{
    Name,
    NameDesc,
    Org,
    JoinedPartyOn,
    JoinedPartyOnDesc,
    BirthDate,
    BirthDateDesc,
}

/// <summary>人员、任职、联系、后备干部.</summary>
public sealed class PeopleService(
    ZerenDbContext db, OrganizationService orgs, TimeProvider clock, PersonalDataProtector protector, ActorAccessor actor, IPersonalDataAudit audit,
    IEnumerable<IDeletionGuard>? guards = null)
{
    private DateOnly Today => ChinaTime.Today(clock);

    /// <summary>A row as read, numbers still encrypted; <see cref="Masked"/> turns it into what callers get.</summary>
    private sealed record StoredRow(
        Guid Id, Guid OrgId, string OrgName, string Name, Gender Gender, string Ethnicity, DateOnly? BirthDate,
        Education? Education, string? IdNumberCipher, string? MobileCipher, PartyStatus PartyStatus, DateOnly? JoinedPartyOn);

    private IQueryable<StoredRow> Rows(IQueryable<Person> q) =>
        q.Join(db.Set<Organization>(), p => p.OrgId, o => o.Id, (p, o) => new StoredRow(
            p.Id, p.OrgId, o.Name, p.Name, p.Gender, p.Ethnicity, p.BirthDate, p.Education, p.IdNumberCipher, p.MobileCipher, p.PartyStatus, p.JoinedPartyOn));

    private PersonRow Masked(StoredRow r) => new(
        r.Id, r.OrgId, r.OrgName, r.Name, r.Gender, r.Ethnicity, r.BirthDate, r.Education,
        Masking.IdNumber(Open(r.IdNumberCipher)), Masking.Mobile(Open(r.MobileCipher)), r.PartyStatus, r.JoinedPartyOn);

    private string? Open(string? cipher) => cipher is null ? null : protector.Decrypt(cipher);

    public async Task<Paged<PersonRow>> ListAsync(PeopleFilter filter, PageRequest page, PeopleSort sort = PeopleSort.Name, CancellationToken ct = default)
    {
        var q = await FilterAsync(filter, ct);
        var paged = await Sorted(q, sort).Select(p => p.Id).ToPagedByIdsAsync(page,
            ids => Rows(db.Set<Person>().AsNoTracking().Where(p => ids.Contains(p.Id))), r => r.Id,
            q.Select(p => p.Id), PagingExtensions.CountUpTo, ct);
        return paged.With<PersonRow>([.. paged.Items.Select(Masked)]);
    }

    /// <summary>The list's order, ending on the id so that pages never overlap.</summary>
    internal static IQueryable<Person> Sorted(IQueryable<Person> q, PeopleSort sort) =>
        sort switch
        {
            PeopleSort.NameDesc => q.OrderByDescending(p => p.Name).ThenBy(p => p.Id),
            PeopleSort.Org => q.OrderBy(p => p.OrgId).ThenBy(p => p.Name).ThenBy(p => p.Id),
            PeopleSort.JoinedPartyOn => q.OrderBy(p => p.JoinedPartyOn).ThenBy(p => p.Id),
            // Descending ends on the id descending too, so that the index is read backwards with nothing left to sort:
            // ThenBy(id) made PostgreSQL sort every person of the scope without a date (a county's 19 000) for a page.
            PeopleSort.JoinedPartyOnDesc => q.OrderByDescending(p => p.JoinedPartyOn).ThenByDescending(p => p.Id),
            PeopleSort.BirthDate => q.OrderBy(p => p.BirthDate).ThenBy(p => p.Id),
            PeopleSort.BirthDateDesc => q.OrderByDescending(p => p.BirthDate).ThenByDescending(p => p.Id),
            _ => q.OrderBy(p => p.Name).ThenBy(p => p.Id),
        };

    /// <summary>The people a list filter selects, unordered and untracked: the list and its Excel export share it.</summary>
    internal async Task<IQueryable<Person>> FilterAsync(PeopleFilter filter, CancellationToken ct)
    {
        // The scope is the model's filter: a semi-join from the scope's organizations (ADR 0043, which replaced the two
        // shapes of ADR 0038).
        var q = db.Set<Person>().AsNoTracking();
        if (filter.Under is { } under)
        {
            var subtree = db.Set<Organization>().InSubtree(db, await orgs.PathOfAsync(under, ct));
            q = q.Where(p => subtree.Any(o => o.Id == p.OrgId));
        }
        if (filter.OrgId is { } orgId)
        {
            q = q.Where(p => p.OrgId == orgId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            // An ID number or mobile matches exactly, through its keyed hash (the numbers are only stored encrypted);
            // anything else matches part of the name.
            if (text.Length >= 11 && text.All(c => char.IsAsciiDigit(c) || c is 'x' or 'X'))
            {
                var hash = protector.Index(text.ToUpperInvariant());
                q = q.Where(p => p.IdNumberHash == hash || p.MobileHash == hash);
            }
            else
            {
                q = q.Where(p => p.Name.Contains(text));
            }
        }
        if (filter.PartyStatus is { } status)
        {
            q = q.Where(p => p.PartyStatus == status);
        }
        if (filter.HoldsTitle is { } title)
        {
            var today = Today;
            q = q.Where(p => db.Set<Position>().Any(pos => pos.PersonId == p.Id && pos.Title == title && pos.StartOn <= today && (pos.EndOn == null || pos.EndOn >= today)));
        }
        return q;
    }

    public async Task<PersonRow> GetAsync(Guid id, CancellationToken ct = default) =>
        Masked(await Rows(db.Set<Person>().AsNoTracking().Where(p => p.Id == id)).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("人员", id));

    /// <summary>Whether the current actor may see full ID numbers and mobiles (<see cref="RevealAsync"/>).</summary>
    public bool MayRevealPersonalData => actor.Current.Has(Permission.PersonalDataView);

    /// <summary>
    /// 查看完整号码: the one way to a person's full ID number and mobile. Refused without
    /// <see cref="Permission.PersonalDataView"/>; every reveal is told to <see cref="IPersonalDataAudit"/> first.
    /// </summary>
    public async Task<PersonalData> RevealAsync(Guid id, CancellationToken ct = default)
    {
        EnsureMayRevealPersonalData();
        var stored = await db.Set<Person>().AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.IdNumberCipher, p.MobileCipher }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("人员", id);
        await audit.RevealedAsync(id, ct);
        return new PersonalData(id, Open(stored.IdNumberCipher), Open(stored.MobileCipher));
    }

    /// <summary>Refuses unless the current actor may see full numbers: the unmasked roster export asks too.</summary>
    public void EnsureMayRevealPersonalData()
    {
        if (!MayRevealPersonalData)
        {
            throw new ForbiddenException("personal_data_forbidden", "没有查看完整身份证号码和手机号码的权限。");
        }
    }

    public async Task<PersonDetail> DetailAsync(Guid id, CancellationToken ct = default)
    {
        var person = await GetAsync(id, ct);
        var positions = await PositionsAsync(null, id, includeEnded: true, ct);
        var links = await LinksAsync(new LinkFilter(PersonId: id, IncludeEnded: true), ct);
        var reserves = await ReservesQuery(db.Set<ReserveCadre>().AsNoTracking().Where(r => r.PersonId == id)).ToListAsync(ct);
        return new PersonDetail(person, positions, links, reserves.Select(WithAge).ToList());
    }

    /// <summary>
    /// An organization's page: its place in the tree and grids (<see cref="OrganizationService"/>), its party members
    /// and those of its subtree, and who holds its positions today.
    /// </summary>
    public async Task<OrgDetail> OrgDetailAsync(Guid orgId, CancellationToken ct = default)
    {
        var place = await orgs.PlaceAsync(orgId, ct);
        var subtree = db.Set<Organization>().InSubtree(db, place.Path);
        var memberCount = await db.Set<Person>().CountAsync(p => p.OrgId == orgId && p.PartyStatus != PartyStatus.None, ct);
        var subtreeMembers = await db.Set<Person>()
            .CountAsync(p => p.PartyStatus != PartyStatus.None && subtree.Any(o => o.Id == p.OrgId), ct);
        var today = Today;
        var leaders = await db.Set<Position>().AsNoTracking()
            .Where(p => p.OrgId == orgId && p.StartOn <= today && (p.EndOn == null || p.EndOn >= today))
            .Join(db.Set<Person>().IgnoreQueryFilters([Person.ScopeFilter]), p => p.PersonId, pe => pe.Id, (p, pe) => new PositionHolder(p.Id, pe.Id, pe.Name, p.Title, p.StartOn,
                db.Set<Organization>().Any(o => o.Id == pe.OrgId)))
            .ToListAsync(ct);
        leaders = [.. leaders.OrderBy(l => l.Title).ThenBy(l => l.PersonName, StringComparer.Ordinal)];
        var grids = await orgs.GridsAsync(orgId, ct);
        return new OrgDetail(place.Org, place.RegionName, place.Ancestors, memberCount, subtreeMembers, place.SubtreeOrgCount, leaders, grids);
    }

    /// <summary>Registers a person; every fault of the input is named at once (organization, details, a duplicate ID number).</summary>
    public async Task<PersonRow> CreateAsync(PersonInput input, CancellationToken ct = default)
    {
        var problems = new Problems();
        await problems.CheckAsync(() => EnsureOrgAsync(input.OrgId, ct));
        var person = problems.Check(() => Person.Create(input.OrgId, input.Details, Today, clock.GetUtcNow(), protector));
        await problems.CheckAsync(() => EnsureIdNumberFreeAsync(input.Details.IdNumber, null, ct));
        problems.ThrowIfAny();
        db.Add(person!);
        await db.SaveChangesAsync(ct);
        return await GetAsync(person!.Id, ct);
    }

    public async Task<PersonRow> UpdateAsync(Guid id, PersonInput input, CancellationToken ct = default)
    {
        var person = await db.Set<Person>().SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("人员", id);
        var problems = new Problems();
        await problems.CheckAsync(() => EnsureOrgAsync(input.OrgId, ct));
        // The editor never sees the full numbers: blank keeps what is stored, so it is checked against the rest as before.
        var idNumber = problems.Check(() => Kept(input.IdNumber, input.ClearIdNumber, person.IdNumberCipher, "idNumber", "身份证号码"));
        var mobile = problems.Check(() => Kept(input.Mobile, input.ClearMobile, person.MobileCipher, "mobile", "手机号码"));
        var details = input.Details with { IdNumber = idNumber, Mobile = mobile };
        if (!problems.Any)
        {
            problems.Check(() => person.Update(input.OrgId, details, Today, clock.GetUtcNow(), protector));
        }
        else
        {
            // Not changed while another field is refused; its own rules are still checked, to be named with the rest.
            problems.AddRange(Person.Validate(details, Today));
        }
        await problems.CheckAsync(() => EnsureIdNumberFreeAsync(details.IdNumber, id, ct));
        problems.ThrowIfAny();
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Deletes a person with their positions, links and reserve entries, and clears them as a grid leader. The rows are
    /// loaded and removed through the change tracker, not left to the database's cascade, so that each is audited, with
    /// <paramref name="reason"/> (required: <see cref="Reasons.Require"/>).
    /// </summary>
    public async Task DeleteAsync(Guid id, string? reason, CancellationToken ct = default)
    {
        var person = await db.Set<Person>().SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("人员", id);
        db.Because(reason);
        await guards.EnsureAsync(g => g.CheckPersonAsync(id, ct));
        await db.Set<Position>().Where(p => p.PersonId == id).LoadAsync(ct);
        await db.Set<Link>().Where(l => l.PersonId == id).LoadAsync(ct);
        await db.Set<ReserveCadre>().Where(r => r.PersonId == id).LoadAsync(ct);
        await db.Set<Grid>().Where(g => g.LeaderPersonId == id).LoadAsync(ct);
        db.Remove(person);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The number an update leaves: a typed one, none when cleared, else the stored one.</summary>
    private string? Kept(string? typed, bool clear, string? storedCipher, string field, string label)
    {
        if (clear)
        {
            return string.IsNullOrWhiteSpace(typed) ? null
                : throw new DomainException("person_clear_and_replace", $"不能同时填写和清除{label}：留空并勾选清除，或只填写新号码。", field);
        }
        return string.IsNullOrWhiteSpace(typed) ? Open(storedCipher) : typed;
    }

    /// <summary>
    /// Checks that no one else has this person's ID number, through its hash. Everyone counts, also people outside the
    /// current actor's data scope: query filters are ignored, so a number registered elsewhere is refused, not duplicated.
    /// </summary>
    private async Task EnsureIdNumberFreeAsync(string? idNumber, Guid? self, CancellationToken ct)
    {
        // A number that is not one is refused by the person's own rules; only a valid one can belong to someone else.
        if (string.IsNullOrWhiteSpace(idNumber) || ChineseIdNumber.Problem(ChineseIdNumber.Normalize(idNumber)) is not null)
        {
            return;
        }
        var hash = protector.Index(ChineseIdNumber.Normalize(idNumber));
        if (await db.Set<Person>().IgnoreQueryFilters().AnyAsync(p => p.IdNumberHash == hash && p.Id != self, ct))
        {
            throw new DomainException("person_duplicate_id_number", "身份证号码已登记在另一人名下。", "idNumber");
        }
    }

    // ---- positions (任职) ----

    public async Task<IReadOnlyList<PositionView>> PositionsAsync(Guid? orgId, Guid? personId, bool includeEnded = false, CancellationToken ct = default)
    {
        var today = Today;
        var q = db.Set<Position>().AsNoTracking();
        if (orgId is { } o)
        {
            q = q.Where(p => p.OrgId == o);
        }
        if (personId is { } pid)
        {
            q = q.Where(p => p.PersonId == pid);
        }
        if (!includeEnded)
        {
            q = q.Where(p => p.EndOn == null || p.EndOn >= today);
        }
        var rows = await q
            .Join(db.Set<Organization>(), p => p.OrgId, o => o.Id, (p, o) => new { p, OrgName = o.Name, o.Kind })
            // The position is in scope by its organization; its holder may belong elsewhere (a first secretary
            // sent from a county agency), and their name is part of the position.
            .Join(db.Set<Person>().IgnoreQueryFilters([Person.ScopeFilter]), x => x.p.PersonId, pe => pe.Id, (x, pe) => new
            {
                x.p, x.OrgName, x.Kind, PersonName = pe.Name,
                // In the reader's scope exactly when the person's organization is (the people filter, which the join lifts).
                PersonInScope = db.Set<Organization>().Any(o => o.Id == pe.OrgId),
            })
            // Current posts first, then those left, the latest first.
            .OrderBy(x => x.p.EndOn != null && x.p.EndOn < today ? 1 : 0).ThenByDescending(x => x.p.EndOn).ThenBy(x => x.p.StartOn).ThenBy(x => x.p.Id)
            .ToListAsync(ct);
        return rows.Select(x => new PositionView(x.p.Id, x.p.OrgId, x.OrgName, x.p.PersonId, x.PersonName, x.p.Title,
            Position.RoleOf(x.p.Title, x.Kind), x.p.StartOn, x.p.EndOn, x.p.EndReason, x.PersonInScope)).ToList();
    }

    public async Task<PositionView> AppointAsync(Guid orgId, Guid personId, PositionTitle title, DateOnly startOn, CancellationToken ct = default)
    {
        var problems = new Problems();
        await problems.CheckAsync(() => EnsureOrgAsync(orgId, ct));
        await problems.CheckAsync(() => EnsurePersonAsync(personId, ct));
        var position = problems.Check(() => Position.Create(orgId, personId, title, startOn, Today));
        var today = Today;
        var active = db.Set<Position>().Where(p => p.OrgId == orgId && p.Title == title && (p.EndOn == null || p.EndOn >= today));
        if (await active.AnyAsync(p => p.PersonId == personId, ct))
        {
            problems.Add("position_duplicate", "此人已担任该职务。", "title");
        }
        else if (Position.IsSingleHolder(title) && await active.AnyAsync(ct))
        {
            problems.Add("position_taken", "该职务已有人担任，请先为现任者办理离任。", "title");
        }
        problems.ThrowIfAny();
        db.Add(position!);
        await db.SaveChangesAsync(ct);
        return (await PositionsAsync(orgId, personId, includeEnded: true, ct)).Single(p => p.Id == position!.Id);
    }

    /// <summary>离任: the post ends on <paramref name="endOn"/> for <paramref name="reason"/> (required), kept with the post and in the audit log.</summary>
    public async Task EndPositionAsync(Guid positionId, DateOnly endOn, string? reason, CancellationToken ct = default)
    {
        var position = await db.Set<Position>().SingleOrDefaultAsync(p => p.Id == positionId, ct) ?? throw new NotFoundException("任职", positionId);
        position.End(endOn, db.Because(reason));
        await db.SaveChangesAsync(ct);
    }

    public async Task DeletePositionAsync(Guid positionId, CancellationToken ct = default)
    {
        db.Remove(await db.Set<Position>().SingleOrDefaultAsync(p => p.Id == positionId, ct) ?? throw new NotFoundException("任职", positionId));
        await db.SaveChangesAsync(ct);
    }

    // ---- links (联系) ----

    /// <summary>Every link the filter selects: for a person's or an org's few links, and for exports.</summary>
    public async Task<IReadOnlyList<LinkView>> LinksAsync(LinkFilter filter, CancellationToken ct = default) =>
        await (await LinksQueryAsync(filter, ct)).ToListAsync(ct);

    /// <summary>One page of the links the filter selects, paged in the database.</summary>
    public async Task<Paged<LinkView>> LinksAsync(LinkFilter filter, PageRequest page, CancellationToken ct = default) =>
        await (await LinksQueryAsync(filter, ct)).ToPagedAsync(page, ct);

    /// <summary>
    /// The links a filter selects: current ones before ended ones, then by kind, in tree order of the org, then by person;
    /// the id keeps pages apart.
    /// </summary>
    private async Task<IQueryable<LinkView>> LinksQueryAsync(LinkFilter filter, CancellationToken ct)
    {
        var today = Today;
        var q = db.Set<Link>().AsNoTracking();
        if (filter.Kind is { } kind)
        {
            q = q.Where(l => l.Kind == kind);
        }
        if (filter.PersonId is { } pid)
        {
            q = q.Where(l => l.PersonId == pid);
        }
        if (filter.OrgId is { } oid)
        {
            q = q.Where(l => l.OrgId == oid);
        }
        if (filter.Under is { } under)
        {
            var subtree = db.Set<Organization>().InSubtree(db, await orgs.PathOfAsync(under, ct));
            q = q.Where(l => subtree.Any(o => o.Id == l.OrgId));
        }
        if (!filter.IncludeEnded)
        {
            q = q.Where(l => l.EndOn == null || l.EndOn >= today);
        }
        return q
            .Join(db.Set<Organization>(), l => l.OrgId, o => o.Id, (l, o) => new { l, OrgName = o.Name, o.Path })
            // The link is in scope by its organization; the linked county leader or cadre usually belongs elsewhere.
            .Join(db.Set<Person>().IgnoreQueryFilters([Person.ScopeFilter]), x => x.l.PersonId, p => p.Id, (x, p) => new
            {
                x.l, x.OrgName, x.Path, PersonName = p.Name, PersonInScope = db.Set<Organization>().Any(o => o.Id == p.OrgId),
            })
            .OrderBy(x => x.l.EndOn != null && x.l.EndOn < today ? 1 : 0).ThenByDescending(x => x.l.EndOn)
            .ThenBy(x => x.l.Kind).ThenBy(x => x.Path).ThenBy(x => x.PersonName).ThenBy(x => x.l.Id)
            .Select(x => new LinkView(x.l.Id, x.l.Kind, x.l.PersonId, x.PersonName, x.l.OrgId, x.OrgName, x.l.StartOn, x.l.EndOn, x.l.EndReason, x.PersonInScope));
    }

    public async Task<LinkView> LinkAsync(LinkKind kind, Guid personId, Guid orgId, DateOnly startOn, CancellationToken ct = default)
    {
        var problems = new Problems();
        var org = await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null)
        {
            problems.Add("link_org_unknown", "联系的组织不存在。", "orgId");
        }
        else if (Link.TargetsTownship(kind) && !org.IsTownship)
        {
            problems.Add("link_needs_township", $"县级领导只能联系乡镇（街道）党组织，“{org.Name}”不是。", "orgId");
        }
        else if (!Link.TargetsTownship(kind) && !org.IsVillage)
        {
            problems.Add("link_needs_village", $"包村和重点村联系只能指向村，“{org.Name}”不是村。", "orgId");
        }
        await problems.CheckAsync(() => EnsurePersonAsync(personId, ct));
        var today = Today;
        if (!problems.Has("personId") && Link.NeedsCountyLeader(kind) && !await db.Set<Position>().AnyAsync(p => p.PersonId == personId
                && p.Title == PositionTitle.CountyLeader && (p.EndOn == null || p.EndOn >= today), ct))
        {
            problems.Add("link_needs_county_leader", "只有县级领导可以建立此类联系。", "personId");
        }
        var active = db.Set<Link>().Where(l => l.PersonId == personId && l.Kind == kind && (l.EndOn == null || l.EndOn >= today));
        if (!problems.Any && await active.AnyAsync(l => l.OrgId == orgId, ct))
        {
            throw new DomainException("link_duplicate", "此联系已存在。");
        }
        if (!problems.Has("orgId") && !problems.Has("personId") && kind == LinkKind.CountyLeaderTownship && await active.AnyAsync(ct))
        {
            problems.Add("link_one_township", "每位县级领导固定联系一个乡镇：请先结束现有联系。", "orgId");
        }
        var link = problems.Check(() => Link.Create(kind, personId, orgId, startOn, today));
        problems.ThrowIfAny();
        db.Add(link!);
        await db.SaveChangesAsync(ct);
        return (await LinksAsync(new LinkFilter(PersonId: personId, IncludeEnded: true), ct)).Single(l => l.Id == link!.Id);
    }

    /// <summary>结束联系 on <paramref name="endOn"/> for <paramref name="reason"/> (required), kept with the link and in the audit log.</summary>
    public async Task EndLinkAsync(Guid linkId, DateOnly endOn, string? reason, CancellationToken ct = default)
    {
        var link = await db.Set<Link>().SingleOrDefaultAsync(l => l.Id == linkId, ct) ?? throw new NotFoundException("联系", linkId);
        link.End(endOn, db.Because(reason));
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteLinkAsync(Guid linkId, CancellationToken ct = default)
    {
        db.Remove(await db.Set<Link>().SingleOrDefaultAsync(l => l.Id == linkId, ct) ?? throw new NotFoundException("联系", linkId));
        await db.SaveChangesAsync(ct);
    }

    // ---- reserve cadres (后备干部) ----

    private IQueryable<ReserveView> ReservesQuery(IQueryable<ReserveCadre> reserves) =>
        reserves
            .Join(db.Set<Person>().IgnoreQueryFilters([Person.ScopeFilter]), r => r.PersonId, p => p.Id, (r, p) => new { r, p })
            .Join(db.Set<Organization>(), x => x.r.OrgId, o => o.Id, (x, o) => new { x.r, x.p, o })
            .OrderBy(x => x.o.Path).ThenBy(x => x.p.Name)
            .Select(x => new ReserveView(x.r.Id, x.p.Id, x.p.Name, x.p.BirthDate, null, false, x.o.Id, x.o.Name, x.r.TargetPost, x.r.AddedOn, x.r.Note,
                db.Set<Organization>().Any(o => o.Id == x.p.OrgId)));

    private ReserveView WithAge(ReserveView r)
    {
        var age = r.BirthDate is { } b ? ChinaTime.AgeOn(b, Today) : (int?)null;
        return r with { Age = age, UnderThirtyFive = age < ReserveCadre.YouthAgeLimit };
    }

    public async Task<Paged<ReserveView>> ReservesAsync(Guid? under, bool onlyUnderThirtyFive, PageRequest page, CancellationToken ct = default)
    {
        var q = db.Set<ReserveCadre>().AsNoTracking();
        if (under is { } u)
        {
            var subtree = db.Set<Organization>().InSubtree(db, await orgs.PathOfAsync(u, ct));
            q = q.Where(r => subtree.Any(o => o.Id == r.OrgId));
        }
        if (onlyUnderThirtyFive)
        {
            // Born after this date means under 35 today.
            var cutoff = Today.AddYears(-ReserveCadre.YouthAgeLimit);
            q = q.Where(r => db.Set<Person>().Any(p => p.Id == r.PersonId && p.BirthDate > cutoff));
        }
        var paged = await ReservesQuery(q).ToPagedAsync(page, ct);
        return paged with { Items = paged.Items.Select(WithAge).ToList() };
    }

    /// <summary>Villages with no reserve candidate at all (seed 002: every village keeps one or two).</summary>
    public async Task<IReadOnlyList<VillageWithoutReserve>> VillagesWithoutReservesAsync(Guid? under, CancellationToken ct = default)
    {
        var villages = db.Set<Organization>().AsNoTracking().Villages();
        if (under is { } u)
        {
            villages = villages.InSubtree(db, await orgs.PathOfAsync(u, ct));
        }
        return await villages
            .Where(v => !db.Set<ReserveCadre>().Any(r => r.OrgId == v.Id))
            .OrderBy(v => v.Path)
            .Select(v => new VillageWithoutReserve(v.Id, v.Code, v.Name,
                db.Set<Organization>().Where(t => t.Id == v.ParentId).Select(t => t.Name).FirstOrDefault() ?? ""))
            .ToListAsync(ct);
    }

    public async Task<ReserveView> AddReserveAsync(Guid personId, Guid villageOrgId, PositionTitle targetPost, DateOnly addedOn, string? note, CancellationToken ct = default)
    {
        var problems = new Problems();
        var org = await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == villageOrgId, ct);
        if (org is null)
        {
            problems.Add("reserve_org_unknown", "村组织不存在。", "orgId");
        }
        else if (!org.IsVillage)
        {
            problems.Add("reserve_needs_village", $"后备干部按村储备，“{org.Name}”不是村。", "orgId");
        }
        await problems.CheckAsync(() => EnsurePersonAsync(personId, ct));
        if (!problems.Any && await db.Set<ReserveCadre>().AnyAsync(r => r.OrgId == villageOrgId && r.PersonId == personId, ct))
        {
            problems.Add("reserve_duplicate", "此人已在该村后备干部库中。", "personId");
        }
        var reserve = problems.Check(() => ReserveCadre.Create(personId, villageOrgId, targetPost, addedOn, Today, note));
        problems.ThrowIfAny();
        db.Add(reserve!);
        await db.SaveChangesAsync(ct);
        return WithAge(await ReservesQuery(db.Set<ReserveCadre>().AsNoTracking().Where(r => r.Id == reserve!.Id)).SingleAsync(ct));
    }

    /// <summary>移出后备干部库 for <paramref name="reason"/> (required), which the audit log keeps with the removal.</summary>
    public async Task RemoveReserveAsync(Guid id, string? reason, CancellationToken ct = default)
    {
        var reserve = await db.Set<ReserveCadre>().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("后备干部", id);
        db.Because(reason);
        db.Remove(reserve);
        await db.SaveChangesAsync(ct);
    }

    private async Task EnsureOrgAsync(Guid orgId, CancellationToken ct)
    {
        if (!await db.Set<Organization>().AnyAsync(o => o.Id == orgId, ct))
        {
            throw new DomainException("org_unknown", $"所属组织不存在（{orgId}）。", "orgId");
        }
    }

    private async Task EnsurePersonAsync(Guid personId, CancellationToken ct)
    {
        if (!await db.Set<Person>().AnyAsync(p => p.Id == personId, ct))
        {
            throw new DomainException("person_unknown", $"人员不存在（{personId}）。", "personId");
        }
    }
}

public sealed record LinkFilter(LinkKind? Kind = null, Guid? PersonId = null, Guid? OrgId = null, Guid? Under = null, bool IncludeEnded = false);
