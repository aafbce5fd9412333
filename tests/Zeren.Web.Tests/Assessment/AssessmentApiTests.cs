using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Assessment;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Assessment;

/// <summary>
/// 考核 through /api/v1/assessment-schemes, /api/v1/scoring-runs and /api/v1/rankings on both databases: a scheme with a
/// group, computed and manual items, bonus, deduction and veto; a run computed from the data, scored by hand, ranked by
/// the tie rule, published (immutable, the scheme frozen, the bottom places owing their obligations), corrected by a new
/// run; and another township's accounts neither seeing nor scoring.
/// </summary>
public class AssessmentApiTests
{
    internal sealed record World(ZerenFactory App, OrgSummary County, OrgSummary[] Townships, HttpClient CountyUser, HttpClient TownshipUser)
    {
        public static int Year => ChinaTime.Today(TimeProvider.System).Year;
    }

    internal static async Task<World> CreateWorld(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var county = await admin.CreateOrg(null, "考核县委");
        var townships = new List<OrgSummary>();
        foreach (var name in new[] { "甲镇党委", "乙镇党委", "丙镇党委", "丁镇党委" })
        {
            townships.Add(await admin.CreateOrg(county.Id, name));
        }
        var tag = Guid.NewGuid().ToString("N")[..8];
        return new World(app, county, [.. townships], app.ClientAs($"as-c-{tag}", [Role.CountyAdmin], county.Id),
            app.ClientAs($"as-t-{tag}", [Role.TownshipAdmin], townships[0].Id));
    }

    /// <summary>基础工作 (group: 三会一课 30 computed, 项目 20 computed, 工作实绩 50 by hand), 现场会 bonus, 督办逾期 deduction, 双整 veto.</summary>
    internal static SchemeInput Scheme(Guid? orgId = null, int bottom = 2) => new(World.Year, AssessedKind.Township, "乡镇党委书记抓党建考核",
        [
            new ItemInput("基础工作", ItemType.Score, null, 0),
            new ItemInput("三会一课落实率", ItemType.Score, "meetings.compliance", 30, Parent: 0),
            new ItemInput("党建项目完成率", ItemType.Score, "projects.completion", 20, Parent: 0),
            new ItemInput("工作实绩", ItemType.Score, null, 50, Note: "述职评议\n现场察看", Parent: 0),
            new ItemInput("承办市级现场会", ItemType.Bonus, null, 3, Cap: 3),
            new ItemInput("督办单逾期", ItemType.Deduction, "supervision.overdue", 1, Cap: 5),
            new ItemInput("双整未全面达标", ItemType.Veto, null, 0),
        ],
        [new RewardTier("一等奖", 1, 6000), new RewardTier("二等奖", 1, 5500)], BonusCap: 5, DeductionCap: 10, BottomCount: bottom, OrgId: orgId);

