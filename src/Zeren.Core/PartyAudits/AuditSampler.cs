using Zeren.Core.Inspections;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.PartyAudits;

/// <summary>
/// How many branches of each kind a round draws under every audited unit: a number between the least and the most,
/// drawn per unit and kind (seed 002: 机关支部 1–2, 村、社区、两新 2–3).
/// </summary>
public sealed record AuditSamplingRules(int AgencyMin, int AgencyMax, int GrassrootsMin, int GrassrootsMax)
{
    public const int MaxPerKind = 20;

    public static AuditSamplingRules Default { get; } = new(1, 2, 2, 3);
}

/// <summary>A branch that may be drawn under a unit, and its kind.</summary>
public sealed record AuditCandidate(Guid BranchId, AuditBranchKind Kind);

/// <summary>An audited unit (by its organization) as it stood when drawn: its name (for messages) and its branches.</summary>
public sealed record AuditUnitCandidates(Guid UnitId, string Name, IReadOnlyList<AuditCandidate> Branches);

/// <summary>Everything a draw reads, stored with the round: drawing again from it gives the same sample.</summary>
public sealed record AuditSampleInput(AuditSamplingRules Rules, long Seed, IReadOnlyList<AuditUnitCandidates> Units);

/// <summary>One drawn branch under a unit (the unit's organization).</summary>
public sealed record AuditDrawnBranch(Guid UnitId, Guid BranchId, AuditBranchKind Kind);

/// <summary>
/// 随机抽取被审计支部: under every audited unit, a number of branches of each kind between the rule's least and most,
/// at random, without repeats. Random but reproducible, the same way as the inspections' <see cref="Sampler"/>:
/// SplitMix64 on the stored seed over inputs sorted by id, so the same seed and inputs give the same sample on any
/// machine. A unit with fewer branches of a kind than the least asked is refused (422, every such unit named at once);
/// when it has fewer than the number drawn for it, it gives all it has (never fewer than the least).
/// </summary>
public static class AuditSampler
{
    /// <summary>The kind of branch an organization of <paramref name="domain"/> counts as, or null when a round does not sample it.</summary>
    public static AuditBranchKind? KindOf(OrgDomain domain) => domain switch
    {
        OrgDomain.Agency or OrgDomain.PublicInstitution or OrgDomain.School or OrgDomain.Hospital => AuditBranchKind.Agency,
        OrgDomain.Rural or OrgDomain.Community or OrgDomain.NewEconomic => AuditBranchKind.Grassroots,
        _ => null,
    };

    /// <summary>Checks the rules (every fault at once).</summary>
    public static void CheckRules(AuditSamplingRules rules, Problems problems, string prefix = "rules.")
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(problems);
        void Range(int min, int max, string field, string label)
        {
            if (min < 0 || min > AuditSamplingRules.MaxPerKind)
            {
                problems.Add("audit_sample_range", $"{label}最少抽取数须在 0 至 {AuditSamplingRules.MaxPerKind} 之间。", prefix + field + "Min");
            }
            if (max < 0 || max > AuditSamplingRules.MaxPerKind)
            {
                problems.Add("audit_sample_range", $"{label}最多抽取数须在 0 至 {AuditSamplingRules.MaxPerKind} 之间。", prefix + field + "Max");
            }
            else if (max < min)
            {
                problems.Add("audit_sample_range", $"{label}最多抽取数不能少于最少抽取数。", prefix + field + "Max");
            }
        }
        Range(rules.AgencyMin, rules.AgencyMax, "agency", "机关支部");
        Range(rules.GrassrootsMin, rules.GrassrootsMax, "grassroots", "村、社区、两新支部");
        if (rules.AgencyMax == 0 && rules.GrassrootsMax == 0)
        {
            problems.Add("audit_sample_empty", "每个被审计单位至少要抽取一个支部。", prefix + "grassrootsMax");
        }
    }

    public static string Label(AuditBranchKind kind) => kind == AuditBranchKind.Agency ? "机关支部" : "村、社区、两新支部";

    /// <summary>Checks the rules and every unit's branches, every fault at once; then draws.</summary>
    public static IReadOnlyList<AuditDrawnBranch> Draw(AuditSampleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rules = input.Rules;
        var problems = new Problems();
        CheckRules(rules, problems);
        problems.ThrowIfAny();

        var units = input.Units.DistinctBy(u => u.UnitId).OrderBy(u => u.UnitId.ToString("N"), StringComparer.Ordinal).ToList();
        var pools = new Dictionary<(Guid, AuditBranchKind), List<Guid>>();
        foreach (var unit in units)
        {
            foreach (var kind in new[] { AuditBranchKind.Agency, AuditBranchKind.Grassroots })
            {
                var pool = unit.Branches.Where(b => b.Kind == kind).Select(b => b.BranchId).Distinct()
                    .OrderBy(b => b.ToString("N"), StringComparer.Ordinal).ToList();
                var min = kind == AuditBranchKind.Agency ? rules.AgencyMin : rules.GrassrootsMin;
                if (pool.Count < min)
                {
                    problems.Add("audit_too_few_branches",
                        $"{unit.Name}只有 {pool.Count} 个{Label(kind)}，少于要求抽取的 {min} 个。", "units");
                }
                pools[(unit.UnitId, kind)] = pool;
            }
        }
        problems.ThrowIfAny();

        var random = new SplitMix64(input.Seed);
        var drawn = new List<AuditDrawnBranch>();
        foreach (var unit in units)
        {
            foreach (var kind in new[] { AuditBranchKind.Agency, AuditBranchKind.Grassroots })
            {
                var (min, max) = kind == AuditBranchKind.Agency ? (rules.AgencyMin, rules.AgencyMax) : (rules.GrassrootsMin, rules.GrassrootsMax);
                var pool = pools[(unit.UnitId, kind)];
                // The number for this unit and kind: between the least and the most, but never more than it has.
                var count = min + random.Below(max - min + 1);
                count = Math.Min(count, pool.Count);
                for (var i = 0; i < count; i++)
                {
                    var branch = pool[random.Below(pool.Count)];
                    pool.Remove(branch);
                    drawn.Add(new AuditDrawnBranch(unit.UnitId, branch, kind));
                }
            }
        }
        return drawn;
    }

    /// <summary>A new seed from the system's random source (stored with the round, so the draw can be repeated).</summary>
    public static long NewSeed() => Sampler.NewSeed();
}
