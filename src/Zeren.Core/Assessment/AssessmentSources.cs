using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Obligations;
using Zeren.Core.Inspections;
using Zeren.Core.Organizations;
using Zeren.Core.PartyAudits;
using Zeren.Core.Platform;
using Zeren.Core.Projects;
using Zeren.Core.Rectification;
using Zeren.Core.Supervision;

namespace Zeren.Core.Assessment;

/// <summary>What a computed source gives: a rate (0–1) for 计分项, a count for 加分/扣分/否决项.</summary>
public enum SourceMeasure
{
    Rate,
    Count,
}

/// <summary>One organization assessed in a run: its id, name and materialized path (its subtree's data counts for it).</summary>
public sealed record AssessedOrg(Guid Id, string Name, string Path);

/// <summary>What a source measures over: the period's days (up to today: what has not fallen due yet does not count) and the organizations.</summary>
public sealed record AssessmentContext(Period Period, DateOnly Today, IReadOnlyList<AssessedOrg> Orgs)
{
    public DateOnly From => Period.Start;

    /// <summary>The last day that counts: the period's last, or today when the period is not over.</summary>
    public DateOnly To => Period.LastDay < Today ? Period.LastDay : Today;

    /// <summary>The assessed organization whose subtree holds a path, if any (targets do not nest).</summary>
    public AssessedOrg? OwnerOf(string path) => Orgs.FirstOrDefault(o => path.StartsWith(o.Path, StringComparison.Ordinal));
}

/// <summary>What a source measured for one organization, and the data in words (shown in the breakdown).</summary>
public sealed record SourceValue(decimal Value, string Data);

/// <summary>
/// A computed source of assessment items (考核数据来源): a capability registers one (any class implementing it, found
/// like <see cref="IObligationGenerator"/>) and schemes may name its <see cref="Key"/>. Problem closure and inspection
/// findings plug in the same way.
/// </summary>
public interface IAssessmentSource
{
    /// <summary>The key a scheme item names: <c>meetings.compliance</c>.</summary>
    string Key { get; }

    /// <summary>The name in Chinese, as the scheme editor lists it.</summary>
    string Label { get; }

    SourceMeasure Measure { get; }

    /// <summary>The value of each organization of the context (one missing counts as 0 with no data).</summary>
    Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct);
}

/// <summary>Sources sum over each assessed organization's subtree; this does the attribution.</summary>
internal static class SourceHelp
{
    public static Dictionary<Guid, (int A, int B)> Tally<T>(AssessmentContext context, IEnumerable<(string Path, T Row)> rows, Func<T, bool> a, Func<T, bool> b)
    {
        var tally = context.Orgs.ToDictionary(o => o.Id, _ => (A: 0, B: 0));
        foreach (var (path, row) in rows)
        {
            if (context.OwnerOf(path) is { } owner)
            {
                var (x, y) = tally[owner.Id];
                tally[owner.Id] = (x + (a(row) ? 1 : 0), y + (b(row) ? 1 : 0));
            }
        }
        return tally;
    }

