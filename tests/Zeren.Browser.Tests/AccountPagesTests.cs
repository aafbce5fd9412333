using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>账号管理 and 双因素认证 as a security administrator and an account owner see them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPagesTests(ZerenApp app)
{
    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..12];

    /// <summary>An account made through the service, spared the first password change; with two-factor on when asked (returns its key).</summary>
    private async Task<string?> AccountAsync(string userName, Role role, Guid orgId, bool twoFactor) =>
        await app.WithServicesAsync(async sp =>
        {
            var (view, _) = await sp.GetRequiredService<AccountService>().CreateAsync(new AccountInput(userName, "测试" + userName[..3], orgId, [role], ZerenApp.Password));
            var users = sp.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByIdAsync(view.Id.ToString()))!;
            account.MustChangePassword = false;
            await users.UpdateAsync(account);
            if (!twoFactor)
            {
                return null;
            }
            var setup = await sp.GetRequiredService<TwoFactorService>().SetupAsync(view.Id);
            await sp.GetRequiredService<TwoFactorService>().EnableAsync(view.Id, Totp.Code(setup.Key));
            return setup.Key;
        });

    /// <summary>A security administrator of the county, with two-factor on, signed in through the login page with a code.</summary>
    private async Task<IPage> SecurityAdminPageAsync()
    {
        var name = Unique("sec");
        var key = await AccountAsync(name, Role.SecurityAdmin, app.Seed.County.Id, twoFactor: true);
        var page = await app.NewPageAsync(user: null);
        await page.GotoAsync("/login");
        await page.FillAsync("#login-user", name);
        await page.FillAsync("#login-password", ZerenApp.Password);
        // The code that turned two-factor on was this step's; each code is taken once.
        await page.FillAsync("#login-code", Totp.NextCode(key!));
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Nothing the Content-Security-Policy refused on the current document (see ContentSecurityPolicyTests).</summary>
    private static async Task NoViolationsAsync(IPage page) =>
        (await page.EvaluateAsync<string[]>("window.zrViolations")).Should().NotBeNull().And.BeEmpty("the account pages run under the CSP");

    [Fact]
    public async Task SecurityAdmin_CreatesAnAccount_AndSeesItsOneTimePasswordOnce()
    {
        var page = await SecurityAdminPageAsync();
        await page.Context.AddInitScriptAsync("""
            window.zrViolations = [];
            document.addEventListener('securitypolicyviolation', e => window.zrViolations.push(e.violatedDirective));
            """);
        await page.Locator(".zr-nav").GetByRole(AriaRole.Link, new() { Name = "账号与角色" }).ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/admin/accounts", StringComparison.Ordinal));
        await Expect(page.Locator("#accounts-table")).ToContainTextAsync(ZerenApp.DongshanAdmin);
        await Expect(page.Locator("#accounts-table")).ToContainTextAsync("乡镇管理员");
        await ZerenApp.ScreenshotAsync(page, "accounts-list");
        await NoViolationsAsync(page);

        await page.ClickAsync("#account-new");
        var name = Unique("clerk");
        await page.FillAsync("#account-username", name);
        await page.FillAsync("#account-displayname", "桃园文书");
        await page.RunAndWaitForResponseAsync(() => page.Locator("#account-org").FillAsync("桃园"),
            r => r.Url.Contains("/ui/accounts/pick-orgs", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        await page.Locator(".zr-pick-items label", new() { HasText = "桃园村党支部" }).Locator("input[type=radio]").CheckAsync();
        await page.CheckAsync("#account-roles-BranchClerk");
        await ZerenApp.ScreenshotAsync(page, "account-new");
        await NoViolationsAsync(page);
        await page.ClickAsync("#account-save");

        await Expect(page.Locator("#account-created")).ToContainTextAsync(name);
        var password = (await page.Locator("#new-password").InnerTextAsync()).Trim();
        PasswordPolicy.Problem(name, password).Should().BeNull();
        await ZerenApp.ScreenshotAsync(page, "account-created");

        var saved = await app.WithServicesAsync(async sp => await sp.GetRequiredService<UserManager<Account>>().FindByNameAsync(name));
        saved!.OrgId.Should().Be(app.Seed.Taoyuan.Id);
        saved.MustChangePassword.Should().BeTrue();

        await NoViolationsAsync(page);

        // The account page shows the account, never the password again.
        await page.ClickAsync("#open-account");
        await Expect(page.Locator("#account-username")).ToHaveTextAsync(name);
        await Expect(page.Locator("#account-roles-now")).ToContainTextAsync("支部书记/文书");
        (await page.ContentAsync()).Should().NotContain(password);

        // The owner signs in with it and is asked to choose their own first.
        var owner = await app.NewPageAsync(user: null);
        await ZerenApp.LoginAsync(owner, name, password);
        await Expect(owner.Locator("#password-must-change")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SeparationOfDuties_IsRefusedInChinese_OnTheNewAccountFormAndOnAGrant()
    {
        var page = await SecurityAdminPageAsync();
        await page.GotoAsync("/admin/accounts/new");
        var name = Unique("both");
        await page.FillAsync("#account-username", name);
        await page.FillAsync("#account-displayname", "兼任者");
        await page.CheckAsync("#account-roles-SystemAdmin");
        await page.CheckAsync("#account-roles-AuditAdmin");
        await page.ClickAsync("#account-save");

        await Expect(page.Locator(".alert-danger")).ToContainTextAsync("三权分立：系统管理员、安全管理员、审计管理员不得由同一账号兼任");
        await Expect(page.Locator("#account-roles-SystemAdmin")).ToBeCheckedAsync();
        await Expect(page.Locator("#account-username")).ToHaveValueAsync(name);
        (await app.WithServicesAsync(async sp => await sp.GetRequiredService<UserManager<Account>>().FindByNameAsync(name))).Should().BeNull();

        // Granting the security role to a system administrator is refused the same way, and nothing changes.
        var sys = Unique("sys");
        await AccountAsync(sys, Role.SystemAdmin, app.Seed.County.Id, twoFactor: false);
        await page.GotoAsync("/admin/accounts?q=" + sys);
        await page.Locator("#accounts-table").GetByRole(AriaRole.Link, new() { Name = sys }).ClickAsync();
        await page.CheckAsync("#roles-SecurityAdmin");
        await page.ClickAsync("#roles-save");
        await Expect(page.Locator("#account-roles-card .alert-danger")).ToContainTextAsync("三权分立");
        await Expect(page.Locator("#account-roles-now")).Not.ToContainTextAsync("安全管理员");
        await ZerenApp.ScreenshotAsync(page, "account-separation-of-duties");
    }

    [Fact]
    public async Task ResetPassword_ShowsTheNewOneTimePassword()
    {
        var page = await SecurityAdminPageAsync();
        var name = Unique("rst");
        await AccountAsync(name, Role.ReadOnly, app.Seed.Xihe.Id, twoFactor: false);
        await page.GotoAsync("/admin/accounts?q=" + name);
        await page.Locator("#accounts-table").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.ClickAsync("#action-reset-password");

        var password = (await page.Locator("#reset-password-value").InnerTextAsync()).Trim();
        PasswordPolicy.Problem(name, password).Should().BeNull();
        await Expect(page.Locator("#account-status")).ToContainTextAsync("待改密码");
        await page.ClickAsync("#action-disable");
        await Expect(page.Locator("#account-status")).ToContainTextAsync("已停用");
    }

    [Fact]
    public async Task Administrator_IsHeldAtTheTwoFactorPage_ScansTheQrCode_AndGoesOnWithRecoveryCodes()
    {
        var name = Unique("aud");
        await AccountAsync(name, Role.AuditAdmin, app.Seed.County.Id, twoFactor: false);
        var page = await app.NewPageAsync(user: null);
        await ZerenApp.LoginAsync(page, name);
        await page.GotoAsync("/account");
        await page.WaitForURLAsync(u => u.Contains("/account/two-factor", StringComparison.Ordinal));
        await Expect(page.Locator("#two-factor-required")).ToBeVisibleAsync();

        var qr = page.Locator("#tf-qr");
        await Expect(qr).ToBeVisibleAsync();
        (await qr.GetAttributeAsync("src")).Should().StartWith("data:image/svg+xml;base64,");
        (await qr.EvaluateAsync<int>("img => img.naturalWidth")).Should().BeGreaterThan(0, "the browser draws the SVG");
        var box = await qr.BoundingBoxAsync();
        box!.Width.Should().BeGreaterThan(100);
        await ZerenApp.ScreenshotAsync(page, "two-factor");

        var key = (await page.Locator("#tf-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await page.FillAsync("#tf-code", "000000" == Totp.Code(key) ? "111111" : "000000");
        await page.ClickAsync("#tf-verify");
        await Expect(page.Locator(".alert-danger")).ToContainTextAsync("验证码不正确");

        await page.FillAsync("#tf-code", Totp.Code(key));
        await page.ClickAsync("#tf-verify");
        await Expect(page.Locator("#tf-recovery li")).ToHaveCountAsync(TwoFactorService.RecoveryCodeCount);
        await ZerenApp.ScreenshotAsync(page, "two-factor-recovery-codes");
        await page.ClickAsync("#tf-continue");
        await page.WaitForURLAsync(u => u.EndsWith("/account", StringComparison.Ordinal));
        await Expect(page.Locator("#me-two-factor")).ToContainTextAsync("已启用双因素认证");
        await Expect(page.Locator("#me-roles")).ToContainTextAsync("审计管理员");
        await ZerenApp.ScreenshotAsync(page, "account");
    }
}
