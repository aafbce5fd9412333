using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Assessment;
using Zeren.Core.Competitions;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Competitions;

/// <summary>
/// 擂台赛 through /api/v1/competitions on both databases: set up with a configurable drop rule (one that would drop every
/// score refused), started, scored by the panel's judges only (over the full score refused, every fault at once), ranked
/// by the trimmed mean and the tie rule, published once every score is in (frozen, immutable), and the bottom places
/// owing the assessment's rectification obligations once; another township neither sees, scores nor runs it.
/// </summary>
public class CompetitionsApiTests
{
    private sealed record World(ZerenFactory App, OrgSummary County, OrgSummary[] Townships, HttpClient Organizer, Guid[] JudgeIds, HttpClient[] Judges)
    {
        public static string Quarter => Period.Containing(ChinaTime.Today(TimeProvider.System), PeriodKind.Quarter).ToString();
    }

    private static async Task<World> CreateWorld(string provider, int judges = 5)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var county = await admin.CreateOrg(null, "比武县委");
        var townships = new List<OrgSummary>();
        foreach (var name in new[] { "甲镇党委", "乙镇党委", "丙镇党委", "丁镇党委", "戊镇党委" })
        {
            townships.Add(await admin.CreateOrg(county.Id, name));
        }
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ids = new List<Guid>();
        var clients = new List<HttpClient>();
        for (var i = 0; i < judges; i++)
        {
            var name = $"cj-{i}-{tag}";
            ids.Add(await app.EnsureAccountAsync(name, [Role.ReadOnly], county.Id));
            clients.Add(app.ClientAs(name, [Role.ReadOnly], county.Id));
        }
        return new World(app, county, [.. townships], app.ClientAs($"co-{tag}", [Role.CountyAdmin], county.Id), [.. ids], [.. clients]);
    }

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

    private static CompetitionInput Input(World w, int? high = null, int? low = null, int? bottom = null, IReadOnlyList<Guid>? judges = null) =>
        new("党建擂台赛", CompetitionTheme.PartyBuilding, World.Quarter, w.County.Id, 100, high, low, bottom, w.Townships.Select(t => t.Id).ToList(),
            judges ?? w.JudgeIds);

    private static Task<HttpResponseMessage> Score(HttpClient judge, Guid id, Guid orgId, decimal points) =>
        judge.PostJson($"/api/v1/competitions/{id}/scores", new CompetitionScoreInput(orgId, points));

    private static async Task<List<Obligation>> ObligationsOf(World w, Guid id)
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        return await db.Set<Obligation>().IgnoreQueryFilters().AsNoTracking().Where(o => o.SourceId == id).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Competition_IsScoredByTheJudges_RankedByTrimmedMeanAndTieRule_PublishedOnce_AndTheBottomOweRectification(string provider)
    {
        var w = await CreateWorld(provider);
        var (jia, yi, bing, ding, wu) = (w.Townships[0], w.Townships[1], w.Townships[2], w.Townships[3], w.Townships[4]);

        // A rule that drops every score is refused, with every other fault at once.
        var bad = await Refused(await w.Organizer.PostJson("/api/v1/competitions", Input(w, high: 3, low: 2) with { Name = " ", Period = "2026-11" }),
            HttpStatusCode.UnprocessableEntity);
        bad.Errors!.Select(e => e.Code).Should().BeEquivalentTo(["competition_name_required", "competition_period_invalid", "competition_drops_all"]);

        var c = await Ok<CompetitionDetail>(await w.Organizer.PostJson("/api/v1/competitions", Input(w)), HttpStatusCode.Created);
        (c.State, c.DropHighest, c.DropLowest, c.BottomCount, c.MaxScore).Should().Be((CompetitionState.Draft, 1, 1, 3, 100m));
        c.Contestants.Should().HaveCount(5);
        c.Judges.Should().HaveCount(5);
        (await Refused(await Score(w.Judges[0], c.Id, jia.Id, 90), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("competition_not_started");

        // The panel and the drops: two highest and one lowest of five judges.
        c = await Ok<CompetitionDetail>(await w.Organizer.PutJson($"/api/v1/competitions/{c.Id}/judges", new CompetitionJudgesInput(w.JudgeIds.Take(3).ToList())));
        c.Judges.Should().HaveCount(3);
        c = await Ok<CompetitionDetail>(await w.Organizer.PutJson($"/api/v1/competitions/{c.Id}/judges", new CompetitionJudgesInput(w.JudgeIds)));
        c = await Ok<CompetitionDetail>(await w.Organizer.PostJson($"/api/v1/competitions/{c.Id}/start", new { }));
        c.State.Should().Be(CompetitionState.Scoring);
        (await Refused(await w.Organizer.PutJson($"/api/v1/competitions/{c.Id}/judges", new CompetitionJudgesInput(w.JudgeIds)), HttpStatusCode.UnprocessableEntity))
            .Code.Should().Be("competition_started");

        // Only the panel's judges score: the organizer is no judge (403); over the full score and a stranger at once (422).
        (await Refused(await Score(w.Organizer, c.Id, jia.Id, 90), HttpStatusCode.Forbidden)).Code.Should().Be("competition_not_judge");
        var outsider = w.County.Id;
        var over = await Refused(await Score(w.Judges[0], c.Id, outsider, 100.5m), HttpStatusCode.UnprocessableEntity);
        over.Errors!.Select(e => e.Code).Should().BeEquivalentTo(["competition_contestant_unknown", "competition_score_out_of_range"], "every fault at once");
        (await Refused(await Score(w.Judges[0], c.Id, jia.Id, 90.125m), HttpStatusCode.UnprocessableEntity)).Errors!.Single().Code.Should().Be("competition_score_precision");

        // Scores (five judges): drop the highest and the lowest, mean of the middle three, two places, half away from zero.
        decimal[][] table =
        [
            [90, 80, 85, 70, 100], // 甲: middle 80 85 90 → 85.00, mean 85.00
            [88, 88, 88, 60, 100], // 乙: 88 88 88 → 88.00
            [85, 86, 84, 40, 99],  // 丙: 84 85 86 → 85.00, mean 78.80 (ties 甲 on the trimmed mean, loses on the mean)
            [70, 71, 71, 10, 72],  // 丁: 70 71 71 → 70.67
            [60, 61, 62, 50, 100], // 戊: 60 61 62 → 61.00
        ];
        for (var t = 0; t < 5; t++)
        {
            for (var j = 0; j < 5; j++)
            {
                if (t == 4 && j == 4)
                {
                    continue;
                }
                (await Score(w.Judges[j], c.Id, w.Townships[t].Id, t == 0 && j == 0 ? 10 : table[t][j])).StatusCode.Should().Be(HttpStatusCode.OK);
            }
        }
        // A judge corrects their own score; publishing waits for the last one.
        c = await Ok<CompetitionDetail>(await Score(w.Judges[0], c.Id, jia.Id, 90));
        c.Contestants.Single(x => x.OrgId == jia.Id).MyScore.Should().Be(90m);
        c.MyRemaining.Should().Be(0);
        var missing = await Refused(await w.Organizer.PostJson($"/api/v1/competitions/{c.Id}/publish", new { }), HttpStatusCode.UnprocessableEntity);
        missing.Code.Should().Be("competition_scores_missing");
        (await Ok<CompetitionDetail>(await w.Judges[4].GetAsync($"/api/v1/competitions/{c.Id}"))).MyRemaining.Should().Be(1);
        (await Score(w.Judges[4], c.Id, wu.Id, 100)).StatusCode.Should().Be(HttpStatusCode.OK);

        var live = await w.Organizer.GetFromJson<CompetitionRanking>($"/api/v1/competitions/{c.Id}/ranking");
        live.Final.Should().BeFalse();
        live.Rows.Select(r => (r.OrgId, r.Rank, r.Score, r.Mean)).Should().Equal(
            (yi.Id, 1, 88m, 84.8m), (jia.Id, 2, 85m, 85m), (bing.Id, 3, 85m, 78.8m), (ding.Id, 4, 70.67m, 58.8m), (wu.Id, 5, 61m, 66.6m));

        var published = await Ok<CompetitionDetail>(await w.Organizer.PostJson($"/api/v1/competitions/{c.Id}/publish", new { }));
        published.State.Should().Be(CompetitionState.Published);
        published.Ranking.Final.Should().BeTrue();
        published.Ranking.Rows.Where(r => r.Bottom).Select(r => r.OrgId).Should().Equal(bing.Id, ding.Id, wu.Id);
        var owed = await ObligationsOf(w, c.Id);
        owed.Select(o => (o.OrgId, o.Kind)).Should().BeEquivalentTo(
            new[] { bing.Id, ding.Id, wu.Id }.SelectMany(id => AssessmentService.BottomObligations.Select(b => (id, b.Kind))));
        owed.Should().OnlyContain(o => o.DueOn == ChinaTime.Today(TimeProvider.System).AddDays(AssessmentService.BottomDays)
            && o.IssuerOrgId == w.County.Id && o.State == ObligationState.Open && o.Link == $"/competitions/{c.Id}");

        // Published is immutable: no score, no second publish, no new obligations.
        (await Refused(await Score(w.Judges[1], c.Id, jia.Id, 50), HttpStatusCode.UnprocessableEntity)).Errors!.Single().Code.Should().Be("competition_published");
        (await Refused(await w.Organizer.PostJson($"/api/v1/competitions/{c.Id}/publish", new { }), HttpStatusCode.UnprocessableEntity))
            .Code.Should().Be("competition_published");
        (await Refused(await w.Organizer.PutJson($"/api/v1/competitions/{c.Id}/contestants", new CompetitionContestantsInput([jia.Id])), HttpStatusCode.UnprocessableEntity))
            .Code.Should().Be("competition_published");
        (await ObligationsOf(w, c.Id)).Should().HaveCount(9, "opened once");
        (await w.Organizer.GetFromJson<CompetitionRanking>($"/api/v1/competitions/{c.Id}/ranking")).Rows.Select(r => (r.OrgId, r.Rank, r.Score))
            .Should().Equal(live.Rows.Select(r => (r.OrgId, r.Rank, r.Score)), "the places are frozen as they stood");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DropCounts_AreConfigurable_AndNoDrop_IsThePlainMean(string provider)
    {
        var w = await CreateWorld(provider, judges: 3);
        var none = await Ok<CompetitionDetail>(await w.Organizer.PostJson("/api/v1/competitions", Input(w, high: 0, low: 0, bottom: 0)), HttpStatusCode.Created);
        var two = await Ok<CompetitionDetail>(await w.Organizer.PostJson("/api/v1/competitions", Input(w, high: 2, low: 0, bottom: 0)), HttpStatusCode.Created);
        (await Refused(await w.Organizer.PostJson("/api/v1/competitions", Input(w, high: 2, low: 1)), HttpStatusCode.UnprocessableEntity))
            .Errors!.Single().Code.Should().Be("competition_drops_all");
        foreach (var id in new[] { none.Id, two.Id })
        {
            await Ok<CompetitionDetail>(await w.Organizer.PostJson($"/api/v1/competitions/{id}/start", new { }));
            decimal[] scores = [70, 80, 95];
            for (var j = 0; j < 3; j++)
            {
                (await Score(w.Judges[j], id, w.Townships[0].Id, scores[j])).StatusCode.Should().Be(HttpStatusCode.OK);
            }
        }
        var plain = await w.Organizer.GetFromJson<CompetitionRanking>($"/api/v1/competitions/{none.Id}/ranking");
        plain.Rows.Single(r => r.OrgId == w.Townships[0].Id).Score.Should().Be(81.67m, "(70 + 80 + 95) / 3, rounded to two places");
        var low = await w.Organizer.GetFromJson<CompetitionRanking>($"/api/v1/competitions/{two.Id}/ranking");
        low.Rows.Single(r => r.OrgId == w.Townships[0].Id).Score.Should().Be(70m, "the two highest dropped");
        low.Rows[0].OrgId.Should().Be(w.Townships[0].Id, "a contestant with a score ranks before those without");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherTownship_NeitherSeesNorScoresNorRuns(string provider)
    {
        var w = await CreateWorld(provider, judges: 3);
        var (jia, yi) = (w.Townships[0], w.Townships[1]);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var jiaAdmin = w.App.ClientAs($"ct-a-{tag}", [Role.TownshipAdmin], jia.Id);
        var yiAdmin = w.App.ClientAs($"ct-b-{tag}", [Role.TownshipAdmin], yi.Id);
        var village = await w.App.AdminClient().CreateOrg(jia.Id, "甲村党支部", OrgKind.Branch, OrgDomain.Rural, TestData.Code("V"));
        var village2 = await w.App.AdminClient().CreateOrg(jia.Id, "甲新村党支部", OrgKind.Branch, OrgDomain.Rural, TestData.Code("V"));
        var jiaJudge = await w.App.EnsureAccountAsync($"ct-j-{tag}", [Role.ReadOnly], jia.Id);
        var c = await Ok<CompetitionDetail>(await jiaAdmin.PostJson("/api/v1/competitions",
            new CompetitionInput("甲镇擂台赛", CompetitionTheme.Governance, World.Quarter, jia.Id, null, 0, 0, 1, [village.Id, village2.Id], [jiaJudge])), HttpStatusCode.Created);

        // 乙's administrator: not found, not listed, writes refused; a judge of 乙 may not sit on 甲's panel.
        (await yiAdmin.GetAsync($"/api/v1/competitions/{c.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await yiAdmin.GetAsync($"/api/v1/competitions/{c.Id}/ranking")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await yiAdmin.GetAsync($"/ui/competitions/{c.Id}/ranking")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await yiAdmin.GetFromJson<List<CompetitionRow>>("/api/v1/competitions")).Should().NotContain(r => r.Id == c.Id);
        (await yiAdmin.PostJson($"/api/v1/competitions/{c.Id}/start", new { })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await yiAdmin.PutJson($"/api/v1/competitions/{c.Id}/contestants", new CompetitionContestantsInput([village.Id]))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Score(yiAdmin, c.Id, village.Id, 50)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await yiAdmin.PostJson("/api/v1/competitions", new CompetitionInput("乙镇办甲镇", CompetitionTheme.Governance, World.Quarter, jia.Id)))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        var yiJudge = await w.App.EnsureAccountAsync($"ct-k-{tag}", [Role.ReadOnly], yi.Id);
        (await Refused(await jiaAdmin.PutJson($"/api/v1/competitions/{c.Id}/judges", new CompetitionJudgesInput([yiJudge])), HttpStatusCode.UnprocessableEntity))
            .Errors!.Single().Code.Should().Be("competition_judge_invalid");
        (await Refused(await yiAdmin.PostJson("/api/v1/competitions",
            new CompetitionInput("乙镇擂台赛", CompetitionTheme.Governance, World.Quarter, yi.Id, ContestantOrgIds: [village.Id])), HttpStatusCode.UnprocessableEntity))
            .Errors!.Single().Code.Should().Be("competition_contestant_outside");

        // 甲's own: started, its judge (bound to 甲) scores and sees it on the home page.
        await Ok<CompetitionDetail>(await jiaAdmin.PostJson($"/api/v1/competitions/{c.Id}/start", new { }));
        var judge = w.App.ClientAs($"ct-j-{tag}", [Role.ReadOnly], jia.Id);
        (await Score(judge, c.Id, village.Id, 77)).StatusCode.Should().Be(HttpStatusCode.OK);
        var home = System.Net.WebUtility.HtmlDecode(await judge.GetStringAsync(new Uri("/", UriKind.Relative)));
        home.Should().Contain("data-zr-card=\"competitions-judge\"").And.Contain($"/competitions/{c.Id}/score");
    }
}
