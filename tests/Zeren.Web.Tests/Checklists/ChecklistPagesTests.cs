using System.Net;
using FluentAssertions;
using Zeren.Core.Checklists;
using Zeren.Core.Demo;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Checklists;

/// <summary>
/// The board and a village's page on both databases: states coloured on the board with the township's 达标 count; the
/// village sees its claim form with a camera input, the township the verify and return forms; both see the photo and
/// the history; the home cards name the waiting claim and the returned item.
/// </summary>
public class ChecklistPagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Board_VillagePage_AndHomeCards(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var county = await admin.CreateOrg(null, "看板县委");
        var township = await admin.CreateOrg(county.Id, "看板镇党委");
        var v1 = await admin.CreateOrg(township.Id, "看板一村党支部", OrgKind.Branch, OrgDomain.Rural);
        var v2 = await admin.CreateOrg(township.Id, "看板二村党支部", OrgKind.Branch, OrgDomain.Rural);
        var year = ChinaTime.Today(TimeProvider.System).Year;
        var t = await (await admin.PostJson("/api/v1/checklists/templates", new ChecklistTemplateInput(year, ChecklistKind.Standard, OrgId: county.Id)))
            .ReadAs<ChecklistTemplateDetail>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var clerkApi = app.ClientAs($"pg-v-{tag}", [Role.BranchClerk], v1.Id);
        var photo = await Problems.ProblemsApiTests.Upload(clerkApi, v1.Id, "党徽");
        (await clerkApi.PostJson($"/api/v1/checklists/templates/{t.Id}/orgs/{v1.Id}/items/{t.Items[0].Id}/claim", new ChecklistClaimInput("屋顶已树党徽", [photo])))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var townshipApi = app.ClientAs($"pg-t-{tag}", [Role.TownshipAdmin], township.Id);
        var photo2 = await Problems.ProblemsApiTests.Upload(clerkApi, v1.Id, "党旗");
        (await clerkApi.PostJson($"/api/v1/checklists/templates/{t.Id}/orgs/{v1.Id}/items/{t.Items[1].Id}/claim", new ChecklistClaimInput("已挂党旗", [photo2])))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await townshipApi.PostJson($"/api/v1/checklists/templates/{t.Id}/orgs/{v1.Id}/items/{t.Items[1].Id}/return", new ChecklistReturnInput("党旗位置不规范")))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var townshipPage = await app.NewPageClientAsync("pg-tp", Role.TownshipAdmin, township.Id);
        var board = await townshipPage.PageTextAsync($"/checklists?year={year}");
        board.Should().Contain("标准化建设清单");
        board.Should().Contain("checklist-board").And.Contain("看板一村党支部").And.Contain("看板二村党支部").And.Contain("table-warning").And.Contain("table-danger")
            .And.Contain("屋顶树党徽");
        var village = await townshipPage.PageTextAsync($"/checklists/{t.Id}/orgs/{v1.Id}?item={t.Items[0].Id}");
        village.Should().Contain("checklist-verify").And.Contain("checklist-return").And.Contain($"/api/v1/files/{photo}").And.Contain("屋顶已树党徽")
            .And.NotContain("checklist-claim\"");
        (await townshipPage.PageTextAsync("/")).Should().Contain("data-zr-card=\"checklists-to-verify\"").And.Contain($"/checklists/{t.Id}/orgs/{v1.Id}?item={t.Items[0].Id}");

        var clerkPage = await app.NewPageClientAsync("pg-vp", Role.BranchClerk, v1.Id);
        var own = await clerkPage.PageTextAsync($"/checklists/{t.Id}/orgs/{v1.Id}?item={t.Items[1].Id}");
        own.Should().Contain("checklist-claim").And.Contain("capture=\"environment\"").And.Contain("党旗位置不规范").And.NotContain("id=\"checklist-verify\"");
        (await clerkPage.PageTextAsync("/")).Should().Contain("data-zr-card=\"checklists-returned\"").And.Contain("党旗位置不规范");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoChecklists_ShowEveryState_AndTheBranchItsReturnedItem(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var township = await app.PageClientAsync("township1", DemoAccounts.Password);
        var board = await township.PageTextAsync("/checklists");
        board.Should().Contain("一徽一旗一廊一牌").And.Contain("table-success").And.Contain("table-warning").And.Contain("table-danger");
        // The demo's claims carry their photos, stored as the village's uploads and served as PNG.
        var villageUrl = System.Text.RegularExpressions.Regex.Match(board, "/checklists/[0-9a-f-]{36}/orgs/[0-9a-f-]{36}").Value;
        var village = await township.PageTextAsync(villageUrl);
        var photo = System.Text.RegularExpressions.Regex.Match(village, "/api/v1/files/[0-9a-f-]{36}").Value;
        photo.Should().NotBeEmpty($"{villageUrl} shows its claims' photos");
        var file = await township.GetAsync(new Uri(photo, UriKind.Relative));
        file.StatusCode.Should().Be(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await file.Content.ReadAsByteArrayAsync()).Take(4).Should().Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47 });
        (await township.PageTextAsync("/")).Should().Contain("data-zr-card=\"checklists-to-verify\"");
        var branch = await app.PageClientAsync("branch", DemoAccounts.Password);
        (await branch.PageTextAsync("/")).Should().Contain("data-zr-card=\"checklists-returned\"");
    }
}
