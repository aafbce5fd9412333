using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Projects;

/// <summary>
/// What plans and projects owe, kept by the obligation engine (ADR 0022): a township's plan for a year
/// (<see cref="PlanSubmission"/>, submitted with the plan, owed again after a return, closed on approval) and a month's
/// reconciliation of every open project (<see cref="ScheduleDefaults.ProjectReconciliation"/>, opened by the daily job
/// from the engine's calendar, submitted when the reconciliation is saved, cancelled with its project). The due day of a
/// month's reconciliation is the calendar's (the 5th of the next month unless the 系统管理员 changed it).
/// </summary>
public sealed class ProjectObligations(ZerenDbContext db, ObligationService obligations)
{
    /// <summary>报送年度党建思路: one per township and year, its period the plan's year.</summary>
    public const string PlanSubmission = ScheduleDefaults.PlanSubmission;

    /// <summary>The calendar's period whose obligation is a year's plan: the year before it (the plan is owed once that year ends).</summary>
    public static ObligationPeriod PlanPeriod(int year) => new(ObligationRecurrence.Yearly, year - 1, 0);

    /// <summary>The plan year a period of the calendar's plan entry asks for.</summary>
    public static int PlanYear(ObligationPeriod period) => period.Year + 1;

    /// <summary>
    /// The day a year's plan is due by: the calendar's (<see cref="ScheduleDefaults.PlanSubmissionEntry"/>, 31 January of the
    /// plan's year unless the 系统管理员 changed it).
    /// </summary>
    public async Task<DateOnly> PlanDueOnAsync(int year, CancellationToken ct)
    {
        var schedule = await db.Set<ObligationSchedule>().AsNoTracking().Where(s => s.Kind == PlanSubmission && s.Active)
            .Select(s => new { s.Recurrence, s.DueMonthsAfter, s.DueDay, s.LeadDays }).FirstOrDefaultAsync(ct);
        var entry = ScheduleDefaults.PlanSubmissionEntry.Entry;
        var rule = schedule is null
            ? new CalendarRule(entry.Recurrence, entry.DueMonthsAfter, entry.DueDay, entry.LeadDays)
            : new CalendarRule(schedule.Recurrence, schedule.DueMonthsAfter, schedule.DueDay, schedule.LeadDays);
        return rule.DueOn(PlanPeriod(year));
    }

    public const string ProjectSource = nameof(Project);
    public const string TownshipSource = nameof(Organization);

    private const string Reconciliation = ScheduleDefaults.ProjectReconciliation;

    /// <summary>The calendar's rule for the monthly reconciliation (the seeded one when the entry is missing or off).</summary>
    public async Task<CalendarRule> ReconciliationRuleAsync(CancellationToken ct)
    {
        var schedule = await db.Set<ObligationSchedule>().AsNoTracking().Where(s => s.Kind == Reconciliation && s.Active)
            .Select(s => new { s.Recurrence, s.DueMonthsAfter, s.DueDay, s.LeadDays }).FirstOrDefaultAsync(ct);
        return schedule is null
            ? ReconciliationCalendar.DefaultRule
            : new CalendarRule(schedule.Recurrence, schedule.DueMonthsAfter, schedule.DueDay, schedule.LeadDays);
    }

    public static ObligationDraft PlanDraft(Guid townshipId, Guid? countyId, int year, DateOnly dueOn) => new(
        PlanSubmission, $"{year}年党建思路报送", townshipId, dueOn, TownshipSource, townshipId,
        year.ToString(System.Globalization.CultureInfo.InvariantCulture), IssuerOrgId: countyId, Link: $"/plans/new?org={townshipId}&year={year}");

    public static ObligationDraft ReconciliationDraft(Guid projectId, string name, Guid townshipId, Guid? countyId, Guid personId, Period month,
        DateOnly dueOn) => new(
        Reconciliation, Title($"{month.Label}项目月度对账：{name}"), townshipId, dueOn, ProjectSource, projectId, month.ToString(), personId, countyId,
        $"/projects/{projectId}#project-reconcile");

    /// <summary>一上、二上…: the township's plan for the year is handed in (opened first when the calendar has not yet).</summary>
    public async Task PlanSubmittedAsync(AnnualPlan plan, CancellationToken ct)
    {
        var county = await CountyOfAsync(plan.OrgId, ct);
        await obligations.SubmitForSourceAsync(PlanDraft(plan.OrgId, county, plan.Year, await PlanDueOnAsync(plan.Year, ct)),
            ObligationEvidence.None, ct);
    }

