using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class AuditPageTests(ZerenApp app)
{
    private const string Auditor = "auditor";

    /// <summary>
    /// Signs in through the login page as the audit administrator (审计管理员), who reads the log and nothing else,
    /// with the two-factor code the role requires. The account is made, with an authenticator key, on first use.
    /// </summary>
    private async Task<IPage> AuditorPageAsync()
    {
        var (key, lastStep) = await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<Account>>();
            var account = await users.FindByNameAsync(Auditor);
            if (account is null)
            {
                var (view, _) = await services.GetRequiredService<AccountService>()
                    .CreateAsync(new AccountInput(Auditor, "审计管理员", null, [Role.AuditAdmin], ZerenApp.Password));
                account = (await users.FindByIdAsync(view.Id.ToString()))!;
                account.MustChangePassword = false;
                await users.UpdateAsync(account);
                await users.ResetAuthenticatorKeyAsync(account);
                await users.SetTwoFactorEnabledAsync(account, true);
            }
            return ((await users.GetAuthenticatorKeyAsync(account))!, account.LastTotpTimeStep);
        });
        var page = await app.NewPageAsync(user: null);
        await page.GotoAsync("/login");
        await page.FillAsync("#login-user", Auditor);
        await page.FillAsync("#login-password", ZerenApp.Password);
        // Each code is taken once: the tests sign this account in one after another.
        await page.FillAsync("#login-code", await Totp.UnusedCodeAsync(key, lastStep));
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    [Fact]
    public async Task AuditPage_FiltersShowsMaskedValuesAndVerifiesTheChain()
    {
        var page = await AuditorPageAsync();
        // The page and its fragments run under the app's Content-Security-Policy untouched.
        await page.Context.AddInitScriptAsync("""
            window.zrViolations = [];
            document.addEventListener('securitypolicyviolation', e => window.zrViolations.push(`${e.violatedDirective} ${e.blockedURI || 'inline'}`));
            """);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (problems)
                {
                    problems.Add(message.Text);
                }
            }
        };
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
        var full = await app.WithServicesAsync(sp => sp.GetRequiredService<Zeren.Core.People.PeopleService>().RevealAsync(villager.Id));
        // The seed was planted in one go, one operation; the search picks out this person's entry in it, opened.
        await page.GotoAsync($"/audit?type=Person&id={villager.Id}");
        var created = page.Locator("#audit-table li.zr-audit-match", new() { HasText = $"新增人员“{villager.Name}”" });
        await Expect(created).ToHaveCountAsync(1);
        await Expect(created).ToBeVisibleAsync();
        await created.Locator("summary").ClickAsync();
        var values = created.Locator(".zr-audit-values");
        await Expect(values).ToContainTextAsync("手机号码");
        await Expect(values).ToContainTextAsync(full.Mobile![..3] + "****" + full.Mobile[^4..]);
        await Expect(values).Not.ToContainTextAsync(full.Mobile);
        await Expect(values).Not.ToContainTextAsync(full.IdNumber!);

        // The chain verifies, in place.
        await page.Locator("#audit-verify-button").ClickAsync();
        await Expect(page.Locator("#audit-verify-result")).ToHaveAttributeAsync("data-intact", "true");
        await Expect(page.Locator("#audit-verify-result")).ToContainTextAsync("完整");
        await ZerenApp.ScreenshotAsync(page, "audit");
        (await page.EvaluateAsync<string[]>("window.zrViolations ?? []")).Should().BeEmpty();
        lock (problems)
        {
            problems.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task AuditPage_ReversedPeriod_SaysSoInChinese()
    {
        var page = await AuditorPageAsync();
        await page.GotoAsync("/audit?from=2026-11-22&to=2026-11-01");
        await Expect(page.Locator("#audit-results .alert-danger")).ToContainTextAsync("结束时间应晚于开始时间");
    }

    [Fact]
    public async Task AuditPage_IsNotForTheCountyAdministrator()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/audit");
        await Expect(page.Locator("h1")).Not.ToContainTextAsync("审计日志");
        await Expect(page.Locator(".zr-nav")).Not.ToContainTextAsync("审计日志");
    }

    [Fact]
    public async Task SignInAndSignOut_AreInTheLog()
    {
        var page = await app.NewPageAsync(user: ZerenApp.XiheAdmin);
        await page.Locator("#zr-logout").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));

        var auditor = await AuditorPageAsync();
        await auditor.GotoAsync($"/audit?user={ZerenApp.XiheAdmin}");
        var rows = auditor.Locator("#audit-table > tbody > tr");
        await Expect(rows.Filter(new() { HasText = "退出登录" })).Not.ToHaveCountAsync(0);
        await Expect(rows.Filter(new() { HasText = "登录成功（网页）" })).Not.ToHaveCountAsync(0);
    }
}
