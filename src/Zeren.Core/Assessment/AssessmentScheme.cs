using System.ComponentModel;
using System.Text.Json;

namespace Zeren.Core.Assessment;

/// <summary>分类考核: which kind of organization a scheme assesses.</summary>
public enum AssessedKind
{
    /// <summary>乡镇（街道）党委: the townships directly under the county.</summary>
    Township,

    /// <summary>县直机关: the topmost agency organizations under the assessing organization.</summary>
    CountyAgency,

    /// <summary>村党组织: the villages (rural organizations directly under a township).</summary>
    Village,
}

/// <summary>What an item of a scheme does to the score.</summary>
public enum ItemType
{
    /// <summary>计分项: up to its points; a group of items (its points are its children's sum) or a leaf.</summary>
    Score,

    /// <summary>加分项: points added (per unit when computed), up to the item's cap and the scheme's bonus cap.</summary>
    Bonus,

    /// <summary>扣分项: points taken off (per unit when computed), up to the item's cap and the scheme's deduction cap.</summary>
    Deduction,

    /// <summary>否决项 (一票否决): when it applies the organization loses its award eligibility and ranks after every other.</summary>
    Veto,
}

/// <summary>One tier of rewards for the top of a ranking: how many places, and the amount per principal cadre (元/人).</summary>
public sealed record RewardTier(string Name, int Size, int Amount);

/// <summary>
/// 考核方案: the indicator scheme an organization (the county, or a township for its villages) assesses one kind of
/// organization with in a year. A tree of <see cref="SchemeItem"/>s; caps on bonus and deduction; how many at the bottom
/// owe rectification and the reward tiers of the top. Frozen (<see cref="FrozenAt"/>) when its first run is published:
/// a published score must keep meaning what it meant.
/// </summary>
[DisplayName("考核方案")]
public sealed class AssessmentScheme
{
    public const int NameMax = 100;
    public const int MaxItems = 100;
    public const int MaxTiers = 10;

    public Guid Id { get; internal set; }

    /// <summary>The assessing organization: the row's scope.</summary>
    [DisplayName("考核单位")]
    public Guid OrgId { get; internal set; }

    [DisplayName("年度")]
    public int Year { get; internal set; }

    [DisplayName("考核对象")]
    public AssessedKind Kind { get; internal set; }

    [DisplayName("方案名称")]
    public string Name { get; internal set; } = "";

    /// <summary>The most bonus points an organization gets in all (null: only the items' caps).</summary>
    [DisplayName("加分上限")]
    public decimal? BonusCap { get; internal set; }

    /// <summary>The most points deducted from an organization in all (null: only the items' caps).</summary>
    [DisplayName("扣分上限")]
    public decimal? DeductionCap { get; internal set; }

    /// <summary>末位: how many at the bottom of a published ranking owe rectification (seed: 3).</summary>
    [DisplayName("末位整改数")]
    public int BottomCount { get; internal set; } = 3;

    /// <summary>The reward tiers, top first, as JSON (<see cref="Tiers"/>).</summary>
    [DisplayName("奖励档次")]
    public string TiersJson { get; internal set; } = "[]";

    /// <summary>When its first run was published: from then on it does not change.</summary>
    [DisplayName("冻结时间")]
    public DateTimeOffset? FrozenAt { get; internal set; }

    public DateTimeOffset CreatedAt { get; internal set; }

    public string CreatedBy { get; internal set; } = "";

    public DateTimeOffset UpdatedAt { get; internal set; }

    public string UpdatedBy { get; internal set; } = "";

    public bool IsFrozen => FrozenAt is not null;

    public IReadOnlyList<RewardTier> Tiers => ParseTiers(TiersJson);

    internal static IReadOnlyList<RewardTier> ParseTiers(string json) =>
        JsonSerializer.Deserialize<List<RewardTier>>(json, TierJson) ?? [];

    internal static string WriteTiers(IReadOnlyList<RewardTier> tiers) => JsonSerializer.Serialize(tiers, TierJson);

    private static readonly JsonSerializerOptions TierJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>
/// 考核指标: one item of a scheme. Computed when <see cref="Source"/> names an <see cref="IAssessmentSource"/>, else scored
/// by hand (with a reason). A score leaf gets <see cref="Points"/> × the source's rate; a computed bonus or deduction
/// <see cref="Points"/> per unit counted, up to <see cref="Cap"/>; a computed veto applies when its count is above zero.
/// </summary>
[DisplayName("考核指标")]
public sealed class SchemeItem
{
    public const int NameMax = 200;
    public const int NoteMax = 1000;
    public const int SourceMax = 60;

    public Guid Id { get; internal set; }

    public Guid SchemeId { get; internal set; }

    /// <summary>The group item it belongs to (a 计分项 with children), or null at the top.</summary>
    [DisplayName("上级指标")]
    public Guid? ParentId { get; internal set; }

    [DisplayName("序号")]
    public int Ordinal { get; internal set; }

    [DisplayName("指标名称")]
    public string Name { get; internal set; } = "";

    [DisplayName("类型")]
    public ItemType Type { get; internal set; }

    /// <summary>The key of the computed source (<c>meetings.compliance</c>), or null when scored by hand.</summary>
    [DisplayName("数据来源")]
    public string? Source { get; internal set; }

    /// <summary>计分项: its full points; computed 加分/扣分: points per unit; by hand: the most one entry may give.</summary>
    [DisplayName("分值")]
    public decimal Points { get; internal set; }

    /// <summary>加分/扣分: the most this item gives or takes.</summary>
    [DisplayName("上限")]
    public decimal? Cap { get; internal set; }

    [DisplayName("评分说明")]
    public string? Note { get; internal set; }
}