    /// <summary>一下: returned, so owed again.</summary>
    public async Task PlanReturnedAsync(AnnualPlan plan, string comments, CancellationToken ct)
    {
        // The obligation keeps one line: the comments' lines joined, cut to a reason's length.
        var line = string.Join(" ", comments.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var reason = line.Length > Reasons.MaxLength ? line[..(Reasons.MaxLength - 1)] + "…" : line;
        await obligations.ReturnForSourceAsync(PlanSubmission, plan.OrgId, plan.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            plan.OrgId, reason, ct);
    }

    /// <summary>Approved: the year's plan is settled.</summary>
    public async Task PlanApprovedAsync(AnnualPlan plan, CancellationToken ct) =>
        await obligations.CloseForSourceAsync(PlanSubmission, plan.OrgId, plan.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            plan.OrgId, ct);

    /// <summary>A month reconciled: its obligation is submitted (opened first when the job has not opened it yet).</summary>
    public async Task ReconciledAsync(Project project, Period month, DateOnly dueOn, CancellationToken ct)
    {
        var county = await CountyOfAsync(project.OrgId, ct);
        await obligations.SubmitForSourceAsync(ReconciliationDraft(project.Id, project.Name, project.OrgId, county, project.PersonId, month, dueOn),
            ObligationEvidence.None, ct);
    }

    /// <summary>A closed project owes no more reconciliations: its open ones are cancelled with the reason.</summary>
    public async Task ClosedAsync(Project project, string reason, CancellationToken ct) =>
        await obligations.CancelForSourceAsync(Reconciliation, project.Id, reason, ct: ct);

    private async Task<Guid?> CountyOfAsync(Guid townshipId, CancellationToken ct) =>
        await db.Set<Organization>().AsNoTracking().Where(o => o.Id == townshipId).Select(o => o.ParentId).SingleOrDefaultAsync(ct);

    private static string Title(string text) => text.Length > Obligation.TitleMax ? text[..(Obligation.TitleMax - 1)] + "…" : text;
}

/// <summary>
/// The daily job's drafts for plans and projects: each open period of the calendar's monthly reconciliation owes one
/// obligation per open project (planned or in progress) started by the period's end; each open period of the plan entry
/// owes every township's plan for the next year (a plan already submitted keeps its obligation as it is: the engine
/// leaves a submitted or closed one alone).
/// </summary>
public sealed class ProjectObligationGenerator(ZerenDbContext db) : IObligationGenerator
{
    public async Task<IReadOnlyList<ObligationDraft>> DraftsAsync(ObligationDay day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(day);
        var drafts = new List<ObligationDraft>();
        var counties = db.Set<Organization>().AsNoTracking();
        foreach (var p in day.For(ScheduleDefaults.ProjectReconciliation))
        {
            var last = p.Period.LastDay;
            var open = await db.Set<Project>().AsNoTracking()
                .Where(x => (x.Status == ProjectStatus.Planned || x.Status == ProjectStatus.InProgress) && x.StartOn <= last)
                .Select(x => new { x.Id, x.Name, x.OrgId, x.PersonId, County = counties.Where(o => o.Id == x.OrgId).Select(o => o.ParentId).FirstOrDefault() })
                .ToListAsync(ct);
            var month = Period.Month(p.Period.Year, p.Period.Index);
            drafts.AddRange(open.Select(x => ProjectObligations.ReconciliationDraft(x.Id, x.Name, x.OrgId, x.County, x.PersonId, month, p.DueOn)));
        }
        var plans = day.For(ScheduleDefaults.PlanSubmission).ToList();
        if (plans.Count > 0)
        {
            var townships = await db.Set<Organization>().AsNoTracking().Townships().Where(o => o.ParentId != null)
                .OrderBy(o => o.Path).Select(o => new { o.Id, o.ParentId }).ToListAsync(ct);
            foreach (var p in plans)
            {
                var year = ProjectObligations.PlanYear(p.Period);
                drafts.AddRange(townships.Select(t => ProjectObligations.PlanDraft(t.Id, t.ParentId, year, p.DueOn)));
            }
        }
        return drafts;
    }
}
