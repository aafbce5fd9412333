using Zeren.Core.Platform;

namespace Zeren.Core.Obligations;

/// <summary>
/// What a capability asks to be owed. (<see cref="Kind"/>, <see cref="SourceId"/>, <see cref="Period"/>, <see cref="OrgId"/>)
/// is the key: opening the same draft again finds the obligation already there.
/// </summary>
/// <param name="Kind">The capability's key for the kind: <c>project.reconciliation</c>, <c>order.response</c>.</param>
/// <param name="Title">The obligation in Chinese, as lists and reminders show it.</param>
/// <param name="OrgId">The organization that owes it.</param>
/// <param name="DueOn">Due by the end of this China day.</param>
/// <param name="SourceType">The kind of record it comes from (<c>Project</c>), for the link back.</param>
/// <param name="SourceId">The record it comes from.</param>
/// <param name="Period">The period it is owed for (<c>2026-11</c>, <c>2026-Q4</c>, <c>2026-H2</c>, <c>2026</c>), or null when owed once.</param>
/// <param name="PersonId">The person of the organization who owes it, when one is named.</param>
/// <param name="IssuerOrgId">Who it is owed to: told when it is overdue.</param>
/// <param name="Link">The page where it is done (relative address).</param>
/// <param name="HandledAtSource">
/// True (the default) when the capability's own action does it and submits it (<see cref="ObligationService.SubmitForSourceAsync"/>);
/// false when the owner submits it on the obligations page with evidence.
/// </param>
public sealed record ObligationDraft(
    string Kind,
    string Title,
    Guid OrgId,
    DateOnly DueOn,
    string SourceType,
    Guid SourceId,
    string? Period = null,
    Guid? PersonId = null,
    Guid? IssuerOrgId = null,
    string? Link = null,
    bool HandledAtSource = true);

/// <summary>What the owner hands in: a text and files uploaded before (<c>/api/v1/files</c>).</summary>
public sealed record ObligationEvidence([MultiLineText] string? Text, IReadOnlyList<Guid>? FileIds = null)
{
    public static readonly ObligationEvidence None = new(null, null);
}

/// <summary>
/// A capability that lists obligations for the daily job (found like every registered <see cref="IObligationGenerator"/>):
/// given the day, the drafts to open. Usually those of a calendar entry with <see cref="ScheduleTargets.Generator"/>:
/// <c>foreach (var p in day.For("project.reconciliation"))</c> one draft per open project, due <c>p.DueOn</c>, for
/// <c>p.Period.Key</c>. Drafts already open are found, not doubled; a draft of an open obligation brings it up to date.
/// The job runs as the app itself, over the whole deployment.
/// </summary>
public interface IObligationGenerator
{
    Task<IReadOnlyList<ObligationDraft>> DraftsAsync(ObligationDay day, CancellationToken ct);
}

/// <summary>The China day the job runs for, and every period of the calendar open that day.</summary>
public sealed record ObligationDay(DateOnly Today, IReadOnlyList<ScheduledPeriod> Periods)
{
    /// <summary>The open periods of the calendar entry of a kind (none when the entry is missing or switched off).</summary>
    public IEnumerable<ScheduledPeriod> For(string kind) => Periods.Where(p => p.Kind == kind);
}

/// <summary>One period of a calendar entry that is open on the day: its obligations are due on <see cref="DueOn"/>.</summary>
public sealed record ScheduledPeriod(Guid ScheduleId, string Kind, string Title, ObligationPeriod Period, DateOnly DueOn)
{
    /// <summary>The obligation's name: the period's label and the entry's title (2026年11月项目月度对账).</summary>
    public string FullTitle => Period.Label + Title;
}

/// <summary>
/// Which obligations a list shows. <see cref="Under"/>: the obligations of an organization's subtree; <see cref="Overdue"/>:
/// open and past due (or not); <see cref="Late"/>: submitted after the due day (or not).
/// </summary>
public sealed record ObligationFilter(
    Guid? Under = null,
    Guid? OrgId = null,
    ObligationState? State = null,
    bool? Overdue = null,
    bool? Late = null,
    string? Kind = null,
    string? Period = null,
    DateOnly? DueFrom = null,
    DateOnly? DueTo = null,
    Guid? PersonId = null,
    string? SourceType = null,
    Guid? SourceId = null);

/// <summary>One obligation in a list.</summary>
public sealed record ObligationRow(
    Guid Id, string Kind, string Title, Guid OrgId, string OrgName, Guid? PersonId, Guid? IssuerOrgId, DateOnly DueOn, string? Period,
    string SourceType, Guid SourceId, string? Link, bool HandledAtSource, ObligationState State, bool Overdue, DateTimeOffset? SubmittedAt,
    bool SubmittedLate, DateTimeOffset? ClosedAt);

/// <summary>A file submitted with an obligation; downloaded from <c>/api/v1/files/{FileId}</c>.</summary>
public sealed record ObligationFileView(Guid FileId, string FileName, string ContentType, long Size);

/// <summary>One obligation with its submission.</summary>
public sealed record ObligationDetail(
    ObligationRow Obligation, string? PersonName, string? IssuerName, string? SubmittedBy, string? Evidence,
    IReadOnlyList<ObligationFileView> Files, string? ClosedBy, string? Reason, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>
/// How many obligations a filter finds in each state, counted in the database: open ones split into not yet due
/// (<see cref="Due"/>) and <see cref="Overdue"/>; <see cref="SubmittedLate"/> of the submitted and closed ones were handed
/// in after their due day.
/// </summary>
public sealed record ObligationCounts(int Due, int Overdue, int Submitted, int SubmittedLate, int Closed, int Cancelled)
{
    public int Open => Due + Overdue;

    public int Total => Due + Overdue + Submitted + Closed + Cancelled;
}

/// <summary>
/// One month of an organization in the grid (by the month the obligations fall due): how many were owed (cancelled ones
/// left out), how many are still open and not yet due, open and overdue, done (submitted or closed), and how many of the
/// done were handed in late.
/// </summary>
public sealed record ObligationGridCell(int Month, int Total, int Open, int Overdue, int Done, int Late);

/// <summary>A row of the grid: an organization under the one asked for, its twelve months.</summary>
public sealed record ObligationGridRow(Guid OrgId, string OrgName, IReadOnlyList<ObligationGridCell> Months);

/// <summary>The township × month grid (乡镇 × 月份): every organization directly under <see cref="OrgId"/> (with its subtree).</summary>
public sealed record ObligationGrid(Guid OrgId, string OrgName, int Year, string? Kind, IReadOnlyList<ObligationGridRow> Rows);
