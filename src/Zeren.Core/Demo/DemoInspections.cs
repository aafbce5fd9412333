using Bogus;
using Zeren.Core.Inspections;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;

namespace Zeren.Core.Demo;

/// <summary>
/// 暗访 → 问题清单 → 整改 → 挂牌销号 in the demo county: a year of weekly inspections (every Tuesday, 周二无会日, four villages
/// of four townships in turn, so each township is visited every four weeks), each checking the common checklist, with a
/// finding for each item failed; every finding raised as a problem of the village, owed to the county, taken as far as its
/// age makes likely — old ones closed (验收销号) bar a few left overdue, recent ones listed (挂牌), in rectification (整改中,
/// some after a return, 退回) or applied for (申请销号) — each with its history and its obligation in the state the steps left
/// it. One common problem is pushed to the villages of another township as a self-check (举一反三), some answering found
/// (their own problems, linked), some not found, some not yet. And one plan for next Tuesday, secret until then (ADR 0029).
/// Drawn from its own seeded randomizer; the ids of these rows are new on every run.
/// </summary>
internal sealed class DemoInspections
{
    private const string Inspector = "inspector";
    private const string County = "county";
    private const int VillagesPerWeek = 4;
    private const int Weeks = 52;

    private static readonly string[] Teams = ["县委组织部督查组（王建华、李敏）", "县委组织部督查组（张卫东、陈静）", "县委督查室暗访组（刘洋、赵丽）"];

    /// <summary>For each common checklist item: the category of what is found, and what the team writes.</summary>
    private static readonly (string Category, string[] Findings)[] ItemFindings =
    [
        ("阵地建设", ["党群服务中心工作日无人值守，群众办事找不到人", "党群服务中心大门紧锁，未按公示时间开放"]),
        ("阵地建设", ["党建视觉标识不全，缺少党建文化长廊", "党旗破损褪色未及时更换"]),
        ("组织生活", ["三会一课记录不全，上季度支委会无记录", "主题党日活动记录简单，签到表缺失"]),
        ("村务公开", ["党务村务公开栏内容未按季度更新", "村级财务公开内容不全，未公开大额支出明细"]),
        ("党员管理", ["网格员对网格内党员底数不清", "网格员不熟悉网格内困难群众情况"]),
        ("作风建设", ["走访群众多数不知道村党组织书记姓名", "群众反映联系干部很少到村"]),
    ];

    private readonly Randomizer r;
    private readonly DateOnly today;
    private readonly DateTimeOffset now;

    public DemoInspections(int seed, DateOnly today, DateTimeOffset now)
    {
        r = new Randomizer(unchecked((seed * 41) + 8081));
        this.today = today;
        this.now = now;
    }

    public List<Inspection> Inspections { get; } = [];
    public List<InspectionGrid> Grids { get; } = [];
    public List<InspectionCheck> Checks { get; } = [];
    public List<InspectionFinding> Findings { get; } = [];
    public List<InspectionPlan> Plans { get; } = [];
    public List<InspectionPlanVillage> PlanVillages { get; } = [];
    public List<Problem> Problems { get; } = [];
    public List<ProblemEvent> Events { get; } = [];
    public List<SelfCheck> SelfChecks { get; } = [];
    public List<SelfCheckAnswer> Answers { get; } = [];
    public List<Obligation> Obligations { get; } = [];

    private static DateTimeOffset At(DateOnly day, int hour) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    public DemoInspections Generate(Organization county, IReadOnlyList<Organization> townships, IReadOnlyList<Organization> units,
        IReadOnlyList<Grid> grids)
    {
        var villagesOf = townships.ToDictionary(t => t.Id,
            t => units.Where(u => u.ParentId == t.Id && u.IsVillage).OrderBy(u => u.SortOrder).ToList());
        var gridsOf = grids.GroupBy(g => g.OrgId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.Name, StringComparer.Ordinal).ToList());
        var visitable = townships.Where(t => villagesOf[t.Id].Count > 0).ToList();
        var lastVisit = new Dictionary<Guid, DateOnly>();

