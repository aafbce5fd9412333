using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(ZerenApp app)
{
    [Fact]
    public async Task SwitchingToEnglish_ShowsEnglishLabels()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/people");
        await Expect(page.Locator("h1")).ToContainTextAsync("人员");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Expect(page.Locator("h1")).ToContainTextAsync("People");
        await Expect(page.Locator("#people-results thead")).ToContainTextAsync("Name");
        await Expect(page.Locator("#people-results tbody")).ToContainTextAsync("Full member");
        await Expect(page.Locator(".zr-nav")).ToContainTextAsync("Org tree");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-US");
        await ZerenApp.ScreenshotAsync(page, "people-english");

        await page.GotoAsync($"/orgs/{app.Seed.Dongshan.Id}");
        await Expect(page.Locator(".zr-org-panel")).ToContainTextAsync("Primary responsibility");
    }

    [Fact]
    public async Task UnknownPerson_ShowsTheNotFoundPageWith404()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync($"/people/{Guid.NewGuid()}");
        response!.Status.Should().Be(404);
        await Expect(page.Locator("#not-found")).ToContainTextAsync("不存在");
        await Expect(page.Locator(".zr-nav")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task UnknownAddress_ShowsTheNotFoundPageWith404()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync("/no-such-page");
        response!.Status.Should().Be(404);
        await Expect(page.Locator("#not-found")).ToContainTextAsync("不存在");
        await Expect(page.Locator(".zr-nav")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task LinksPage_ShowsTownshipsWithTheirCountyLeaders()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/links");
        await Expect(page.Locator("#links-table")).ToContainTextAsync("钱县长");
        var townships = page.Locator("#township-leaders");
        await Expect(townships.Locator("tr", new() { HasText = "东山镇党委" })).ToContainTextAsync("钱县长");
        await Expect(townships.Locator("tr", new() { HasText = "西河镇党委" })).ToContainTextAsync("未安排");
        await Expect(page.Locator(".breadcrumb")).ToContainTextAsync("县级领导联系乡镇");
        await ZerenApp.ScreenshotAsync(page, "links");
    }

    [Fact]
    public async Task ReservesPage_FlagsTheYoungAndListsVillagesWithoutReserves()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/reserves");
        var youngest = app.Seed.Villagers[^1];
        await Expect(page.Locator("#reserves-table tr", new() { HasText = youngest.Name })).ToContainTextAsync("春苗");
        await Expect(page.Locator("#villages-without")).ToContainTextAsync("河口村党支部");
        await Expect(page.Locator("#villages-without")).Not.ToContainTextAsync("桃园村党支部");
        await ZerenApp.ScreenshotAsync(page, "reserves");
    }
}
