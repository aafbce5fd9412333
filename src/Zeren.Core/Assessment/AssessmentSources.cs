using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Projects;
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

    public static decimal Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((decimal)part / whole, 4);

    public static string Percent(int part, int whole) =>
        whole == 0 ? "0%" : ((decimal)part / whole).ToString("0.#%", CultureInfo.InvariantCulture);
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
        return tally.ToDictionary(t => t.Key, t => t.Value.B == 0
            ? new SourceValue(0, "本年度无党建项目")
            : new SourceValue(SourceHelp.Rate(t.Value.A, t.Value.B), $"项目 {t.Value.B} 个，已完成 {t.Value.A} 个（{SourceHelp.Percent(t.Value.A, t.Value.B)}）"));
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
        return tally.ToDictionary(t => t.Key, t => t.Value.B == 0
            ? new SourceValue(1, "期内无应对账")
            : new SourceValue(SourceHelp.Rate(t.Value.A, t.Value.B), $"应对账 {t.Value.B} 次，按时 {t.Value.A} 次（{SourceHelp.Percent(t.Value.A, t.Value.B)}）"));
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
