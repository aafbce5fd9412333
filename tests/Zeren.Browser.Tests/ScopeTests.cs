using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>数据范围 in the browser: the administrators of 东山镇 and 西河镇, side by side, each see only their own township.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScopeTests(ZerenApp app)
{
    private static readonly string[] DongshanNames = ["东山镇党委", "桃园村党支部", "李庄村党总支", "赵东山"];
    private static readonly string[] XiheNames = ["西河镇党委", "河口村党支部", "孙河生"];

    private static async Task ShowsNoneOfAsync(IPage page, IEnumerable<string> names)
    {
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var name in names.Append("示范县委"))
        {
            text.Should().NotContain(name, $"{page.Url} belongs to the other township or the county");
        }
    }

    [Fact]
    public async Task TwoTownshipAdministrators_EachSeeOnlyTheirOwnTownship()
    {
        // Two browser contexts, two cookies, open at the same time.
        var dongshan = await app.NewPageAsync(user: ZerenApp.DongshanAdmin);
        var xihe = await app.NewPageAsync(user: ZerenApp.XiheAdmin);

        await dongshan.GotoAsync("/orgs");
        await xihe.GotoAsync("/orgs");
        var dongshanTree = dongshan.Locator(".zr-tree");
        var xiheTree = xihe.Locator(".zr-tree");
        // The top of each tree is the township; it opens by itself.
        await Expect(dongshanTree.GetByRole(AriaRole.Link, new() { Name = "东山镇党委" })).ToBeVisibleAsync();
        await Expect(dongshanTree.GetByRole(AriaRole.Link, new() { Name = "桃园村党支部" })).ToBeVisibleAsync();
        await Expect(xiheTree.GetByRole(AriaRole.Link, new() { Name = "西河镇党委" })).ToBeVisibleAsync();
        await Expect(xiheTree.GetByRole(AriaRole.Link, new() { Name = "河口村党支部" })).ToBeVisibleAsync();
        await ShowsNoneOfAsync(dongshan, XiheNames);
        await ShowsNoneOfAsync(xihe, DongshanNames);
        await ZerenApp.ScreenshotAsync(dongshan, "scope-dongshan-orgs");
        await ZerenApp.ScreenshotAsync(xihe, "scope-xihe-orgs");

        // A search for the other township finds nothing.
        await dongshan.GotoAsync("/orgs?q=河口");
        await ShowsNoneOfAsync(dongshan, XiheNames);

        await dongshan.GotoAsync("/people");
        await xihe.GotoAsync("/people");
        await Expect(dongshan.Locator("#people-total")).ToContainTextAsync($"共 {Seed.VillagerCount + 1} 人");
        await Expect(xihe.Locator("#people-results")).ToContainTextAsync("孙河生");
        await Expect(xihe.Locator("#people-total")).ToContainTextAsync("共 1 人");
        await ShowsNoneOfAsync(dongshan, XiheNames);
        await ShowsNoneOfAsync(xihe, [.. DongshanNames, app.Seed.Villagers[0].Name]);
        await ZerenApp.ScreenshotAsync(xihe, "scope-xihe-people");

        // Searching for the other township's people by name finds no one.
        await dongshan.GotoAsync("/people?q=赵东山");
        await Expect(dongshan.Locator("#people-results")).ToContainTextAsync("赵东山");
        await xihe.GotoAsync("/people?q=赵东山");
        await Expect(xihe.Locator("#people-total")).ToContainTextAsync("共 0 人");
        await dongshan.GotoAsync("/people?q=孙河生");
        await Expect(dongshan.Locator("#people-total")).ToContainTextAsync("共 0 人");
    }

    [Fact]
    public async Task OpeningTheOtherTownshipsRecordsByAddress_ShowsNotFound()
    {
        var dongshan = await app.NewPageAsync(user: ZerenApp.DongshanAdmin);
        var xihe = await app.NewPageAsync(user: ZerenApp.XiheAdmin);

        foreach (var (page, url, names) in new[]
        {
            (dongshan, $"/orgs/{app.Seed.Hekou.Id}", XiheNames),
            (dongshan, $"/orgs/{app.Seed.Xihe.Id}/edit", XiheNames),
            (dongshan, $"/people/{app.Seed.XiheMember.Id}", XiheNames),
            (xihe, $"/orgs/{app.Seed.Taoyuan.Id}", DongshanNames),
            (xihe, $"/people/{app.Seed.Secretary.Id}", DongshanNames),
            (xihe, $"/people/{app.Seed.Villagers[0].Id}/edit", DongshanNames),
        })
        {
            var response = await page.GotoAsync(url);
            response!.Status.Should().Be(404, url);
            await Expect(page.Locator("#not-found")).ToContainTextAsync("不存在");
            await ShowsNoneOfAsync(page, names);
        }
        await ZerenApp.ScreenshotAsync(xihe, "scope-not-found");
    }
}