    /// <summary>
    /// Sums <see cref="PathSum.A"/> and <see cref="PathSum.B"/> of the rows over each assessed organization's subtree in
    /// the database: grouped by the prefix of the row's organization path as long as the assessed organizations' paths
    /// (one grouped query per distinct length, in practice one), so no row is read into memory.
    /// </summary>
    public static async Task<Dictionary<Guid, (int A, int B)>> SumAsync(AssessmentContext context, IQueryable<PathSum> rows, CancellationToken ct)
    {
        var result = context.Orgs.ToDictionary(o => o.Id, _ => (A: 0, B: 0));
        var byPath = context.Orgs.GroupBy(o => o.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        foreach (var length in context.Orgs.Select(o => o.Path.Length).Distinct())
        {
            var sums = await rows.Where(r => r.Path.Length >= length)
                .GroupBy(r => r.Path.Substring(0, length))
                .Select(g => new { g.Key, A = g.Sum(r => r.A), B = g.Sum(r => r.B) })
                .ToListAsync(ct);
            foreach (var sum in sums)
            {
                if (byPath.TryGetValue(sum.Key, out var id))
                {
                    result[id] = (sum.A, sum.B);
                }
            }
        }
        return result;
    }

    /// <summary>The first instant of a China day.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();

    public static decimal Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((decimal)part / whole, 4);

    /// <summary>A rate per organization from its counts (A of B), in words by <paramref name="describe"/>; with nothing
    /// counted (B = 0) the value <paramref name="noneValue"/> and the words <paramref name="none"/>.</summary>
    public static Dictionary<Guid, SourceValue> Rates(Dictionary<Guid, (int A, int B)> counts, decimal noneValue, string none,
        Func<int, int, string> describe) =>
        counts.ToDictionary(t => t.Key, t => t.Value.B == 0
            ? new SourceValue(noneValue, none)
            : new SourceValue(Rate(t.Value.A, t.Value.B), describe(t.Value.A, t.Value.B)));

    public static string Percent(int part, int whole) =>
        whole == 0 ? "0%" : ((decimal)part / whole).ToString("0.#%", CultureInfo.InvariantCulture);
}

/// <summary>A row a source sums in the database: the path of its organization and two numbers (a part and its whole, or two counts).</summary>
internal sealed class PathSum
{
    public string Path { get; init; } = "";

    public int A { get; init; }

    public int B { get; init; }
}

/// <summary>三会一课落实率: of the meetings that fell due in the period (up to today) in the subtree's branches, the share held.</summary>
public sealed class MeetingComplianceSource(ComplianceService compliance) : IAssessmentSource
{
    public string Key => "meetings.compliance";

    public string Label => "三会一课落实率";

    public SourceMeasure Measure => SourceMeasure.Rate;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new Dictionary<Guid, SourceValue>();
        foreach (var org in context.Orgs)
        {
            var map = await compliance.HeatmapAsync(org.Id, context.Period.Year, ct);
            var months = map.Rows.SelectMany(r => r.Months)
                .Where(m => !m.Future && m.Month >= context.From.Month && m.Month <= context.To.Month && context.To.Year == context.Period.Year)
                .ToList();
            var due = months.Sum(m => m.Due);
            var held = months.Sum(m => m.Due - m.Missing - m.Pending);
            result[org.Id] = due == 0
                ? new SourceValue(1, "期内无应开会议")
                : new SourceValue(SourceHelp.Rate(held, due), $"应开 {due} 次，已开 {held} 次（{SourceHelp.Percent(held, due)}）");
        }
        return result;
    }
}

/// <summary>党建项目完成率: of the period year's projects of the subtree (cancelled ones left out), the share done.</summary>
public sealed class ProjectCompletionSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "projects.completion";

    public string Label => "党建项目完成率";

    public SourceMeasure Measure => SourceMeasure.Rate;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var year = context.Period.Year;
        var rows = await db.Set<Project>().AsNoTracking().Where(p => p.Year == year && p.Status != ProjectStatus.Cancelled)
            .Join(db.Set<Organization>(), p => p.OrgId, o => o.Id, (p, o) => new { o.Path, p.Status })
            .ToListAsync(ct);
        var tally = SourceHelp.Tally(context, rows.Select(r => (r.Path, r.Status)), s => s == ProjectStatus.Done, _ => true);
        return SourceHelp.Rates(tally, 0, "本年度无党建项目", (a, b) => $"项目 {b} 个，已完成 {a} 个（{SourceHelp.Percent(a, b)}）");
    }
}

