using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class AuditPageTests(ZerenApp app)
{
    [Fact]
    public async Task AuditPage_FiltersShowsMaskedValuesAndVerifiesTheChain()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator(".zr-nav").GetByRole(AriaRole.Link, new() { Name = "审计日志" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("审计日志");
        var rows = page.Locator("#audit-table > tbody > tr");
        await Expect(rows.First).ToBeVisibleAsync();

        // Choosing an entity type swaps the table and keeps the address in step.
        await page.Locator("#audit-type").SelectOptionAsync("Person");
        await page.WaitForURLAsync(u => u.Contains("type=Person", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        (await rows.AllInnerTextsAsync()).Should().NotBeEmpty().And.OnlyContain(r => r.Contains("人员"));

        // One person's history, with the values opened: the mobile is masked.
        var villager = app.Seed.Villagers[3];
        await page.GotoAsync($"/audit?type=Person&id={villager.Id}");
        var created = rows.Filter(new() { HasText = $"新增人员“{villager.Name}”" });
        await Expect(created).ToHaveCountAsync(1);
        await created.Locator("summary").ClickAsync();
        var values = created.Locator(".zr-audit-values");
        await Expect(values).ToContainTextAsync("Mobile");
        await Expect(values).ToContainTextAsync(villager.Mobile![..3] + "****" + villager.Mobile[^4..]);
        await Expect(values).Not.ToContainTextAsync(villager.Mobile);
        await Expect(values).Not.ToContainTextAsync(villager.IdNumber!);

        // The chain verifies, in place.
        await page.Locator("#audit-verify-button").ClickAsync();
        await Expect(page.Locator("#audit-verify-result")).ToHaveAttributeAsync("data-intact", "true");
        await Expect(page.Locator("#audit-verify-result")).ToContainTextAsync("完整");
        await ZerenApp.ScreenshotAsync(page, "audit");
    }

    [Fact]
    public async Task AuditPage_ReversedPeriod_SaysSoInChinese()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/audit?from=2026-11-22&to=2026-11-01");
        await Expect(page.Locator("#audit-results .alert-danger")).ToContainTextAsync("结束时间应晚于开始时间");
    }
}