    private static async Task<T> Ok<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<T>();
    }

    private static async Task<Problem> Refused(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<Problem>();
    }

    private static Guid ItemId(RunView run, string name) => run.Scheme.Items.Single(i => i.Name == name).Id;

    private static Task<RunView> Score(HttpClient client, RunView run, Guid orgId, string item, decimal value, string reason = "现场察看") =>
        client.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/scores", new ManualScoreInput(orgId, ItemId(run, item), value, reason)).ContinueWith(t => Ok<RunView>(t.Result)).Unwrap();

    private static async Task<List<Obligation>> ObligationsOf(World w, Guid runId)
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        return await db.Set<Obligation>().IgnoreQueryFilters().AsNoTracking().Where(o => o.SourceId == runId).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Run_IsComputedScoredRankedPublishedAndCorrected_AndTheBottomOweRectification(string provider)
    {
        var w = await CreateWorld(provider);
        var (jia, yi, bing, ding) = (w.Townships[0], w.Townships[1], w.Townships[2], w.Townships[3]);
        var scheme = await Ok<SchemeView>(await w.CountyUser.PostJson("/api/v1/assessment-schemes", Scheme()), HttpStatusCode.Created);
        scheme.FullPoints.Should().Be(100m);
        scheme.Items.Select(i => (i.Name, i.Depth)).Should().StartWith([("基础工作", 0), ("三会一课落实率", 1), ("党建项目完成率", 1), ("工作实绩", 1)]);
        scheme.Items[0].IsGroup.Should().BeTrue();

        // 丙 has an obligation of the year handed in late: it loses the tie with 乙.
        using (var scope = w.App.Services.CreateScope())
        {
            var obligations = scope.ServiceProvider.GetRequiredService<ObligationService>();
            await obligations.OpenAsync(new ObligationDraft("test.report", "季度报告", bing.Id, ChinaTime.Today(TimeProvider.System).AddDays(-1), "Test", Guid.NewGuid(),
                IssuerOrgId: w.County.Id));
        }

        var run = await Ok<RunView>(await w.CountyUser.PostJson("/api/v1/scoring-runs", new RunInput(scheme.Id, World.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            HttpStatusCode.Created);
        run.Run.State.Should().Be(RunState.Draft);
        run.Results.Should().HaveCount(4);
        run.Missing.Should().Be(4, "工作实绩 by hand for each township; bonus and veto default to none");
        var jiaRow = run.Results.Single(r => r.OrgId == jia.Id);
        var meetings = jiaRow.Entries.Single(e => e.ItemName == "三会一课落实率");
        (meetings.Manual, meetings.Points, meetings.Data).Should().Be((false, 30m, "期内无应开会议"));
        jiaRow.Entries.Single(e => e.ItemName == "党建项目完成率").Data.Should().Be("本年度无党建项目");
        jiaRow.Entries.Single(e => e.ItemName == "督办单逾期").Data.Should().Be("期内督办 0 件，逾期 0 件");

        (await Refused(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/publish", new { }), HttpStatusCode.UnprocessableEntity))
            .Code.Should().Be("run_manual_missing");
        var bad = await Refused(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/scores",
            new ManualScoreInput(jia.Id, ItemId(run, "工作实绩"), 51, " ")), HttpStatusCode.UnprocessableEntity);
        bad.Errors!.Select(e => e.Code).Should().BeEquivalentTo(["score_out_of_range", "score_reason_required"], "every fault at once");
        (await Refused(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/scores",
            new ManualScoreInput(jia.Id, ItemId(run, "三会一课落实率"), 10, "改分")), HttpStatusCode.UnprocessableEntity)).Errors!.Single().Code.Should().Be("item_not_manual");

        await Score(w.CountyUser, run, jia.Id, "工作实绩", 45);
        await Score(w.CountyUser, run, jia.Id, "承办市级现场会", 3, "承办全市党建现场会");
        await Score(w.CountyUser, run, jia.Id, "双整未全面达标", 1, "双整未全面达标");
        await Score(w.CountyUser, run, yi.Id, "工作实绩", 40);
        await Score(w.CountyUser, run, bing.Id, "工作实绩", 40);
        run = await Score(w.CountyUser, run, ding.Id, "工作实绩", 30);

        run.Results.Select(r => (r.OrgId, r.Rank, r.Total, r.Tier)).Should().Equal(
            (yi.Id, 1, 70m, "一等奖"), (bing.Id, 2, 70m, "二等奖"), (ding.Id, 3, 60m, (string?)null), (jia.Id, 4, 78m, (string?)null));
        run.Results.Single(r => r.OrgId == bing.Id).LateCount.Should().Be(1);
        run.Results.Single(r => r.OrgId == jia.Id).Vetoed.Should().BeTrue("a veto ranks last and loses the award, whatever the points");
        run.Results.Where(r => r.Bottom).Select(r => r.OrgId).Should().BeEquivalentTo([ding.Id, jia.Id]);

        var published = await Ok<RunView>(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/publish", new { }));
        published.Run.State.Should().Be(RunState.Published);
        published.Scheme.FrozenAt.Should().NotBeNull();
        var owed = await ObligationsOf(w, run.Run.Id);
        owed.Select(o => (o.OrgId, o.Kind)).Should().BeEquivalentTo(
            new[] { ding.Id, jia.Id }.SelectMany(id => AssessmentService.BottomObligations.Select(b => (id, b.Kind))));
        owed.Should().OnlyContain(o => o.DueOn == ChinaTime.Today(TimeProvider.System).AddDays(7) && o.IssuerOrgId == w.County.Id && o.State == ObligationState.Open);

        // Published: immutable, the scheme frozen.
        (await Refused(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/scores",
            new ManualScoreInput(ding.Id, ItemId(run, "工作实绩"), 50, "改分")), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("run_published");
        (await Refused(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/recompute", new { }), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("run_published");
        (await Refused(await w.CountyUser.PutJson($"/api/v1/assessment-schemes/{scheme.Id}", Scheme()), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("scheme_frozen");
        (await w.CountyUser.DeleteAsync($"/api/v1/scoring-runs/{run.Run.Id}?reason=x")).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);

        var ranking = await w.CountyUser.GetFromJson<Ranking>($"/api/v1/rankings?schemeId={scheme.Id}&period={World.Year}");
        ranking.RunId.Should().Be(run.Run.Id);
        ranking.Rows.Select(r => r.OrgName).Should().Equal("乙镇党委", "丙镇党委", "丁镇党委", "甲镇党委");
        var awards = await w.CountyUser.GetFromJson<AwardList>($"/api/v1/scoring-runs/{run.Run.Id}/awards");
        awards.Rows.Select(a => (a.OrgName, a.Tier, a.Amount)).Should().Equal(("乙镇党委", "一等奖", 6000), ("丙镇党委", "二等奖", 5500));

        // A correction: a new run with its reason; 丁's work is rescored and it leaves the bottom.
        (await Refused(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/corrections", new CorrectionInput(" ")), HttpStatusCode.UnprocessableEntity))
            .Errors!.Single().Code.Should().Be("reason_required");
        var correction = await Ok<RunView>(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/corrections", new CorrectionInput("丁镇工作实绩漏记")),
            HttpStatusCode.Created);
        (correction.Run.Version, correction.Run.CorrectsRunId, correction.Missing).Should().Be((2, run.Run.Id, 0));
        correction = await Score(w.CountyUser, correction, ding.Id, "工作实绩", 50, "补记材料");
        await Ok<RunView>(await w.CountyUser.PostJson($"/api/v1/scoring-runs/{correction.Run.Id}/publish", new { }));

        var corrected = await w.CountyUser.GetFromJson<Ranking>($"/api/v1/rankings?schemeId={scheme.Id}&period={World.Year}");
        (corrected.RunId, corrected.Version).Should().Be((correction.Run.Id, 2));
        corrected.Rows.Select(r => r.OrgName).Should().Equal("丁镇党委", "乙镇党委", "丙镇党委", "甲镇党委");
        var before = await w.CountyUser.GetFromJson<RunView>($"/api/v1/scoring-runs/{run.Run.Id}");
        before.Results.Single(r => r.OrgId == ding.Id).Total.Should().Be(60m, "the published run is unchanged by its correction");

        owed = await ObligationsOf(w, run.Run.Id);
        owed.Where(o => o.OrgId == ding.Id).Should().OnlyContain(o => o.State == ObligationState.Cancelled, "丁 left the bottom");
        owed.Where(o => o.OrgId == jia.Id).Should().OnlyContain(o => o.State == ObligationState.Open, "甲 is still at the bottom and keeps its obligations");
        (await ObligationsOf(w, correction.Run.Id)).Select(o => o.OrgId).Distinct().Should().Equal([bing.Id], "丙 is new at the bottom");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Scheme_WithFaults_IsRefusedNamingEachOne_AndSavesNothing(string provider)
    {
        var w = await CreateWorld(provider);
        var input = Scheme() with
        {
            Name = " ",
            Items =
            [
                new ItemInput("三会一课", ItemType.Score, "supervision.overdue", 30),
                new ItemInput("督办", ItemType.Deduction, "meetings.compliance", 1, Parent: 0),
                new ItemInput("无", ItemType.Score, "no.such", 10, Cap: 2),
            ],
            Tiers = [new RewardTier("一等奖", 0, 6000)],
        };
        var problem = await Refused(await w.CountyUser.PostJson("/api/v1/assessment-schemes", input), HttpStatusCode.UnprocessableEntity);
        problem.Errors!.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("name", "scheme_name_required"), ("tiers[0].size", "tier_size_invalid"), ("items[0].source", "item_source_measure"),
            ("items[1].source", "item_source_measure"), ("items[1].parent", "item_parent_not_group"), ("items[2].source", "item_source_unknown"),
            ("items[2].cap", "item_cap_only_bonus"),
        });
        (await w.CountyUser.GetFromJson<List<SchemeRow>>("/api/v1/assessment-schemes")).Should().BeEmpty();
    }

    /// <summary>The scope of every assessment route: another township's accounts see none of the county's or another township's schemes and runs, and score none.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherTownship_NeitherSeesNorScores(string provider)
    {
        var w = await CreateWorld(provider);
        var scheme = await Ok<SchemeView>(await w.CountyUser.PostJson("/api/v1/assessment-schemes", Scheme()), HttpStatusCode.Created);
        var run = await Ok<RunView>(await w.CountyUser.PostJson("/api/v1/scoring-runs", new RunInput(scheme.Id, $"{World.Year}")), HttpStatusCode.Created);
        // 乙镇 assesses its villages with a scheme of its own.
        var yiUser = w.App.ClientAs($"as-y-{Guid.NewGuid():N}"[..20], [Role.TownshipAdmin], w.Townships[1].Id);
        await w.App.AdminClient().CreateOrg(w.Townships[1].Id, "乙村党支部", OrgKind.Branch, OrgDomain.Rural);
        var village = await Ok<SchemeView>(await yiUser.PostJson("/api/v1/assessment-schemes",
            new SchemeInput(World.Year, AssessedKind.Village, "村党组织星级考核", [new ItemInput("工作实绩", ItemType.Score, null, 100)])), HttpStatusCode.Created);
        village.OrgName.Should().Be("乙镇党委", "an account bound to a township assesses in its name");
        var villageRun = await Ok<RunView>(await yiUser.PostJson("/api/v1/scoring-runs", new RunInput(village.Id, $"{World.Year}")), HttpStatusCode.Created);
        villageRun.Results.Select(r => r.OrgName).Should().Equal("乙村党支部");

        var a = w.TownshipUser; // 甲镇's administrator
        (await a.GetFromJson<List<SchemeRow>>("/api/v1/assessment-schemes")).Should().BeEmpty();
        (await a.GetFromJson<List<RunRow>>("/api/v1/scoring-runs")).Should().BeEmpty();
        foreach (var url in new[]
                 {
                     $"/api/v1/assessment-schemes/{scheme.Id}", $"/api/v1/assessment-schemes/{village.Id}", $"/api/v1/scoring-runs/{run.Run.Id}",
                     $"/api/v1/scoring-runs/{villageRun.Run.Id}", $"/api/v1/rankings?schemeId={village.Id}&period={World.Year}",
                 })
        {
            (await a.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound, url);
        }
        (await a.PutJson($"/api/v1/assessment-schemes/{village.Id}", new SchemeInput(World.Year, AssessedKind.Village, "改", [new ItemInput("x", ItemType.Score, null, 1)])))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await a.PostJson($"/api/v1/scoring-runs/{villageRun.Run.Id}/scores",
            new ManualScoreInput(villageRun.Results[0].OrgId, ItemId(villageRun, "工作实绩"), 90, "越权"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await a.PostJson($"/api/v1/scoring-runs/{villageRun.Run.Id}/publish", new { })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await a.PostJson($"/api/v1/scoring-runs/{villageRun.Run.Id}/recompute", new { })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await a.PostJson("/api/v1/scoring-runs", new RunInput(village.Id, $"{World.Year}"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await a.DeleteAsync($"/api/v1/scoring-runs/{villageRun.Run.Id}?reason=越权")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await a.PostJson("/api/v1/assessment-schemes", Scheme(w.Townships[1].Id))).StatusCode.Should().Be(HttpStatusCode.NotFound,
            "another township is not found from 甲镇");
        (await w.CountyUser.GetFromJson<RunView>($"/api/v1/scoring-runs/{villageRun.Run.Id}")).Results.Should().ContainSingle("the county sees below it");
    }
}