/// <summary>按时对账率: of the monthly project reconciliations due in the period (up to today), the share handed in on time.</summary>
public sealed class ReconciliationOnTimeSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "projects.reconciliation";

    public string Label => "项目按时对账率";

    public SourceMeasure Measure => SourceMeasure.Rate;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (from, to) = (context.From, context.To);
        var rows = await db.Set<Obligation>().AsNoTracking()
            .Where(o => o.Kind == ScheduleDefaults.ProjectReconciliation && o.State != ObligationState.Cancelled && o.DueOn >= from && o.DueOn <= to)
            .Join(db.Set<Organization>(), b => b.OrgId, o => o.Id, (b, o) => new { o.Path, OnTime = b.State != ObligationState.Open && !b.SubmittedLate })
            .ToListAsync(ct);
        var tally = SourceHelp.Tally(context, rows.Select(r => (r.Path, r.OnTime)), t => t, _ => true);
        return SourceHelp.Rates(tally, 1, "期内无应对账", (a, b) => $"应对账 {b} 次，按时 {a} 次（{SourceHelp.Percent(a, b)}）");
    }
}

/// <summary>督办逾期: supervision orders received in the subtree, due in the period, that are overdue or were answered late.</summary>
public sealed class SupervisionOverdueSource(ZerenDbContext db, TimeProvider clock) : IAssessmentSource
{
    public string Key => "supervision.overdue";

    public string Label => "督办单逾期件数";

    public SourceMeasure Measure => SourceMeasure.Count;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (from, to) = (context.From, context.To);
        var today = ChinaTime.Today(clock);
        var rows = await db.Set<SupervisionOrder>().AsNoTracking().Where(s => s.DueOn >= from && s.DueOn <= to)
            .Join(db.Set<Organization>(), s => s.OrgId, o => o.Id, (s, o) => new
            {
                o.Path,
                Late = s.RespondedLate || (s.State != SupervisionState.Closed && s.RespondedAt == null && s.DueOn < today),
            })
            .ToListAsync(ct);
        var tally = SourceHelp.Tally(context, rows.Select(r => (r.Path, r.Late)), l => l, _ => true);
        return tally.ToDictionary(t => t.Key, t => new SourceValue(t.Value.A, $"期内督办 {t.Value.B} 件，逾期 {t.Value.A} 件"));
    }
}

/// <summary>党建思路三次退回: the annual plan of the period's year was returned a third time (the flag Projects keeps).</summary>
public sealed class PlanThirdReturnSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "plans.third-return";

    public string Label => "党建思路第三次被退回";

    public SourceMeasure Measure => SourceMeasure.Count;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var year = context.Period.Year;
        var rows = await db.Set<AnnualPlan>().AsNoTracking().Where(p => p.Year == year && p.FlaggedAt != null)
            .Join(db.Set<Organization>(), p => p.OrgId, o => o.Id, (p, o) => new { o.Path, p.Returns })
            .ToListAsync(ct);
        var tally = SourceHelp.Tally(context, rows.Select(r => (r.Path, r.Returns)), _ => true, _ => true);
        return tally.ToDictionary(t => t.Key, t => new SourceValue(t.Value.A,
            t.Value.A == 0 ? "党建思路未被第三次退回" : $"{year}年党建思路被退回三次"));
    }
}

/// <summary>
/// 问题整改销号率: of the problems raised in the subtree in the period (up to today), the share closed (销号) by the end of
/// it. None raised: full marks.
/// </summary>
public sealed class ProblemClosureSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "problems.closure";

    public string Label => "问题整改销号率";

    public SourceMeasure Measure => SourceMeasure.Rate;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (from, end) = (SourceHelp.StartOf(context.From), SourceHelp.StartOf(context.To.AddDays(1)));
        var rows = db.Set<Problem>().AsNoTracking().Where(p => p.RaisedAt >= from && p.RaisedAt < end)
            .Join(db.Set<Organization>(), p => p.OrgId, o => o.Id, (p, o) => new PathSum
            {
                Path = o.Path,
                A = p.State == ProblemState.Closed && p.ClosedAt < end ? 1 : 0,
                B = 1,
            });
        var sums = await SourceHelp.SumAsync(context, rows, ct);
        return SourceHelp.Rates(sums, 1, "期内未发现问题", (a, b) => $"期内发现问题 {b} 个，已销号 {a} 个（{SourceHelp.Percent(a, b)}）");
    }
}

