using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Zeren.Core.Demo;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Supervision;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Supervision;

/// <summary>
/// The supervision pages: the register and its filters, the issue form, the order page with the steps its viewer may
/// take (the receiver's answer with evidence, the issuer's return), a refusal changing nothing, the bulk issue from the
/// branches behind on their meetings; the 重点督办 card on the home pages concerned; and the demo county's orders.
/// </summary>
public class SupervisionPagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task IssueForm_ThenTheReceiverAnswersWithEvidence_AndTheIssuerReturnsIt(string provider)
    {
        var w = await SupervisionOrdersApiTests.CreateWorld(provider);
        var county = await w.App.NewPageClientAsync("sp-c", Role.CountyAdmin, w.County.Id);
        var clerk = await w.App.NewPageClientAsync("sp-v", Role.BranchClerk, w.Village.Id);
        var neighbour = await w.App.NewPageClientAsync("sp-n", Role.BranchClerk, w.Neighbour.Id);

        var form = await county.PageTextAsync($"/supervision/new?org={w.Village.Id}&source=problem&sourceTitle=问题台账");
        form.Should().Contain("测试村党支部").And.Contain("问题台账");
        var issued = await county.PostFormAsync($"/supervision/new?org={w.Village.Id}", "order", new Dictionary<string, string>
        {
            ["Model.OrgId"] = w.Village.Id.ToString(),
            ["Model.Title"] = "页面下发的督办",
            ["Model.Content"] = "请整改。\n限期反馈。",
            ["Model.DueOn"] = SupervisionOrdersApiTests.Today.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Model.SourceType"] = "problem",
        }, tokenFrom: "/supervision/new");
        issued.StatusCode.Should().Be(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        var orderUrl = issued.Headers.Location!.OriginalString.Split('?')[0];
        var id = Guid.Parse(orderUrl.Split('/')[^1]);

        var register = await county.PageTextAsync($"/supervision?org={w.County.Id}&state=Issued");
        register.Should().Contain("页面下发的督办").And.Contain(SupervisionOrdersApiTests.World.Number(1));
        (await county.PageTextAsync($"/supervision?org={w.County.Id}&state=Closed")).Should().NotContain("页面下发的督办");

        var seenByClerk = await clerk.PageTextAsync(orderUrl);
        seenByClerk.Should().Contain("id=\"order-acknowledge\"").And.NotContain("id=\"order-escalate\"");
        (await clerk.PostFormAsync(orderUrl, "acknowledge", [], tokenFrom: orderUrl)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        // Someone outside the receiving organization cannot answer: the neighbour does not even find the order.
        var outsider = await neighbour.PostFormAsync(orderUrl, "respond", new Dictionary<string, string> { ["Respond.Text"] = "代为反馈" });
        outsider.StatusCode.Should().BeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        (await w.CountyUser.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{id}")).Order.State.Should().Be(SupervisionState.Acknowledged);

        // The receiver's answer, with a photo as evidence.
        var token = await clerk.AntiforgeryTokenAsync(orderUrl);
        using (var multipart = Zeren.Web.Tests.Security.ScopeWorld.Png("整改照片"))
        {
            multipart.Add(new StringContent(token), "__RequestVerificationToken");
            multipart.Add(new StringContent("respond"), "_handler");
            multipart.Add(new StringContent("已整改完毕。"), "Respond.Text");
            var answered = await clerk.PostAsync(new Uri(orderUrl, UriKind.Relative), multipart);
            answered.StatusCode.Should().Be(HttpStatusCode.Redirect, await answered.Content.ReadAsStringAsync());
        }
        var detail = await w.CountyUser.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{id}");
        detail.Order.State.Should().Be(SupervisionState.Responded);
        detail.History[^1].Files.Should().ContainSingle().Which.FileName.Should().Be("附件.png");

        // The issuer returns it, with the reason the page asks for; a blank reason is refused and changes nothing.
        var blank = await county.PostFormAsync(orderUrl, "return", new Dictionary<string, string> { ["Return.Text"] = " " }, tokenFrom: orderUrl);
        blank.StatusCode.Should().Be(HttpStatusCode.OK);
        (await w.CountyUser.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{id}")).Order.State.Should().Be(SupervisionState.Responded);
        (await county.PostFormAsync(orderUrl, "return", new Dictionary<string, string> { ["Return.Text"] = "请补充会议记录" }, tokenFrom: orderUrl))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);
        var timeline = await county.PageTextAsync(orderUrl);
        timeline.Should().Contain("请补充会议记录").And.Contain("附件.png").And.Contain("data-zr-step=\"Return\"");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task IssuingTheSameTextToTwoOrganizations_IsOneBulkAction(string provider)
    {
        var w = await SupervisionOrdersApiTests.CreateWorld(provider);
        var township = await w.App.NewPageClientAsync("sp-t", Role.TownshipAdmin, w.Township.Id);
        var month = Period.Containing(SupervisionOrdersApiTests.Today, PeriodKind.Month).Previous.ToString();
        var page = await township.PageTextAsync($"/supervision/bulk?month={month}");
        page.Should().Contain("测试村党支部", "a branch without meetings is behind").And.Contain("邻村党支部");

        var fields = new Dictionary<string, string>
        {
            ["Model.Title"] = "督促补开会议",
            ["Model.Content"] = "请补开。",
            ["Model.DueOn"] = SupervisionOrdersApiTests.Today.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Model.Targets[0].Selected"] = "true", ["Model.Targets[0].OrgId"] = w.Village.Id.ToString(), ["Model.Targets[0].SourceType"] = "meetings.compliance",
            ["Model.Targets[1].Selected"] = "true", ["Model.Targets[1].OrgId"] = w.Neighbour.Id.ToString(), ["Model.Targets[1].SourceType"] = "meetings.compliance",
            ["Model.Targets[2].Selected"] = "true", ["Model.Targets[2].OrgId"] = w.County.Id.ToString(), ["Model.Targets[2].SourceType"] = "meetings.compliance",
        };
        var refused = await township.PostFormAsync($"/supervision/bulk?month={month}", "bulk", fields, tokenFrom: $"/supervision/bulk?month={month}");
        refused.StatusCode.Should().Be(HttpStatusCode.OK, "the page comes back with the fault");
        (await w.TownshipUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.Township.Id}")).Total.Should().Be(0, "all or nothing");

        fields.Remove("Model.Targets[2].Selected");
        var issued = await township.PostFormAsync($"/supervision/bulk?month={month}", "bulk", fields, tokenFrom: $"/supervision/bulk?month={month}");
        issued.StatusCode.Should().Be(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        var batch = await township.PageTextAsync(issued.Headers.Location!.OriginalString);
        batch.Should().Contain("测试村党支部").And.Contain("邻村党支部").And.Contain(SupervisionOrdersApiTests.World.Number(2));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AKeyOrder_IsRaisedOnTheHomePagesOfTheCountyAndTheReceiver_NotOfOthers(string provider)
    {
        var w = await SupervisionOrdersApiTests.CreateWorld(provider);
        var order = await SupervisionOrdersApiTests.Issue(w.CountyUser, SupervisionOrdersApiTests.Order(w.Village.Id, "重点督办的事项"));
        (await w.CountyUser.PageTextAsync("/")).Should().NotContain("data-zr-card=\"supervision-key\"");

        (await w.CountyUser.PostJson($"/api/v1/supervision-orders/{order.Order.Id}/escalate", new EscalateInput("多次督促"))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await w.CountyUser.PageTextAsync("/")).Should().Contain("data-zr-card=\"supervision-key\"").And.Contain("重点督办的事项");
        (await w.Clerk.PageTextAsync("/")).Should().Contain("data-zr-card=\"supervision-key\"").And.Contain("重点督办的事项");
        (await w.NeighbourClerk.PageTextAsync("/")).Should().NotContain("重点督办的事项");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnAnswer_WaitsOnTheIssuersHomePage_UntilItIsVerified(string provider)
    {
        var w = await SupervisionOrdersApiTests.CreateWorld(provider);
        var id = (await SupervisionOrdersApiTests.Issue(w.CountyUser, SupervisionOrdersApiTests.Order(w.Village.Id, "待核验的事项"))).Order.Id;
        (await w.CountyUser.PageTextAsync("/")).Should().NotContain("data-zr-card=\"supervision-to-verify\"");

        (await w.Clerk.PostJson($"/api/v1/supervision-orders/{id}/acknowledge", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await w.Clerk.PostJson($"/api/v1/supervision-orders/{id}/respond", new RespondInput("已整改。", []))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await w.CountyUser.PageTextAsync("/")).Should().Contain("data-zr-card=\"supervision-to-verify\"").And.Contain("待核验的事项");
        (await w.Clerk.PageTextAsync("/")).Should().NotContain("data-zr-card=\"supervision-to-verify\"", "the receiver does not verify its own answer");

        (await w.CountyUser.PostJson($"/api/v1/supervision-orders/{id}/verify", new VerifyInput(null))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await w.CountyUser.PageTextAsync("/")).Should().NotContain("data-zr-card=\"supervision-to-verify\"");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCounty_HasOrdersInEveryState_OneOfThemKey(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var county = app.CreateClient();
        county.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.LoginAsync("county", DemoAccounts.Password));

        var all = await county.GetFromJson<Paged<OrderRow>>("/api/v1/supervision-orders?pageSize=50");
        all.Total.Should().BeInRange(5, 10);
        all.Items.Select(o => o.State).Distinct().Should().BeEquivalentTo(Enum.GetValues<SupervisionState>());
        all.Items.Where(o => o.IsEscalated).Should().ContainSingle().Which.IsOverdue.Should().BeTrue();
        all.Items.Should().Contain(o => o.ReturnCount == 1);
        all.Items.GroupBy(o => (o.IssuerOrgId, o.Year)).Should().OnlyContain(g => g.Select(o => o.Number).Order().SequenceEqual(Enumerable.Range(1, g.Count())));
        (await county.PageTextAsync("/")).Should().Contain("data-zr-card=\"supervision-key\"");
        (await county.PageTextAsync("/supervision")).Should().Contain(all.Items[0].NumberText);
        var owed = await county.GetFromJson<Paged<Zeren.Core.Obligations.ObligationRow>>($"/api/v1/obligations?kind={SupervisionService.ObligationKind}&pageSize=50");
        owed.Items.Select(o => o.SourceId).Should().BeEquivalentTo(all.Items.Select(o => o.Id), "each order opened its receiver's obligation");
        owed.Items.Single(o => o.SourceId == all.Items.Single(i => i.State == SupervisionState.Closed).Id).State
            .Should().Be(Zeren.Core.Obligations.ObligationState.Closed);
    }
}
