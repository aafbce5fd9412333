using Zeren.Core.Platform;

namespace Zeren.Core.Inspections;

/// <summary>
/// The department's rules for one draw (抽样规则): how many villages, how many grids in each, the cycle in weeks within
/// which every township is to be covered, the weeks a visited village is left out, and the preferred weekday (周二无会日).
/// </summary>
public sealed record SamplingRules(int Villages, int GridsPerVillage, int CycleWeeks, int ExcludeWeeks, DayOfWeek PreferredWeekday)
{
    public const int MaxVillages = 50;
    public const int MaxGrids = 10;
    public const int MaxWeeks = 52;

    public static SamplingRules Default { get; } = new(4, 2, 4, 8, DayOfWeek.Tuesday);
}

/// <summary>A village that may be drawn: its township (the stratum), when it was last visited, and its grids.</summary>
public sealed record SampleCandidate(Guid VillageId, Guid TownshipId, DateOnly? LastVisitedOn, IReadOnlyList<Guid> GridIds);

/// <summary>A township (stratum) and when any of its villages was last visited.</summary>
public sealed record SampleStratum(Guid TownshipId, DateOnly? LastVisitedOn);

/// <summary>
/// Everything a draw reads, stored with the plan: the rules, the visit date, the seed, the townships and the villages as
/// they stood when it was drawn. Drawing again from it gives the same sample (<see cref="Sampler.Draw"/> reads nothing else).
/// </summary>
public sealed record SampleInput(SamplingRules Rules, DateOnly VisitOn, long Seed, IReadOnlyList<SampleStratum> Strata,
    IReadOnlyList<SampleCandidate> Candidates);

/// <summary>One drawn village and the grids drawn in it, in the order drawn.</summary>
public sealed record SampledVillage(Guid VillageId, Guid TownshipId, IReadOnlyList<Guid> GridIds);

