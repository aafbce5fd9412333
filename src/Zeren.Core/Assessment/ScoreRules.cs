namespace Zeren.Core.Assessment;

/// <summary>One organization's standing before ranking: its totals and the tie-rule keys.</summary>
public sealed record Standing(Guid OrgId, string Name, decimal BasePoints, decimal Bonus, decimal Deduction, bool Vetoed, int LateCount,
    DateTimeOffset? LastSubmittedAt)
{
    /// <summary>基础得分 + 加分 − 扣分 (never below zero).</summary>
    public decimal Total => Math.Max(0, BasePoints + Bonus - Deduction);
}

/// <summary>A place in a ranking: the standing, its rank (equal standings share one), its reward tier and amount.</summary>
public sealed record Placed(Standing Standing, int Rank, string? Tier, int? Amount);

/// <summary>
/// The arithmetic of assessment, apart from the database: points of an item, an organization's totals with the caps and
/// the veto, the ranking with its tie rule, and the reward tiers.
/// <para>
/// Tie rule (排名规则): a higher total first; an organization with a veto after every one without; on equal totals,
/// fewer obligations of the period overdue or handed in late first, then the earlier last hand-in (none last). Still
/// equal: the same rank, and the next rank skips (1, 2, 2, 4).
/// </para>
/// </summary>
public static class ScoreRules
{
    /// <summary>Points rounded to two decimals (half away from zero), as shown and stored.</summary>
    public static decimal Round(decimal points) => Math.Round(points, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The points a computed leaf gets from what its source measured: a 计分项 its points × the rate (0–1, clamped); a
    /// 加分/扣分项 its points per unit × the count, up to its cap; a 否决项 none (whether it applies is <see cref="Vetoes"/>).
    /// </summary>
    public static decimal Computed(SchemeItem item, decimal value)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Type switch
        {
            ItemType.Score => Round(item.Points * Math.Clamp(value, 0, 1)),
            ItemType.Bonus or ItemType.Deduction => Round(Capped(item.Points * Math.Max(0, value), item.Cap)),
            _ => 0,
        };
    }

    /// <summary>A veto applies when its value (a count, or 1 entered by hand) is above zero.</summary>
    public static bool Vetoes(SchemeItem item, decimal? value) => item.Type == ItemType.Veto && value is > 0;

    private static decimal Capped(decimal points, decimal? cap) => cap is { } c ? Math.Min(points, c) : points;

    /// <summary>
    /// An organization's totals from its entries on the leaf items: 计分项 summed; 加分 and 扣分 each capped per item and
    /// then by the scheme's caps; vetoed when any veto applies.
    /// </summary>
    public static (decimal Base, decimal Bonus, decimal Deduction, bool Vetoed) Totals(AssessmentScheme scheme, IReadOnlyList<SchemeItem> items,
        IEnumerable<(Guid ItemId, decimal? Value, decimal Points)> entries)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var byId = items.ToDictionary(i => i.Id);
        decimal @base = 0, bonus = 0, deduction = 0;
        var vetoed = false;
        foreach (var (itemId, value, points) in entries)
        {
            if (!byId.TryGetValue(itemId, out var item))
            {
                continue;
            }
            switch (item.Type)
            {
                case ItemType.Score:
                    @base += Math.Min(points, item.Points);
                    break;
                case ItemType.Bonus:
                    bonus += Capped(points, item.Cap);
                    break;
                case ItemType.Deduction:
                    deduction += Capped(points, item.Cap);
                    break;
                case ItemType.Veto:
                    vetoed |= Vetoes(item, value);
                    break;
            }
        }
        return (Round(@base), Round(Capped(bonus, scheme.BonusCap)), Round(Capped(deduction, scheme.DeductionCap)), vetoed);
    }

    /// <summary>Orders the standings by the tie rule, gives ranks, and hands out the tiers to those without a veto, top down.</summary>
    public static IReadOnlyList<Placed> Rank(IEnumerable<Standing> standings, IReadOnlyList<RewardTier> tiers)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(tiers);
        var ordered = standings.OrderBy(Key, KeyComparer.Instance).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var placed = new List<Placed>(ordered.Count);
        // Tier places are handed out by rank: an organization tied with the last of a tier is in it too.
        var tierEnds = new List<(int LastPlace, RewardTier Tier)>();
        var end = 0;
        foreach (var tier in tiers)
        {
            end += tier.Size;
            tierEnds.Add((end, tier));
        }
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && KeyComparer.Instance.Compare(Key(ordered[i]), Key(ordered[i - 1])) == 0 ? placed[i - 1].Rank : i + 1;
            var tier = ordered[i].Vetoed ? null : tierEnds.FirstOrDefault(t => rank <= t.LastPlace).Tier;
            placed.Add(new Placed(ordered[i], rank, tier?.Name, tier?.Amount));
        }
        return placed;
    }

    /// <summary>The bottom <paramref name="count"/> places (by rank, so ties at the edge are all in), worst last.</summary>
    public static IReadOnlyList<Placed> Bottom(IReadOnlyList<Placed> ranking, int count)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        if (count <= 0 || ranking.Count == 0)
        {
            return [];
        }
        var edge = ranking[Math.Max(0, ranking.Count - count)].Rank;
        return ranking.Where(p => p.Rank >= edge).ToList();
    }

    /// <summary>
    /// 去掉最高分和最低分: the mean of the scores after dropping the <paramref name="trim"/> highest and lowest; when too
    /// few remain, the mean of them all. Null when there is none.
    /// </summary>
    public static decimal? TrimmedMean(IReadOnlyCollection<decimal> scores, int trim = 1)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            return null;
        }
        var sorted = scores.Order().ToList();
        var kept = trim > 0 && sorted.Count > 2 * trim ? sorted.Skip(trim).Take(sorted.Count - 2 * trim).ToList() : sorted;
        return Round(kept.Sum() / kept.Count);
    }

    private static (bool Vetoed, decimal Total, int Late, DateTimeOffset? Last) Key(Standing s) => (s.Vetoed, s.Total, s.LateCount, s.LastSubmittedAt);

    private sealed class KeyComparer : IComparer<(bool Vetoed, decimal Total, int Late, DateTimeOffset? Last)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((bool Vetoed, decimal Total, int Late, DateTimeOffset? Last) x, (bool Vetoed, decimal Total, int Late, DateTimeOffset? Last) y)
        {
            var c = x.Vetoed.CompareTo(y.Vetoed);
            if (c != 0)
            {
                return c;
            }
            c = y.Total.CompareTo(x.Total);
            if (c != 0)
            {
                return c;
            }
            c = x.Late.CompareTo(y.Late);
            if (c != 0)
            {
                return c;
            }
            return (x.Last, y.Last) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (a, b) => a.Value.CompareTo(b.Value),
            };
        }
    }
}
