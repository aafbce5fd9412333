using Zeren.Core.Platform;

namespace Zeren.Core.PartyAudits;

/// <summary>A checklist item as the department sets it: what is audited and its points.</summary>
public sealed record AuditItemInput(string Title, int MaxPoints);

/// <summary>
/// A new round: year, name, the audited units (organizations below the running one), the sampling rule (default
/// <see cref="AuditSamplingRules.Default"/>) and the checklist (default <see cref="AuditChecklist.Default"/>). The running
/// organization is the account's own unless named.
/// </summary>
public sealed record AuditRoundInput(int Year, string Name, IReadOnlyList<Guid> UnitIds, AuditSamplingRules? Rules = null,
    IReadOnlyList<AuditItemInput>? Items = null, Guid? OrgId = null);

/// <summary>抽样: the seed to draw with (null: a new random one); a 32-bit integer, as the inspection draw's.</summary>
public sealed record AuditDrawInput(int? Seed);

/// <summary>One item's score at a branch: points (0 to the item's), pass or fail, and a note (required for a fail).</summary>
public sealed record AuditItemScoreInput(Guid ItemId, int Points, bool Passed, [MultiLineText] string? Note = null);

/// <summary>A branch's scores: every item of the checklist, once.</summary>
public sealed record AuditScoreInput(IReadOnlyList<AuditItemScoreInput> Scores);

public sealed record AuditRoundRow(Guid Id, Guid OrgId, int Year, string Name, AuditRoundState State, int Units, int Branches, int Scored,
    DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt);

public sealed record AuditItemView(Guid Id, int Position, string Title, int MaxPoints);

public sealed record AuditScoreView(Guid ItemId, int Points, bool Passed, string? Note, Guid? ProblemId);

public sealed record AuditSampleView(Guid Id, Guid UnitId, Guid OrgId, string OrgName, AuditBranchKind Kind, int? Total, int Failed,
    DateTimeOffset? ScoredAt, string? ScoredBy);

public sealed record AuditUnitView(Guid Id, Guid OrgId, string OrgName, IReadOnlyList<AuditSampleView> Branches);

/// <summary>One unit in the ranking: the mean of its scored branches' totals (null while none is scored) and its place.</summary>
public sealed record AuditRankRow(int? Rank, Guid UnitId, Guid OrgId, string OrgName, int Branches, int Scored, double? Score);

public sealed record AuditRoundDetail(
    Guid Id, Guid OrgId, string OrgName, int Year, string Name, AuditRoundState State, AuditSamplingRules Rules, long? Seed,
    DateTimeOffset? SampledAt, DateTimeOffset? ClosedAt, DateOnly? RectifyBy, string CreatedBy, int MaxTotal,
    IReadOnlyList<AuditItemView> Items, IReadOnlyList<AuditUnitView> Units, int Problems);

/// <summary>A sampled branch with its scores, for the scoring form.</summary>
public sealed record AuditBranchDetail(Guid RoundId, string RoundName, AuditRoundState State, AuditSampleView Branch, string UnitName,
    IReadOnlyList<AuditItemView> Items, IReadOnlyList<AuditScoreView> Scores);

/// <summary>Drawing again from the stored inputs: the sample it gives and whether it is the stored one.</summary>
public sealed record AuditRedraw(long Seed, bool Same, IReadOnlyList<AuditDrawnBranch> Branches);

/// <summary>What closing did: problems opened (one per failed item) and the units' report obligations, and the deadline.</summary>
public sealed record AuditCloseResult(Guid RoundId, int Problems, int Reports, DateOnly RectifyBy);

/// <summary>A unit's released result (what the unit itself sees once the round is closed).</summary>
public sealed record AuditUnitResult(Guid UnitId, Guid RoundId, int Year, string RoundName, Guid OrgId, string OrgName, DateTimeOffset? ReleasedAt,
    DateOnly? RectifyBy, double? Score, int? Rank, int RankedUnits, int MaxTotal, IReadOnlyList<AuditItemView> Items,
    IReadOnlyList<AuditBranchResult> Branches);

public sealed record AuditBranchResult(AuditSampleView Branch, IReadOnlyList<AuditScoreView> Scores);

/// <summary>A unit's result in a list.</summary>
public sealed record AuditUnitResultRow(Guid UnitId, Guid RoundId, int Year, string RoundName, Guid OrgId, string OrgName, DateTimeOffset? ReleasedAt,
    double? Score);

/// <summary>An organization a new round may audit.</summary>
public sealed record AuditUnitChoice(Guid Id, string Name);
