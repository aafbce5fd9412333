using System.ComponentModel;
using Zeren.Core.Platform;

// The folder is Problems; the namespace is Rectification because Zeren.Core.Platform.Problems (every error at once) is
// the name every capability already uses for its error collector, and a namespace Zeren.Core.Problems would hide it.
namespace Zeren.Core.Rectification;

/// <summary>Where a problem came from (来源).</summary>
public enum ProblemSource
{
    /// <summary>暗访督查: found on an inspection.</summary>
    Inspection,

    /// <summary>党建审计: a failed item of an audit.</summary>
    Audit,

    /// <summary>述职评议: feedback on an annual report.</summary>
    Review,

    /// <summary>上级反馈: raised by a superior body.</summary>
    SuperiorFeedback,

    /// <summary>群众反映: a public report.</summary>
    PublicReport,

    /// <summary>举一反三自查: found by an organization's own self-check against a common problem.</summary>
    SelfCheck,
}

/// <summary>严重程度.</summary>
public enum ProblemSeverity
{
    /// <summary>一般.</summary>
    General,

    /// <summary>较重.</summary>
    Serious,

    /// <summary>严重.</summary>
    Critical,
}

/// <summary>Where a problem stands. Overdue is not a state: it is read from the deadline and the clock.</summary>
public enum ProblemState
{
    /// <summary>挂牌: raised and posted on the board; the organization has not yet analysed it.</summary>
    Listed,

    /// <summary>整改中: the organization has entered cause analysis and measures (also after a return).</summary>
    Rectifying,

    /// <summary>申请销号: the organization applied to close it with evidence; the issuing side verifies.</summary>
    Applied,

    /// <summary>已销号: a verifier of the issuing side accepted the rectification.</summary>
    Closed,
}

/// <summary>A step in a problem's history.</summary>
public enum ProblemAction
{
    /// <summary>挂牌.</summary>
    Raise,

    /// <summary>开始整改: cause analysis and measures entered.</summary>
    Start,

    /// <summary>申请销号 (with evidence text and files).</summary>
    Apply,

    /// <summary>验收销号.</summary>
    Verify,

    /// <summary>退回 (with the reason), back to 整改中.</summary>
    Return,

    /// <summary>转督办: a supervision order was issued about it.</summary>
    Supervise,
}

/// <summary>
/// 问题: something found wrong in an organization (on an inspection, an audit, a review, by a superior, by the public, or
/// by the organization's own self-check), with a deadline, until a verifier of the issuing side closes it (挂牌销号).
/// The organization (<see cref="OrgId"/>, the row's scope) analyses its cause and sets measures, rectifies, and applies
/// with evidence; the issuing organization (<see cref="IssuerOrgId"/>, strictly above it) verifies or returns.
/// <para>
/// Where it comes from is a free reference (<see cref="SourceType"/>, <see cref="SourceId"/>, <see cref="SourceTitle"/>)
/// like obligations and supervision orders, so inspections, audits and reviews raise problems from their rows without
/// this capability knowing them.
/// </para>
/// </summary>
[DisplayName("问题")]
public sealed class Problem
{
    public const int TitleMax = 200;
    public const int DescriptionMax = 4000;
    public const int CategoryMax = 50;
    public const int SourceTypeMax = 40;
    public const int SourceTitleMax = 200;
    public const int AnalysisMax = 4000;
    public const int TextMax = 4000;

    /// <summary>The most evidence files one application carries.</summary>
    public const int MaxFilesPerApplication = 20;

    private Problem()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>责任单位: the organization that rectifies it, the row's scope.</summary>
    [DisplayName("责任单位")]
    public Guid OrgId { get; private set; }

    /// <summary>交办单位: the issuing side, strictly above <see cref="OrgId"/>; its verifiers close it.</summary>
    [DisplayName("交办单位")]
    public Guid IssuerOrgId { get; private set; }

    [DisplayName("来源")]
    public ProblemSource Source { get; private set; }

    /// <summary>What kind of row raised it (<c>inspection</c>, <c>audit.item</c>, <c>self-check</c>), when a row did.</summary>
    [DisplayName("来源类型")]
    public string? SourceType { get; private set; }

    [DisplayName("来源编号")]
    public Guid? SourceId { get; private set; }

    [DisplayName("来源说明")]
    public string? SourceTitle { get; private set; }

    /// <summary>举一反三: the common problem whose self-check found this one.</summary>
    [DisplayName("原问题")]
    public Guid? OriginProblemId { get; private set; }

    /// <summary>共性问题 (true) or 个性问题.</summary>
    [DisplayName("共性问题")]
    public bool IsCommon { get; private set; }

    [DisplayName("问题类别")]
    public string? Category { get; private set; }

    [DisplayName("问题")]
    public string Title { get; private set; } = "";

    [DisplayName("问题描述")]
    public string Description { get; private set; } = "";

    [DisplayName("严重程度")]
    public ProblemSeverity Severity { get; private set; }

