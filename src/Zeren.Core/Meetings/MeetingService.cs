using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Meetings;

public sealed record MeetingRow(
    Guid Id, Guid OrgId, string OrgName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateOnly HeldOn, string Place, string Topic,
    IReadOnlyList<MeetingType> Types, Guid ChairPersonId, string ChairName, int ExpectedCount, int PresentCount,
    string? NotCountedReason, bool IsAmended);

public sealed record AttendeeView(Guid PersonId, string Name, PartyStatus PartyStatus, AttendanceStatus Status, string? Reason);

public sealed record TypeView(MeetingType Type, bool Counts);

public sealed record AmendmentView(Guid Id, DateTimeOffset AmendedAt, string AmendedBy, MeetingSnapshot Original);

/// <summary>
/// A file kept with a meeting; <see cref="FileId"/> is downloaded from <c>/api/v1/files/{FileId}</c>.
/// </summary>
public sealed record MeetingAttachmentView(
    Guid Id, AttachmentKind Kind, Guid FileId, string FileName, string ContentType, long Size, DateTimeOffset CreatedAt, string CreatedBy)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

public sealed record MeetingDetail(
    MeetingRow Meeting, IReadOnlyList<TypeView> Types, string? RecorderName, Guid? RecorderPersonId, string? LecturerName,
    Guid? LecturerPersonId, string? Content, string? Resolutions, int VotingMembers, int VotingPresent,
    IReadOnlyList<AttendeeView> Attendees, IReadOnlyList<AmendmentView> Amendments,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy, bool NextChangeIsAmendment,
    IReadOnlyList<MeetingAttachmentView> Attachments, bool AttachmentsRemovable);

/// <summary>A branch member as the meeting form lists them.</summary>
public sealed record BranchMember(Guid PersonId, string Name, PartyStatus PartyStatus);

/// <summary>
/// Who may chair and record a branch's meetings on a day, for the form's choices; <see cref="Committee"/> is the
/// 支部委员会 that day (书记、副书记、委员 by their posts), and <see cref="Expected"/> the 应到人员 a meeting of the asked types
/// lists by default (<see cref="MeetingRules.DefaultExpected"/>): the members of the committee for a 支委会, else every
/// member. The list stays the recorder's to change.
/// </summary>
public sealed record BranchOfficers(IReadOnlyList<BranchMember> Members, IReadOnlyList<PositionHolder> Secretaries,
    IReadOnlyList<PositionHolder> FirstSecretaries, IReadOnlyList<PositionHolder> Clerks, IReadOnlyList<PositionHolder> Committee,
    IReadOnlyList<Guid> Expected)
{
    public static readonly BranchOfficers None = new([], [], [], [], [], []);

    /// <summary>The default 应到人员 for a meeting of these types.</summary>
    public IReadOnlyList<Guid> ExpectedFor(IEnumerable<MeetingType> types) =>
        MeetingRules.DefaultExpected(types, Members.Select(m => m.PersonId), Committee.Select(c => c.PersonId));
}

/// <summary>One meeting in a calendar day.</summary>
public sealed record CalendarEntry(Guid Id, DateOnly HeldOn, string Topic, IReadOnlyList<MeetingType> Types);

/// <summary>
/// A month of the ledger by day: how many meetings each day had (complete), and the meetings themselves when the month
/// has at most <see cref="MeetingService.CalendarEntriesMax"/> (else none, and <see cref="Truncated"/>).
/// </summary>
public sealed record MeetingCalendar(Period Month, IReadOnlyDictionary<DateOnly, int> Counts, IReadOnlyList<CalendarEntry> Entries, bool Truncated);

public sealed record MeetingFilter(Guid? Under = null, Guid? OrgId = null, MeetingType? Type = null, string? Period = null);

/// <summary>会议记录 (党支部工作手册): recording, changing and reading meetings; the rules are on <see cref="Meeting"/>.</summary>
public sealed class MeetingService(ZerenDbContext db, OrganizationService orgs, TimeProvider clock, ActorAccessor actor, UploadStore uploads)
{
    private DateOnly Today => ChinaTime.Today(clock);

    private string Who => actor.Current.UserName;

