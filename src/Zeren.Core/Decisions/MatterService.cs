using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Decisions;

/// <summary>村级事务 settings, bound from <c>Zeren:Matters</c>.</summary>
public sealed class MatterOptions
{
    public const string Section = "Zeren:Matters";

    /// <summary>The fewest days a disclosure (一公开) is posted, both ends included.</summary>
    public const int DefaultMinDisclosureDays = 7;

    public const int DefaultStepDueDays = 15;

    public int MinDisclosureDays { get; set; } = DefaultMinDisclosureDays;

    /// <summary>The days a village has to record the step a matter waits for (its obligation's due day, ADR 0024).</summary>
    public int StepDueDays { get; set; } = DefaultStepDueDays;
}

public sealed record MatterRow(
    Guid Id, Guid OrgId, string OrgName, string Title, MatterCategory Category, long? AmountFen, string Proposer, int Run, MatterState State,
    MatterStep? NextStep, DateOnly StartedOn, DateOnly WaitingSince, DateOnly? EndedOn, Guid? GuidedByPersonId, string? GuidedByName)
{
    public decimal? Amount => AmountFen is { } f ? f / 100m : null;
}

public sealed record MatterAmendmentView(Guid Id, Guid StepId, string Correction, string Reason, DateTimeOffset AmendedAt, string AmendedBy);

/// <summary>
/// One recorded step. For a meeting in the ledger, <see cref="MeetingId"/> links it and <see cref="VotingMembers"/> and
/// <see cref="VotingPresent"/> are the ledger's counts.
/// </summary>
public sealed record StepView(
    Guid Id, int Run, MatterStep Step, DateOnly On, StepOutcome Outcome, string? OutcomeNote, Guid? ChairPersonId, string? ChairName,
    Guid? RecorderPersonId, string? RecorderName, Guid? MeetingId, string? Place, string? Summary, bool? SecretaryAbsent, int? VotingMembers,
    int? VotingPresent, int? VotesFor, int? VotesAgainst, int? Abstentions, AssemblyForm? Form, int? Members, int? Households, int? Present,
    int? PresentHouseholds, DateOnly? Until, Guid? PhotoFileId, DateTimeOffset RecordedAt, string RecordedBy,
    IReadOnlyList<MatterAmendmentView> Amendments);

