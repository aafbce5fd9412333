using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Zeren.Core.Platform;

namespace Zeren.Core.Assessment;

/// <summary>
/// One star band (星级分档): a score from <see cref="Min"/> (inclusive) to <see cref="Max"/> (exclusive; the top band
/// includes 100) gives <see cref="Stars"/>.
/// </summary>
public sealed record StarBand(int Stars, decimal Min, decimal Max);

/// <summary>The rules of star bands: the default set, the checks (ordered, no gap, no overlap, 0–100 covered), the stars of a score.</summary>
public static class StarBands
{
    /// <summary>Two stars or fewer: on the 动态清零 list, owed to rise by the year's end.</summary>
    public const int LowStars = 2;

    /// <summary>≥90 five stars, 80–90 four, 70–80 three, 60–70 two, below 60 one.</summary>
    public static readonly IReadOnlyList<StarBand> Default =
    [
        new(1, 0, 60), new(2, 60, 70), new(3, 70, 80), new(4, 80, 90), new(5, 90, 100),
    ];

    /// <summary>
    /// Every fault of a set of bands at once: 1–5 bands given from the lowest score up, each 1–5 stars and more than
    /// the one below, the first from 0, each next one from where the one below ends, the last up to 100.
    /// </summary>
    public static void Check(IReadOnlyList<StarBand>? bands, Problems problems, string field = "bands")
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (bands is null || bands.Count is < 1 or > 5)
        {
            problems.Add("star_bands_count", "星级分档应有 1—5 档，按分数从低到高排列。", field);
            return;
        }
        for (var i = 0; i < bands.Count; i++)
        {
            var b = bands[i];
            var f = $"{field}[{i}].";
            if (b.Stars is < 1 or > 5)
            {
                problems.Add("star_band_stars", "星级应为 1—5 星。", f + "stars");
            }
            else if (i > 0 && b.Stars <= bands[i - 1].Stars)
            {
                problems.Add("star_band_order", "分数高的一档星级应更高：请按分数从低到高排列。", f + "stars");
            }
            if (b.Min >= b.Max)
            {
                problems.Add("star_band_range", $"第 {i + 1} 档的下限应小于上限。", f + "max");
            }
            if (i == 0 && b.Min != 0)
            {
                problems.Add("star_band_start", "最低一档应从 0 分起。", f + "min");
            }
            if (i > 0 && b.Min != bands[i - 1].Max)
            {
                problems.Add(b.Min > bands[i - 1].Max ? "star_band_gap" : "star_band_overlap",
                    b.Min > bands[i - 1].Max
                        ? $"第 {i} 档与第 {i + 1} 档之间有空档（{Num(bands[i - 1].Max)}—{Num(b.Min)} 分）：每一档应从下一档的上限起。"
                        : $"第 {i + 1} 档与第 {i} 档重叠：每一档应从下一档的上限起。", f + "min");
            }
            if (i == bands.Count - 1 && b.Max != 100)
            {
                problems.Add("star_band_end", "最高一档应到 100 分。", f + "max");
            }
        }
    }

    /// <summary>The stars of a score; above 100 (bonus points) counts in the top band, below 0 in the lowest; a veto gives one star.</summary>
    public static int StarsOf(IReadOnlyList<StarBand> bands, decimal score, bool vetoed)
    {
        ArgumentNullException.ThrowIfNull(bands);
        if (vetoed)
        {
            return 1;
        }
        for (var i = bands.Count - 1; i > 0; i--)
        {
            if (score >= bands[i].Min)
            {
                return bands[i].Stars;
            }
        }
        return bands[0].Stars;
    }

    public static string Describe(IReadOnlyList<StarBand> bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        return string.Join("；", bands.Reverse().Select((b, i) => i == 0
            ? $"{Num(b.Min)} 分及以上 {b.Stars} 星"
            : $"{Num(b.Min)}—{Num(b.Max)} 分 {b.Stars} 星"));
    }

    private static string Num(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    internal static IReadOnlyList<StarBand> Parse(string json) => JsonSerializer.Deserialize<List<StarBand>>(json, Json) ?? [];

    internal static string Write(IReadOnlyList<StarBand> bands) => JsonSerializer.Serialize(bands, Json);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>星级分档: the bands an assessing organization rates its branches by in a year (without one: <see cref="StarBands.Default"/>).</summary>
[DisplayName("星级分档")]
public sealed class StarBandSet
{
    public Guid Id { get; internal set; }

    /// <summary>The assessing organization (the county, or a township for its villages): the row's scope.</summary>
    [DisplayName("考核单位")]
    public Guid OrgId { get; internal set; }

    [DisplayName("年度")]
    public int Year { get; internal set; }

    [DisplayName("分档")]
    public string BandsJson { get; internal set; } = "[]";

    public DateTimeOffset UpdatedAt { get; internal set; }

    public string UpdatedBy { get; internal set; } = "";

    public IReadOnlyList<StarBand> Bands => StarBands.Parse(BandsJson);
}

/// <summary>
/// 星级评定: one rating of an assessing organization's village branches from a published scoring run of a village
/// scheme, by the year's bands (copied here, so a rating keeps meaning what it meant). The first rating of a year is
/// the start of its 动态清零 list, the latest is where it stands now.
/// </summary>
[DisplayName("星级评定")]
public sealed class StarRating
{
    public Guid Id { get; internal set; }

    [DisplayName("考核单位")]
    public Guid OrgId { get; internal set; }

    [DisplayName("年度")]
    public int Year { get; internal set; }

    /// <summary>The published run the scores come from.</summary>
    [DisplayName("考核评分")]
    public Guid RunId { get; internal set; }

    [DisplayName("分档")]
    public string BandsJson { get; internal set; } = "[]";

    [DisplayName("评定时间")]
    public DateTimeOffset RatedAt { get; internal set; }

    [DisplayName("评定人")]
    public string RatedBy { get; internal set; } = "";

    public IReadOnlyList<StarBand> Bands => StarBands.Parse(BandsJson);
}

/// <summary>
/// 星级: the stars one branch got in one rating. Scoped by the branch (its own accounts see its history); the year and
/// time are kept with it so the history reads without the rating.
/// </summary>
[DisplayName("支部星级")]
public sealed class StarRatingEntry
{
    public Guid Id { get; internal set; }

    public Guid RatingId { get; internal set; }

    [DisplayName("党组织")]
    public Guid OrgId { get; internal set; }

    [DisplayName("年度")]
    public int Year { get; internal set; }

    [DisplayName("评定时间")]
    public DateTimeOffset RatedAt { get; internal set; }

    [DisplayName("考核得分")]
    public decimal Score { get; internal set; }

    [DisplayName("一票否决")]
    public bool Vetoed { get; internal set; }

    [DisplayName("星级")]
    public int Stars { get; internal set; }
}