        // The Tuesdays of the past year, oldest first, the last one before today.
        var lastTuesday = Sampler.NextWeekday(today, DayOfWeek.Tuesday).AddDays(-7);
        if (lastTuesday >= today)
        {
            lastTuesday = lastTuesday.AddDays(-7);
        }
        var turn = 0;
        for (var w = Weeks - 1; w >= 0; w--)
        {
            var day = lastTuesday.AddDays(-7 * w);
            for (var k = 0; k < VillagesPerWeek && visitable.Count > 0; k++)
            {
                var township = visitable[turn++ % visitable.Count];
                var candidates = villagesOf[township.Id];
                // Not a village visited in the last eight weeks, when the township has another.
                var fresh = candidates.Where(v => !lastVisit.TryGetValue(v.Id, out var d) || d < day.AddDays(-56)).ToList();
                var village = r.ListItem(fresh.Count > 0 ? fresh : candidates);
                lastVisit[village.Id] = day;
                AddInspection(county, township, village, day, gridsOf.GetValueOrDefault(village.Id) ?? []);
            }
        }
        AddSelfCheck(county, townships, villagesOf);
        AddSecretPlan(county, townships, villagesOf, gridsOf, lastVisit);
        return this;
    }

    private void AddInspection(Organization county, Organization township, Organization village, DateOnly day, List<Grid> villageGrids)
    {
        var recordedAt = At(day, 18);
        var homes = r.Number(3, 12);
        var inspection = Inspection.Create(village.Id, township.Id, null, day, r.ArrayElement(Teams), homes, homes + r.Number(2, 10),
            r.Bool(0.3f) ? "总体情况较好，群众对村党组织评价较高。" : null, recordedAt, Inspector);
        Inspections.Add(inspection);
        foreach (var grid in villageGrids.Take(2))
        {
            Grids.Add(InspectionGrid.Create(inspection.Id, grid.Id));
        }
        var failRate = village.Strength switch
        {
            StrengthClass.Strong => 0.06,
            StrengthClass.Weak => 0.3,
            _ => 0.14,
        };
        var position = 0;
        for (var i = 0; i < InspectionChecklist.Common.Count; i++)
        {
            var passed = r.Double() >= failRate;
            var (category, texts) = ItemFindings[i];
            var text = passed ? null : r.ArrayElement(texts);
            Checks.Add(InspectionCheck.Create(inspection.Id, ChecklistKind.Common, InspectionChecklist.Common[i], passed, text, i + 1));
            if (text is null)
            {
                continue;
            }
            var finding = InspectionFinding.Create(inspection.Id, text, ++position);
            Findings.Add(finding);
            var problem = AddProblem(county, village, inspection, text, category, recordedAt);
            finding.Raised(problem.Id);
        }
    }

    /// <summary>The finding raised the evening of the visit, due a month later, taken as far as its age makes likely.</summary>
    private Problem AddProblem(Organization county, Organization village, Inspection inspection, string text, string category, DateTimeOffset raisedAt)
    {
        var draft = new ProblemDraft(village.Id, ProblemSource.Inspection, text, text, inspection.VisitedOn.AddDays(30), category,
            r.Bool(0.2f) ? ProblemSeverity.Serious : ProblemSeverity.General, SourceType: InspectionService.ProblemSourceType,
            SourceId: inspection.Id, SourceTitle: $"{inspection.VisitedOn:yyyy-MM-dd} 暗访 {village.Name}");
        var age = today.DayNumber - inspection.VisitedOn.DayNumber;
        var roll = r.Double();
        // How far it went: the steps taken, in order (a return sends an application back once).
        var steps = age switch
        {
            > 90 => roll < 0.9 ? 4 : 1,                                         // closed, or left in rectification (overdue)
            > 30 => roll < 0.45 ? 4 : roll < 0.65 ? 3 : roll < 0.9 ? 1 : 0,    // closed, applied, rectifying, or still listed (overdue)
            _ => roll < 0.45 ? 0 : roll < 0.85 ? 1 : 2,                         // listed, rectifying, applied
        };
        if (age < 4)
        {
            steps = 0; // visited this week: still listed
        }
        var returned = steps >= 1 && age > 20 && r.Bool(0.2f);
        var by = $"demo-{village.Code.ToLowerInvariant()}";
        var span = Math.Max(4, Math.Min(age, 60));
        DateTimeOffset Day(double fraction) => raisedAt.AddDays(Math.Max(1, Math.Floor(span * fraction)));
        var startedAt = steps >= 1 ? Day(0.15) : (DateTimeOffset?)null;
        var firstApply = Day(0.35);
        var returnAt = Day(0.45);
        var appliedAt = steps >= 2 ? Day(0.6) : (DateTimeOffset?)null;
        var closedAt = steps >= 4 ? Day(0.8) : (DateTimeOffset?)null;
        if (steps == 3)
        {
            steps = 2; // applied, waiting to be verified
        }
        var state = steps switch
        {
            0 => ProblemState.Listed,
            1 => ProblemState.Rectifying,
            2 => ProblemState.Applied,
            _ => ProblemState.Closed,
        };
        var cause = steps >= 1 ? "村党组织书记抓党建主体责任落实不到位，日常督促检查不够。" : null;
        var measures = steps >= 1 ? "一、立即对照问题逐项整改；\n二、建立每周自查制度；\n三、整改情况报乡镇党委。" : null;
        var problem = Problem.Demo(draft, county.Id, state, raisedAt, Inspector, cause, measures, startedAt, appliedAt, closedAt, returned ? 1 : 0);
        Problems.Add(problem);
        var obligation = Obligation.Open(ProblemService.ObligationOf(problem), raisedAt, Inspector);
        Obligations.Add(obligation);
        Events.Add(ProblemEvent.Of(problem, ProblemAction.Raise, null, raisedAt, Inspector, county.Id));
        if (startedAt is { } started)
        {
            Events.Add(ProblemEvent.Of(problem, ProblemAction.Start, $"原因分析：{cause}\n整改措施：{measures}", started, by, village.Id));
        }
        if (returned)
        {
            const string first = "已整改，附整改前后照片。";
            Events.Add(ProblemEvent.Of(problem, ProblemAction.Apply, first, firstApply, by, village.Id));
            obligation.Submit(first, [], firstApply, by);
            const string reason = "佐证材料不足，请补充整改前后对比照片和制度文本。";
            Events.Add(ProblemEvent.Of(problem, ProblemAction.Return, reason, returnAt, County, county.Id));
            obligation.Return(reason, returnAt);
        }
        if (appliedAt is { } applied)
        {
            const string evidence = "已完成整改：问题逐项销号，相关制度已上墙，整改照片和记录已归档。";
            Events.Add(ProblemEvent.Of(problem, ProblemAction.Apply, evidence, applied, by, village.Id));
            obligation.Submit(evidence, [], applied, by);
        }
        if (closedAt is { } closed)
        {
            Events.Add(ProblemEvent.Of(problem, ProblemAction.Verify, "经实地复查，整改到位，同意销号。", closed, Inspector, county.Id));
            obligation.Close(closed, Inspector, fromOpen: false);
        }
        return problem;
    }

    /// <summary>举一反三: a recent finding made common and pushed to the villages of the next township, answered in part.</summary>
    private void AddSelfCheck(Organization county, IReadOnlyList<Organization> townships, Dictionary<Guid, List<Organization>> villagesOf)
    {
        var before = now.AddDays(-10);
        var origin = Problems.LastOrDefault(p => p.Category == "组织生活" && p.State != ProblemState.Closed && p.RaisedAt < before)
            ?? Problems.LastOrDefault(p => p.State != ProblemState.Closed && p.RaisedAt < before);
        if (origin is null)
        {
            return;
        }
        origin.MarkCommonForDemo();
        var township = townships.FirstOrDefault(t => villagesOf[t.Id].Count > 1 && villagesOf[t.Id].All(v => v.Id != origin.OrgId)) ?? townships[0];
        var pushedAt = origin.RaisedAt.AddDays(1);
        var due = DateOnly.FromDateTime(ChinaTime.ToChina(pushedAt).DateTime).AddDays(20);
        var check = SelfCheck.Of(origin.Id, county.Id, origin.Title, "请对照问题开展自查，如实答复；发现同类问题的，制定整改措施并限期整改。", null, 2, OrgDomain.Rural,
            township.Id, due, pushedAt, County);
        SelfChecks.Add(check);
        var position = 0;
        foreach (var village in villagesOf[township.Id].Where(v => v.Id != origin.OrgId))
        {
            var answer = SelfCheckAnswer.Of(check.Id, village.Id);
            Answers.Add(answer);
            var title = $"举一反三自查：{check.Title}";
            var obligation = Obligation.Open(new ObligationDraft(ProblemService.SelfCheckObligationKind,
                title.Length > Obligation.TitleMax ? title[..Obligation.TitleMax] : title, village.Id, check.DueOn, nameof(SelfCheck), check.Id,
                IssuerOrgId: check.IssuerOrgId, Link: $"/self-checks/{check.Id}"), pushedAt, County);
            Obligations.Add(obligation);
            var by = $"demo-{village.Code.ToLowerInvariant()}";
            var answeredAt = pushedAt.AddDays(2 + (position % 5));
            if (answeredAt > now)
            {
                answeredAt = now;
            }
            switch (position++ % 3)
            {
                case 0:
                {
                    const string note = "经自查，本村同样存在会议记录不全的问题，已制定整改措施。";
                    var draft = new ProblemDraft(village.Id, ProblemSource.SelfCheck, origin.Title, note, check.DueOn.AddDays(30), origin.Category,
                        origin.Severity, SourceType: ProblemSourceTypes.SelfCheck, SourceId: check.Id, SourceTitle: $"举一反三自查：{check.Title}",
                        OriginProblemId: origin.Id);
                    var found = Problem.Demo(draft, county.Id, ProblemState.Listed, answeredAt, by, null, null, null, null, null, 0);
                    Problems.Add(found);
                    Events.Add(ProblemEvent.Of(found, ProblemAction.Raise, null, answeredAt, by, village.Id));
                    Obligations.Add(Obligation.Open(ProblemService.ObligationOf(found), answeredAt, by));
                    answer.Answer(true, note, found.Id, answeredAt, by);
                    obligation.Submit(note, [], answeredAt, by);
                    break;
                }
                case 1:
                {
                    const string note = "经逐项对照检查，本村三会一课记录完整，未发现同类问题。";
                    answer.Answer(false, note, null, answeredAt, by);
                    obligation.Submit(note, [], answeredAt, by);
                    break;
                }
                default:
                    // Not answered yet.
                    break;
            }
        }
    }

    /// <summary>Next Tuesday's plan, drawn by the rules from the county as the year left it; secret until that day.</summary>
    private void AddSecretPlan(Organization county, IReadOnlyList<Organization> townships, Dictionary<Guid, List<Organization>> villagesOf,
        Dictionary<Guid, List<Grid>> gridsOf, Dictionary<Guid, DateOnly> lastVisit)
    {
        var visitOn = Sampler.NextWeekday(today, DayOfWeek.Tuesday);
        var candidates = townships.SelectMany(t => villagesOf[t.Id].Select(v => new SampleCandidate(v.Id, t.Id,
                lastVisit.TryGetValue(v.Id, out var d) ? d : null,
                (gridsOf.GetValueOrDefault(v.Id) ?? []).Select(g => g.Id).OrderBy(g => g.ToString("N"), StringComparer.Ordinal).ToList())))
            .OrderBy(c => c.VillageId.ToString("N"), StringComparer.Ordinal)
            .ToList();
        var strata = townships.Where(t => villagesOf[t.Id].Count > 0).OrderBy(t => t.Id.ToString("N"), StringComparer.Ordinal)
            .Select(t => new SampleStratum(t.Id, candidates.Where(c => c.TownshipId == t.Id).Max(c => c.LastVisitedOn)))
            .ToList();
        var input = new SampleInput(SamplingRules.Default, visitOn, r.Number(1, int.MaxValue - 1), strata, candidates);
        var sample = Sampler.Draw(input);
        var plan = InspectionPlan.Create(county.Id, input, "下周二暗访（演示数据）：暗访日期前仅组织部可见。", now, County);
        Plans.Add(plan);
        var position = 0;
        foreach (var village in sample)
        {
            PlanVillages.Add(InspectionPlanVillage.Create(plan, village, ++position));
        }
    }
}
