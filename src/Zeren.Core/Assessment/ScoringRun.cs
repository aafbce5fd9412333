using System.ComponentModel;

namespace Zeren.Core.Assessment;

/// <summary>Where a scoring run stands.</summary>
public enum RunState
{
    /// <summary>预览: computed, manual items being entered; may be recomputed.</summary>
    Draft,

    /// <summary>已发布: immutable; a correction is a new run.</summary>
    Published,
}

/// <summary>
/// 考核评分: one scoring of a scheme for a period. Computed items are measured from the data when the run is computed
/// (again on each recompute while it is a draft); scorers enter manual items; then it is published, immutable from then
/// on. A correction is a new run for the same scheme and period, with its reason (<see cref="CorrectsRunId"/>); the
/// ranking of a period is its latest published run.
/// </summary>
[DisplayName("考核评分")]
public sealed class ScoringRun
{
    public const int PeriodMax = 10;
    public const int ReasonMax = 200;

    public Guid Id { get; internal set; }

    public Guid SchemeId { get; internal set; }

    /// <summary>The assessing organization (the scheme's): the row's scope.</summary>
    [DisplayName("考核单位")]
    public Guid OrgId { get; internal set; }

    /// <summary>The period scored: <c>2026</c>, <c>2026-H2</c>, <c>2026-Q4</c>, <c>2026-11</c>.</summary>
    [DisplayName("考核期间")]
    public string Period { get; internal set; } = "";

    /// <summary>1 for the first run of the scheme and period, then 2, 3… for corrections.</summary>
    [DisplayName("版本")]
    public int Version { get; internal set; }

    [DisplayName("状态")]
    public RunState State { get; internal set; }

    /// <summary>The published run this one corrects.</summary>
    [DisplayName("更正")]
    public Guid? CorrectsRunId { get; internal set; }

    /// <summary>Why it corrects that run.</summary>
    [DisplayName("更正原因")]
    public string? Reason { get; internal set; }

    [DisplayName("计算时间")]
    public DateTimeOffset ComputedAt { get; internal set; }

    [DisplayName("发布时间")]
    public DateTimeOffset? PublishedAt { get; internal set; }

    [DisplayName("发布人")]
    public string? PublishedBy { get; internal set; }

    public DateTimeOffset CreatedAt { get; internal set; }

    public string CreatedBy { get; internal set; } = "";

    public DateTimeOffset UpdatedAt { get; internal set; }

    public string UpdatedBy { get; internal set; } = "";
}

/// <summary>得分明细: the points one organization got on one leaf item of a run, with the data behind them.</summary>
[DisplayName("得分明细")]
public sealed class RunEntry
{
    public const int DataMax = 400;
    public const int ReasonMax = 1000;

    public Guid Id { get; internal set; }

    public Guid RunId { get; internal set; }

    [DisplayName("被考核单位")]
    public Guid OrgId { get; internal set; }

    public Guid ItemId { get; internal set; }

    /// <summary>What the source measured (a rate 0–1 or a count), or what the scorer entered; null: not yet entered.</summary>
    [DisplayName("测算值")]
    public decimal? Value { get; internal set; }

    [DisplayName("得分")]
    public decimal Points { get; internal set; }

    /// <summary>Which data, in words: 应开 12 次、已开 10 次.</summary>
    [DisplayName("依据")]
    public string? Data { get; internal set; }

    [DisplayName("人工评分")]
    public bool Manual { get; internal set; }

    /// <summary>The scorer's reason (manual items).</summary>
    [DisplayName("评分理由")]
    public string? Reason { get; internal set; }

    public DateTimeOffset UpdatedAt { get; internal set; }

    public string UpdatedBy { get; internal set; } = "";
}

/// <summary>
/// 考核结果: one organization's total in a run, its place and its reward, as computed when the run was last computed or
/// scored; the tie-rule keys are kept so the ranking can be explained.
/// </summary>
[DisplayName("考核结果")]
public sealed class RunResult
{
    public Guid Id { get; internal set; }

    public Guid RunId { get; internal set; }

    [DisplayName("被考核单位")]
    public Guid OrgId { get; internal set; }

    [DisplayName("基础得分")]
    public decimal BasePoints { get; internal set; }

    [DisplayName("加分")]
    public decimal Bonus { get; internal set; }

    [DisplayName("扣分")]
    public decimal Deduction { get; internal set; }

    [DisplayName("总分")]
    public decimal Total { get; internal set; }

    [DisplayName("一票否决")]
    public bool Vetoed { get; internal set; }

    /// <summary>Tie rule, first key: obligations of the period overdue or handed in late (fewer first).</summary>
    [DisplayName("逾期事项数")]
    public int LateCount { get; internal set; }

    /// <summary>Tie rule, second key: when its last obligation of the period was handed in (earlier first; none: last).</summary>
    [DisplayName("最后报送时间")]
    public DateTimeOffset? LastSubmittedAt { get; internal set; }

    [DisplayName("名次")]
    public int Rank { get; internal set; }

    [DisplayName("奖励档次")]
    public string? Tier { get; internal set; }

    /// <summary>元/人.</summary>
    [DisplayName("奖励金额")]
    public int? Amount { get; internal set; }
}
