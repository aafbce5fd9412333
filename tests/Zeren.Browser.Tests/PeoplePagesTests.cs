using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.People;
using Zeren.Core.Platform;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class PeoplePagesTests(ZerenApp app)
{
    [Fact]
    public async Task PeopleList_PagingAndSearch_SwapTheTableAndUpdateTheUrl()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/people?under={app.Seed.Taoyuan.Id}");
        var rows = page.Locator("#people-results tbody tr");
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(page.Locator("#people-total")).ToContainTextAsync($"共 {Seed.VillagerCount} 人");
        // Personal numbers are masked.
        await Expect(page.Locator("#people-results")).ToContainTextAsync("330824********");
        await Expect(page.Locator("#people-results")).ToContainTextAsync("138****");
        await ZerenApp.ScreenshotAsync(page, "people");

        // A marker on the window survives htmx swaps but not a full page load.
        await page.EvaluateAsync("window.zrMarker = 1");
        // The fragment's answer is awaited with the click, so that a slow or failed answer says so rather than a missing address.
        await Htmx.IdleAsync(page);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#people-results .pagination").GetByRole(AriaRole.Link, new() { Name = "2", Exact = true }).ClickAsync(),
            r => r.Url.Contains("/ui/people/results", StringComparison.Ordinal), new() { Timeout = 30_000 });
        answer.Status.Should().Be(200, await answer.TextAsync());
        await page.WaitForURLAsync(u => u.Contains("page=2", StringComparison.Ordinal));
        await Expect(rows).ToHaveCountAsync(Seed.VillagerCount - 20);
        await Htmx.IdleAsync(page);
        (await page.EvaluateAsync<int?>("window.zrMarker")).Should().Be(1, "the page swapped the table, not reloaded");
        Uri.UnescapeDataString(page.Url).Should().Contain($"under={app.Seed.Taoyuan.Id}");

        // Sorting by a column header.
        await page.Locator("#people-results thead").GetByRole(AriaRole.Link, new() { Name = "姓名" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("sort=NameDesc", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);

        // Searching by name goes back to page 1 with the filters kept.
        await page.Locator("#people-q").FillAsync("赵");
        await page.Locator("#people-q").PressAsync("Enter");
        await page.WaitForURLAsync(u => Uri.UnescapeDataString(u).Contains("q=赵", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        Uri.UnescapeDataString(page.Url).Should().NotContain("page=2");
        page.Url.Should().Contain("sort=NameDesc", "the sort chosen by the column header stays for the next search");
        var names = await page.Locator("#people-results tbody tr td:first-child").AllInnerTextsAsync();
        names.Should().NotBeEmpty().And.OnlyContain(n => n.Contains('赵'));
        (await page.EvaluateAsync<int?>("window.zrMarker")).Should().Be(1);

        // The address works on its own (no htmx): a fresh load shows the same list.
        var fresh = await app.NewPageAsync();
        await fresh.GotoAsync(page.Url);
        (await fresh.Locator("#people-results tbody tr td:first-child").AllInnerTextsAsync()).Should().Equal(names);
    }

    [Fact]
    public async Task PeopleList_ExactMobile_FindsOnePerson()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/people?q=13900001111");
        await Expect(page.Locator("#people-results tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#people-results tbody")).ToContainTextAsync("赵东山");
        await Expect(page.Locator("#people-results tbody")).ToContainTextAsync("139****1111");
    }

    [Fact]
    public async Task PersonEditor_InvalidIdNumber_ShowsChineseErrorAndSavesNothing_ThenValidOneSaves()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/people/new?org={app.Seed.Hekou.Id}");
        await Expect(page.Locator($"input[name='Model.OrgId'][value='{app.Seed.Hekou.Id}']")).ToBeCheckedAsync();

        var valid = Seed.IdNumber("330824", new DateOnly(1990, 6, 15), 77, Gender.Female);
        var wrongCheck = valid[..17] + (valid[17] == '0' ? '1' : '0');
        await page.Locator("#person-name").FillAsync("孙晓兰");
        await page.Locator("#person-gender").SelectOptionAsync("Female");
        await page.Locator("#person-idnumber").FillAsync(wrongCheck);
        await page.Locator("#person-mobile").FillAsync("13712345678");
        await page.Locator("#person-joined").FillAsync("2015-07-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.Locator(".alert-danger")).ToContainTextAsync("身份证号码校验位不正确");
        await Expect(page.Locator("#person-idnumber")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        await Expect(page.Locator("#person-idnumber ~ .validation-message")).ToContainTextAsync("校验位");
        await Expect(page.Locator("#person-name")).ToHaveValueAsync("孙晓兰");
        await Expect(page.Locator("#person-mobile")).ToHaveValueAsync("13712345678");
        await ZerenApp.ScreenshotAsync(page, "person-editor-error");
        (await CountNamedAsync("孙晓兰")).Should().Be(0);

        await page.Locator("#person-idnumber").FillAsync(valid);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(page.Locator("#person-name")).ToHaveTextAsync("孙晓兰");
        await Expect(page.Locator("body")).ToContainTextAsync("1990-06-15");
        await Expect(page.Locator("body")).ToContainTextAsync("137****5678");
        (await CountNamedAsync("孙晓兰")).Should().Be(1);
        await ZerenApp.ScreenshotAsync(page, "person");
    }

    [Fact]
    public async Task PersonPage_ShowFullNumbers_SwapsThemIn_AndTheEditorKeepsThemWhenLeftBlank()
    {
        var secretary = app.Seed.Secretary;
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/people/{secretary.Id}");
        await Expect(page.Locator("#person-mobile")).ToHaveTextAsync("139****1111");
        await Expect(page.Locator("#person-idnumber")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^330824\*{8}\d{3}[\dX]$"));

        await page.EvaluateAsync("window.zrMarker = 1");
        await page.GetByRole(AriaRole.Link, new() { Name = "显示完整号码" }).ClickAsync();
        await Expect(page.Locator("#person-mobile")).ToHaveTextAsync("13900001111");
        await Htmx.IdleAsync(page);
        await Expect(page.Locator("#person-idnumber")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^33082419750504\d{3}[\dX]$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "显示完整号码" })).ToHaveCountAsync(0);
        (await page.EvaluateAsync<int?>("window.zrMarker")).Should().Be(1, "htmx swapped the numbers in; the page did not reload");
        await ZerenApp.ScreenshotAsync(page, "person-full-numbers");

        // The editor shows the numbers masked as placeholders, the fields blank: saving so keeps them.
        await page.GotoAsync($"/people/{secretary.Id}/edit");
        await Expect(page.Locator("#person-idnumber")).ToHaveValueAsync("");
        await Expect(page.Locator("#person-mobile")).ToHaveValueAsync("");
        await Expect(page.Locator("#person-mobile")).ToHaveAttributeAsync("placeholder", "139****1111");
        await ZerenApp.ScreenshotAsync(page, "person-editor-numbers");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));

        var full = await app.WithServicesAsync(sp => sp.GetRequiredPeople().RevealAsync(secretary.Id));
        full.Mobile.Should().Be("13900001111");
        full.IdNumber.Should().StartWith("33082419750504");
    }

    [Fact]
    public async Task PersonPage_AppointsAndEndsAPosition()
    {
        var villager = app.Seed.Villagers[5];
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/people/{villager.Id}");
        await page.Locator("#appoint-title").SelectOptionAsync("Clerk");
        await page.GetByRole(AriaRole.Button, new() { Name = "任命" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(page.Locator("#positions tbody")).ToContainTextAsync("文书");

        // 离任 asks first: the day and a reason, then the post shows as ended.
        await page.Locator("#positions-table tr", new() { HasText = "文书" }).GetByRole(AriaRole.Link, new() { Name = "离任" }).ClickAsync();
        await Expect(page.Locator("#end-position-what")).ToContainTextAsync("文书");
        await page.Locator("#end-position-confirm").ClickAsync();
        await Expect(page.Locator("#end-position .alert-danger")).ToContainTextAsync("请填写原因");
        await page.Locator("#end-reason").FillAsync("调任");
        await page.Locator("#end-position-confirm").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        var positions = await app.WithServicesAsync(sp => sp.GetRequiredPeople().PositionsAsync(null, villager.Id, includeEnded: true));
        positions.Should().ContainSingle(p => p.Title == PositionTitle.Clerk).Which.Should().Match<PositionView>(p => p.EndOn != null && p.EndReason == "调任");
    }

    [Fact]
    public async Task PeopleList_OnAPhone_Renders()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.GotoAsync("/people");
        await Expect(page.Locator("h1")).ToContainTextAsync("人员");
        await Expect(page.Locator("#people-results .table-responsive")).ToBeVisibleAsync();
        await Expect(page.Locator("#people-results tbody tr").First).ToBeVisibleAsync();
        // The side menu folds away and the page does not scroll sideways; the table scrolls inside its box.
        await Expect(page.Locator("#zr-menu")).Not.ToBeInViewportAsync();
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        width.Should().BeLessThanOrEqualTo(390);
        await ZerenApp.ScreenshotAsync(page, "people-phone");
    }

    private Task<int> CountNamedAsync(string name) =>
        app.WithServicesAsync(async sp => (await sp.GetRequiredPeople().ListAsync(new PeopleFilter(Q: name), new PageRequest(1, 10))).Total);
}