/// <summary>
/// 随机抽样: draws the villages (and grids within them) for an unannounced inspection, random but reproducible.
/// <list type="bullet">
/// <item>villages visited within <see cref="SamplingRules.ExcludeWeeks"/> weeks before the visit are left out;</item>
/// <item>townships are the strata: those with no visit within the cycle (<see cref="SamplingRules.CycleWeeks"/>) come
/// first, longest unvisited first, then the others in a random order; one village is drawn from each in turn, round after
/// round, until the number is reached (so a township gets a second village only when every township has one);</item>
/// <item>no village twice; grids drawn at random within each village.</item>
/// </list>
/// The randomness is SplitMix64 on the stored seed (not <see cref="Random"/>, whose sequence a runtime may change), over
/// inputs sorted by id, so the same seed and inputs give the same sample on any machine and version.
/// </summary>
public static class Sampler
{
    /// <summary>Checks the rules against the inputs, every fault at once; then draws.</summary>
    public static IReadOnlyList<SampledVillage> Draw(SampleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rules = input.Rules;
        var problems = new Problems();
        Require(problems, rules.Villages is >= 1 and <= SamplingRules.MaxVillages, "rules.villages", "sample_villages", $"抽取村数须在 1 至 {SamplingRules.MaxVillages} 之间。");
        Require(problems, rules.GridsPerVillage is >= 0 and <= SamplingRules.MaxGrids, "rules.gridsPerVillage", "sample_grids", $"每村抽取网格数须在 0 至 {SamplingRules.MaxGrids} 之间。");
        Require(problems, rules.CycleWeeks is >= 1 and <= SamplingRules.MaxWeeks, "rules.cycleWeeks", "sample_cycle", $"覆盖周期须在 1 至 {SamplingRules.MaxWeeks} 周之间。");
        Require(problems, rules.ExcludeWeeks is >= 0 and <= SamplingRules.MaxWeeks, "rules.excludeWeeks", "sample_exclude", $"排除近期已访村的周数须在 0 至 {SamplingRules.MaxWeeks} 周之间。");
        problems.ThrowIfAny();

        var excludeFrom = input.VisitOn.AddDays(-7 * rules.ExcludeWeeks);
        var eligible = input.Candidates
            .Where(c => rules.ExcludeWeeks == 0 || c.LastVisitedOn is not { } last || last < excludeFrom)
            .DistinctBy(c => c.VillageId)
            .OrderBy(c => c.VillageId.ToString("N"), StringComparer.Ordinal)
            .ToList();
        Require(problems, rules.Villages <= eligible.Count, "rules.villages", "sample_too_many", $"可抽取的村只有 {eligible.Count} 个（已排除近 {rules.ExcludeWeeks} 周内暗访过的村），不能抽取 {rules.Villages} 个。");
        var townships = input.Strata.Select(s => s.TownshipId).Distinct().Count();
        Require(problems, rules.Villages * rules.CycleWeeks >= townships, "rules.cycleWeeks", "sample_cycle_short", $"每次抽取 {rules.Villages} 个村、{rules.CycleWeeks} 周一轮，覆盖不了全部 {townships} 个乡镇；请增加抽取村数或延长覆盖周期。");
        problems.ThrowIfAny();

        var random = new SplitMix64(input.Seed);
        var lastVisit = input.Strata.GroupBy(s => s.TownshipId).ToDictionary(g => g.Key, g => g.Max(s => s.LastVisitedOn));
        var byTownship = eligible.GroupBy(c => c.TownshipId).ToDictionary(g => g.Key, g => g.ToList());
        // Every township's place in the order: a random key first (the tie-break), then the rule.
        var keyed = byTownship.Keys.OrderBy(t => t.ToString("N"), StringComparer.Ordinal)
            .Select(t => (Township: t, Key: random.Next(), Last: lastVisit.GetValueOrDefault(t)))
            .ToList();
        // The longest unvisited township first (never visited: first of all), ties in the seeded random order: each draw takes
        // the townships that waited longest, so n villages a week reach every township within ceil(townships / n) weeks.
        var order = keyed
            .OrderBy(t => t.Last?.DayNumber ?? -1)
            .ThenBy(t => t.Key)
            .Select(t => t.Township)
            .ToList();

        var drawn = new List<SampledVillage>();
        while (drawn.Count < rules.Villages)
        {
            var progressed = false;
            foreach (var township in order)
            {
                if (drawn.Count == rules.Villages)
                {
                    break;
                }
                var pool = byTownship[township];
                if (pool.Count == 0)
                {
                    continue;
                }
                var village = pool[random.Below(pool.Count)];
                pool.Remove(village);
                var grids = village.GridIds.Distinct().OrderBy(g => g.ToString("N"), StringComparer.Ordinal).ToList();
                var pickedGrids = new List<Guid>();
                while (pickedGrids.Count < rules.GridsPerVillage && grids.Count > 0)
                {
                    var g = grids[random.Below(grids.Count)];
                    grids.Remove(g);
                    pickedGrids.Add(g);
                }
                drawn.Add(new SampledVillage(village.VillageId, township, pickedGrids));
                progressed = true;
            }
            if (!progressed)
            {
                break;
            }
        }
        return drawn;
    }

    private static void Require(Problems problems, bool ok, string field, string code, string message)
    {
        if (!ok)
        {
            problems.Add(code, message, field);
        }
    }

    /// <summary>The first day on <paramref name="weekday"/> after <paramref name="today"/> (the next 周二 for Tuesday).</summary>
    public static DateOnly NextWeekday(DateOnly today, DayOfWeek weekday)
    {
        var days = ((int)weekday - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(days == 0 ? 7 : days);
    }

    /// <summary>A new seed from the system's random source (stored with the plan, so the draw can be repeated).</summary>
    public static int NewSeed() => System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
}

/// <summary>SplitMix64: a small, fixed pseudo-random sequence; the same seed gives the same numbers everywhere.</summary>
internal sealed class SplitMix64(long seed)
{
    private ulong state = unchecked((ulong)seed);

    public ulong Next()
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A number in [0, n), without modulo bias.</summary>
    public int Below(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var bound = (ulong)n;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong x;
        do
        {
            x = Next();
        }
        while (x >= limit);
        return (int)(x % bound);
    }
}
