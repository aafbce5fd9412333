using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class OrgPagesTests(ZerenApp app)
{
    [Fact]
    public async Task OrgTree_ExpandingANode_LoadsItsChildrenWithHtmx()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/orgs");

        var tree = page.Locator(".zr-tree");
        // The single county committee opens by itself, its townships listed but closed.
        await Expect(tree.GetByRole(AriaRole.Link, new() { Name = "示范县委", Exact = true })).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Link, new() { Name = "东山镇党委" })).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Link, new() { Name = "桃园村党支部" })).Not.ToBeVisibleAsync();

        var response = await page.RunAndWaitForResponseAsync(
            () => tree.Locator($"li[data-org='{app.Seed.Dongshan.Id}'] > details > summary .zr-caret").ClickAsync(),
            r => r.Url.Contains($"/ui/orgs/{app.Seed.Dongshan.Id}/children", StringComparison.Ordinal));

        response.Status.Should().Be(200);
        await Expect(tree.GetByRole(AriaRole.Link, new() { Name = "桃园村党支部" })).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Link, new() { Name = "李庄村党总支" })).ToBeVisibleAsync();
        page.Url.Should().EndWith("/orgs", "expanding a node does not navigate");
        await ZerenApp.ScreenshotAsync(page, "orgs-tree");
    }

    [Fact]
    public async Task OrgDetail_ShowsPanelWithPathOpenedAndLeaders()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/orgs/{app.Seed.Taoyuan.Id}");

        await Expect(page.Locator("#org-name")).ToHaveTextAsync("桃园村党支部");
        var crumbs = page.Locator(".breadcrumb");
        await Expect(crumbs).ToContainTextAsync("示范县委");
        await Expect(crumbs).ToContainTextAsync("东山镇党委");
        // The path to the selected org is open on a full page load, without htmx.
        await Expect(page.Locator(".zr-tree a.active")).ToHaveTextAsync("桃园村党支部");
        var panel = page.Locator(".zr-org-panel");
        await Expect(panel).ToContainTextAsync("党支部");
        await Expect(panel).ToContainTextAsync("农村");
        await Expect(panel).ToContainTextAsync("达标型");
        await Expect(panel).ToContainTextAsync("★★★☆☆");
        await Expect(panel).ToContainTextAsync("具体责任人", new() { Timeout = 5000 });
        await Expect(panel).ToContainTextAsync("桃园一组网格");
        await Expect(panel.GetByRole(AriaRole.Link, new() { Name = "查看人员" })).ToHaveAttributeAsync("href", $"/people?under={app.Seed.Taoyuan.Id}");
        await ZerenApp.ScreenshotAsync(page, "org-detail");

        await page.GotoAsync($"/orgs/{app.Seed.Dongshan.Id}");
        await Expect(page.Locator(".zr-org-panel")).ToContainTextAsync("第一责任人");
        await Expect(page.Locator(".zr-org-panel")).ToContainTextAsync("第一片区");
    }

    [Fact]
    public async Task OrgSearch_ByCode_ListsTheOrg()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/orgs");
        await page.Locator("#org-q").FillAsync("V0201");
        await page.Locator("#org-q").PressAsync("Enter");

        await Expect(page.Locator("#org-search-results")).ToContainTextAsync("河口村党支部");
        await page.WaitForURLAsync(u => u.Contains("q=V0201", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
    }

    [Fact]
    public async Task OrgEditor_CreatesAChildOrg()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/orgs/{app.Seed.Xihe.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "新增下级组织" }).ClickAsync();
        await page.WaitForURLAsync($"**/orgs/new?parent={app.Seed.Xihe.Id}");

        // The parent comes ticked.
        await Expect(page.Locator($"input[name='Model.ParentId'][value='{app.Seed.Xihe.Id}']")).ToBeCheckedAsync();
        await page.Locator("#org-code").FillAsync("V0202");
        await page.Locator("#org-name").FillAsync("新桥村党支部");
        await page.Locator("#org-kind").SelectOptionAsync("Branch");
        await page.Locator("#org-domain").SelectOptionAsync("Rural");
        await page.Locator("#org-stars").SelectOptionAsync("2");
        await ZerenApp.ScreenshotAsync(page, "org-editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(page.Locator("#org-name")).ToHaveTextAsync("新桥村党支部");
        await Expect(page.Locator(".breadcrumb")).ToContainTextAsync("西河镇党委");
        await Expect(page.Locator(".zr-tree a.active")).ToHaveTextAsync("新桥村党支部");
        var children = await app.WithServicesAsync(sp => sp.GetRequiredOrgs().ChildrenAsync(app.Seed.Xihe.Id));
        children.Should().Contain(o => o.Code == "V0202" && o.Name == "新桥村党支部" && o.Stars == 2);
    }

    [Fact]
    public async Task OrgEditor_DuplicateCode_ShowsChineseErrorAndKeepsInput()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/orgs/new?parent={app.Seed.Xihe.Id}");
        await page.Locator("#org-code").FillAsync("V0201");
        await page.Locator("#org-name").FillAsync("重复编码村党支部");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.Locator(".alert-danger")).ToContainTextAsync("组织编码“V0201”已被使用");
        await Expect(page.Locator("#org-code")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        await Expect(page.Locator("#org-name")).ToHaveValueAsync("重复编码村党支部");
    }

    [Fact]
    public async Task GridForm_OnAPhone_AddsAGridWithItsLeader_AndListsIt()
    {
        var page = await app.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync($"/orgs/{app.Seed.Hekou.Id}");

        await Expect(page.Locator("#grids")).ToContainTextAsync("未设网格。");
        await page.Locator("#grid-name").FillAsync("河口二组网格");
        await page.Locator("#grid-households").FillAsync("57");
        // The leader picker offers the village's people while typing.
        await page.RunAndWaitForResponseAsync(() => page.Locator("#grid-leader").FillAsync("孙河"),
            r => r.Url.Contains("/ui/pick/people", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        await page.Locator("#grid-form label", new() { HasText = "孙河生" }).Locator("input[type=radio]").CheckAsync();
        await ZerenApp.ScreenshotAsync(page, "org-grid-form-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "新增网格" }).ClickAsync();

        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("已保存");
        var row = page.Locator("#grids-table tr", new() { HasText = "河口二组网格" });
        await Expect(row).ToContainTextAsync("57");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "孙河生" })).ToBeVisibleAsync();
        var grids = await app.WithServicesAsync(sp => sp.GetRequiredOrgs().GridsAsync(app.Seed.Hekou.Id));
        grids.Should().ContainSingle(g => g.Name == "河口二组网格" && g.Households == 57 && g.LeaderPersonId == app.Seed.XiheMember.Id);
    }
}
