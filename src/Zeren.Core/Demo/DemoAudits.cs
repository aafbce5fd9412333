using Bogus;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.PartyAudits;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;

namespace Zeren.Core.Demo;

/// <summary>
/// The demo county's 党建审计: one round of the county over five townships, drawn by the sampler with a fixed seed (2–3
/// village and community branches each: the townships have no agency branches), every branch scored on the default
/// checklist, closed three weeks ago — the problems it opened at the failing branches (most still 挂牌, some 整改中) with
/// their rectification obligations, and each township's written report owed by the same day, two months after closing.
/// </summary>
internal sealed class DemoAudits
{
    private const string By = "county";

    private static readonly Dictionary<string, string[]> Findings = new()
    {
        ["抓党建责任落实"] = ["支部书记未建立抓党建任务清单。", "年度党建工作计划未经支委会研究。"],
        ["党建工作融入中心工作"] = ["党建与中心工作“两张皮”，党员作用发挥不明显。"],
        ["基层组织规范化运行"] = ["“三会一课”记录不全，以行政会议代替组织生活。", "党务公开不及时，公开栏内容陈旧。"],
        ["党员队伍建设"] = ["流动党员底数不清，党费收缴有拖欠。"],
        ["联系服务群众"] = ["党员联系户走访记录缺失。"],
        ["年度创新工作"] = ["年度创新项目无具体载体，推进缓慢。"],
    };

    public IReadOnlyList<AuditRound> Rounds { get; private init; } = [];
    public IReadOnlyList<AuditUnit> Units { get; private init; } = [];
    public IReadOnlyList<AuditItem> Items { get; private init; } = [];
    public IReadOnlyList<AuditSample> Samples { get; private init; } = [];
    public IReadOnlyList<AuditScore> Scores { get; private init; } = [];
    public IReadOnlyList<Problem> Problems { get; private init; } = [];
    public IReadOnlyList<ProblemEvent> Events { get; private init; } = [];
    public IReadOnlyList<Obligation> Obligations { get; private init; } = [];

    public static DemoAudits Generate(int seed, DateTimeOffset now, Organization county, IReadOnlyList<Organization> townships,
        IReadOnlyList<Organization> organizations)
    {
        var random = new Randomizer(unchecked((seed * 31) + 2002));
        var ids = new DemoIdFactory(new Randomizer(unchecked((seed * 37) + 2002)));
        var createdAt = now.AddDays(-45);
        var sampledAt = now.AddDays(-40);
        var closedAt = now.AddDays(-21);
        var closedOn = DateOnly.FromDateTime(ChinaTime.ToChina(closedAt).DateTime);
        var rectifyBy = closedOn.AddMonths(AuditRound.RectificationMonths);
        var rules = new AuditSamplingRules(0, 0, 2, 3);
        var audited = townships.Take(5).ToList();
        var candidates = audited.Select(t => new AuditUnitCandidates(t.Id, t.Name,
            organizations.Where(o => o.ParentId == t.Id && o.Kind != OrgKind.Group && AuditSampler.KindOf(o.Domain) is not null)
                .Select(o => new AuditCandidate(o.Id, AuditSampler.KindOf(o.Domain)!.Value)).ToList())).ToList();
        var input = new AuditSampleInput(rules, seed, candidates);
        var drawn = AuditSampler.Draw(input);

        var name = $"{closedOn.Year}年度基层党建责任审计";
        var round = AuditRound.Demo(ids.Next(), county.Id, closedOn.Year, name, rules, input, createdAt, sampledAt, closedAt, rectifyBy, By);
        var units = audited.Select((t, i) => AuditUnit.Create(round, t.Id, i + 1, ids.Next())).ToList();
        foreach (var u in units)
        {
            u.Release(closedAt);
        }
        var items = AuditChecklist.Default.Select((d, i) => AuditItem.Create(round, i + 1, d.Title, d.MaxPoints, ids.Next())).ToList();
        var samples = new List<AuditSample>();
        var scores = new List<AuditScore>();
        var problems = new List<Problem>();
        var events = new List<ProblemEvent>();
        var obligations = new List<Obligation>();
        foreach (var group in drawn.GroupBy(d => d.UnitId))
        {
            var unit = units.Single(u => u.OrgId == group.Key);
            var position = 0;
            foreach (var d in group)
            {
                var sample = AuditSample.Create(unit, d.BranchId, d.Kind, ++position, ids.Next());
                samples.Add(sample);
                var total = 0;
                var failed = 0;
                foreach (var item in items)
                {
                    // Most items score well; about one in six falls short and fails, with a finding.
                    var fails = random.Double() < 0.17;
                    var points = fails ? random.Number(item.MaxPoints * 4 / 10, item.MaxPoints * 6 / 10) : random.Number(item.MaxPoints * 7 / 10, item.MaxPoints);
                    var note = fails ? random.ArrayElement(Findings[item.Title]) : null;
                    var score = AuditScore.Create(sample, item.Id, points, !fails, note, ids.Next());
                    scores.Add(score);
                    total += points;
                    if (!fails)
                    {
                        continue;
                    }
                    failed++;
                    var draft = new ProblemDraft(d.BranchId, ProblemSource.Audit, $"党建审计：{item.Title}未通过",
                        $"{name}，“{item.Title}”得 {points} 分（满分 {item.MaxPoints} 分），未通过：{note}", rectifyBy, item.Title,
                        ProblemSeverity.General, false, null, AuditService.ProblemSourceType, score.Id, name, county.Id);
                    // A third of them already analysed and being rectified.
                    var started = random.Double() < 0.35;
                    var startedAt = closedAt.AddDays(random.Number(2, 12));
                    var problem = Problem.Demo(draft, county.Id, started ? ProblemState.Rectifying : ProblemState.Listed, closedAt, By,
                        started ? "支部对相关制度要求学习不够，落实不严。" : null, started ? "一、对照清单逐项整改；\n二、支委会每月检查整改进度。" : null,
                        started ? startedAt : null, null, null, 0);
                    problems.Add(problem);
                    events.Add(ProblemEvent.Of(problem, ProblemAction.Raise, null, closedAt, By, county.Id));
                    if (started)
                    {
                        events.Add(ProblemEvent.Of(problem, ProblemAction.Start, $"原因分析：{problem.CauseAnalysis}\n整改措施：{problem.Measures}", startedAt,
                            "branch", d.BranchId));
                    }
                    obligations.Add(Obligation.Open(ProblemService.ObligationOf(problem), closedAt, By));
                }
                sample.Scored(total, failed, sampledAt.AddDays(random.Number(1, 15)), By);
            }
        }
        foreach (var u in units)
        {
            obligations.Add(Obligation.Open(new ObligationDraft(AuditService.ReportObligationKind, $"党建审计书面整改报告：{name}", u.OrgId, rectifyBy,
                nameof(AuditRound), round.Id, IssuerOrgId: county.Id, HandledAtSource: false), closedAt, By));
        }
        return new DemoAudits
        {
            Rounds = [round], Units = units, Items = items, Samples = samples, Scores = scores, Problems = problems, Events = events,
            Obligations = obligations,
        };
    }
}
