using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Platform;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>The meeting ledger in Chromium: a branch secretary records a meeting on a phone, and the heat map moves.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MeetingPagesTests(ZerenApp app)
{
    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();

    /// <summary>应开 / 缺 / 进行中 of 桃园村's cell for this month, as the heat map's title says them.</summary>
    private async Task<int[]> TaoyuanThisMonthAsync(IPage page, DateOnly today)
    {
        await page.GotoAsync($"/compliance?org={app.Seed.Dongshan.Id}&year={today.Year}");
        var row = page.Locator("tr", new() { Has = page.Locator("th a", new() { HasText = "桃园村党支部" }) });
        var cell = row.Locator($"a[href$='&month={today.Month}']");
        await Expect(cell).ToBeVisibleAsync();
        var title = await cell.GetAttributeAsync("title");
        return [.. Numbers().Matches(title!).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture))];
    }

    [Fact]
    public async Task RecordingAMeetingOnAPhone_MovesTheHeatMap()
    {
        var today = await app.WithServicesAsync(sp => Task.FromResult(ChinaTime.Today(sp.GetRequiredService<TimeProvider>())));
        var page = await app.NewPageAsync(width: 390, height: 844);
        var before = await TaoyuanThisMonthAsync(page, today);
        before[2].Should().BeGreaterThan(0, "this month's study meeting is still to be held");

        await page.GotoAsync($"/meetings/new?org={app.Seed.Taoyuan.Id}");
        await page.FillAsync("#m-date", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#m-start", "00:00");
        await page.FillAsync("#m-end", "00:30");
        await page.Locator("#m-type-Study").CheckAsync();
        await page.FillAsync("#m-topic", "学习党的二十届四中全会精神");
        await page.FillAsync("#m-place", "桃园村党群服务中心");
        await page.Locator("#m-chair").SelectOptionAsync(app.Seed.Villagers[0].Id.ToString());
        await page.Locator("#m-recorder").SelectOptionAsync(app.Seed.Villagers[1].Id.ToString());
        await ZerenApp.ScreenshotAsync(page, "meeting-record-phone");
        await page.Locator("#m-save").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/meetings/[0-9a-f-]{36}\?ok=1$"));
        await Expect(page.Locator("main")).ToContainTextAsync("学习党的二十届四中全会精神");

        var after = await TaoyuanThisMonthAsync(page, today);
        after[0].Should().Be(before[0], "what falls due does not change");
        (after[1] + after[2]).Should().Be(before[1] + before[2] - 1, "one meeting fewer is owed");
        await ZerenApp.ScreenshotAsync(page, "meeting-heatmap-phone");

        // The branch's ledger as a calendar: today's cell counts the meeting on a phone.
        await page.GotoAsync($"/meetings?org={app.Seed.Taoyuan.Id}");
        await page.Locator("a.nav-link", new() { HasText = "日历" }).ClickAsync();
        var day = page.Locator($"td[data-day='{today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}']");
        await Expect(day.Locator(".badge")).ToHaveTextAsync("1");
        await ZerenApp.ScreenshotAsync(page, "meeting-calendar-phone");
        await page.SetViewportSizeAsync(1280, 900);
        await Expect(day).ToContainTextAsync("学习党的二十届四中全会精神");
        await ZerenApp.ScreenshotAsync(page, "meeting-calendar");
    }
}
