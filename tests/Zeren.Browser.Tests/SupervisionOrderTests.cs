using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Supervision;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// A supervision order (督办单) from issue to a return, in the browser: the county issues it on the form, the township
/// signs for it and answers on a phone, the county returns it (confirming, with the reason), and the timeline shows
/// each step; every page under the strict content-security policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupervisionOrderTests(ZerenApp app)
{
    [Fact]
    public async Task AnOrder_IsIssued_Answered_AndReturned()
    {
        var county = await app.NewPageAsync();
        await county.GotoAsync($"/supervision/new?org={app.Seed.Dongshan.Id}");
        await county.Locator("#order-title").FillAsync("浏览器下发的督办");
        await county.Locator("#order-content").FillAsync("请报送整改情况。\n限期反馈。");
        await county.Locator("#order-issue").ClickAsync();
        await county.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(county.Locator("#order-state")).ToHaveTextAsync("已下发");
        var number = await county.Locator("#order-number").InnerTextAsync();
        number.Should().MatchRegex(@"^督办〔\d{4}〕\d+号$");
        var url = county.Url;

        var township = await app.NewPageAsync(390, 844, user: ZerenApp.DongshanAdmin);
        await township.GotoAsync(url);
        await township.Locator("#order-acknowledge").ClickAsync();
        await township.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await township.Locator("#order-respond").ClickAsync();
        await Expect(township.Locator("#order-actions .alert-danger")).ToContainTextAsync("请填写反馈内容");
        await township.Locator("#order-response").FillAsync("已报送整改情况。");
        await township.Locator("#order-respond").ClickAsync();
        await township.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(township.Locator("#order-state")).ToHaveTextAsync("已反馈");
        await Expect(township.Locator("#order-actions")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await ZerenApp.ScreenshotAsync(township, "supervision-order-phone");

        await county.GotoAsync(url);
        await county.Locator("#order-return-reason").FillAsync("请补充佐证材料");
        county.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await county.Locator("#order-return").ClickAsync();
        await county.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(county.Locator("#order-state")).ToHaveTextAsync("已签收");
        await Expect(county.Locator("#order-timeline li")).ToHaveCountAsync(4);
        await Expect(county.Locator("#order-timeline")).ToContainTextAsync("请补充佐证材料");

        var state = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Zeren.Core.Data.ZerenDbContext>();
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Set<SupervisionOrder>()),
                o => o.Title == "浏览器下发的督办");
        });
        state.ReturnCount.Should().Be(1);
    }
}