    public async Task<Paged<MeetingRow>> ListAsync(MeetingFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var q = await FilterAsync(filter, ct);
        var paged = await q.OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.Id).Select(m => m.Id)
            .ToPagedByIdsAsync(page, ids => Rows(db.Set<Meeting>().AsNoTracking().Where(m => ids.Contains(m.Id))), r => r.Id,
                q.Select(m => m.Id), PagingExtensions.CountUpTo, ct);
        return paged with { Items = await WithChairNamesAsync(paged.Items, ct) };
    }

    /// <summary>
    /// Chairs' names in a query of their own: a chair may be a first secretary from outside the actor's scope, and
    /// <c>IgnoreQueryFilters</c> lifts the filters of a whole query, so it must not touch the meetings' query.
    /// </summary>
    private async Task<IReadOnlyList<MeetingRow>> WithChairNamesAsync(IReadOnlyList<MeetingRow> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.ChairPersonId).Distinct().ToList();
        var names = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        // Types in their enum order, not the database's order of their names.
        return rows.Select(r => r with { ChairName = names.GetValueOrDefault(r.ChairPersonId, ""), Types = r.Types.Order().ToList() }).ToList();
    }

    /// <summary>The most meetings a calendar month names; a month with more (a county's) shows counts per day only.</summary>
    public const int CalendarEntriesMax = 400;

    /// <summary>A month of the ledger by day, for the calendar view; counted in the database.</summary>
    public async Task<MeetingCalendar> CalendarAsync(MeetingFilter filter, Period month, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var q = await FilterAsync(filter with { Period = month.ToString() }, ct);
        var counts = await q.GroupBy(m => m.HeldOn).Select(g => new { Day = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Day, x => x.Count, ct);
        // Named only when the whole month fits: the first 400 of a county's month would name its first fortnight and
        // leave the rest bare, so a larger month shows every day alike, as counts.
        if (counts.Values.Sum() > CalendarEntriesMax)
        {
            return new MeetingCalendar(month, counts, [], Truncated: true);
        }
        var entries = await q.OrderBy(m => m.HeldOn).ThenBy(m => m.Id)
            .Select(m => new CalendarEntry(m.Id, m.HeldOn, m.Topic, m.Types.Select(t => t.Type).ToList()))
            .ToListAsync(ct);
        return new MeetingCalendar(month, counts, entries.Select(e => e with { Types = e.Types.Order().ToList() }).ToList(), Truncated: false);
    }

    /// <summary>The meetings a filter selects, unordered and untracked.</summary>
    public async Task<IQueryable<Meeting>> FilterAsync(MeetingFilter filter, CancellationToken ct = default)
    {
        // The scope is the model's filter: a semi-join from the scope's organizations (ADR 0043, which replaced the
        // conjunct of ADR 0040).
        var q = db.Set<Meeting>().AsNoTracking();
        if (filter.Under is { } under)
        {
            var subtree = db.Set<Organization>().InSubtree(db, await orgs.PathOfAsync(under, ct));
            q = q.Where(m => subtree.Any(o => o.Id == m.OrgId));
        }
        if (filter.OrgId is { } orgId)
        {
            q = q.Where(m => m.OrgId == orgId);
        }
        if (filter.Type is { } type)
        {
            q = q.Where(m => m.Types.Any(t => t.Type == type));
        }
        if (!string.IsNullOrWhiteSpace(filter.Period))
        {
            var p = Period.Parse(filter.Period);
            var (from, to) = (p.Start, p.EndExclusive);
            q = q.Where(m => m.HeldOn >= from && m.HeldOn < to);
        }
        return q;
    }

    private IQueryable<MeetingRow> Rows(IQueryable<Meeting> q) =>
        q.Select(m => new MeetingRow(
            m.Id, m.OrgId, db.Set<Organization>().Where(o => o.Id == m.OrgId).Select(o => o.Name).First(),
            m.StartsAt, m.EndsAt, m.HeldOn, m.Place, m.Topic,
            m.Types.Select(t => t.Type).ToList(),
            m.ChairPersonId,
            "",
            m.ExpectedCount, m.PresentCount, m.NotCountedReason, m.IsAmended));

    public async Task<MeetingDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var found = await Rows(db.Set<Meeting>().AsNoTracking().Where(m => m.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("会议记录", id);
        var row = (await WithChairNamesAsync([found], ct))[0];
        var meeting = await db.Set<Meeting>().AsNoTracking().Include(m => m.Types).Include(m => m.Attendees)
            .AsSplitQuery().SingleAsync(m => m.Id == id, ct);
        var personIds = meeting.Attendees.Select(a => a.PersonId)
            .Concat(new[] { meeting.RecorderPersonId, meeting.LecturerPersonId }.Where(x => x.HasValue).Select(x => x!.Value))
            .Distinct().ToList();
        var people = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.PartyStatus }).ToDictionaryAsync(p => p.Id, ct);
        var amendments = await db.Set<MeetingAmendment>().AsNoTracking().Where(a => a.MeetingId == id)
            .ToListAsync(ct);
        // Ordered here: SQLite cannot order by a DateTimeOffset.
        amendments = amendments.OrderBy(a => a.AmendedAt).ToList();
        var attachments = await AttachmentsAsync(id, ct);
        var now = clock.GetUtcNow();
        string? NameOf(Guid? pid) => pid is { } x && people.TryGetValue(x, out var p) ? p.Name : null;
        var attendees = meeting.Attendees
            .Select(a => new AttendeeView(a.PersonId, NameOf(a.PersonId) ?? "", people.TryGetValue(a.PersonId, out var p) ? p.PartyStatus : PartyStatus.None, a.Status, a.Reason))
            .OrderBy(a => a.Status).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
        return new MeetingDetail(
            row, meeting.Types.OrderBy(t => t.Type).Select(t => new TypeView(t.Type, t.Counts)).ToList(),
            NameOf(meeting.RecorderPersonId), meeting.RecorderPersonId, NameOf(meeting.LecturerPersonId), meeting.LecturerPersonId,
            meeting.Content, meeting.Resolutions, meeting.VotingMembers, meeting.VotingPresent, attendees,
            amendments.Select(a => new AmendmentView(a.Id, a.AmendedAt, a.AmendedBy, a.Original())).ToList(),
            meeting.CreatedAt, meeting.CreatedBy, meeting.UpdatedAt, meeting.UpdatedBy, meeting.ChangeIsAmendment(now),
            attachments, meeting.AttachmentsRemovable(now));
    }

    private async Task<IReadOnlyList<MeetingAttachmentView>> AttachmentsAsync(Guid meetingId, CancellationToken ct)
    {
        var list = await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.MeetingId == meetingId)
            .Join(db.Set<StoredFile>(), a => a.StoredFileId, f => f.Id,
                (a, f) => new MeetingAttachmentView(a.Id, a.Kind, f.Id, f.FileName, f.ContentType, f.Size, a.CreatedAt, a.CreatedBy))
            .ToListAsync(ct);
        // Ordered here: SQLite cannot order by a DateTimeOffset.
        return list.OrderBy(a => a.Kind).ThenBy(a => a.CreatedAt).ThenBy(a => a.Id).ToList();
    }

    /// <summary>
    /// Keeps an uploaded file with a meeting (会议照片, 签到表, 其他材料): an image or PDF of at most the upload limit, up to
    /// <see cref="MeetingAttachment.MaxPerMeeting"/> per meeting, stored as a file of the meeting's organization. Allowed
    /// at any time, also after the 7 days (a sign-in sheet scanned late); the audit log and the attachment record who
    /// and when. A refusal keeps nothing: no file on disk, no row.
    /// </summary>
    public async Task<MeetingAttachmentView> AttachAsync(Guid meetingId, Stream content, string? fileName, string? contentType, AttachmentKind kind,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var meeting = await db.Set<Meeting>().SingleOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("会议记录", meetingId);
        if (!Enum.IsDefined(kind))
        {
            throw MeetingAttachment.UnknownKind();
        }
        var count = await db.Set<MeetingAttachment>().CountAsync(a => a.MeetingId == meetingId, ct);
        MeetingAttachment.EnsureRoom(count);
        var now = clock.GetUtcNow();
        MeetingAttachment? attachment = null;
        var file = await uploads.SaveAsync(content, fileName, contentType, MeetingAttachment.AcceptedFiles, meeting.OrgId, f =>
        {
            attachment = MeetingAttachment.Of(meeting, count, f.Id, kind, now, Who);
            db.Add(attachment);
            return [attachment];
        }, ct);
        return new MeetingAttachmentView(attachment!.Id, attachment.Kind, file.Id, file.FileName, file.ContentType, file.Size, attachment.CreatedAt,
            attachment.CreatedBy);
    }

    /// <summary>
    /// Removes an attachment and its file, only while the meeting itself may be deleted (7 days after it ended);
    /// after that the record keeps it.
    /// </summary>
    public async Task RemoveAttachmentAsync(Guid meetingId, Guid attachmentId, CancellationToken ct = default)
    {
        var meeting = await db.Set<Meeting>().SingleOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("会议记录", meetingId);
        var attachment = await db.Set<MeetingAttachment>().SingleOrDefaultAsync(a => a.Id == attachmentId && a.MeetingId == meetingId, ct)
            ?? throw new NotFoundException("会议附件", attachmentId);
        var now = clock.GetUtcNow();
        meeting.EnsureAttachmentRemovable(now);
        var files = await db.Set<StoredFile>().Where(f => f.Id == attachment.StoredFileId).ToListAsync(ct);
        meeting.AttachmentsChanged(now, Who);
        db.Remove(attachment);
        db.RemoveRange(files);
        await db.SaveChangesAsync(ct);
        uploads.DeleteContent(files);
    }

    public async Task<MeetingDetail> CreateAsync(MeetingInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var facts = await FactsAsync(input, ct);
        var meeting = Meeting.Record(input, facts, clock.GetUtcNow(), Who);
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        return await GetAsync(meeting.Id, ct);
    }

    public async Task<MeetingDetail> UpdateAsync(Guid id, MeetingInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var meeting = await db.Set<Meeting>().Include(m => m.Types).Include(m => m.Attendees).AsSplitQuery()
            .SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("会议记录", id);
        var facts = await FactsAsync(input, ct);
        var amendment = meeting.Revise(input, facts, clock.GetUtcNow(), Who);
        if (amendment is not null)
        {
            db.Add(amendment);
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var meeting = await db.Set<Meeting>().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("会议记录", id);
        meeting.EnsureDeletable(clock.GetUtcNow());
        // Its attachments and their files go with it, each removal recorded.
        var attachments = await db.Set<MeetingAttachment>().Where(a => a.MeetingId == id).ToListAsync(ct);
        var fileIds = attachments.Select(a => a.StoredFileId).ToList();
        var files = await db.Set<StoredFile>().Where(f => fileIds.Contains(f.Id)).ToListAsync(ct);
        db.RemoveRange(attachments);
        db.RemoveRange(files);
        db.Remove(meeting);
        await db.SaveChangesAsync(ct);
        uploads.DeleteContent(files);
    }

    /// <summary>
    /// The branch's members, its officers and its committee on a day, and the default 应到人员 of a meeting of
    /// <paramref name="types"/> (every member when none are given): the form's defaults and choices.
    /// </summary>
    public async Task<BranchOfficers> OfficersAsync(Guid orgId, DateOnly? on = null, IReadOnlyCollection<MeetingType>? types = null, CancellationToken ct = default)
    {
        var day = on ?? Today;
        var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Id, o.Path })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("组织", orgId);
        var members = await db.Set<Person>().AsNoTracking().Where(p => p.OrgId == orgId && p.PartyStatus != PartyStatus.None)
            .OrderBy(p => p.Name).ThenBy(p => p.Id).Select(p => new BranchMember(p.Id, p.Name, p.PartyStatus)).ToListAsync(ct);
        var upper = VillageLevel(org.Path);
        var titles = new[] { PositionTitle.Secretary, PositionTitle.FirstSecretary, PositionTitle.Clerk }.Concat(MeetingRules.CommitteeTitles).Distinct().ToList();
        // Across scopes on purpose, bounded to this branch (checked in scope above) and its village: a branch clerk
        // must be able to pick the village's first secretary as chair. (IgnoreQueryFilters lifts every filter of a
        // query, so it is said once, here, where that is meant.)
        var holders = await db.Set<Position>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => (p.OrgId == orgId || upper.Contains(p.OrgId)) && titles.Contains(p.Title)
                && p.StartOn <= day && (p.EndOn == null || p.EndOn >= day))
            .Join(db.Set<Person>().IgnoreQueryFilters(), p => p.PersonId, pe => pe.Id,
                (p, pe) => new { p.Id, p.OrgId, p.PersonId, pe.Name, p.Title, p.StartOn })
            .ToListAsync(ct);
        List<PositionHolder> Of(PositionTitle t, bool ownOnly) => holders
            .Where(h => h.Title == t && (!ownOnly || h.OrgId == orgId))
            .Select(h => new PositionHolder(h.Id, h.PersonId, h.Name, h.Title, h.StartOn)).ToList();
        // The committee is the branch's own: its secretary, deputies and members (委员), in that order.
        var committee = holders.Where(h => h.OrgId == orgId && MeetingRules.CommitteeTitles.Contains(h.Title))
            .OrderBy(h => h.Title).ThenBy(h => h.Name, StringComparer.Ordinal)
            .Select(h => new PositionHolder(h.Id, h.PersonId, h.Name, h.Title, h.StartOn)).DistinctBy(h => h.PersonId).ToList();
        var officers = new BranchOfficers(members, Of(PositionTitle.Secretary, true), Of(PositionTitle.FirstSecretary, false), Of(PositionTitle.Clerk, false),
            committee, []);
        return officers with { Expected = officers.ExpectedFor(types ?? []) };
    }

    /// <summary>Every rule the input breaks, saving nothing: for a form that has errors of its own to show with them.</summary>
    public async Task<IReadOnlyList<ValidationError>> ProblemsAsync(MeetingInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return MeetingRules.Problems(input, await FactsAsync(input, ct));
    }

    /// <summary>The organization and its ancestors at village level or below (depth ≥ 2): where a first secretary or 包村 link of the branch sits.</summary>
    private static List<Guid> VillageLevel(string path) => OrgPath.Ancestry(path).Skip(2).ToList();

    /// <summary>What the rules need to know from the database about the meeting's branch on its date.</summary>
    internal async Task<MeetingFacts> FactsAsync(MeetingInput input, CancellationToken ct)
    {
        var today = Today;
        var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == input.OrgId)
            .Select(o => new { o.Id, o.Name, o.Kind, o.Path }).SingleOrDefaultAsync(ct);
        if (org is null)
        {
            return new MeetingFacts(today, null, new Dictionary<Guid, PartyStatus>(), new HashSet<Guid>(), new HashSet<Guid>(),
                new HashSet<Guid>(), new Dictionary<Guid, string>());
        }
        var day = Meeting.DateOf(input.StartsAt);
        var members = await db.Set<Person>().AsNoTracking().Where(p => p.OrgId == org.Id && p.PartyStatus != PartyStatus.None)
            .Select(p => new { p.Id, p.PartyStatus }).ToDictionaryAsync(p => p.Id, p => p.PartyStatus, ct);
        var village = VillageLevel(org.Path);
        // The rules hold whoever asks: posts and links at village level are read even where the actor's scope is
        // only the branch below (a branch clerk under a 村党委 whose first secretary sits on the 村党委).
        var posts = await db.Set<Position>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => ((p.OrgId == org.Id && p.Title == PositionTitle.Secretary) || (village.Contains(p.OrgId) && p.Title == PositionTitle.FirstSecretary))
                && p.StartOn <= day && (p.EndOn == null || p.EndOn >= day))
            .Select(p => new { p.PersonId, p.Title }).ToListAsync(ct);
        var linked = await db.Set<Link>().IgnoreQueryFilters().AsNoTracking()
            .Where(l => village.Contains(l.OrgId) && (l.Kind == LinkKind.VillageLeader || l.Kind == LinkKind.VillageCadre)
                && l.StartOn <= day && (l.EndOn == null || l.EndOn >= day))
            .Select(l => l.PersonId).ToListAsync(ct);
        var mentioned = (input.Attendees ?? []).Select(a => a.PersonId)
            .Append(input.ChairPersonId)
            .Concat(new[] { input.RecorderPersonId, input.LecturerPersonId }.Where(x => x.HasValue).Select(x => x!.Value))
            .Distinct().ToList();
        // Only people the actor may see are named, and those tied to the branch that day: a chair, recorder or lecturer
        // may come from outside the actor's scope (a first secretary sent from a county agency, the county leader linked
        // to the township), so anyone holding a post or a link at the branch or above it up to the township is known
        // too. Anyone else is unknown to the rules, which refuse them without a name, so a request cannot learn who an
        // id of another township belongs to.
        var names = await db.Set<Person>().AsNoTracking().Where(p => mentioned.Contains(p.Id))
            .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var unseen = mentioned.Where(id => !names.ContainsKey(id)).ToList();
        if (unseen.Count > 0)
        {
            var tiedOrgs = OrgPath.Ancestry(org.Path).Skip(1).ToList();
            var tied = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking()
                .Where(p => unseen.Contains(p.Id)
                    && (db.Set<Position>().Any(x => x.PersonId == p.Id && tiedOrgs.Contains(x.OrgId) && x.StartOn <= day && (x.EndOn == null || x.EndOn >= day))
                        || db.Set<Link>().Any(x => x.PersonId == p.Id && tiedOrgs.Contains(x.OrgId) && x.StartOn <= day && (x.EndOn == null || x.EndOn >= day))))
                .Select(p => new { p.Id, p.Name }).ToListAsync(ct);
            foreach (var p in tied)
            {
                names[p.Id] = p.Name;
            }
        }
        return new MeetingFacts(
            today,
            new MeetingFacts.OrgFacts(org.Id, org.Name, org.Kind),
            members,
            posts.Where(p => p.Title == PositionTitle.Secretary).Select(p => p.PersonId).ToHashSet(),
            posts.Where(p => p.Title == PositionTitle.FirstSecretary).Select(p => p.PersonId).ToHashSet(),
            linked.ToHashSet(),
            names);
    }
}