/// <summary>
/// 问题按期整改率: of the problems of the subtree whose deadline (整改时限) fell in the period (up to today), the share
/// rectified in time — the application to close (申请销号) made by the deadline and accepted (its rectification
/// obligation closed, not handed in late). None due: full marks.
/// </summary>
public sealed class ProblemTimelinessSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "problems.timeliness";

    public string Label => "问题按期整改率";

    public SourceMeasure Measure => SourceMeasure.Rate;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (from, to) = (context.From, context.To);
        var owed = db.Set<Obligation>().Where(b => b.Kind == ProblemService.ObligationKind);
        var rows = db.Set<Problem>().AsNoTracking().Where(p => p.DueOn >= from && p.DueOn <= to)
            .Join(db.Set<Organization>(), p => p.OrgId, o => o.Id, (p, o) => new PathSum
            {
                Path = o.Path,
                A = p.State == ProblemState.Closed
                    && owed.Any(b => b.SourceId == p.Id && b.State == ObligationState.Closed && !b.SubmittedLate) ? 1 : 0,
                B = 1,
            });
        var sums = await SourceHelp.SumAsync(context, rows, ct);
        return SourceHelp.Rates(sums, 1, "期内无到期问题", (a, b) => $"期内到期问题 {b} 个，按期整改销号 {a} 个（{SourceHelp.Percent(a, b)}）");
    }
}

/// <summary>
/// 暗访发现问题数: the findings (发现问题) of the inspections of the subtree's villages visited in the period (up to today);
/// the data also says how many visits and how many checklist items failed.
/// </summary>
public sealed class InspectionFindingsSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "inspections.findings";

    public string Label => "暗访发现问题数";

    public SourceMeasure Measure => SourceMeasure.Count;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var visits = InspectionsIn(db, context);
        var findings = await SourceHelp.SumAsync(context, db.Set<InspectionFinding>().AsNoTracking()
            .Join(visits, f => f.InspectionId, v => v.Id, (f, v) => new PathSum { Path = v.Path, A = 1, B = 0 }), ct);
        var checks = await SourceHelp.SumAsync(context, db.Set<InspectionCheck>().AsNoTracking()
            .Join(visits, c => c.InspectionId, v => v.Id, (c, v) => new PathSum { Path = v.Path, A = c.Passed ? 0 : 1, B = 1 }), ct);
        var counted = await SourceHelp.SumAsync(context, visits.Select(v => new PathSum { Path = v.Path, A = 1, B = 0 }), ct);
        return context.Orgs.ToDictionary(o => o.Id, o =>
        {
            var (n, f, failed) = (counted[o.Id].A, findings[o.Id].A, checks[o.Id].A);
            return new SourceValue(f, n == 0 ? "期内未被暗访" : $"期内暗访 {n} 次，发现问题 {f} 个，清单未通过 {failed} 项");
        });
    }

    /// <summary>The inspections of the period (up to today), with the path of the village visited.</summary>
    internal static IQueryable<VisitPath> InspectionsIn(ZerenDbContext db, AssessmentContext context)
    {
        var (from, to) = (context.From, context.To);
        return db.Set<Inspection>().AsNoTracking().Where(i => i.VisitedOn >= from && i.VisitedOn <= to)
            .Join(db.Set<Organization>(), i => i.OrgId, o => o.Id, (i, o) => new VisitPath { Id = i.Id, Path = o.Path });
    }
}

/// <summary>An inspection and the path of the village it visited.</summary>
internal sealed class VisitPath
{
    public Guid Id { get; init; }

    public string Path { get; init; } = "";
}

/// <summary>暗访清单通过率: of the checklist items checked on the inspections of the subtree in the period, the share passed. Not visited: full marks.</summary>
public sealed class InspectionPassRateSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "inspections.pass-rate";

    public string Label => "暗访清单通过率";

    public SourceMeasure Measure => SourceMeasure.Rate;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var visits = InspectionFindingsSource.InspectionsIn(db, context);
        var checks = await SourceHelp.SumAsync(context, db.Set<InspectionCheck>().AsNoTracking()
            .Join(visits, c => c.InspectionId, v => v.Id, (c, v) => new PathSum { Path = v.Path, A = c.Passed ? 1 : 0, B = 1 }), ct);
        return SourceHelp.Rates(checks, 1, "期内未被暗访", (a, b) => $"暗访检查清单 {b} 项，通过 {a} 项（{SourceHelp.Percent(a, b)}）");
    }
}

