using System.Globalization;
using System.Net;
using FluentAssertions;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Assessment;

/// <summary>
/// The assessment pages on both databases: a scheme made and edited on its page (every fault shown, nothing saved), a
/// run started, scored by hand and published from its page, the printable award list; another township's page not found.
/// </summary>
public class AssessmentPagesTests
{
    private static async Task<string> Redirected(Task<HttpResponseMessage> post)
    {
        var response = await post;
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString.Split('?')[0];
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SchemeIsMadeOnItsPage_ThenARunIsScoredAndPublished_AndTheAwardListPrints(string provider)
    {
        var w = await AssessmentApiTests.CreateWorld(provider);
        var county = await w.App.NewPageClientAsync("ap-c", Role.CountyAdmin, w.County.Id);
        var year = AssessmentApiTests.World.Year.ToString(CultureInfo.InvariantCulture);

        (await county.PageTextAsync("/assessment")).Should().Contain("还没有考核方案");
        var schemeUrl = await Redirected(county.PostFormAsync("/assessment", "scheme", new Dictionary<string, string>
        {
            ["New.Name"] = "页面考核方案", ["New.Year"] = year, ["New.Kind"] = "Township",
        }, tokenFrom: "/assessment"));
        schemeUrl.Should().StartWith("/assessment/schemes/");

        var refused = await county.PostFormAsync(schemeUrl, "item", new Dictionary<string, string>
        {
            ["Item.Name"] = "", ["Item.Type"] = "Score", ["Item.Source"] = "supervision.overdue", ["Item.Points"] = "10",
        }, tokenFrom: schemeUrl);
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        text.Should().Contain("请填写指标名称").And.Contain("只能用于加分、扣分或否决项");
        (await county.PageTextAsync(schemeUrl)).Should().Contain("还没有考核指标");

        await Redirected(county.PostFormAsync(schemeUrl, "item", new Dictionary<string, string>
        {
            ["Item.Name"] = "工作实绩", ["Item.Type"] = "Score", ["Item.Source"] = "", ["Item.Points"] = "80",
        }, tokenFrom: schemeUrl));
        await Redirected(county.PostFormAsync(schemeUrl, "item", new Dictionary<string, string>
        {
            ["Item.Name"] = "三会一课落实率", ["Item.Type"] = "Score", ["Item.Source"] = "meetings.compliance", ["Item.Points"] = "20",
        }, tokenFrom: schemeUrl));
        await Redirected(county.PostFormAsync(schemeUrl, "settings", new Dictionary<string, string>
        {
            ["Settings.BottomCount"] = "1", ["Settings.Tiers"] = "一等奖:1:6000\n二等奖:1:5500",
        }, tokenFrom: schemeUrl));
        var scheme = await county.PageTextAsync(schemeUrl);
        scheme.Should().Contain("工作实绩").And.Contain("三会一课落实率").And.Contain("一等奖 1 名 6000 元/人");

        var runUrl = await Redirected(county.PostFormAsync(schemeUrl, "run", new Dictionary<string, string> { ["Run.Text"] = year }, tokenFrom: schemeUrl));
        var run = await county.PageTextAsync(runUrl);
        run.Should().Contain("甲镇党委").And.Contain("还有 4 项人工评分未录入").And.Contain("期内无应开会议");

        var item = await ItemIdAsync(w, schemeUrl);
        var points = new Dictionary<Guid, string> { [w.Townships[0].Id] = "70", [w.Townships[1].Id] = "75", [w.Townships[2].Id] = "60", [w.Townships[3].Id] = "65" };
        foreach (var (orgId, value) in points)
        {
            await Redirected(county.PostFormAsync(runUrl, "score", new Dictionary<string, string>
            {
                ["Score.OrgId"] = orgId.ToString(), ["Score.ItemId"] = item.ToString(), ["Score.Value"] = value, ["Score.Reason"] = "述职评议",
            }, tokenFrom: runUrl));
        }
        await Redirected(county.PostFormAsync(runUrl, "publish", [], tokenFrom: runUrl));
        run = await county.PageTextAsync(runUrl);
        run.Should().Contain("已发布").And.NotContain("id=\"score-save\"");

        var awards = await county.PageTextAsync(runUrl + "/awards");
        awards.Should().Contain("乙镇党委").And.Contain("一等奖").And.Contain("甲镇党委").And.Contain("二等奖").And.NotContain("丙镇党委");
        (await county.PageTextAsync(schemeUrl)).Should().Contain("已冻结").And.NotContain("id=\"item-add\"");

        var other = await w.App.NewPageClientAsync("ap-t", Role.TownshipAdmin, w.Townships[0].Id);
        (await other.GetAsync(new Uri(runUrl, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetAsync(new Uri(schemeUrl, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task<Guid> ItemIdAsync(AssessmentApiTests.World w, string schemeUrl)
    {
        var scheme = await w.CountyUser.GetFromJson<Zeren.Core.Assessment.SchemeView>("/api/v1/assessment-schemes/" + schemeUrl.Split('/')[^1]);
        return scheme.Items.Single(i => i.Name == "工作实绩").Id;
    }
}