    [DisplayName("责任人")]
    public Guid? ResponsiblePersonId { get; private set; }

    /// <summary>整改时限: rectified and applied for by the end of this China day.</summary>
    [DisplayName("整改时限")]
    public DateOnly DueOn { get; private set; }

    [DisplayName("状态")]
    public ProblemState State { get; private set; }

    [DisplayName("原因分析")]
    public string? CauseAnalysis { get; private set; }

    [DisplayName("整改措施")]
    public string? Measures { get; private set; }

    [DisplayName("退回次数")]
    public int ReturnCount { get; private set; }

    [DisplayName("挂牌时间")]
    public DateTimeOffset RaisedAt { get; private set; }

    [DisplayName("挂牌人")]
    public string RaisedBy { get; private set; } = "";

    [DisplayName("开始整改时间")]
    public DateTimeOffset? StartedAt { get; private set; }

    [DisplayName("申请销号时间")]
    public DateTimeOffset? AppliedAt { get; private set; }

    [DisplayName("销号时间")]
    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    [DisplayName("更新人")]
    public string UpdatedBy { get; private set; } = "";

    public bool IsOpen => State != ProblemState.Closed;

    /// <summary>Not closed and past its deadline (China date): an application not yet verified does not stop the clock.</summary>
    public bool IsOverdue(DateOnly today) => State != ProblemState.Closed && DueOn < today;

    /// <summary>A new problem, 挂牌; <paramref name="draft"/> has passed <see cref="ProblemRules.Check"/>.</summary>
    internal static (Problem Problem, ProblemEvent Raised) Raise(ProblemDraft draft, Guid issuerOrgId, DateTimeOffset now, string by, Guid? byOrgId)
    {
        var p = new Problem
        {
            Id = Ids.New(),
            OrgId = draft.OrgId,
            IssuerOrgId = issuerOrgId,
            Source = draft.Source,
            SourceType = draft.SourceType,
            SourceId = draft.SourceId,
            SourceTitle = draft.SourceTitle,
            OriginProblemId = draft.OriginProblemId,
            IsCommon = draft.IsCommon,
            Category = draft.Category,
            Title = draft.Title,
            Description = draft.Description,
            Severity = draft.Severity,
            ResponsiblePersonId = draft.ResponsiblePersonId,
            DueOn = draft.DueOn,
            State = ProblemState.Listed,
            RaisedAt = now,
            RaisedBy = by,
            UpdatedAt = now,
            UpdatedBy = by,
        };
        return (p, ProblemEvent.Of(p, ProblemAction.Raise, null, now, by, byOrgId));
    }

    /// <summary>开始整改: the organization's cause analysis and measures (required before work starts).</summary>
    internal ProblemEvent Start(string cause, string measures, DateTimeOffset now, string by, Guid? byOrgId)
    {
        EnsureAllows(ProblemAction.Start);
        CauseAnalysis = cause;
        Measures = measures;
        State = ProblemState.Rectifying;
        StartedAt = now;
        return Changed(ProblemAction.Start, $"原因分析：{cause}\n整改措施：{measures}", now, by, byOrgId);
    }

    /// <summary>申请销号, with the evidence text (files are added by the service).</summary>
    internal ProblemEvent Apply(string evidence, DateTimeOffset now, string by, Guid? byOrgId)
    {
        EnsureAllows(ProblemAction.Apply);
        State = ProblemState.Applied;
        AppliedAt = now;
        return Changed(ProblemAction.Apply, evidence, now, by, byOrgId);
    }

    /// <summary>验收销号.</summary>
    internal ProblemEvent Verify(string? comment, DateTimeOffset now, string by, Guid? byOrgId)
    {
        EnsureAllows(ProblemAction.Verify);
        State = ProblemState.Closed;
        ClosedAt = now;
        return Changed(ProblemAction.Verify, comment, now, by, byOrgId);
    }

    /// <summary>退回, with the reason: back to 整改中.</summary>
    internal ProblemEvent Return(string reason, DateTimeOffset now, string by, Guid? byOrgId)
    {
        EnsureAllows(ProblemAction.Return);
        State = ProblemState.Rectifying;
        ReturnCount++;
        return Changed(ProblemAction.Return, reason, now, by, byOrgId);
    }

    /// <summary>转督办: recorded in the history; the order itself is the supervision capability's.</summary>
    internal ProblemEvent Supervised(string text, DateTimeOffset now, string by, Guid? byOrgId)
    {
        EnsureAllows(ProblemAction.Supervise);
        return Changed(ProblemAction.Supervise, text, now, by, byOrgId);
    }

    /// <summary>Whether <paramref name="action"/> may follow in the present state (who may take it is the service's to say).</summary>
    public bool Allows(ProblemAction action) => action switch
    {
        ProblemAction.Start => State == ProblemState.Listed,
        ProblemAction.Apply => State == ProblemState.Rectifying,
        ProblemAction.Verify or ProblemAction.Return => State == ProblemState.Applied,
        ProblemAction.Supervise => State != ProblemState.Closed,
        _ => false,
    };

