using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Obligations;

/// <summary>Where an obligation stands. Overdue is not a state: it is an open one whose due day has passed (China date).</summary>
public enum ObligationState
{
    /// <summary>待办: owed, not yet submitted.</summary>
    Open = 1,

    /// <summary>已报送: the owner has done it (with evidence, or by the capability's own record).</summary>
    Submitted = 2,

    /// <summary>已办结: the issuer (or the capability) has settled it.</summary>
    Closed = 3,

    /// <summary>已取消: no longer owed (with the reason).</summary>
    Cancelled = 4,
}

/// <summary>
/// 待办事项 (义务): what an organization (and, when named, a person of it) owes by a China date: a monthly reconciliation
/// of a project, a quarterly report, the response to a supervision order, a responsibility item. Created and moved on
/// only through <see cref="ObligationService"/>, by the capability whose record it comes from (<see cref="SourceType"/>
/// and <see cref="SourceId"/>) or, for the obligation calendar's own kinds, by the owner and the issuer. One per
/// (<see cref="Kind"/>, <see cref="SourceId"/>, <see cref="Period"/>, <see cref="OrgId"/>), so opening is idempotent.
/// </summary>
[DisplayName("待办事项")]
public sealed class Obligation
{
    public const int KindMax = 60;
    public const int TitleMax = 200;
    public const int PeriodMax = 10;
    public const int SourceTypeMax = 60;
    public const int LinkMax = 400;
    public const int EvidenceMax = 4000;
    public const int MaxFiles = 20;

    private readonly List<ObligationFile> files = [];

    private Obligation()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>A key the owning capability gives its kind of obligation: <c>project.reconciliation</c>, <c>calendar.quarterly-report</c>.</summary>
    [DisplayName("事项类型")]
    public string Kind { get; private set; } = "";

    [DisplayName("事项")]
    public string Title { get; private set; } = "";

    /// <summary>The organization that owes it: the row is scoped by it.</summary>
    [DisplayName("责任组织")]
    public Guid OrgId { get; private set; }

    /// <summary>The person of the organization who owes it, when one is named.</summary>
    [DisplayName("责任人")]
    public Guid? PersonId { get; private set; }

    /// <summary>Who it is owed to: told when it is overdue, and the one who closes or cancels it.</summary>
    [DisplayName("下达组织")]
    public Guid? IssuerOrgId { get; private set; }

    /// <summary>Due by the end of this China day.</summary>
    [DisplayName("截止日期")]
    public DateOnly DueOn { get; private set; }

    /// <summary>The period it is owed for (<c>2026-11</c>, <c>2026-Q4</c>, <c>2026-H2</c>, <c>2026</c>); empty when it is owed once.</summary>
    [DisplayName("期间")]
    public string Period { get; private set; } = "";

    /// <summary>The kind of record it comes from (<c>Project</c>, <c>ObligationSchedule</c>), for the link back.</summary>
    [DisplayName("来源类型")]
    public string SourceType { get; private set; } = "";

    [DisplayName("来源")]
    public Guid SourceId { get; private set; }

    /// <summary>The page where it is done (relative address).</summary>
    [DisplayName("办理页面")]
    public string? Link { get; private set; }

    /// <summary>
    /// Done by the capability's own action (a reconciliation saved, an order answered), which submits it through
    /// <see cref="ObligationService.SubmitForSourceAsync"/>; false for what is submitted here, with evidence (the calendar's reports).
    /// </summary>
    [DisplayName("在来源处办理")]
    public bool HandledAtSource { get; private set; }

    [DisplayName("状态")]
    public ObligationState State { get; private set; }

    [DisplayName("报送时间")]
    public DateTimeOffset? SubmittedAt { get; private set; }

    [DisplayName("报送人")]
    public string? SubmittedBy { get; private set; }

    /// <summary>Submitted after the China day it was due.</summary>
    [DisplayName("逾期报送")]
    public bool SubmittedLate { get; private set; }

    [DisplayName("报送说明")]
    public string? Evidence { get; private set; }

    /// <summary>When it was closed or cancelled.</summary>
    [DisplayName("办结时间")]
    public DateTimeOffset? ClosedAt { get; private set; }

    [DisplayName("办结人")]
    public string? ClosedBy { get; private set; }

