using FluentAssertions;
using Zeren.Core.Competitions;
using Zeren.Core.Demo;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Competitions;

/// <summary>
/// The demo county's competitions on the pages, on both databases (a static page renders at its first database wait on
/// PostgreSQL): the township's published one of last quarter with its frozen ranking and bottom places, this quarter's
/// being scored with its live ranking polled by htmx, and a judge with villages left seeing them on the home page and
/// on the phone page.
/// </summary>
public class CompetitionPagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCompetitions_ShowTheirRankings_AndAJudgeWhatIsLeft(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var township = await app.PageClientAsync("township1", DemoAccounts.Password);
        var list = await township.PageTextAsync("/competitions");
        list.Should().Contain("“抓党建促发展”擂台赛").And.Contain("“基层治理”擂台赛").And.Contain("已发布").And.Contain("评分中");

        var api = app.AdminClient();
        var rows = await api.GetFromJson<List<CompetitionRow>>("/api/v1/competitions");
        var published = rows.Single(r => r.Name.Contains("抓党建促发展", StringComparison.Ordinal));
        var scoring = rows.Single(r => r.Name.Contains("基层治理", StringComparison.Ordinal));
        (published.State, scoring.State).Should().Be((CompetitionState.Published, CompetitionState.Scoring));

        var done = await township.PageTextAsync($"/competitions/{published.Id}");
        done.Should().Contain("最终排名").And.Contain("末位整改").And.NotContain("every 5s");
        var live = await township.PageTextAsync($"/competitions/{scoring.Id}");
        live.Should().Contain("实时排名").And.Contain($"hx-get=\"/ui/competitions/{scoring.Id}/ranking\"").And.Contain("hx-trigger=\"every 5s\"");
        (await township.PageTextAsync($"/ui/competitions/{scoring.Id}/ranking")).Should().Contain("competition-ranking-table");

        // township1 is a judge with villages left this quarter.
        var home = await township.PageTextAsync("/");
        home.Should().Contain("data-zr-card=\"competitions-judge\"").And.Contain($"/competitions/{scoring.Id}/score");
        var phone = await township.PageTextAsync($"/competitions/{scoring.Id}/score");
        phone.Should().Contain("未评分").And.Contain("待我评分");
        var detail = await api.GetFromJson<CompetitionDetail>($"/api/v1/competitions/{scoring.Id}");
        var unscored = detail.Contestants[^1];
        (await township.PageTextAsync($"/competitions/{scoring.Id}/score/{unscored.OrgId}")).Should().Contain("score-points").And.Contain(unscored.OrgName);
    }
}