    /// <summary>Refuses <paramref name="action"/> out of order (422 <c>problem_transition</c>, naming the state it needs).</summary>
    public void EnsureAllows(ProblemAction action)
    {
        if (!Allows(action))
        {
            throw new DomainException("problem_transition",
                $"该问题现为“{ProblemLabels.Of(State)}”，不能{ProblemLabels.Of(action)}" +
                (ProblemLabels.From(action) is { } from ? $"：只有“{from}”的问题可以{ProblemLabels.Of(action)}。" : "。"), "state");
        }
    }

    private ProblemEvent Changed(ProblemAction action, string? text, DateTimeOffset now, string by, Guid? byOrgId)
    {
        UpdatedAt = now;
        UpdatedBy = by;
        return ProblemEvent.Of(this, action, text, now, by, byOrgId);
    }

    /// <summary>共性问题, for the demo county's 举一反三 round.</summary>
    internal void MarkCommonForDemo() => IsCommon = true;

    /// <summary>A problem in a given state, for the demo county (its history is written alongside by the seeder).</summary>
    internal static Problem Demo(ProblemDraft draft, Guid issuerOrgId, ProblemState state, DateTimeOffset raisedAt, string by,
        string? cause, string? measures, DateTimeOffset? startedAt, DateTimeOffset? appliedAt, DateTimeOffset? closedAt, int returns)
    {
        var (p, _) = Raise(draft, issuerOrgId, raisedAt, by, null);
        p.State = state;
        p.CauseAnalysis = cause;
        p.Measures = measures;
        p.StartedAt = startedAt;
        p.AppliedAt = appliedAt;
        p.ClosedAt = closedAt;
        p.ReturnCount = returns;
        p.UpdatedAt = closedAt ?? appliedAt ?? startedAt ?? raisedAt;
        return p;
    }
}

/// <summary>整改记录: one step in a problem's history, who took it, for which organization, when, and what they wrote.</summary>
[DisplayName("整改记录")]
public sealed class ProblemEvent
{
    private ProblemEvent()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("问题")]
    public Guid ProblemId { get; private set; }

    [DisplayName("环节")]
    public ProblemAction Action { get; private set; }

    [DisplayName("内容")]
    public string? Text { get; private set; }

    [DisplayName("时间")]
    public DateTimeOffset At { get; private set; }

    [DisplayName("操作人")]
    public string By { get; private set; } = "";

    [DisplayName("操作单位")]
    public Guid? ByOrgId { get; private set; }

    internal static ProblemEvent Of(Problem problem, ProblemAction action, string? text, DateTimeOffset now, string by, Guid? byOrgId) => new()
    {
        // Version 7 from the instant: ordered like the history, on both databases.
        Id = Guid.CreateVersion7(now),
        ProblemId = problem.Id,
        Action = action,
        Text = text,
        At = now,
        By = by,
        ByOrgId = byOrgId,
    };
}

/// <summary>销号材料: an evidence file of an application, a <see cref="Files.StoredFile"/> of the rectifying organization.</summary>
[DisplayName("销号材料")]
public sealed class ProblemFile
{
    private ProblemFile()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("问题")]
    public Guid ProblemId { get; private set; }

    /// <summary>The application (<see cref="ProblemAction.Apply"/> entry) it came with.</summary>
    [DisplayName("申请")]
    public Guid EventId { get; private set; }

    [DisplayName("文件")]
    public Guid StoredFileId { get; private set; }

    internal static ProblemFile Of(ProblemEvent application, Guid storedFileId) => new()
    {
        Id = Ids.New(),
        ProblemId = application.ProblemId,
        EventId = application.Id,
        StoredFileId = storedFileId,
    };
}

/// <summary>
/// What a raiser says of a problem. <see cref="IssuerOrgId"/>: the issuing side (its verifiers close it), by default the
/// raising account's organization (or, for an account bound to none, the top of the organization's tree); it must lie
/// strictly above <see cref="OrgId"/>. <see cref="SourceType"/>/<see cref="SourceId"/>/<see cref="SourceTitle"/>: the row
/// that raised it (an inspection, an audit item), free to the caller. <see cref="OriginProblemId"/>: the common problem a
/// self-check found it from.
/// </summary>
public sealed record ProblemDraft(
    Guid OrgId,
    ProblemSource Source,
    string Title,
    [MultiLineText] string Description,
    DateOnly DueOn,
    string? Category = null,
    ProblemSeverity Severity = ProblemSeverity.General,
    bool IsCommon = false,
    Guid? ResponsiblePersonId = null,
    string? SourceType = null,
    Guid? SourceId = null,
    string? SourceTitle = null,
    Guid? IssuerOrgId = null,
    Guid? OriginProblemId = null);
