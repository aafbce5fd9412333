using Bogus;
using Zeren.Core.Assessment;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Demo;

/// <summary>
/// The demo county's 考核: last year's township-committee scheme (分类考核: computed items with their data, manual ones with
/// reasons, a bonus, a deduction and a veto), frozen by its published run in January — every township ranked by the tie
/// rule, the top three with their reward tier, the bottom three owing their rectification (handed in, one of them late);
/// the run page lists the 组织委员 of the bottom two for adjustment from the people data.
/// </summary>
internal sealed class DemoAssessment
{
    private const string By = "county";

    public IReadOnlyList<AssessmentScheme> Schemes { get; private init; } = [];
    public IReadOnlyList<SchemeItem> Items { get; private init; } = [];
    public IReadOnlyList<ScoringRun> Runs { get; private init; } = [];
    public IReadOnlyList<RunEntry> Entries { get; private init; } = [];
    public IReadOnlyList<RunResult> Results { get; private init; } = [];
    public IReadOnlyList<Obligation> Obligations { get; private init; } = [];

    public static DemoAssessment Generate(int seed, DateOnly today, DateTimeOffset now, Organization county, IReadOnlyList<Organization> townships)
    {
        var random = new Randomizer(unchecked((seed * 41) + 3003));
        var ids = new DemoIdFactory(new Randomizer(unchecked((seed * 43) + 3003)));
        var year = today.Year - 1;
        var publishedOn = new DateOnly(today.Year, 1, 15) <= today ? new DateOnly(today.Year, 1, 15) : today;
        var publishedAt = new DateTimeOffset(publishedOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        var computedAt = publishedAt.AddDays(-5);

        var scheme = new AssessmentScheme
        {
            Id = ids.Next(), OrgId = county.Id, Year = year, Kind = AssessedKind.Township, Name = $"{year}年度乡镇（街道）党委书记抓基层党建工作考核",
            BonusCap = 5, DeductionCap = 10, BottomCount = 3,
            TiersJson = AssessmentScheme.WriteTiers([new RewardTier("一等奖", 1, 6000), new RewardTier("二等奖", 2, 5500), new RewardTier("三等奖", 3, 5000)]),
            FrozenAt = publishedAt, CreatedAt = computedAt.AddDays(-60), CreatedBy = By, UpdatedAt = publishedAt, UpdatedBy = By,
        };
        var ordinal = 0;
        SchemeItem Item(string name, ItemType type, string? source, decimal points, decimal? cap = null, SchemeItem? parent = null, string? note = null) => new()
        {
            Id = ids.Next(), SchemeId = scheme.Id, ParentId = parent?.Id, Ordinal = ordinal++, Name = name, Type = type, Source = source, Points = points,
            Cap = cap, Note = note,
        };
        var basics = Item("基础工作", ItemType.Score, null, 0);
        var meetings = Item("三会一课落实率", ItemType.Score, "meetings.compliance", 25, parent: basics);
        var projects = Item("党建项目完成率", ItemType.Score, "projects.completion", 15, parent: basics);
        var problems = Item("问题整改销号率", ItemType.Score, "problems.closure", 15, parent: basics);
        var work = Item("工作实绩", ItemType.Score, null, 45, note: "述职评议、现场察看、群众满意度测评");
        var bonus = Item("承办市级以上现场会", ItemType.Bonus, null, 3, cap: 3);
        var overdue = Item("督办单逾期", ItemType.Deduction, "supervision.overdue", 1, cap: 5);
        var veto = Item("“双整”未全面达标", ItemType.Veto, null, 0, note: "取消评优评先资格，约谈乡镇党委书记");
        var items = new List<SchemeItem> { basics, meetings, projects, problems, work, bonus, overdue, veto };

        var run = new ScoringRun
        {
            Id = ids.Next(), SchemeId = scheme.Id, OrgId = county.Id, Period = Period.OfYear(year).ToString(), Version = 1, State = RunState.Published,
            ComputedAt = computedAt, PublishedAt = publishedAt, PublishedBy = By, CreatedAt = computedAt, CreatedBy = By, UpdatedAt = publishedAt, UpdatedBy = By,
        };
        var entries = new List<RunEntry>();
        var standings = new List<Standing>();
        for (var t = 0; t < townships.Count; t++)
        {
            var township = townships[t];
            RunEntry Entry(SchemeItem item, decimal value, decimal points, string? data, bool manual, string? reason = null)
            {
                var e = new RunEntry
                {
                    Id = ids.Next(), RunId = run.Id, OrgId = township.Id, ItemId = item.Id, Value = value, Points = points, Data = data, Manual = manual,
                    Reason = reason, UpdatedAt = computedAt, UpdatedBy = By,
                };
                entries.Add(e);
                return e;
            }
            // Computed items, with the data the sources would have given.
            var due = random.Number(180, 420);
            var held = due - random.Number(0, due / 8);
            var m = SourceHelp.Rate(held, due);
            Entry(meetings, m, ScoreRules.Computed(meetings, m), $"应开 {due} 次，已开 {held} 次（{SourceHelp.Percent(held, due)}）", false);
            var count = random.Number(4, 9);
            var done = count - random.Number(0, 2);
            var p = SourceHelp.Rate(done, count);
            Entry(projects, p, ScoreRules.Computed(projects, p), $"项目 {count} 个，已完成 {done} 个（{SourceHelp.Percent(done, count)}）", false);
            var found = random.Number(6, 30);
            var closed = found - random.Number(0, found / 4);
            var c = SourceHelp.Rate(closed, found);
            Entry(problems, c, ScoreRules.Computed(problems, c), $"期内发现问题 {found} 个，已销号 {closed} 个（{SourceHelp.Percent(closed, found)}）", false);
            var orders = random.Number(2, 8);
            var late = t % 5 == 4 ? random.Number(1, 3) : random.Number(0, 1);
            Entry(overdue, late, ScoreRules.Computed(overdue, late), $"期内督办 {orders} 件，逾期 {late} 件", false);
            // Manual items, with the scorer's reasons.
            var w = random.Number(32, 44);
            Entry(work, w, w, null, true, w >= 40 ? "述职评议优秀，现场察看阵地规范" : "述职评议良好，部分村阵地建设有差距");
            if (t % 6 == 1)
            {
                Entry(bonus, 3, 3, null, true, "承办全市基层党建现场推进会");
            }
            var vetoed = t == townships.Count - 2;
            if (vetoed)
            {
                Entry(veto, 1, 0, null, true, "“双整”百日攻坚未全面达标");
            }
            var own = entries.Where(e => e.OrgId == township.Id).Select(e => (e.ItemId, e.Value, e.Points));
            var (b, plus, minus, v) = ScoreRules.Totals(scheme, items, own);
            standings.Add(new Standing(township.Id, township.Name, b, plus, minus, v, late, computedAt.AddDays(-random.Number(10, 40))));
        }
        var placed = ScoreRules.Rank(standings, scheme.Tiers);
        var results = placed.Select(x => new RunResult
        {
            Id = ids.Next(), RunId = run.Id, OrgId = x.Standing.OrgId, BasePoints = x.Standing.BasePoints, Bonus = x.Standing.Bonus,
            Deduction = x.Standing.Deduction, Total = x.Standing.Total, Vetoed = x.Standing.Vetoed, LateCount = x.Standing.LateCount,
            LastSubmittedAt = x.Standing.LastSubmittedAt, Rank = x.Rank, Tier = x.Tier, Amount = x.Amount,
        }).ToList();

        // The bottom three owe their rectification within a week; all handed in and accepted, one of them a day late.
        var obligations = new List<Obligation>();
        var label = Period.OfYear(year).Label;
        var bottom = ScoreRules.Bottom(placed, scheme.BottomCount);
        foreach (var (x, i) in bottom.Select((x, i) => (x, i)))
        {
            foreach (var (kind, title) in AssessmentService.BottomObligations)
            {
                var text = $"{label}{scheme.Name}排名末位：{title}";
                var draft = new ObligationDraft(kind, text.Length > Obligation.TitleMax ? text[..Obligation.TitleMax] : text,
                    x.Standing.OrgId, publishedOn.AddDays(AssessmentService.BottomDays), nameof(ScoringRun), run.Id, run.Period, IssuerOrgId: county.Id,
                    Link: $"/assessment/runs/{run.Id}", HandledAtSource: false);
                var o = Obligation.Open(draft, publishedAt, By);
                var handedIn = publishedAt.AddDays(i == 0 && kind == AssessmentService.BottomObligations[^1].Kind ? AssessmentService.BottomDays + 1 : random.Number(2, 6));
                if (handedIn.AddDays(1) < now)
                {
                    o.Submit("已按要求完成，材料见附件。", [], handedIn, "township");
                    o.Close(handedIn.AddDays(1), By, fromOpen: false);
                }
                obligations.Add(o);
            }
        }
        return new DemoAssessment
        {
            Schemes = [scheme], Items = items, Runs = [run], Entries = entries, Results = results, Obligations = obligations,
        };
    }
}
