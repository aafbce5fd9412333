using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>How a branch stands on one requirement in one period.</summary>
public enum ComplianceStatus
{
    NotDue = 0,     // 不考核: no requirement in this period (or not yet begun)
    Met = 1,        // 达标
    Late = 2,       // 已开未按时: met only with meetings outside the expected quarter
    Pending = 3,    // 进行中: the period is still running and the minimum is not yet reached
    Missing = 4,    // 缺项
}

/// <summary>
/// One branch, one meeting type, one period. <see cref="Required"/> counts only the parts of the period that have
/// begun; <see cref="Missing"/> is the shortfall in parts that have ended, <see cref="Pending"/> in the part still
/// running. <see cref="Held"/> counts meetings that count; <see cref="NotCounted"/> those recorded that do not
/// (a 党员大会 below quorum). <see cref="Late"/> counts meetings held outside the rule's expected quarter.
/// </summary>
public sealed record ComplianceCell(
    MeetingType Type, int Required, int Held, int NotCounted, int Missing, int Pending, int Late, ComplianceStatus Status,
    PeriodKind? Per = null);

/// <summary>A branch as the engine needs it, and the name of its parent where the reader may see it (for the reports' rows).</summary>
public sealed record BranchInfo(Guid Id, string Code, string Name, OrgDomain Domain, bool HasGroups, Guid? ParentId, string Path, string? ParentName = null);

/// <summary>A 党员领导干部 of a branch (its secretary, deputy secretary or first secretary).</summary>
public sealed record BranchLeader(Guid PersonId, string Name, PositionTitle Title);

/// <summary>
/// Meetings of one branch as counted in the database: by month (yyyymm) and type, those that count and those that
/// do not; and 党课 by lecturer and month.
/// </summary>
public sealed class BranchCounts
{
    public Dictionary<(int Month, MeetingType Type), (int Counted, int NotCounted)> ByMonth { get; } = [];
    public Dictionary<(Guid Lecturer, int Month), int> Lectures { get; } = [];

    public static int Key(DateOnly day) => (day.Year * 100) + day.Month;

    public static int Key(int year, int month) => (year * 100) + month;

    public (int Counted, int NotCounted) In(Period p, MeetingType type)
    {
        int counted = 0, notCounted = 0;
        foreach (var m in p.Units(PeriodKind.Month))
        {
            if (ByMonth.TryGetValue((Key(m.Year, m.Index), type), out var c))
            {
                counted += c.Counted;
                notCounted += c.NotCounted;
            }
        }
        return (counted, notCounted);
    }

    public int LecturesBy(Guid person, Period p) =>
        p.Units(PeriodKind.Month).Sum(m => Lectures.TryGetValue((person, Key(m.Year, m.Index)), out var n) ? n : 0);
}

/// <summary>
/// The cadence arithmetic, pure: how a branch stands on each meeting type in a period, given the rules, its counts,
/// its leaders and today. The rules of the org's domain (or every domain) are applied per part of the period, each
/// part by the rule in force on its first day:
/// <list type="bullet">
/// <item>a rule per month or quarter judged over a longer period is judged in each month or quarter (a year needs
/// 12 monthly study meetings, not 12 in one month): the shortfall is summed over the parts;</item>
/// <item>a rule per period longer than the one asked is not judged there (a yearly 组织生活会 is not missing in
/// March), except a yearly rule with an expected quarter, which is judged in that quarter;</item>
/// <item>parts that begin after today are not due; the shortfall of the part still running is pending, not missing;</item>
/// <item>党小组会 is required only of branches that have 党小组;</item>
/// <item>a per-leader rule (党课) is owed by each leader of the branch; a branch with no leader on record owes it once.</item>
/// </list>
/// </summary>
public static class ComplianceEngine
{
    public static IReadOnlyList<ComplianceCell> Evaluate(
        BranchInfo branch, Period period, IReadOnlyList<MeetingCadence> rules, BranchCounts counts,
        IReadOnlyList<BranchLeader> leaders, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var cells = new List<ComplianceCell>(8);
        foreach (var type in Enum.GetValues<MeetingType>())
        {
            cells.Add(Evaluate(branch, period, type, rules, counts, leaders, today));
        }
        return cells;
    }

