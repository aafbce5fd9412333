using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// Every page under the app's Content-Security-Policy in real Chromium: nothing the browser refuses (an inline
/// style htmx would inject, a handler attribute, a font or script from elsewhere), and htmx and Bootstrap still work.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(ZerenApp app)
{
    /// <summary>Runs before any script of the page (Playwright's init scripts are not subject to the page's CSP).</summary>
    private const string ListenForViolations = """
        window.zrViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.zrViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    private async Task<(IPage Page, List<string> Problems)> WatchedPageAsync(int width = 1280, int height = 900, string? user = ZerenApp.Admin)
    {
        var page = await app.NewPageAsync(width, height, user: user);
        var problems = new List<string>();
        await page.Context.AddInitScriptAsync(ListenForViolations);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (problems)
                {
                    problems.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add("page error: " + error);
            }
        };
        return (page, problems);
    }

    private static async Task ShouldHaveNoViolationsAsync(IPage page, List<string> problems, string where)
    {
        var reported = await page.EvaluateAsync<string[]>("window.zrViolations ?? []");
        lock (problems)
        {
            problems.Concat(reported).Should().BeEmpty($"{where} should run under the CSP untouched");
        }
    }

    public static TheoryData<string> Pages() =>
    [
        "/",
        "/orgs",
        "/orgs/{taoyuan}",
        "/orgs/new",
        "/orgs/{taoyuan}/edit",
        "/people",
        "/people?under={taoyuan}&page=2",
        "/people/{secretary}",
        "/people/new",
        "/people/{secretary}/edit",
        "/links",
        "/reserves",
        "/meetings?org={taoyuan}",
        "/meetings/new?org={taoyuan}",
        "/compliance",
        "/supervision",                                   // supervision orders (督办单)
        "/supervision/new",
        "/people/00000000-0000-0000-0000-000000000001", // the not-found page
        "/account/password",
        "/account",
        "/account/two-factor",                            // the QR code is a data: image
        "/forbidden",
        "/login",                                         // signed out, below
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_LoadsUnderThePolicyWithoutAViolation(string path)
    {
        var url = path.Replace("{taoyuan}", app.Seed.Taoyuan.Id.ToString(), StringComparison.Ordinal)
            .Replace("{secretary}", app.Seed.Secretary.Id.ToString(), StringComparison.Ordinal);
        var (page, problems) = await WatchedPageAsync(user: url == "/login" ? null : ZerenApp.Admin);

        var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });

        (await response!.HeaderValueAsync("content-security-policy")).Should().Contain("style-src 'self';").And.Contain("script-src 'self';");
        await page.EvaluateAsync("document.fonts.ready");
        (await page.EvaluateAsync<bool>("[...document.fonts].some(f => f.family.includes('bootstrap-icons') && f.status === 'loaded')"))
            .Should().BeTrue("the icon font loads from the app itself");
        (await page.EvaluateAsync<int>("document.querySelectorAll('style').length")).Should().Be(0, "htmx must not inject its indicator style");
        (await page.EvaluateAsync<bool>("typeof htmx === 'object' && typeof bootstrap === 'object'")).Should().BeTrue();
        await ShouldHaveNoViolationsAsync(page, problems, url);
    }

    [Fact]
    public async Task HtmxAndBootstrap_WorkUnderThePolicy()
    {
        var (page, problems) = await WatchedPageAsync();

        // htmx: a tree node loads its children.
        await page.GotoAsync("/orgs");
        var tree = page.Locator(".zr-tree");
        await page.RunAndWaitForResponseAsync(
            () => tree.Locator($"li[data-org='{app.Seed.Dongshan.Id}'] > details > summary .zr-caret").ClickAsync(),
            r => r.Url.Contains($"/ui/orgs/{app.Seed.Dongshan.Id}/children", StringComparison.Ordinal));
        await Expect(tree.GetByRole(AriaRole.Link, new() { Name = "桃园村党支部" })).ToBeVisibleAsync();
        await Htmx.IdleAsync(page);

        // htmx: a search swaps the people table; a picker (hx-vals as JSON, no eval) offers choices.
        await page.GotoAsync($"/people?under={app.Seed.Taoyuan.Id}");
        await page.RunAndWaitForResponseAsync(() => page.Locator("#people-q").FillAsync(app.Seed.Villagers[0].Name),
            r => r.Url.Contains("/ui/people/results", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        await Expect(page.Locator("#people-results tbody tr")).ToHaveCountAsync(1);
        await page.GotoAsync("/links");
        await page.RunAndWaitForResponseAsync(() => page.Locator("#link-org").FillAsync("东山"),
            r => r.Url.Contains("/ui/pick/orgs", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        await Expect(page.Locator("#add-link label", new() { HasText = "东山镇党委" })).ToBeVisibleAsync();
        await ShouldHaveNoViolationsAsync(page, problems, "htmx swaps");

        // Bootstrap: on a phone the menu is an offcanvas panel opened by script.
        var (phone, phoneProblems) = await WatchedPageAsync(390, 844);
        await phone.GotoAsync("/");
        await Expect(phone.Locator("#zr-menu .zr-nav")).Not.ToBeVisibleAsync();
        await phone.Locator("button.navbar-toggler").ClickAsync();
        await Expect(phone.Locator("#zr-menu .zr-nav")).ToBeVisibleAsync();
        await ShouldHaveNoViolationsAsync(phone, phoneProblems, "the offcanvas menu");
    }
}
