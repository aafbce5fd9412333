using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Obligations;
using Zeren.Core.Platform;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// An obligation's own page in Chromium: 东山镇 finds a report of the calendar in 我的待办 on its home page, submits it with
/// its evidence text and a photo (a missing text is named first), and the county finds it in 待审核的报送 on its home
/// page, opens it, sees the evidence and the file, and closes it (办结).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ObligationPageTests(ZerenApp app)
{
    private static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg==");

    [Fact]
    public async Task ATownshipSubmitsWithEvidence_AndTheCountyClosesItFromItsHomeCard()
    {
        const string title = "浏览器测试：党建工作专题报告";
        var id = await app.WithServicesAsync(async sp =>
        {
            var today = ChinaTime.Today(sp.GetRequiredService<TimeProvider>());
            return await sp.GetRequiredService<ObligationService>().OpenAsync(new ObligationDraft(
                "calendar.browser-report", title, app.Seed.Dongshan.Id, today.AddDays(5), nameof(ObligationSchedule), Guid.NewGuid(),
                IssuerOrgId: app.Seed.County.Id, HandledAtSource: false));
        });

        // 我的待办 on the township's home page links to the obligation's page.
        var township = await app.NewPageAsync(user: ZerenApp.DongshanAdmin);
        await township.GotoAsync("/");
        var mine = township.Locator("[data-zr-card=obligations]");
        await mine.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await township.WaitForURLAsync(u => u.Contains($"/obligations/{id}", StringComparison.Ordinal));
        await Expect(township.Locator("#obligation-state")).ToHaveTextAsync("待办");

        await township.ClickAsync("#obligation-submit-button");
        await Expect(township.Locator("#obligation-submit")).ToContainTextAsync("请填写报送说明");
        await township.FillAsync("#ob-evidence", "已召开专题会议 2 次。\n附会议照片。");
        await township.Locator("#ob-files").SetInputFilesAsync(new FilePayload { Name = "专题会.png", MimeType = "image/png", Buffer = Photo });
        await township.ClickAsync("#obligation-submit-button");
        await township.WaitForURLAsync(u => u.Contains("done=submitted", StringComparison.Ordinal));
        await Expect(township.Locator("#obligation-state")).ToHaveTextAsync("已报送");
        await Expect(township.Locator("#obligation-files")).ToContainTextAsync("专题会.png");
        await Expect(township.Locator("#obligation-close")).ToHaveCountAsync(0, new() { Timeout = 5_000 });

        // 待审核的报送 on the county's home page.
        var county = await app.NewPageAsync();
        await county.GotoAsync("/");
        var review = county.Locator("[data-zr-card=obligations-review]");
        await review.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await county.WaitForURLAsync(u => u.Contains($"/obligations/{id}", StringComparison.Ordinal));
        await Expect(county.Locator("#obligation-evidence")).ToContainTextAsync("已召开专题会议 2 次。");
        await Expect(county.Locator("#obligation-files")).ToContainTextAsync("专题会.png");
        await county.ClickAsync("#obligation-close");
        await county.WaitForURLAsync(u => u.Contains("done=closed", StringComparison.Ordinal));
        await Expect(county.Locator("#obligation-state")).ToHaveTextAsync("已办结");
        await ZerenApp.ScreenshotAsync(county, "obligation-closed");

        // Gone from both cards.
        await county.GotoAsync("/");
        await Expect(county.Locator("[data-zr-card=obligations-review]", new() { HasText = title })).ToHaveCountAsync(0);
        await township.GotoAsync("/");
        await Expect(township.Locator("[data-zr-card=obligations]", new() { HasText = title })).ToHaveCountAsync(0);
        var state = await app.WithServicesAsync(async sp => (await sp.GetRequiredService<ObligationService>().GetAsync(id)).Obligation.State);
        state.Should().Be(ObligationState.Closed);
    }
}
