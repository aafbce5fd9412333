using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LoginTests(ZerenApp app)
{
    [Fact]
    public async Task WrongPassword_ShowsAChineseError_AndStaysOnTheLoginPage()
    {
        var page = await app.NewPageAsync(user: null);
        await page.GotoAsync("/orgs");
        page.Url.Should().Contain("/login", "a page needs a signed-in account");
        await ZerenApp.ScreenshotAsync(page, "login");

        await page.FillAsync("#login-user", ZerenApp.XiheAdmin);
        await page.FillAsync("#login-password", "Wrong#2026pass");
        await page.ClickAsync("#login-submit");

        await Expect(page.Locator("#login-error")).ToContainTextAsync("用户名或密码不正确。");
        page.Url.Should().Contain("/login");
        await ZerenApp.ScreenshotAsync(page, "login-wrong-password");

        // The right password then works and goes back where the user was going.
        await page.FillAsync("#login-password", ZerenApp.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(u => u.EndsWith("/orgs", StringComparison.Ordinal));
        await Expect(page.Locator(".zr-tree")).ToContainTextAsync("西河镇党委");
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var page = await app.NewPageAsync(user: ZerenApp.DongshanAdmin);
        await page.GotoAsync("/people");
        await Expect(page.Locator("#zr-me")).ToContainTextAsync(ZerenApp.DongshanAdmin);

        await page.ClickAsync("#zr-logout");

        await page.WaitForURLAsync(u => u.Contains("/login", StringComparison.Ordinal));
        var response = await page.GotoAsync("/people");
        page.Url.Should().Contain("/login", "the cookie is gone");
        response!.Ok.Should().BeTrue();
        (await page.Context.CookiesAsync()).Should().NotContain(c => c.Name == "zeren.auth");
    }

    [Fact]
    public async Task ACookieCopiedBeforeLogout_StopsWorking()
    {
        var page = await app.NewPageAsync(user: ZerenApp.DongshanAdmin);
        await page.GotoAsync("/people");
        await Expect(page.Locator("#zr-me")).ToContainTextAsync(ZerenApp.DongshanAdmin);
        var copied = (await page.Context.CookiesAsync()).Where(c => c.Name == "zeren.auth").ToList();
        copied.Should().ContainSingle();

        // Another browser with a copy of the cookie is signed in as well.
        var thief = await app.NewPageAsync(user: null);
        await thief.Context.AddCookiesAsync(copied.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, SameSite = c.SameSite }));
        await thief.GotoAsync("/people");
        await Expect(thief.Locator("#zr-me")).ToContainTextAsync(ZerenApp.DongshanAdmin);

        await page.ClickAsync("#zr-logout");
        await page.WaitForURLAsync(u => u.Contains("/login", StringComparison.Ordinal));

        // The session ended on the server: the copy opens nothing, not the API, not a page.
        var api = await thief.Context.APIRequest.GetAsync("/api/v1/auth/me");
        api.Status.Should().Be(401);
        (await api.TextAsync()).Should().Contain("session_ended");
        await thief.GotoAsync("/people");
        thief.Url.Should().Contain("/login", "the copied cookie belongs to a session that ended");
        await Expect(thief.Locator("#login-submit")).ToBeVisibleAsync();
        await ZerenApp.ScreenshotAsync(thief, "login-after-logout-elsewhere");
    }
}
