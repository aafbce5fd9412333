using System.ComponentModel;

namespace Zeren.Core.Competitions;

/// <summary>The theme of a competition (一季一比武).</summary>
public enum CompetitionTheme
{
    /// <summary>党建.</summary>
    PartyBuilding,

    /// <summary>发展.</summary>
    Development,

    /// <summary>治理.</summary>
    Governance,
}

/// <summary>Where a competition stands: 草稿 → 评分中 → 已发布.</summary>
public enum CompetitionState
{
    /// <summary>草稿: contestants, judges and the rules are set.</summary>
    Draft,

    /// <summary>评分中: the panel's judges score; each may correct their own score.</summary>
    Scoring,

    /// <summary>已发布: scores and places frozen, the bottom places owe their rectification; immutable.</summary>
    Published,
}

/// <summary>
/// 擂台赛 (一季一比武): an event of a quarter on a theme, held by an organization for organizations under it
/// (<see cref="OrgId"/>, the region: the row's scope). Each judge of the panel gives each contestant one score from 0 to
/// <see cref="MaxScore"/>; a contestant's score is the mean after dropping its <see cref="DropHighest"/> highest and
/// <see cref="DropLowest"/> lowest scores (<see cref="CompetitionRules"/>).
/// </summary>
[DisplayName("擂台赛")]
public sealed class Competition
{
    public const int NameMax = 100;
    public const int PeriodMax = 10;

    public Guid Id { get; internal set; }

    /// <summary>The organizing organization; the contestants are under it (the region).</summary>
    [DisplayName("举办单位")]
    public Guid OrgId { get; internal set; }

    [DisplayName("名称")]
    public string Name { get; internal set; } = "";

    [DisplayName("主题")]
    public CompetitionTheme Theme { get; internal set; }

    /// <summary>The quarter: <c>2026-Q4</c> (China time).</summary>
    [DisplayName("季度")]
    public string Period { get; internal set; } = "";

    [DisplayName("满分")]
    public decimal MaxScore { get; internal set; }

    [DisplayName("去掉最高分个数")]
    public int DropHighest { get; internal set; }

    [DisplayName("去掉最低分个数")]
    public int DropLowest { get; internal set; }

    /// <summary>How many of the last places owe rectification when published.</summary>
    [DisplayName("末位整改数")]
    public int BottomCount { get; internal set; }

    [DisplayName("状态")]
    public CompetitionState State { get; internal set; }

    [DisplayName("开始评分时间")]
    public DateTimeOffset? StartedAt { get; internal set; }

    [DisplayName("发布时间")]
    public DateTimeOffset? PublishedAt { get; internal set; }

    [DisplayName("发布人")]
    public string? PublishedBy { get; internal set; }

    public DateTimeOffset CreatedAt { get; internal set; }

    public string CreatedBy { get; internal set; } = "";

    public DateTimeOffset UpdatedAt { get; internal set; }

    public string UpdatedBy { get; internal set; } = "";
}

/// <summary>参赛单位: an organization competing; its score, mean and place are frozen here when the event is published.</summary>
[DisplayName("参赛单位")]
public sealed class CompetitionContestant
{
    public Guid Id { get; internal set; }

    public Guid CompetitionId { get; internal set; }

    [DisplayName("参赛单位")]
    public Guid OrgId { get; internal set; }

    /// <summary>The trimmed mean (frozen when published).</summary>
    [DisplayName("得分")]
    public decimal? Score { get; internal set; }

    /// <summary>The mean of all its scores (the tie rule's second key; frozen when published).</summary>
    [DisplayName("平均分")]
    public decimal? Mean { get; internal set; }

    [DisplayName("名次")]
    public int? Rank { get; internal set; }
}

/// <summary>评委: an account on the panel.</summary>
[DisplayName("评委")]
public sealed class CompetitionJudge
{
    public Guid CompetitionId { get; internal set; }

    [DisplayName("账号")]
    public Guid AccountId { get; internal set; }
}

/// <summary>评分: one judge's score of one contestant; the judge may change it until the event is published.</summary>
[DisplayName("擂台赛评分")]
public sealed class CompetitionScore
{
    public Guid Id { get; internal set; }

    public Guid CompetitionId { get; internal set; }

    public Guid ContestantId { get; internal set; }

    [DisplayName("评委")]
    public Guid JudgeAccountId { get; internal set; }

    [DisplayName("分数")]
    public decimal Points { get; internal set; }

    [DisplayName("评分时间")]
    public DateTimeOffset ScoredAt { get; internal set; }
}
