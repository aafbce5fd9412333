using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;

namespace Zeren.Core.Decisions;

/// <summary>
/// What a matter owes, kept by the obligation engine (ADR 0020, ADR 0024): while a matter waits at a step, its village owes
/// that step (<see cref="Kind"/>, one obligation per run and step (<see cref="SourceOf"/>), owed to the township). It is opened when the matter
/// starts, restarts or moves on, closed when the step is recorded, and cancelled when a vote ends the run as rejected. The
/// due day is <see cref="MatterOptions.StepDueDays"/> after the matter began to wait; 一知晓 is due that many days after the
/// disclosure ends (it cannot be done before).
/// </summary>
public sealed class MatterObligations(ZerenDbContext db, ObligationService obligations, IOptions<MatterOptions> options)
{
    /// <summary>The obligation kind: the next step of a village matter.</summary>
    public const string Kind = "matter.step";

    /// <summary>The source type: a step of a run of a matter (recorded or still owed).</summary>
    public const string Source = "MatterStep";

    private int DueDays => Math.Max(1, options.Value.StepDueDays);

    /// <summary>
    /// The obligation's source: the step of a run of a matter. A step owed has no row yet, so it is named by an id derived
    /// from the matter, the run and the step (a name-based UUID, RFC 9562 version 5): the service and the daily job find
    /// the same obligation, and each step of each run is owed once. The obligation links to the matter's page.
    /// </summary>
    public static Guid SourceOf(Guid matterId, int run, MatterStep step)
    {
        Span<byte> name = stackalloc byte[24];
        matterId.TryWriteBytes(name[..16], bigEndian: true, out _);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(name[16..20], run);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(name[20..24], (int)step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 names the id (RFC 9562 version 5); it protects nothing.
        System.Security.Cryptography.SHA1.HashData(name, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The day the step is due: from when the matter waits for it (一知晓: from the day after the disclosure ends).</summary>
    public static DateOnly DueOn(MatterStep step, DateOnly waitingSince, DateOnly? disclosedUntil, int dueDays)
    {
        var from = step == MatterStep.Notice && disclosedUntil is { } until && until >= waitingSince ? until.AddDays(1) : waitingSince;
        return from.AddDays(dueDays);
    }

    public static ObligationDraft Draft(Guid matterId, string title, Guid villageId, Guid? townshipId, int run, MatterStep step,
        DateOnly waitingSince, DateOnly? disclosedUntil, int dueDays)
    {
        var text = run > 1 ? $"村级事务{MatterRules.Label(step)}（第{run}轮）：{title}" : $"村级事务{MatterRules.Label(step)}：{title}";
        return new ObligationDraft(Kind, text.Length > Obligation.TitleMax ? text[..(Obligation.TitleMax - 1)] + "…" : text, villageId,
            DueOn(step, waitingSince, disclosedUntil, dueDays), Source, SourceOf(matterId, run, step), IssuerOrgId: townshipId,
            Link: $"/matters/{matterId}#next-step");
    }

    /// <summary>The matter waits for its next step: the village owes it (nothing when the run has ended).</summary>
    public async Task WaitingAsync(Matter matter, DateOnly? disclosedUntil, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(matter);
        if (matter.State != MatterState.InProgress || matter.NextStep is not { } step)
        {
            return;
        }
        var township = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == matter.OrgId).Select(o => o.ParentId).SingleOrDefaultAsync(ct);
        await obligations.OpenAsync(Draft(matter.Id, matter.Title, matter.OrgId, township, matter.Run, step, matter.WaitingSince, disclosedUntil, DueDays), ct);
    }

    /// <summary>A step was recorded: its obligation is done (closed), or, when its vote ended the run, no longer owed (cancelled).</summary>
    public async Task RecordedAsync(Matter matter, MatterStepRecord step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(matter);
        ArgumentNullException.ThrowIfNull(step);
        var source = SourceOf(matter.Id, step.Run, step.Step);
        if (step.Outcome == StepOutcome.Rejected)
        {
            await obligations.CancelForSourceAsync(Kind, source, $"{MatterRules.Label(step.Step)}表决未通过，本轮结束", orgId: matter.OrgId, ct: ct);
        }
        else
        {
            await obligations.CloseForSourceAsync(Kind, source, orgId: matter.OrgId, ct: ct);
        }
    }
}

/// <summary>
/// The daily job's drafts for matters: every matter in progress owes its next step. The service opens these as the matter
/// moves; the job keeps them there for matters recorded before (and brings an open one's due day up to date when the
/// setting changes).
/// </summary>
public sealed class MatterObligationGenerator(ZerenDbContext db, IOptions<MatterOptions> options) : IObligationGenerator
{
    public async Task<IReadOnlyList<ObligationDraft>> DraftsAsync(ObligationDay day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(day);
        var orgs = db.Set<Organization>().AsNoTracking();
        var steps = db.Set<MatterStepRecord>().AsNoTracking();
        var waiting = await db.Set<Matter>().AsNoTracking()
            .Where(m => m.State == MatterState.InProgress && m.NextStep != null)
            .Select(m => new
            {
                m.Id, m.Title, m.OrgId, m.Run, Step = m.NextStep!.Value, m.WaitingSince,
                Township = orgs.Where(o => o.Id == m.OrgId).Select(o => o.ParentId).FirstOrDefault(),
                Until = steps.Where(s => s.MatterId == m.Id && s.Run == m.Run && s.Step == MatterStep.Disclosure).Select(s => s.Until).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var days = Math.Max(1, options.Value.StepDueDays);
        return waiting.Select(m => MatterObligations.Draft(m.Id, m.Title, m.OrgId, m.Township, m.Run, m.Step, m.WaitingSince, m.Until, days)).ToList();
    }
}