    public static ComplianceCell Evaluate(
        BranchInfo branch, Period period, MeetingType type, IReadOnlyList<MeetingCadence> rules, BranchCounts counts,
        IReadOnlyList<BranchLeader> leaders, DateOnly today)
    {
        var (held, notCounted) = counts.In(period, type);
        // Which kind of rule applies is decided by the rule in force at the period's start.
        var first = MeetingCadence.InForce(rules, type, branch.Domain, period.Start);
        if (first is null || period.Start > today || (type == MeetingType.GroupMeeting && !branch.HasGroups))
        {
            return new(type, 0, held, notCounted, 0, 0, 0, ComplianceStatus.NotDue);
        }
        if (first.Period > period.Kind)
        {
            // Longer than the period asked: judged only in its expected quarter.
            if (first is not { ExpectedQuarter: { } q } || period.Kind != PeriodKind.Quarter || period.Index != q)
            {
                return new(type, 0, held, notCounted, 0, 0, 0, ComplianceStatus.NotDue);
            }
            return Judge(type, [(period, first)], counts, leaders, held, notCounted, 0, today) with { Per = first.Period };
        }

        var parts = new List<(Period Part, MeetingCadence Rule)>();
        foreach (var part in period.Units(first.Period))
        {
            if (part.Start > today)
            {
                continue;
            }
            var rule = MeetingCadence.InForce(rules, type, branch.Domain, part.Start);
            if (rule is null || rule.Period != first.Period)
            {
                // A rule that changed its period kind mid-way is judged from the next whole period on.
                continue;
            }
            parts.Add((part, rule));
        }
        var late = 0;
        if (first.ExpectedQuarter is { } expected && first.Period == PeriodKind.Year)
        {
            var window = Period.Quarter(period.Year, expected);
            late = held - counts.In(window, type).Counted;
        }
        return Judge(type, parts, counts, leaders, held, notCounted, late, today) with { Per = first.Period };
    }

    private static ComplianceCell Judge(
        MeetingType type, List<(Period Part, MeetingCadence Rule)> parts, BranchCounts counts,
        IReadOnlyList<BranchLeader> leaders, int held, int notCounted, int late, DateOnly today)
    {
        int required = 0, missing = 0, pending = 0;
        foreach (var (part, rule) in parts)
        {
            int shortfall;
            if (rule.PerLeader && leaders.Count > 0)
            {
                required += rule.MinCount * leaders.Count;
                shortfall = leaders.Sum(l => Math.Max(0, rule.MinCount - counts.LecturesBy(l.PersonId, part)));
            }
            else
            {
                required += rule.MinCount;
                shortfall = Math.Max(0, rule.MinCount - counts.In(part, type).Counted);
            }
            if (part.EndExclusive <= today)
            {
                missing += shortfall;
            }
            else
            {
                pending += shortfall;
            }
        }
        var status = required == 0 ? ComplianceStatus.NotDue
            : missing > 0 ? ComplianceStatus.Missing
            : pending > 0 ? ComplianceStatus.Pending
            : late > 0 && held - late < required ? ComplianceStatus.Late
            : ComplianceStatus.Met;
        return new(type, required, held, notCounted, missing, pending, Math.Max(0, late), status);
    }

    /// <summary>
    /// The requirements that fall due in one month of a year, for the heat map: the monthly rules of that month, the
    /// quarterly rules in a quarter's last month, the yearly rules in December.
    /// </summary>
    public static IReadOnlyList<ComplianceCell> DueInMonth(
        BranchInfo branch, int year, int month, IReadOnlyList<MeetingCadence> rules, BranchCounts counts,
        IReadOnlyList<BranchLeader> leaders, DateOnly today)
    {
        var cells = Evaluate(branch, Period.Month(year, month), rules, counts, leaders, today)
            .Where(c => c.Per == PeriodKind.Month && c.Status != ComplianceStatus.NotDue).ToList();
        if (month % 3 == 0)
        {
            cells.AddRange(Evaluate(branch, Period.Quarter(year, month / 3), rules, counts, leaders, today)
                .Where(c => c.Per == PeriodKind.Quarter && c.Status != ComplianceStatus.NotDue));
        }
        if (month == 12)
        {
            cells.AddRange(Evaluate(branch, Period.OfYear(year), rules, counts, leaders, today)
                .Where(c => c.Per == PeriodKind.Year && c.Status != ComplianceStatus.NotDue));
        }
        return cells;
    }
}
