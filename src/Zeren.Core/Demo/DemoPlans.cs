using Bogus;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Projects;

namespace Zeren.Core.Demo;

/// <summary>
/// 党建思路 and 项目账单 of the demo county: every township's plan for the year (most approved on the first or second
/// round, a few after three returns, flagged; one returned and one awaiting its third review), 5–10 projects in each
/// ledger at varied progress (planned, in progress, done, overdue, one cancelled here and there), and a reconciliation
/// for each month each open project owed, mostly by the 5th, some late, a few missing. Each month's reconciliation is
/// also the obligation the daily job would have opened (一月一对账, <see cref="ProjectObligations.ReconciliationDraft"/>, on
/// the calendar's seeded rule): submitted when reconciled (late after the due day), open (overdue once past it) when not,
/// cancelled with its project when the project was completed or cancelled, so the county's township × month grid shows
/// the year and the job, run afterwards, finds every period it would open already there.
/// </summary>
internal sealed class DemoPlans
{
    private static readonly string[] ProjectNames =
    [
        "红色驿站建设", "党员积分制管理", "村级集体经济提质增效", "“党建+网格”基层治理", "软弱涣散村整顿提升", "青年人才党支部建设",
        "党群服务中心规范化", "党员先锋岗创建", "“书记领办”合作社", "农村党员冬训", "村务监督提质", "新就业群体党建",
        "红色物业创建", "党建引领乡村旅游", "后备干部“墩苗”培养", "村干部学历提升",
    ];

    private static readonly string[] Problems = ["资金到位偏慢", "部分党员参与不足", "雨季影响施工进度", "村级配套资金缺口", null!, null!, null!];

    private readonly Randomizer r;
    private readonly DemoIdFactory ids;
    private readonly DateOnly today;
    private readonly DateTimeOffset now;

    public DemoPlans(int seed, DateOnly today, DateTimeOffset now)
    {
        r = new Randomizer(unchecked((seed * 37) + 6007));
        ids = new DemoIdFactory(new Randomizer(unchecked((seed * 7907) + 6011)));
        this.today = today;
        this.now = now;
    }

    public List<AnnualPlan> Plans { get; } = [];
    public List<PlanVersion> Versions { get; } = [];
    public List<Project> Projects { get; } = [];
    public List<Reconciliation> Reconciliations { get; } = [];
    public List<Obligation> Obligations { get; } = [];

