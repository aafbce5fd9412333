using System.Globalization;
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
/// 星级评定 through /api/v1/star-ratings on both databases: a township's village run published and rated by the year's
/// bands (a veto one star); the branches at two stars or fewer owe to rise; a corrected run rated again takes the risen
/// one off the 动态清零 list and closes its obligation; faulty bands and runs are refused; another township sees nothing.
/// </summary>
public class StarRatingsTests
{
    private static int Year => ChinaTime.Today(TimeProvider.System).Year;

    private static string YearText => Year.ToString(CultureInfo.InvariantCulture);

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

    private static SchemeInput VillageScheme() => new(Year, AssessedKind.Village, "村党组织星级考核",
        [new ItemInput("工作实绩", ItemType.Score, null, 100), new ItemInput("双整未达标", ItemType.Veto, null, 0)], []);

    private static async Task<RunView> Score(HttpClient user, RunView run, Guid orgId, string item, decimal value) =>
        await Ok<RunView>(await user.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/scores",
            new ManualScoreInput(orgId, run.Scheme.Items.Single(i => i.Name == item).Id, value, "评议")));

    private static async Task<List<Obligation>> RiseObligations(ZerenFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        return await db.Set<Obligation>().IgnoreQueryFilters().AsNoTracking().Where(o => o.Kind == StarRatingService.RiseKind).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rating_GivesStarsByBands_TheLowOweToRise_AndARisenBranchLeavesTheList(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var county = await admin.CreateOrg(null, "星级县委");
        var a = await admin.CreateOrg(county.Id, "甲镇党委");
        var b = await admin.CreateOrg(county.Id, "乙镇党委");
        var v = new List<OrgSummary>();
        foreach (var name in new[] { "一村党支部", "二村党支部", "三村党支部", "四村党支部" })
        {
            v.Add(await admin.CreateOrg(a.Id, name, OrgKind.Branch, OrgDomain.Rural));
        }
        var bVillage = await admin.CreateOrg(b.Id, "乙村党支部", OrgKind.Branch, OrgDomain.Rural);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var aUser = app.ClientAs($"st-a-{tag}", [Role.TownshipAdmin], a.Id);
        var bUser = app.ClientAs($"st-b-{tag}", [Role.TownshipAdmin], b.Id);

        // Faulty bands: every fault at once, nothing saved.
        var bad = await Refused(await aUser.PutJson("/api/v1/star-ratings/bands",
            new StarBandsInput(Year, [new StarBand(1, 0, 60), new StarBand(3, 55, 80), new StarBand(2, 80, 95)])), HttpStatusCode.UnprocessableEntity);
        bad.Errors!.Select(e => e.Code).Should().BeEquivalentTo(["star_band_overlap", "star_band_order", "star_band_end"]);
        (await aUser.GetFromJson<StarBandsView>($"/api/v1/star-ratings/bands?year={Year}")).IsDefault.Should().BeTrue();
        var bands = await Ok<StarBandsView>(await aUser.PutJson("/api/v1/star-ratings/bands",
            new StarBandsInput(Year, [new StarBand(1, 0, 60), new StarBand(2, 60, 70), new StarBand(3, 70, 80), new StarBand(4, 80, 90), new StarBand(5, 90, 100)])));
        bands.IsDefault.Should().BeFalse();

        var scheme = await Ok<SchemeView>(await aUser.PostJson("/api/v1/assessment-schemes", VillageScheme()), HttpStatusCode.Created);
        var run = await Ok<RunView>(await aUser.PostJson("/api/v1/scoring-runs", new RunInput(scheme.Id, YearText)), HttpStatusCode.Created);
        (await Refused(await aUser.PostJson("/api/v1/star-ratings", new StarRatingInput(run.Run.Id)), HttpStatusCode.UnprocessableEntity))
            .Code.Should().Be("star_run_not_published");
        await Score(aUser, run, v[0].Id, "工作实绩", 90);
        await Score(aUser, run, v[1].Id, "工作实绩", 69.5m);
        await Score(aUser, run, v[2].Id, "工作实绩", 50);
        await Score(aUser, run, v[3].Id, "工作实绩", 95);
        run = await Score(aUser, run, v[3].Id, "双整未达标", 1);
        await Ok<RunView>(await aUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/publish", new { }));

        // Township B neither rates A's run nor sees A's rating.
        (await bUser.PostJson("/api/v1/star-ratings", new StarRatingInput(run.Run.Id))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var first = await Ok<StarRatingView>(await aUser.PostJson("/api/v1/star-ratings", new StarRatingInput(run.Run.Id)), HttpStatusCode.Created);
        first.Branches.ToDictionary(x => x.OrgName, x => x.Stars).Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["一村党支部"] = 5, ["二村党支部"] = 2, ["三村党支部"] = 1, ["四村党支部"] = 1,
        }, "90 is five stars, 69.5 two, a veto one whatever the points");
        first.Rating.Low.Should().Be(3);
        (await bUser.GetAsync($"/api/v1/star-ratings/{first.Rating.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bUser.GetFromJson<List<StarRatingRow>>("/api/v1/star-ratings")).Should().BeEmpty();
        (await bUser.GetAsync($"/api/v1/star-ratings/branches/{v[1].Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Refused(await aUser.PostJson("/api/v1/star-ratings", new StarRatingInput(run.Run.Id)), HttpStatusCode.UnprocessableEntity))
            .Code.Should().Be("star_run_rated");

        var owed = await RiseObligations(app);
        owed.Select(o => o.OrgId).Should().BeEquivalentTo([v[1].Id, v[2].Id, v[3].Id]);
        owed.Should().OnlyContain(o => o.State == ObligationState.Open && o.DueOn == new DateOnly(Year, 12, 31) && o.IssuerOrgId == a.Id && o.Period == YearText);
        var list = await aUser.GetFromJson<ClearanceList>($"/api/v1/star-ratings/clearance?year={Year}");
        (list.AtStart, list.Now).Should().Be((3, 3));

        // A correction: 二村 rises to three stars, 三村 stays; rating it closes 二村's obligation and shortens the list.
        var correction = await Ok<RunView>(await aUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/corrections", new CorrectionInput("二村材料补正")),
            HttpStatusCode.Created);
        correction = await Score(aUser, correction, v[1].Id, "工作实绩", 75);
        await Ok<RunView>(await aUser.PostJson($"/api/v1/scoring-runs/{correction.Run.Id}/publish", new { }));
        var old = await Refused(await aUser.PostJson("/api/v1/star-ratings", new StarRatingInput(run.Run.Id)), HttpStatusCode.UnprocessableEntity);
        old.Errors!.Select(e => e.Code).Should().BeEquivalentTo(["star_run_superseded", "star_run_rated"]);
        var second = await Ok<StarRatingView>(await aUser.PostJson("/api/v1/star-ratings", new StarRatingInput(correction.Run.Id)), HttpStatusCode.Created);
        second.Branches.Single(x => x.OrgId == v[1].Id).Should().Match<BranchStars>(x => x.Stars == 3 && x.PreviousStars == 2);

        owed = await RiseObligations(app);
        owed.Single(o => o.OrgId == v[1].Id).State.Should().Be(ObligationState.Closed, "二村 rose");
        owed.Where(o => o.OrgId != v[1].Id).Should().OnlyContain(o => o.State == ObligationState.Open).And.HaveCount(2, "still low: kept, not doubled");
        list = await aUser.GetFromJson<ClearanceList>($"/api/v1/star-ratings/clearance?year={Year}");
        (list.AtStart, list.Now).Should().Be((3, 2));
        list.Rows.Single(r => r.OrgId == v[1].Id).Should().Match<ClearanceRow>(r => !r.Low && r.StarsAtStart == 2 && r.StarsNow == 3 && r.Obligation == ObligationState.Closed);

        var history = await aUser.GetFromJson<BranchStarHistory>($"/api/v1/star-ratings/branches/{v[1].Id}");
        history.Rows.Select(r => r.Stars).Should().Equal(3, 2);
        var map = await aUser.GetFromJson<StarMap>($"/api/v1/star-ratings/map?orgId={a.Id}&year={Year}");
        map.Groups.Single().Cells.Select(c => (c.OrgName, c.Stars)).Should().Equal(
            ("一村党支部", (int?)5), ("二村党支部", 3), ("三村党支部", 1), ("四村党支部", 1));
        var countyMap = await admin.GetFromJson<StarMap>($"/api/v1/star-ratings/map?orgId={county.Id}&year={Year}");
        countyMap.Groups.Single(g => g.TownshipId == b.Id).Cells.Single().Should().Match<StarCell>(c => c.OrgId == bVillage.Id && c.Stars == null);
        (await bUser.GetAsync($"/api/v1/star-ratings/map?orgId={a.Id}&year={Year}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        // A year no period lies in is refused, not answered as an empty year.
        foreach (var url in new[] { "/api/v1/star-ratings/bands?year=99999", "/api/v1/star-ratings/clearance?year=99999", $"/api/v1/star-ratings/map?orgId={a.Id}&year=99999" })
        {
            (await Refused(await aUser.GetAsync(url), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("year_invalid", url);
        }

        // The pages render on both databases.
        var page = await app.NewPageClientAsync("st-p", Role.TownshipAdmin, a.Id);
        foreach (var url in new[] { $"/assessment/stars?year={Year}", $"/assessment/stars/map?org={a.Id}&year={Year}", $"/assessment/stars/branches/{v[1].Id}" })
        {
            var response = await page.GetAsync(url);
            response.StatusCode.Should().Be(HttpStatusCode.OK, url);
            var html = await response.Content.ReadAsStringAsync();
            html.Should().Contain("二村党支部", url);
        }
    }
}