    /// <summary>Why it was cancelled, or why its last submission was returned.</summary>
    [DisplayName("原因")]
    public string? Reason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("创建人")]
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<ObligationFile> Files => files;

    /// <summary>The obligation's own page, where what is submitted here is submitted, closed and returned.</summary>
    public static string PagePath(Guid id) => $"/obligations/{id}";

    /// <summary>Open and past its due day (China date).</summary>
    public bool IsOverdue(DateOnly today) => State == ObligationState.Open && DueOn < today;

    internal static Obligation Open(ObligationDraft draft, DateTimeOffset now, string by)
    {
        var o = new Obligation
        {
            Id = Ids.New(),
            Kind = draft.Kind.Trim(),
            OrgId = draft.OrgId,
            Period = draft.Period?.Trim() ?? "",
            SourceType = draft.SourceType.Trim(),
            SourceId = draft.SourceId,
            State = ObligationState.Open,
            CreatedAt = now,
            CreatedBy = by,
            UpdatedAt = now,
        };
        o.Apply(draft);
        return o;
    }

    /// <summary>Brings an open obligation up to date with its source's draft (title, due day, link, person, issuer).</summary>
    internal bool Refresh(ObligationDraft draft, DateTimeOffset now)
    {
        if (State != ObligationState.Open)
        {
            return false;
        }
        var before = (Title, DueOn, Link, PersonId, IssuerOrgId, HandledAtSource);
        Apply(draft);
        if (before == (Title, DueOn, Link, PersonId, IssuerOrgId, HandledAtSource))
        {
            return false;
        }
        UpdatedAt = now;
        return true;
    }

    private void Apply(ObligationDraft draft)
    {
        Title = draft.Title.Trim();
        PersonId = draft.PersonId;
        IssuerOrgId = draft.IssuerOrgId;
        DueOn = draft.DueOn;
        HandledAtSource = draft.HandledAtSource;
        // What is submitted here (the calendar's reports) is done on its own page unless the draft names another.
        Link = !string.IsNullOrWhiteSpace(draft.Link) ? draft.Link.Trim() : HandledAtSource ? null : PagePath(Id);
    }

    internal void Submit(string? evidence, IReadOnlyList<Guid> fileIds, DateTimeOffset now, string by)
    {
        if (State != ObligationState.Open)
        {
            throw new DomainException("obligation_not_open", $"该事项{ObligationLabels.Of(State)}，不能再报送。", "state");
        }
        State = ObligationState.Submitted;
        SubmittedAt = now;
        SubmittedBy = by;
        SubmittedLate = DateOnly.FromDateTime(ChinaTime.ToChina(now).DateTime) > DueOn;
        Evidence = string.IsNullOrWhiteSpace(evidence) ? null : evidence.Trim();
        files.Clear();
        files.AddRange(fileIds.Distinct().Select(f => new ObligationFile(Id, f)));
        Reason = null;
        UpdatedAt = now;
    }

    /// <summary>The issuer sends a submission back: owed again, with the reason.</summary>
    internal void Return(string reason, DateTimeOffset now)
    {
        if (State != ObligationState.Submitted)
        {
            throw new DomainException("obligation_not_submitted", $"该事项{ObligationLabels.Of(State)}，只有已报送的事项可以退回。", "state");
        }
        State = ObligationState.Open;
        SubmittedAt = null;
        SubmittedBy = null;
        SubmittedLate = false;
        Reason = reason;
        UpdatedAt = now;
    }

    internal void Close(DateTimeOffset now, string by, bool fromOpen)
    {
        if (State == ObligationState.Submitted || (fromOpen && State == ObligationState.Open))
        {
            State = ObligationState.Closed;
            ClosedAt = now;
            ClosedBy = by;
            UpdatedAt = now;
            return;
        }
        throw new DomainException("obligation_not_submitted",
            State == ObligationState.Open ? "该事项尚未报送，报送后才能办结。" : $"该事项{ObligationLabels.Of(State)}，不能再办结。", "state");
    }

    internal void Cancel(string reason, DateTimeOffset now, string by)
    {
        if (State is ObligationState.Closed or ObligationState.Cancelled)
        {
            throw new DomainException("obligation_ended", $"该事项{ObligationLabels.Of(State)}，不能取消。", "state");
        }
        State = ObligationState.Cancelled;
        Reason = reason;
        ClosedAt = now;
        ClosedBy = by;
        UpdatedAt = now;
    }
}

/// <summary>报送附件: a file submitted as evidence of an obligation (uploaded first through <c>/api/v1/files</c>).</summary>
[DisplayName("报送附件")]
public sealed class ObligationFile
{
    private ObligationFile()
    {
    }

    internal ObligationFile(Guid obligationId, Guid storedFileId)
    {
        ObligationId = obligationId;
        StoredFileId = storedFileId;
    }

    [DisplayName("待办事项")]
    public Guid ObligationId { get; private set; }

    [DisplayName("附件")]
    public Guid StoredFileId { get; private set; }
}

/// <summary>The Chinese names of the states, as pages, exports and refusals write them.</summary>
public static class ObligationLabels
{
    public static string Of(ObligationState state) => state switch
    {
        ObligationState.Open => "待办",
        ObligationState.Submitted => "已报送",
        ObligationState.Closed => "已办结",
        ObligationState.Cancelled => "已取消",
        _ => state.ToString(),
    };
}
