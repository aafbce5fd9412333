using Zeren.Core.Platform;

namespace Zeren.Core.Assessment;

/// <summary>
/// One item of a scheme as written: <see cref="Parent"/> is the index (in the same list) of the group item it belongs
/// to, which comes before it; null at the top.
/// </summary>
public sealed record ItemInput(string Name, ItemType Type, string? Source, decimal Points, decimal? Cap = null, [MultiLineText] string? Note = null,
    int? Parent = null);

/// <summary>A scheme as written (create, or replace while it is not frozen). <see cref="OrgId"/> defaults to the account's organization.</summary>
public sealed record SchemeInput(
    int Year,
    AssessedKind Kind,
    string Name,
    IReadOnlyList<ItemInput> Items,
    IReadOnlyList<RewardTier>? Tiers = null,
    decimal? BonusCap = null,
    decimal? DeductionCap = null,
    int BottomCount = 3,
    Guid? OrgId = null);

/// <summary>A scheme in a list.</summary>
public sealed record SchemeRow(Guid Id, Guid OrgId, string OrgName, int Year, AssessedKind Kind, string Name, bool IsFrozen, int ItemCount,
    decimal FullPoints);

/// <summary>One item as shown: its depth in the tree, whether it groups others, the label of its source.</summary>
public sealed record ItemView(Guid Id, Guid? ParentId, int Ordinal, int Depth, bool IsGroup, string Name, ItemType Type, string? Source,
    string? SourceLabel, decimal Points, decimal? Cap, string? Note);

/// <summary>A scheme with its items in tree order (each group before its children).</summary>
public sealed record SchemeView(Guid Id, Guid OrgId, string OrgName, int Year, AssessedKind Kind, string Name, decimal? BonusCap, decimal? DeductionCap,
    int BottomCount, IReadOnlyList<RewardTier> Tiers, DateTimeOffset? FrozenAt, decimal FullPoints, IReadOnlyList<ItemView> Items,
    DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>A computed source a scheme may name.</summary>
public sealed record SourceInfo(string Key, string Label, SourceMeasure Measure);

/// <summary>Start scoring a scheme for a period (a preview, to be published).</summary>
public sealed record RunInput(Guid SchemeId, string Period);

/// <summary>A scorer's entry for one organization and one manual item: the points (a veto: 1 applies, 0 not) and why.</summary>
public sealed record ManualScoreInput(Guid OrgId, Guid ItemId, decimal Value, [MultiLineText] string Reason);

/// <summary>A correction of a published run: a new run with its reason.</summary>
public sealed record CorrectionInput(string Reason);

/// <summary>A run in a list.</summary>
public sealed record RunRow(Guid Id, Guid SchemeId, string SchemeName, Guid OrgId, string Period, string PeriodLabel, int Version, RunState State,
    Guid? CorrectsRunId, string? Reason, DateTimeOffset ComputedAt, DateTimeOffset? PublishedAt, string? PublishedBy);

/// <summary>One item's points for one organization: which item, which data, how many points; manual ones with their reason.</summary>
public sealed record EntryView(Guid ItemId, string ItemName, ItemType Type, bool Manual, decimal? Value, decimal Points, string? Data, string? Reason,
    bool Vetoes);

/// <summary>One organization's result with its breakdown.</summary>
public sealed record ResultView(Guid OrgId, string OrgName, int Rank, decimal Total, decimal BasePoints, decimal Bonus, decimal Deduction, bool Vetoed,
    int LateCount, DateTimeOffset? LastSubmittedAt, string? Tier, int? Amount, bool Bottom, IReadOnlyList<EntryView> Entries)
{
    /// <summary>How many manual 计分项 still lack an entry (a manual bonus, deduction or veto not entered is none).</summary>
    public int Missing => Entries.Count(e => e.Manual && e.Value is null && e.Type == ItemType.Score);
}

/// <summary>
/// 调整建议 (seed 001): the organization committee member (组织委员) of a township at the bottom two places of a published
/// township-committee ranking, proposed to the county committee for adjustment; who held the post on the day it was
/// published (none: <see cref="PersonId"/> null, the post is vacant).
/// </summary>
public sealed record AdjustmentProposal(int Rank, Guid OrgId, string OrgName, decimal Total, Guid? PersonId, string? PersonName, string Post,
    DateOnly? InPostSince);

/// <summary>A run: its scheme, its results in ranking order, what the account may do with it, and (published township runs) the proposals for adjustment.</summary>
public sealed record RunView(RunRow Run, SchemeView Scheme, IReadOnlyList<ResultView> Results, bool CanScore, IReadOnlyList<AdjustmentProposal> Proposals)
{
    public int Missing => Results.Sum(r => r.Missing);
}

/// <summary>The ranking of a scheme's period: its latest published run.</summary>
public sealed record Ranking(Guid RunId, Guid SchemeId, string SchemeName, string Period, string PeriodLabel, int Version, DateTimeOffset PublishedAt,
    string TieRule, IReadOnlyList<RankingRow> Rows);

public sealed record RankingRow(int Rank, Guid OrgId, string OrgName, decimal Total, bool Vetoed, int LateCount, DateTimeOffset? LastSubmittedAt,
    string? Tier, int? Amount, bool Bottom);

/// <summary>The award list of a published run (奖励名单): who gets which tier, and the amount per principal cadre.</summary>
public sealed record AwardList(Guid RunId, string SchemeName, string PeriodLabel, string OrgName, DateTimeOffset PublishedAt, IReadOnlyList<AwardRow> Rows);

public sealed record AwardRow(int Rank, string OrgName, decimal Total, string Tier, int Amount);