/// <summary>A matter with every step of every run, oldest first, and how many days it has waited for its next step.</summary>
public sealed record MatterDetail(MatterRow Matter, int? WaitingDays, bool InLedger, IReadOnlyList<StepView> Steps, DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>Someone who may chair or record a step, and why (the post or link they hold that day).</summary>
public sealed record StepPerson(Guid PersonId, string Name, string Role);

/// <summary>
/// What the form of the next step offers on a day: who may chair and record it (with the rules' texts), and for a meeting
/// kept in the ledger the branch's members with those expected ticked.
/// </summary>
public sealed record StepChoices(
    MatterStep Step, DateOnly On, bool InLedger, IReadOnlyList<StepPerson> Chairs, string? ChairRule, IReadOnlyList<StepPerson> Recorders,
    IReadOnlyList<BranchMember> Members, IReadOnlyList<Guid> Expected, int MinDisclosureDays, DateOnly? DisclosedUntil);

/// <summary>A county leader and the matters they have guided: completed runs in the year, and runs under way.</summary>
public sealed record GuidedRuns(Guid PersonId, string Name, int Completed, int InProgress, DateOnly? LastCompletedOn);

public sealed record MatterFilter(Guid? Under = null, Guid? OrgId = null, MatterState? State = null, MatterStep? Step = null, Guid? GuidedBy = null);

/// <summary>
/// 村级事务 and their steps (三议一会一公开一知晓): starting, recording each step in order under <see cref="MatterRules"/>,
/// amendments, restarting a rejected matter, and reading them. A 提议 or 审议 of a village whose organization is a 党支部 is
/// recorded in the meeting ledger as a 支委会 or 党员大会 by the ledger's own rules (<see cref="Meeting.Record"/>), in the same
/// save as the step: all or nothing.
/// </summary>
public sealed class MatterService(
    ZerenDbContext db, MeetingService meetings, MatterObligations obligations, UploadStore uploads, TimeProvider clock, ActorAccessor actor,
    IOptions<MatterOptions> options)
{
    private DateOnly Today => ChinaTime.Today(clock);

    private string Who => actor.Current.UserName;

    private int MinDisclosureDays => Math.Max(1, options.Value.MinDisclosureDays);

    // ---- reading ----

    public async Task<Paged<MatterRow>> ListAsync(MatterFilter filter, PageRequest page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var q = await FilterAsync(filter, ct);
        // Those still waiting first, the longest waiting at the top; ended ones after.
        var paged = await Rows(q.OrderBy(m => m.EndedOn != null).ThenBy(m => m.WaitingSince).ThenBy(m => m.Id)).ToPagedAsync(page, ct);
        return paged with { Items = await WithLeaderNamesAsync(paged.Items, ct) };
    }

    public async Task<IQueryable<Matter>> FilterAsync(MatterFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var q = db.Set<Matter>().AsNoTracking();
        if (filter.Under is { } under)
        {
            var path = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == under).Select(o => o.Path).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("组织", under);
            var subtree = db.Set<Organization>().InSubtree(db, path);
            q = q.Where(m => subtree.Any(o => o.Id == m.OrgId));
        }
        if (filter.OrgId is { } orgId)
        {
            q = q.Where(m => m.OrgId == orgId);
        }
        if (filter.State is { } state)
        {
            q = q.Where(m => m.State == state);
        }
        if (filter.Step is { } step)
        {
            q = q.Where(m => m.NextStep == step);
        }
        if (filter.GuidedBy is { } leader)
        {
            q = q.Where(m => m.GuidedByPersonId == leader);
        }
        return q;
    }

    private IQueryable<MatterRow> Rows(IQueryable<Matter> q) =>
        q.Select(m => new MatterRow(
            m.Id, m.OrgId, db.Set<Organization>().Where(o => o.Id == m.OrgId).Select(o => o.Name).First(), m.Title, m.Category, m.AmountFen,
            m.Proposer, m.Run, m.State, m.NextStep, m.StartedOn, m.WaitingSince, m.EndedOn, m.GuidedByPersonId, null));

    /// <summary>Leaders' names in a query of their own: a county leader lies outside a township's scope.</summary>
    private async Task<IReadOnlyList<MatterRow>> WithLeaderNamesAsync(IReadOnlyList<MatterRow> rows, CancellationToken ct)
    {
        var names = await NamesAsync(rows.Where(r => r.GuidedByPersonId.HasValue).Select(r => r.GuidedByPersonId!.Value), ct);
        return rows.Select(r => r with { GuidedByName = r.GuidedByPersonId is { } g ? names.GetValueOrDefault(g) : null }).ToList();
    }

    /// <summary>Names of people a record names, across scopes (a record shows who chaired it, whoever reads it).</summary>
    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return list.Count == 0 ? [] : await db.Set<Person>().IgnoreQueryFilters().AsNoTracking().Where(p => list.Contains(p.Id))
            .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }

    public async Task<MatterDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var row = await Rows(db.Set<Matter>().AsNoTracking().Where(m => m.Id == id)).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("村级事务", id);
        row = (await WithLeaderNamesAsync([row], ct))[0];
        var steps = await StepsAsync(id, ct);
        var kind = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == row.OrgId).Select(o => o.Kind).SingleAsync(ct);
        var stamp = await db.Set<Matter>().AsNoTracking().Where(m => m.Id == id).Select(m => new { m.CreatedAt, m.CreatedBy }).SingleAsync(ct);
        int? waiting = row.State == MatterState.InProgress ? Today.DayNumber - row.WaitingSince.DayNumber : null;
        return new MatterDetail(row, waiting, kind == OrgKind.Branch, steps, stamp.CreatedAt, stamp.CreatedBy);
    }

    /// <summary>Every step of every run, in order, each with its amendments.</summary>
    public async Task<IReadOnlyList<StepView>> StepsAsync(Guid matterId, CancellationToken ct = default)
    {
        if (!await db.Set<Matter>().AsNoTracking().AnyAsync(m => m.Id == matterId, ct))
        {
            throw new NotFoundException("村级事务", matterId);
        }
        var steps = await db.Set<MatterStepRecord>().AsNoTracking().Where(s => s.MatterId == matterId).ToListAsync(ct);
        var amendments = (await db.Set<MatterAmendment>().AsNoTracking().Where(a => a.MatterId == matterId).ToListAsync(ct))
            .OrderBy(a => a.AmendedAt).ThenBy(a => a.Id).ToLookup(a => a.StepId);
        var meetingIds = steps.Where(s => s.MeetingId.HasValue).Select(s => s.MeetingId!.Value).ToList();
        var counts = await db.Set<Meeting>().AsNoTracking().Where(m => meetingIds.Contains(m.Id))
            .Select(m => new { m.Id, m.VotingMembers, m.VotingPresent }).ToDictionaryAsync(m => m.Id, ct);
        var names = await NamesAsync(steps.SelectMany(s => new[] { s.ChairPersonId, s.RecorderPersonId }).Where(x => x.HasValue).Select(x => x!.Value), ct);
        string? NameOf(Guid? id) => id is { } x ? names.GetValueOrDefault(x) : null;
        return steps.OrderBy(s => s.Run).ThenBy(s => s.Step).Select(s =>
        {
            var ledger = s.MeetingId is { } mid && s.Step == MatterStep.Review && counts.TryGetValue(mid, out var c) ? c : null;
            return new StepView(s.Id, s.Run, s.Step, s.On, s.Outcome, s.OutcomeNote, s.ChairPersonId, NameOf(s.ChairPersonId), s.RecorderPersonId,
                NameOf(s.RecorderPersonId), s.MeetingId, s.Place, s.Summary, s.SecretaryAbsent, ledger?.VotingMembers ?? s.VotingMembers,
                ledger?.VotingPresent ?? s.VotingPresent, s.VotesFor, s.VotesAgainst, s.Abstentions, s.Form, s.Members, s.Households, s.Present,
                s.PresentHouseholds, s.Until, s.PhotoFileId, s.RecordedAt, s.RecordedBy,
                amendments[s.Id].Select(a => new MatterAmendmentView(a.Id, a.StepId, a.Correction, a.Reason, a.AmendedAt, a.AmendedBy)).ToList());
        }).ToList();
    }

    /// <summary>
    /// The county's view: every county leader (县级领导 in post today) with the matters they guided — completed runs that ended
    /// in <paramref name="year"/> and runs under way. Seed 004 asks each to have guided a full run by December.
    /// </summary>
    public async Task<IReadOnlyList<GuidedRuns>> GuidedRunsAsync(int year, CancellationToken ct = default)
    {
        Period.CheckYear(year);
        var today = Today;
        var leaders = await db.Set<Position>().AsNoTracking()
            .Where(p => p.Title == PositionTitle.CountyLeader && p.StartOn <= today && (p.EndOn == null || p.EndOn >= today))
            .Join(db.Set<Person>(), p => p.PersonId, pe => pe.Id, (p, pe) => new { pe.Id, pe.Name })
            .Distinct().ToListAsync(ct);
        var ids = leaders.Select(l => l.Id).ToList();
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var completed = await db.Set<Matter>().AsNoTracking()
            .Where(m => m.GuidedByPersonId != null && ids.Contains(m.GuidedByPersonId.Value) && m.State == MatterState.Completed
                && m.EndedOn >= from && m.EndedOn <= to)
            .GroupBy(m => m.GuidedByPersonId!.Value)
            .Select(g => new { Id = g.Key, Count = g.Count(), Last = g.Max(m => m.EndedOn) })
            .ToDictionaryAsync(x => x.Id, ct);
        var running = await db.Set<Matter>().AsNoTracking()
            .Where(m => m.GuidedByPersonId != null && ids.Contains(m.GuidedByPersonId.Value) && m.State == MatterState.InProgress)
            .GroupBy(m => m.GuidedByPersonId!.Value)
            .Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        return leaders
            .Select(l => new GuidedRuns(l.Id, l.Name, completed.TryGetValue(l.Id, out var c) ? c.Count : 0, running.GetValueOrDefault(l.Id),
                completed.TryGetValue(l.Id, out var c2) ? c2.Last : null))
            .OrderBy(g => g.Completed > 0).ThenBy(g => g.Name, StringComparer.Ordinal).ThenBy(g => g.PersonId).ToList();
    }

    /// <summary>
    /// County leaders in post on a day, for the guided-by choice: those the actor may see, and those linked to a township or
    /// key village in the actor's scope (a township's own county leader, who sits at the county).
    /// </summary>
    public async Task<IReadOnlyList<StepPerson>> CountyLeadersAsync(DateOnly? on = null, CancellationToken ct = default)
    {
        var day = on ?? Today;
        var visible = await db.Set<Position>().AsNoTracking()
            .Where(p => p.Title == PositionTitle.CountyLeader && p.StartOn <= day && (p.EndOn == null || p.EndOn >= day))
            .Select(p => p.PersonId).ToListAsync(ct);
        var linked = await db.Set<Link>().AsNoTracking()
            .Where(l => (l.Kind == LinkKind.CountyLeaderTownship || l.Kind == LinkKind.KeyVillage) && l.StartOn <= day && (l.EndOn == null || l.EndOn >= day))
            .Select(l => l.PersonId).ToListAsync(ct);
        var ids = visible.Concat(linked).Distinct().ToList();
        // Names across scopes, in a query of their own, for the leaders found above only; still in post that day.
        var list = await db.Set<Position>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => ids.Contains(p.PersonId) && p.Title == PositionTitle.CountyLeader && p.StartOn <= day && (p.EndOn == null || p.EndOn >= day))
            .Join(db.Set<Person>().IgnoreQueryFilters(), p => p.PersonId, pe => pe.Id, (p, pe) => new { pe.Id, pe.Name })
            .Distinct().ToListAsync(ct);
        return list.OrderBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Id).Select(l => new StepPerson(l.Id, l.Name, "县级领导")).ToList();
    }

    /// <summary>The villages in the actor's scope, for the start form (a county's few hundred).</summary>
    public async Task<IReadOnlyList<OrgCrumb>> VillagesAsync(CancellationToken ct = default) =>
        await db.Set<Organization>().AsNoTracking().Villages().OrderBy(o => o.Path).ThenBy(o => o.Id)
            .Select(o => new OrgCrumb(o.Id, o.Name)).ToListAsync(ct);

    // ---- writing ----

    public async Task<MatterDetail> StartAsync(MatterInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var today = Today;
        var problems = new Problems();
        var village = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == input.OrgId)
            .Select(o => new { o.Id, o.Name, o.Domain, o.Depth }).SingleOrDefaultAsync(ct);
        if (village is null)
        {
            problems.Add("matter_org_unknown", "未找到事项所属的村。", "orgId");
        }
        else if (!(village.Domain == OrgDomain.Rural && village.Depth == 2))
        {
            problems.Add("matter_org_not_village", $"“{village.Name}”不是村：村级事务在村（村党组织）登记。", "orgId");
        }
        await CheckLeaderAsync(input.GuidedByPersonId, input.StartedOn ?? today, problems, ct);
        var matter = problems.Check(() => Matter.Start(input.OrgId, input, today, clock.GetUtcNow(), Who));
        problems.ThrowIfAny();
        await InTransactionAsync(async () =>
        {
            db.Add(matter!);
            await db.SaveChangesAsync(ct);
            // The village owes 提议 from now, in the same transaction.
            await obligations.WaitingAsync(matter!, null, ct);
        }, ct);
        return await GetAsync(matter!.Id, ct);
    }

    private async Task CheckLeaderAsync(Guid? leader, DateOnly on, Problems problems, CancellationToken ct)
    {
        if (leader is not { } id)
        {
            return;
        }
        var isLeader = await db.Set<Position>().IgnoreQueryFilters().AsNoTracking()
            .AnyAsync(p => p.PersonId == id && p.Title == PositionTitle.CountyLeader && p.StartOn <= on && (p.EndOn == null || p.EndOn >= on), ct);
        if (!isLeader)
        {
            problems.Add("matter_guide_not_leader", "指导人应为当时在任的县级领导。", "guidedByPersonId");
        }
    }

    /// <summary>重新发起 a rejected matter: a new run from 提议.</summary>
    public async Task<MatterDetail> RestartAsync(Guid id, RestartInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var matter = await db.Set<Matter>().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("村级事务", id);
        var today = Today;
        var problems = new Problems();
        await CheckLeaderAsync(input.GuidedByPersonId, input.StartedOn, problems, ct);
        problems.Check(() => matter.Restart(input.StartedOn, input.GuidedByPersonId, today, clock.GetUtcNow(), Who));
        problems.ThrowIfAny();
        await InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await obligations.WaitingAsync(matter, null, ct);
        }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>A correction of a recorded step, with reason and author; the step stays as recorded.</summary>
    public async Task<MatterDetail> AmendAsync(Guid id, Guid stepId, AmendmentInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var matter = await db.Set<Matter>().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("村级事务", id);
        var step = await db.Set<MatterStepRecord>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == stepId && s.MatterId == id, ct)
            ?? throw new NotFoundException("事项步骤", stepId);
        var now = clock.GetUtcNow();
        var amendment = MatterAmendment.Of(step, input, now, Who);
        matter.Touch(now, Who);
        db.Add(amendment);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Records the matter's next step. Every rule is checked first (the step's and, for a meeting kept in the ledger, the
    /// ledger's), every refusal at once; then the meeting, the step and the matter's move are one save.
    /// </summary>
    public async Task<MatterDetail> CompleteStepAsync(Guid id, StepInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var matter = await db.Set<Matter>().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("村级事务", id);
        var (facts, meetingInput, meetingFacts, errors) = await CheckAsync(matter, input, ct);
        ValidationFailedException.ThrowIfAny(errors);
        var now = clock.GetUtcNow();
        Meeting? meeting = null;
        if (meetingInput is not null)
        {
            meeting = Meeting.Record(meetingInput, meetingFacts!, now, Who);
            db.Add(meeting);
        }
        var step = matter.Complete(input, facts, meeting?.Id, now, Who);
        db.Add(step);
        // The meeting, the step, the matter's move and its obligations (this step's closed or cancelled, the next one's
        // opened) are one transaction: all or nothing.
        var until = input.Step == MatterStep.Disclosure ? input.Until : facts.DisclosedUntil;
        await InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await obligations.RecordedAsync(matter, step, ct);
            await obligations.WaitingAsync(matter, until, ct);
        }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The disclosure's photo: a JPEG or PNG.</summary>
    public static readonly IReadOnlyCollection<FileKind> PhotoFiles = [FileKind.Jpeg, FileKind.Png];

    /// <summary>
    /// Records the next step with the disclosure's photo uploaded on the page: the step is checked first (a refused step
    /// keeps no upload), then the photo is kept for the village (<see cref="UploadStore"/>, which checks what the bytes
    /// are) and the step recorded with it. Without a photo, as <see cref="CompleteStepAsync"/>.
    /// </summary>
    public async Task<MatterDetail> CompleteStepWithPhotoAsync(Guid id, StepInput input, Stream? photo, string? fileName, string? contentType,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (photo is null || input.Step != MatterStep.Disclosure)
        {
            return await CompleteStepAsync(id, input, ct);
        }
        ValidationFailedException.ThrowIfAny(await ProblemsAsync(id, input, ct));
        var orgId = await db.Set<Matter>().AsNoTracking().Where(m => m.Id == id).Select(m => m.OrgId).SingleAsync(ct);
        StoredFileInfo file;
        try
        {
            file = await uploads.SaveAsync(photo, fileName, contentType, PhotoFiles, orgId, ct);
        }
        catch (DomainException e)
        {
            // The upload's refusal, said of the form's photo field.
            throw new ValidationFailedException([new ValidationError("photoFileId", e.Message, Code: e.Code)]);
        }
        return await CompleteStepAsync(id, input with { PhotoFileId = file.Id }, ct);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction; on failure nothing stays tracked, so nothing half-done is saved later.</summary>
    private async Task InTransactionAsync(Func<Task> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await work();
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
    }

    /// <summary>Every rule the step breaks, saving nothing.</summary>
    public async Task<IReadOnlyList<ValidationError>> ProblemsAsync(Guid id, StepInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var matter = await db.Set<Matter>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("村级事务", id);
        return (await CheckAsync(matter, input, ct)).Errors;
    }

    private async Task<(StepFacts Facts, MeetingInput? Meeting, MeetingFacts? MeetingFacts, List<ValidationError> Errors)> CheckAsync(
        Matter matter, StepInput input, CancellationToken ct)
    {
        var village = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == matter.OrgId)
            .Select(o => new { o.Id, o.Name, o.Kind }).SingleAsync(ct);
        var facts = await FactsAsync(matter, input, ct);
        var errors = new List<ValidationError>();
        MeetingInput? meetingInput = null;
        MeetingFacts? meetingFacts = null;
        var ledger = MatterRules.LedgerType(input.Step) is { } type && village.Kind == OrgKind.Branch && input.Step == matter.NextStep
            && matter.State == MatterState.InProgress;
        if (ledger)
        {
            facts = facts with { InLedger = true };
            var startTime = MatterRules.TimeOf(input.StartTime);
            var endTime = MatterRules.TimeOf(input.EndTime);
            if (startTime is null)
            {
                errors.Add(new ValidationError("startTime", string.IsNullOrWhiteSpace(input.StartTime)
                    ? "请填写会议开始时间：此会议记入党支部工作手册。" : "会议开始时间应为 HH:mm，如 09:00。", Code: "matter_start_time_required"));
            }
            if (endTime is null)
            {
                errors.Add(new ValidationError("endTime", string.IsNullOrWhiteSpace(input.EndTime)
                    ? "请填写会议结束时间。" : "会议结束时间应为 HH:mm，如 10:30。", Code: "matter_end_time_required"));
            }
            if (startTime is { } start && endTime is { } end)
            {
                var startsAt = ChinaInstant(input.On, start);
                meetingInput = new MeetingInput(village.Id, startsAt, ChinaInstant(input.On, end), input.Place ?? "", [MatterRules.LedgerType(input.Step)!.Value],
                    $"村级事务{MatterRules.Label(input.Step)}：{matter.Title}", input.ChairPersonId ?? Guid.Empty, input.RecorderPersonId,
                    input.Attendees ?? [], Content: input.Summary);
                meetingFacts = await meetings.FactsAsync(meetingInput, ct);
                if (input.Step == MatterStep.Review)
                {
                    var q = MeetingRules.QuorumOf(meetingInput.Attendees, meetingFacts.Members);
                    facts = facts with { LedgerQuorum = (q.Voting, q.Present) };
                }
            }
        }
        errors.AddRange(MatterRules.Problems(input, facts));
        if (meetingInput is not null)
        {
            // The ledger's own rules; what the step's rules already said about a field is not said twice.
            var said = errors.Select(e => e.Field).ToHashSet();
            foreach (var e in MeetingRules.Problems(meetingInput, meetingFacts!))
            {
                var field = e.Field switch
                {
                    "startsAt" => "on",
                    "endsAt" => "endTime",
                    "content" or "topic" => "summary",
                    "orgId" => "step",
                    _ => e.Field,
                };
                if (said.Add(field))
                {
                    errors.Add(e with { Field = field });
                }
            }
        }
        if (input.Step == MatterStep.Disclosure && input.PhotoFileId is { } photo)
        {
            var file = await db.Set<StoredFile>().AsNoTracking().Where(f => f.Id == photo).Select(f => new { f.OrgId, f.ContentType }).SingleOrDefaultAsync(ct);
            if (file is null || file.OrgId != village.Id || !file.ContentType.StartsWith("image/", StringComparison.Ordinal))
            {
                errors.Add(new ValidationError("photoFileId", "公开照片应为本村上传的图片（jpg、png）。", Code: "matter_photo_invalid"));
            }
        }
        return (facts, errors.Count == 0 ? meetingInput : null, meetingFacts, errors);
    }

    private static DateTimeOffset ChinaInstant(DateOnly day, TimeOnly time) =>
        new DateTimeOffset(day.ToDateTime(time), ChinaTime.Zone.GetUtcOffset(day.ToDateTime(time))).ToUniversalTime();

    /// <summary>What the rules need to know about the matter's village on the step's date.</summary>
    private async Task<StepFacts> FactsAsync(Matter matter, StepInput input, CancellationToken ct)
    {
        var day = input.On;
        var steps = await db.Set<MatterStepRecord>().AsNoTracking().Where(s => s.MatterId == matter.Id && s.Run == matter.Run)
            .Select(s => new { s.Step, s.On, s.Until }).ToListAsync(ct);
        var last = steps.OrderByDescending(s => s.Step).FirstOrDefault();
        var holders = await HoldersAsync(matter.OrgId, day, ct);
        var mentioned = new[] { input.ChairPersonId, input.RecorderPersonId }.Where(x => x.HasValue).Select(x => x!.Value)
            .Concat((input.Attendees ?? []).Select(a => a.PersonId)).Distinct().ToList();
        // Names: those the actor may see, and anyone holding a post or link at the village that day (a first secretary
        // or a 包村干部 from outside a branch account's scope). Anyone else is unknown to the rules, unnamed.
        var names = await db.Set<Person>().AsNoTracking().Where(p => mentioned.Contains(p.Id))
            .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        foreach (var h in holders)
        {
            names.TryAdd(h.PersonId, h.Name);
        }
        IReadOnlySet<Guid> Of(string role) => holders.Where(h => h.Role == role).Select(h => h.PersonId).ToHashSet();
        return new StepFacts(
            Today, matter.State, matter.NextStep ?? MatterStep.Notice,
            last is null ? null : new StepFacts.PreviousStep(last.Step, last.On),
            steps.FirstOrDefault(s => s.Step == MatterStep.Disclosure)?.Until,
            Of(Roles.Secretary), Of(Roles.FirstSecretary), Of(Roles.Clerk), Of(Roles.Director), Of(Roles.VillageLeader), Of(Roles.VillageCadre),
            names, MinDisclosureDays);
    }

    /// <summary>The role names the holders are given (also shown on the form).</summary>
    private static class Roles
    {
        public const string Secretary = "村党组织书记";
        public const string FirstSecretary = "第一书记";
        public const string Clerk = "文书";
        public const string Director = "村委会主任";
        public const string VillageLeader = "包村领导";
        public const string VillageCadre = "包村干部";
    }

    /// <summary>
    /// Who holds the village's posts and 包村 links on a day. Across scopes on purpose, bounded to this village (which the
    /// caller has found in scope): a branch clerk must see the first secretary sent from a county agency, or the township's
    /// 包村干部.
    /// </summary>
    private async Task<List<StepPerson>> HoldersAsync(Guid villageId, DateOnly day, CancellationToken ct)
    {
        var titles = new[] { PositionTitle.Secretary, PositionTitle.FirstSecretary, PositionTitle.Clerk, PositionTitle.VillageCommitteeDirector };
        var posts = await db.Set<Position>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.OrgId == villageId && titles.Contains(p.Title) && p.StartOn <= day && (p.EndOn == null || p.EndOn >= day))
            .Join(db.Set<Person>().IgnoreQueryFilters(), p => p.PersonId, pe => pe.Id, (p, pe) => new { pe.Id, pe.Name, p.Title })
            .ToListAsync(ct);
        var links = await db.Set<Link>().IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.OrgId == villageId && (l.Kind == LinkKind.VillageLeader || l.Kind == LinkKind.VillageCadre)
                && l.StartOn <= day && (l.EndOn == null || l.EndOn >= day))
            .Join(db.Set<Person>().IgnoreQueryFilters(), l => l.PersonId, pe => pe.Id, (l, pe) => new { pe.Id, pe.Name, l.Kind })
            .ToListAsync(ct);
        return posts.Select(p => new StepPerson(p.Id, p.Name, p.Title switch
            {
                PositionTitle.Secretary => Roles.Secretary,
                PositionTitle.FirstSecretary => Roles.FirstSecretary,
                PositionTitle.Clerk => Roles.Clerk,
                _ => Roles.Director,
            }))
            .Concat(links.Select(l => new StepPerson(l.Id, l.Name, l.Kind == LinkKind.VillageLeader ? Roles.VillageLeader : Roles.VillageCadre)))
            .OrderBy(h => h.Name, StringComparer.Ordinal).ThenBy(h => h.PersonId).ToList();
    }

    /// <summary>What the form of the matter's next step offers on <paramref name="on"/> (today by default).</summary>
    public async Task<StepChoices?> ChoicesAsync(Guid id, DateOnly? on = null, CancellationToken ct = default)
    {
        var matter = await db.Set<Matter>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("村级事务", id);
        if (matter.NextStep is not { } step)
        {
            return null;
        }
        var day = on ?? Today;
        var kind = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == matter.OrgId).Select(o => o.Kind).SingleAsync(ct);
        var holders = await HoldersAsync(matter.OrgId, day, ct);
        string[] chairRoles = step switch
        {
            MatterStep.Proposal or MatterStep.Review => [Roles.Secretary, Roles.FirstSecretary],
            MatterStep.Deliberation => [Roles.VillageLeader, Roles.VillageCadre, Roles.Secretary, Roles.Director],
            MatterStep.Assembly => [Roles.Secretary],
            _ => [],
        };
        var chairRule = step switch
        {
            MatterStep.Proposal or MatterStep.Review => MatterRules.ProposalChairRule,
            MatterStep.Deliberation => MatterRules.DeliberationChairRule,
            MatterStep.Assembly => MatterRules.AssemblyChairRule,
            _ => null,
        };
        var meeting = MatterRules.IsMeeting(step);
        var chairs = holders.Where(h => chairRoles.Contains(h.Role)).OrderBy(h => Array.IndexOf(chairRoles, h.Role)).ToList();
        var recorders = meeting ? holders.Where(h => h.Role is Roles.Clerk or Roles.VillageCadre).OrderBy(h => h.Role != Roles.Clerk).ToList() : [];
        var ledger = MatterRules.LedgerType(step) is { } type && kind == OrgKind.Branch;
        var officers = ledger ? await meetings.OfficersAsync(matter.OrgId, day, [MatterRules.LedgerType(step)!.Value], ct) : BranchOfficers.None;
        var until = step == MatterStep.Notice
            ? await db.Set<MatterStepRecord>().AsNoTracking().Where(s => s.MatterId == id && s.Run == matter.Run && s.Step == MatterStep.Disclosure)
                .Select(s => s.Until).SingleOrDefaultAsync(ct)
            : null;
        return new StepChoices(step, day, ledger, chairs, chairRule, recorders, officers.Members, officers.Expected, MinDisclosureDays, until);
    }
}