    private static DateTimeOffset At(DateOnly day, int hour) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    public DemoPlans Generate(IReadOnlyList<Organization> townships, IReadOnlyList<Zeren.Core.People.Person> people)
    {
        // The year whose plans are done with: this year from March, else last year.
        var year = today.Month >= 3 ? today.Year : today.Year - 1;
        for (var i = 0; i < townships.Count; i++)
        {
            var town = townships[i];
            var cadres = people.Where(p => p.OrgId == town.Id).ToList();
            if (cadres.Count == 0)
            {
                continue;
            }
            var by = $"demo-township-{i + 1:D2}";
            var reviewer = "demo-county";
            // 0–2 returns; townships 4 and 11 needed three (flagged); 7 is returned now, 13 awaits its third review.
            var returns = i is 4 or 11 ? 3 : i is 13 ? 2 : i is 7 ? 1 : i % 3;
            var pending = i is 7 or 13;
            var count = r.Number(5, 10);
            var terms = Enumerable.Range(0, count).Select(k =>
            {
                var start = new DateOnly(year, r.Number(2, 6), r.Number(1, 28));
                var due = start.AddMonths(r.Number(3, 10));
                return new ProjectTerms(ProjectNames[(i + (k * 3)) % ProjectNames.Length], $"年底前完成{ProjectNames[(i + (k * 3)) % ProjectNames.Length]}各项任务，群众满意率达到 90% 以上",
                    "乡镇党委书记牵头抓总，组织委员具体负责，相关村党组织书记抓落实", r.ArrayElement(cadres.ToArray()).Id, start, due);
            }).DistinctBy(t => t.Name).ToList();
            var planId = ids.Next();
            var submitted = new DateOnly(year, 1, 5).AddDays(i % 5);
            var versions = new List<PlanVersion>();
            for (var v = 1; v <= returns + 1; v++)
            {
                var on = submitted.AddDays((v - 1) * 8);
                var text = $"{year}年{town.Name}党建工作思路（第{v}稿）：以提升组织力为重点，抓班子、强队伍、促发展，落实“一月一对账、半年一汇报、全年大对账”。"
                    + (v > 1 ? "\n根据组织部意见，细化了各项目的目标和完成时限。" : "");
                var version = PlanVersion.Of(planId, v, text, v == returns + 1 ? terms : terms.Select(t => t with { Target = "完成" + t.Name }).ToList(),
                    At(on, 9), by, ids.Next());
                if (v <= returns)
                {
                    version.Decide(PlanDecision.Returned, v == 3 ? "第三次退回：项目目标仍不量化，请对照五定要求逐项修改。" : "目标不够具体，请量化并明确完成时限。",
                        At(on.AddDays(3), 15), reviewer);
                }
                else if (!pending)
                {
                    version.Decide(PlanDecision.Approved, "同意。", At(on.AddDays(4), 10), reviewer);
                }
                versions.Add(version);
            }
            var last = versions[^1];
            var status = i == 7 ? PlanStatus.Returned : pending ? PlanStatus.Submitted : PlanStatus.Approved;
            if (i == 7)
            {
                // Returned once more and not yet resubmitted: the last version carries the return.
                last.Decide(PlanDecision.Returned, "请补充村级集体经济项目。", At(submitted.AddDays((returns * 8) + 3), 15), reviewer);
            }
            var flaggedAt = returns == 3 ? versions[2].ReviewedAt : null;
            var returnsNow = versions.Count(v => v.Decision == PlanDecision.Returned);
            var approvedAt = status == PlanStatus.Approved ? last.ReviewedAt : null;
            Plans.Add(AnnualPlan.Past(planId, town.Id, year, status, versions.Count, returnsNow, flaggedAt, approvedAt,
                approvedAt is null ? null : reviewer, versions[0].SubmittedAt, by, last.ReviewedAt ?? last.SubmittedAt, last.ReviewedBy ?? by));
            Versions.AddRange(versions);
            // The ledger: from the approved plan, or by hand while the plan is still in review.
            foreach (var t in terms)
            {
                AddProject(town.Id, town.ParentId, year, status == PlanStatus.Approved ? planId : null, t, approvedAt ?? At(submitted, 11), by);
            }
        }
        return this;
    }

