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

/// <summary>The star bands of an assessing organization's year (星级分档), from the lowest score up. <see cref="OrgId"/> defaults to the account's organization.</summary>
public sealed record StarBandsInput(int Year, IReadOnlyList<StarBand> Bands, Guid? OrgId = null);

/// <summary>The bands a year is rated by; <see cref="IsDefault"/> when none were set (≥90 five stars …).</summary>
public sealed record StarBandsView(Guid OrgId, string OrgName, int Year, IReadOnlyList<StarBand> Bands, bool IsDefault, string Description);

/// <summary>Rate the village branches of a published run (the latest version of its scheme and period) by its year's bands.</summary>
public sealed record StarRatingInput(Guid RunId);

/// <summary>A rating in a list: how many branches, how many at two stars or fewer.</summary>
public sealed record StarRatingRow(Guid Id, Guid OrgId, string OrgName, int Year, Guid RunId, string RunLabel, DateTimeOffset RatedAt, string RatedBy,
    int Branches, int Low);

/// <summary>One branch's stars in a rating, with its township and the stars it had in the rating before (of the same organization and year).</summary>
public sealed record BranchStars(Guid OrgId, string OrgName, string TownshipName, decimal Score, bool Vetoed, int Stars, int? PreviousStars);

public sealed record StarRatingView(StarRatingRow Rating, IReadOnlyList<StarBand> Bands, IReadOnlyList<BranchStars> Branches);

/// <summary>
/// 动态清零: the branches at two stars or fewer in the first rating of the year (<see cref="AtStart"/>) or in the latest
/// (<see cref="Now"/>), each with its obligation to rise. The list must be empty by the year's end.
/// </summary>
public sealed record ClearanceList(Guid OrgId, string OrgName, int Year, DateTimeOffset? StartedAt, DateTimeOffset? LatestAt, int AtStart, int Now,
    IReadOnlyList<ClearanceRow> Rows);

public sealed record ClearanceRow(Guid OrgId, string OrgName, string TownshipName, int? StarsAtStart, int? StarsNow, bool Low, Obligations.ObligationState? Obligation,
    DateOnly? DueOn);

/// <summary>星级地图: the branches of a township (or of each township of the county) with their latest stars of the year.</summary>
public sealed record StarMap(Guid OrgId, string OrgName, int Year, IReadOnlyList<StarMapGroup> Groups);

public sealed record StarMapGroup(Guid TownshipId, string TownshipName, IReadOnlyList<StarCell> Cells);

public sealed record StarCell(Guid OrgId, string OrgName, int? Stars, decimal? Score, DateTimeOffset? RatedAt);

/// <summary>A branch's stars across ratings, latest first.</summary>
public sealed record BranchStarHistory(Guid OrgId, string OrgName, string TownshipName, IReadOnlyList<BranchStarRow> Rows);

public sealed record BranchStarRow(Guid RatingId, int Year, DateTimeOffset RatedAt, decimal Score, bool Vetoed, int Stars);