/// <summary>
/// 党建审计得分率: the unit's score in the party-building audits closed in the period (up to today) — the mean of its
/// drawn branches' totals — over the checklist's full points; several audits: their mean. Not audited: no points and
/// says so (an audit is a sample: a unit not drawn has no score).
/// </summary>
public sealed class PartyAuditScoreSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "audits.score";

    public string Label => "党建审计得分率";

    public SourceMeasure Measure => SourceMeasure.Rate;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (from, end) = (SourceHelp.StartOf(context.From), SourceHelp.StartOf(context.To.AddDays(1)));
        // The rounds closed in the period: a handful a year, their instants compared here (SQLite compares no DateTimeOffset).
        var closed = await db.Set<AuditRound>().AsNoTracking().Where(r => r.State == AuditRoundState.Closed && r.ClosedAt != null)
            .Select(r => new { r.Id, r.ClosedAt }).ToListAsync(ct);
        var ids = closed.Where(r => r.ClosedAt >= from && r.ClosedAt < end).Select(r => r.Id).ToList();
        var rounds = db.Set<AuditRound>().AsNoTracking().Where(r => ids.Contains(r.Id));
        // Per unit of a closed round: the sum and number of its scored branches; per round, the checklist's full points
        // (both grouped in the database); then the paths of the few units.
        var scored = await db.Set<AuditSample>().AsNoTracking().Where(s => s.Total != null)
            .Join(db.Set<AuditUnit>().AsNoTracking(), s => s.UnitId, u => u.Id, (s, u) => new { s.Total, u.OrgId, u.RoundId, UnitId = u.Id })
            .Join(rounds, x => x.RoundId, r => r.Id, (x, r) => new { x.Total, x.OrgId, x.RoundId, x.UnitId })
            .GroupBy(x => new { x.UnitId, x.OrgId, x.RoundId })
            .Select(g => new { g.Key.OrgId, g.Key.RoundId, Sum = g.Sum(x => x.Total!.Value), Count = g.Count() })
            .ToListAsync(ct);
        var full = await db.Set<AuditItem>().AsNoTracking().Join(rounds, i => i.RoundId, r => r.Id, (i, r) => new { i.RoundId, i.MaxPoints, r.Name })
            .GroupBy(x => new { x.RoundId, x.Name })
            .Select(g => new { g.Key.RoundId, g.Key.Name, Full = g.Sum(x => x.MaxPoints) })
            .ToDictionaryAsync(x => x.RoundId, ct);
        var orgIds = scored.Select(u => u.OrgId).Distinct().ToList();
        var paths = await db.Set<Organization>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var units = scored.Where(u => full.TryGetValue(u.RoundId, out var f) && f.Full > 0 && paths.ContainsKey(u.OrgId))
            .Select(u => new { Path = paths[u.OrgId], full[u.RoundId].Name, u.Sum, u.Count, full[u.RoundId].Full })
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
        var result = new Dictionary<Guid, SourceValue>();
        foreach (var org in context.Orgs)
        {
            var own = units.Where(u => u.Path.StartsWith(org.Path, StringComparison.Ordinal)).ToList();
            if (own.Count == 0)
            {
                result[org.Id] = new SourceValue(0, "期内未被党建审计抽中");
                continue;
            }
            var rate = Math.Round(own.Average(u => (decimal)u.Sum / u.Count / u.Full), 4);
            result[org.Id] = new SourceValue(rate, string.Join("；", own.Select(u =>
                $"{u.Name}：抽查支部 {u.Count} 个，平均 {((decimal)u.Sum / u.Count).ToString("0.#", CultureInfo.InvariantCulture)} 分（满分 {u.Full}）")));
        }
        return result;
    }
}