    private void AddProject(Guid orgId, Guid? countyId, int year, Guid? planId, ProjectTerms t, DateTimeOffset created, string by)
    {
        var start = t.StartOn!.Value;
        var due = t.DueOn!.Value;
        var span = Math.Max(1, due.DayNumber - start.DayNumber);
        var milestones = new List<MilestoneInput>
        {
            new("制定实施方案", start.AddDays(span / 5), start.AddDays(span / 5) <= today ? start.AddDays(span / 5) : null),
            new("推进实施", start.AddDays(span / 2), start.AddDays(span / 2) <= today && r.Bool(0.8f) ? start.AddDays(span / 2) : null),
            new("总结验收", due),
        };
        var project = Project.Create(orgId, year, planId, t, milestones, today, created, by, ids.Next());
        // What becomes of it: past its deadline most are done, some overdue, now and then one cancelled.
        DateOnly? doneOn = null;
        var cancelled = false;
        if (start <= today)
        {
            var roll = r.Double();
            if (due < today && roll < 0.6)
            {
                doneOn = due.AddDays(-r.Number(0, 10));
            }
            else if (roll > 0.95)
            {
                cancelled = true;
            }
        }
        var endOfWork = doneOn ?? (today < due ? today : due);
        var months = start > today ? [] : ReconciliationCalendar.MonthsOwed(start, today.AddDays(-today.Day));
        var percent = 0;
        var reconciled = new Dictionary<string, DateTimeOffset>();
        foreach (var month in months)
        {
            if (doneOn is { } d && month.Start > d || (cancelled && month.Start > start.AddMonths(2)))
            {
                break;
            }
            var dueOn = ReconciliationCalendar.DueOn(month, ReconciliationCalendar.DefaultRule);
            if (dueOn > today || r.Double() < 0.05)
            {
                continue; // not yet due, or never reconciled
            }
            var late = r.Double() < 0.15;
            var savedOn = late ? dueOn.AddDays(r.Number(1, 9)) : dueOn.AddDays(-r.Number(0, 4));
            if (savedOn > today)
            {
                savedOn = today;
            }
            var elapsed = Math.Clamp(month.LastDay.DayNumber - start.DayNumber, 0, span);
            percent = Math.Clamp(Math.Max(percent, elapsed * 100 / span - r.Number(0, 15)), 0, 95);
            reconciled[month.ToString()] = At(savedOn, 16);
            Reconciliations.Add(Reconciliation.Past(project.Id, month, $"{month.Label}：按计划推进，完成进度 {percent}%。", r.ArrayElement(Problems),
                "按实施方案推进下一阶段工作", percent, dueOn, savedOn, At(savedOn, 16), "demo-township"));
        }
        if (percent > 0)
        {
            project.Progressed(percent, now, by);
        }
        if (doneOn is { } done)
        {
            project.Complete(done < start ? start : done, today, now, by);
        }
        else if (cancelled)
        {
            project.Cancel("与其他项目合并实施", now, by);
        }
        _ = endOfWork;
        Projects.Add(project);
        AddReconciliationObligations(project, orgId, countyId, doneOn, cancelled, reconciled);
    }

    /// <summary>
    /// The monthly reconciliation obligations of a project, as the daily job and the project's service would have left
    /// them: one per month from the project's start while it was running, opened on the calendar's day (lead days before
    /// the due day) if that day has come; submitted on the day it was reconciled; the rest open, or cancelled with the
    /// project's completion or cancellation (the reasons <see cref="ProjectService"/> gives).
    /// </summary>
    /// <summary>Reports of the last this many days may still wait for the county's review (待审核).</summary>
    private const int ReviewWindowDays = 35;

    private void AddReconciliationObligations(Project project, Guid orgId, Guid? countyId, DateOnly? doneOn, bool cancelled,
        Dictionary<string, DateTimeOffset> reconciled)
    {
        var start = project.StartOn;
        if (start > today)
        {
            return;
        }
        var rule = ReconciliationCalendar.DefaultRule;
        foreach (var month in ReconciliationCalendar.MonthsOwed(start, today))
        {
            if ((doneOn is { } d && month.Start > d) || (cancelled && month.Start > start.AddMonths(2)))
            {
                break;
            }
            var dueOn = ReconciliationCalendar.DueOn(month, rule);
            var opensOn = dueOn.AddDays(-rule.LeadDays);
            if (opensOn > today)
            {
                break; // the job has not opened it yet
            }
            var o = Obligation.Open(ProjectObligations.ReconciliationDraft(project.Id, project.Name, orgId, countyId, project.PersonId, month, dueOn),
                At(opensOn, 1), "system");
            if (reconciled.TryGetValue(month.ToString(), out var savedAt))
            {
                o.Submit(null, [], savedAt, "demo-township");
                // The county reviews within a few days; of the last month's reports about half still wait for it.
                var reviewedAt = savedAt.AddDays(2 + (month.Start.DayNumber % 4));
                var waiting = savedAt > now.AddDays(-ReviewWindowDays) && (project.Id.GetHashCode() & 1) == 1;
                if (!waiting && reviewedAt < now)
                {
                    o.Close(reviewedAt, "demo-county", fromOpen: false);
                }
            }
            else if (doneOn is not null)
            {
                o.Cancel("项目已完成，无需再对账", now, "demo");
            }
            else if (cancelled)
            {
                o.Cancel("与其他项目合并实施", now, "demo");
            }
            Obligations.Add(o);
        }
    }
}
