using System.Globalization;
using Zeren.Core.Assessment;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Pages.Assessment;

/// <summary>The new scheme form (新建考核方案): its name, year, kind, and the assessing organization when the account is bound to none.</summary>
public sealed class SchemeForm
{
    public string? Name { get; set; }
    public int? Year { get; set; }
    public AssessedKind Kind { get; set; }
    public Guid? OrgId { get; set; }
}

/// <summary>The add-item form of the scheme page.</summary>
public sealed class ItemForm
{
    public string? Name { get; set; }
    public ItemType Type { get; set; }
    public string? Source { get; set; }
    public decimal? Points { get; set; }
    public decimal? Cap { get; set; }
    public Guid? ParentId { get; set; }
    public string? Note { get; set; }

    public ItemInput Input => new(Name ?? "", Type, Source, Points ?? 0, Cap, Note);
}

/// <summary>The settings form of the scheme page: caps, bottom places, tiers written as 一等奖:10:6000, one per line.</summary>
public sealed class SettingsForm
{
    public decimal? BonusCap { get; set; }
    public decimal? DeductionCap { get; set; }
    public int? BottomCount { get; set; }
    public string? Tiers { get; set; }

    public static string Write(IReadOnlyList<RewardTier> tiers) =>
        string.Join("\n", tiers.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name}:{t.Size}:{t.Amount}")));

    /// <summary>The tiers of the text, or a refusal naming the line.</summary>
    public IReadOnlyList<RewardTier> ParseTiers()
    {
        var tiers = new List<RewardTier>();
        var lines = (Tiers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Replace('：', ':').Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                throw new DomainException("tiers_format", $"奖励档次第 {i + 1} 行格式不正确：应为“名称:名额:金额”，如“一等奖:10:6000”。", "tiers");
            }
            tiers.Add(new RewardTier(parts[0], size, amount));
        }
        return tiers;
    }
}

/// <summary>Forms that take one line: a period to score, a removal's or a correction's reason.</summary>
public sealed class LineForm
{
    public string? Text { get; set; }
    public Guid? ItemId { get; set; }
}

/// <summary>The manual score form of the run page.</summary>
public sealed class ScoreForm
{
    public Guid? OrgId { get; set; }
    public Guid? ItemId { get; set; }
    public decimal? Value { get; set; }
    public string? Reason { get; set; }

    public ManualScoreInput Input => new(OrgId ?? Guid.Empty, ItemId ?? Guid.Empty, Value ?? -1, Reason ?? "");
}

/// <summary>The star bands form (星级分档): one band a line, 星级:下限:上限, from the lowest score up (1:0:60 … 5:90:100).</summary>
public sealed class BandsForm
{
    public string? Bands { get; set; }

    public static string Write(IReadOnlyList<StarBand> bands) =>
        string.Join("\n", bands.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Stars}:{b.Min:0.##}:{b.Max:0.##}")));

    /// <summary>The bands of the text, or a refusal naming the line.</summary>
    public IReadOnlyList<StarBand> Parse()
    {
        var bands = new List<StarBand>();
        var lines = (Bands ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Replace('：', ':').Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var stars)
                || !decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var min)
                || !decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var max))
            {
                throw new DomainException("bands_format", $"星级分档第 {i + 1} 行格式不正确：应为“星级:下限:上限”，如“5:90:100”。", "bands");
            }
            bands.Add(new StarBand(stars, min, max));
        }
        return bands;
    }
}

/// <summary>The rate form of the stars page: the published village run to rate by.</summary>
public sealed class RateForm
{
    public Guid? RunId { get; set; }
}

/// <summary>How a run is named on its pages: the scheme's name, and its period unless the name already begins with it
/// (“2025年度…考核” for the year 2025; “2026年度…考核（2026年第一季度）” for a quarter).</summary>
public static class RunTitles
{
    public static string Of(string periodLabel, string schemeName) =>
        schemeName.StartsWith(periodLabel, StringComparison.Ordinal) ? schemeName : $"{schemeName}（{periodLabel}）";
}
