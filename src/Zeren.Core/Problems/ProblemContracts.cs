using Zeren.Core.Platform;

namespace Zeren.Core.Rectification;

/// <summary>One problem in a list. <see cref="IsOverdue"/> is read from the deadline and today (China).</summary>
public sealed record ProblemRow(
    Guid Id, Guid OrgId, string OrgName, Guid IssuerOrgId, ProblemSource Source, string? SourceType, Guid? SourceId, string? SourceTitle,
    bool IsCommon, string? Category, string Title, ProblemSeverity Severity, DateOnly DueOn, ProblemState State, bool IsOverdue,
    DateTimeOffset RaisedAt, DateTimeOffset? ClosedAt, int ReturnCount, Guid? OriginProblemId);

/// <summary>An evidence file of an application; downloaded from <c>/api/v1/files/{FileId}</c>.</summary>
public sealed record ProblemFileView(Guid FileId, Guid EventId, string FileName, string ContentType, long Size)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>
/// One step of the history (the timeline): what, who (and for which organization), when, what they wrote.
/// <see cref="ActingFor"/>: a rectifying step taken by an organization above the rectifying one, for it (代为整改).
/// </summary>
public sealed record ProblemEventView(Guid Id, ProblemAction Action, string? Text, DateTimeOffset At, string By, Guid? ByOrgId, string? ByOrgName,
    IReadOnlyList<ProblemFileView> Files, bool ActingFor = false);

/// <summary>Which steps the asking account may take on the problem now.</summary>
public sealed record ProblemSteps(bool Start, bool Apply, bool Verify, bool Return, bool Supervise)
{
    public bool Any => Start || Apply || Verify || Return || Supervise;
}

/// <summary>A supervision order issued about the problem (转督办).</summary>
public sealed record ProblemOrderLink(Guid Id, string NumberText, string State);

public sealed record ProblemDetail(
    ProblemRow Problem, string IssuerName, string Description, Guid? ResponsiblePersonId, string? ResponsibleName, string? CauseAnalysis,
    string? Measures, string RaisedBy, DateTimeOffset? StartedAt, DateTimeOffset? AppliedAt, string? OriginTitle,
    IReadOnlyList<ProblemEventView> History, IReadOnlyList<ProblemOrderLink> Orders, ProblemSteps Steps);

/// <summary>
/// The list's filters: organizations in a subtree (<see cref="Under"/>) or one organization, the issuer, state, source,
/// category, overdue, open, 共性, a source row, raised between two China dates (inclusive), text (问题 or 描述).
/// </summary>
public sealed record ProblemFilter(
    Guid? Under = null, Guid? OrgId = null, Guid? IssuerOrgId = null, ProblemState? State = null, ProblemSource? Source = null,
    string? Category = null, bool? Overdue = null, bool? Open = null, bool? Common = null, string? SourceType = null, Guid? SourceId = null,
    DateOnly? From = null, DateOnly? To = null, string? Q = null);

/// <summary>Several problems at once (API): all raised, or none.</summary>
public sealed record ProblemBatchInput(IReadOnlyList<ProblemDraft> Drafts);

/// <summary>开始整改: the organization's cause analysis and measures.</summary>
public sealed record ProblemStartInput([MultiLineText] string CauseAnalysis, [MultiLineText] string Measures);

/// <summary>申请销号: what was done (the written report) and the evidence files uploaded before (at least one).</summary>
public sealed record ProblemApplyInput([MultiLineText] string Evidence, IReadOnlyList<Guid>? FileIds = null);

/// <summary>验收销号, with an optional comment.</summary>
public sealed record ProblemVerifyInput([MultiLineText] string? Comment);

/// <summary>退回, with the reason.</summary>
public sealed record ProblemReturnInput(string Reason);

/// <summary>转督办: the order's deadline and an optional requirement.</summary>
public sealed record ProblemSuperviseInput(DateOnly DueOn, [MultiLineText] string? Requirements = null);

/// <summary>An evidence file as the problem page's form posts it.</summary>
public sealed record ProblemUpload(Stream Content, string? FileName, string? ContentType);
