using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>The pickers with htmx, and every page without JavaScript at all.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FormsTests(ZerenApp app)
{
    [Fact]
    public async Task AddLink_WithHtmxPickers_SavesTheLink()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/links?kind=VillageCadre");
        await Expect(page.Locator("#link-kind")).ToHaveValueAsync("VillageCadre");

        await page.RunAndWaitForResponseAsync(() => page.Locator("#link-person").FillAsync("赵东山"),
            r => r.Url.Contains("/ui/pick/people", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        await page.Locator("#add-link label", new() { HasText = "赵东山" }).Locator("input[type=radio]").CheckAsync();
        await page.RunAndWaitForResponseAsync(() => page.Locator("#link-org").FillAsync("张湾"),
            r => r.Url.Contains("/ui/pick/orgs", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        await page.Locator("#add-link label", new() { HasText = "张湾村党支部" }).Locator("input[type=radio]").CheckAsync();
        await page.Locator("#add-link").GetByRole(AriaRole.Button, new() { Name = "建立联系" }).ClickAsync();

        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(page.Locator("#links-table tr", new() { HasText = "赵东山" })).ToContainTextAsync("张湾村党支部");
    }

    [Fact]
    public async Task AddLink_ForATownship_RefusesSomeoneWhoIsNotACountyLeader()
    {
        var page = await app.NewPageAsync(javaScript: false);
        await page.GotoAsync("/links");
        await page.Locator("#link-person").FillAsync("13900001111");
        await page.Locator("#link-org").FillAsync("T02");
        await page.Locator("#add-link").GetByRole(AriaRole.Button, new() { Name = "建立联系" }).ClickAsync();

        // The picker offers county leaders only, so 赵东山 (a township secretary) is not found.
        await Expect(page.Locator("#add-link .alert-danger")).ToContainTextAsync("没有找到匹配的人员");
        await Expect(page.Locator("#link-org")).ToHaveValueAsync("T02");
        await Expect(page.Locator("#add-link input[name='Add.OrgId']")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task AddReserve_WithoutJavaScript_ResolvesTypedTextAndOffersChoicesWhenAmbiguous()
    {
        var page = await app.NewPageAsync(javaScript: false);
        await page.GotoAsync("/reserves");
        await page.Locator("#reserve-person").FillAsync("王");
        await page.Locator("#reserve-village").FillAsync("V0103");
        await page.Locator("#add-reserve").GetByRole(AriaRole.Button, new() { Name = "加入后备干部库" }).ClickAsync();

        // Several people match "王": the page asks to choose, and the village already resolved stays chosen.
        await Expect(page.Locator("#add-reserve .alert-danger")).ToContainTextAsync("人匹配");
        await Expect(page.Locator("#add-reserve input[name='Add.OrgId']")).ToBeCheckedAsync();
        var choice = page.Locator("#add-reserve input[name='Add.PersonId']").First;
        await choice.CheckAsync();
        var chosenName = (await page.Locator("#add-reserve .zr-pick-items label").First.InnerTextAsync()).Split(' ')[0].Trim();
        await page.Locator("#add-reserve").GetByRole(AriaRole.Button, new() { Name = "加入后备干部库" }).ClickAsync();

        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(page.Locator("#reserves-table tr", new() { HasText = "张湾村党支部" })).ToContainTextAsync(chosenName);
        await Expect(page.Locator("#villages-without")).Not.ToContainTextAsync("张湾村党支部");
    }

    [Fact]
    public async Task PeopleList_WithoutJavaScript_PagesAndFiltersWithPlainLinks()
    {
        var page = await app.NewPageAsync(javaScript: false);
        await page.GotoAsync($"/people?under={app.Seed.Taoyuan.Id}");
        await page.Locator("#people-results .pagination").GetByRole(AriaRole.Link, new() { Name = "2", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("page=2", StringComparison.Ordinal));
        await Expect(page.Locator("#people-results tbody tr")).ToHaveCountAsync(Seed.VillagerCount - 20);

        await page.Locator("#people-title").SelectOptionAsync("Secretary");
        await page.Locator("#people-filter").GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("title=Secretary", StringComparison.Ordinal));
        var names = await page.Locator("#people-results tbody tr td:first-child").AllInnerTextsAsync();
        names.Should().Equal(app.Seed.Villagers[0].Name);
    }
}
