using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// 口令策略 through the app: the API refuses a weak new password in Chinese; a new account, or a password older than
/// 90 days, must be changed before anything else (the API answers 403 password_change_required, pages send the user
/// to the change page); demo accounts are spared.
/// </summary>
public class PasswordRulesTests
{
    private const string NewPassword = "Fresh#2026pass";

    /// <summary>An account as a security administrator makes it: the owner must change the password at first sign-in.</summary>
    private static async Task<(string User, Guid Id, Guid OrgId)> NewAccountAsync(ZerenFactory app, Action<Account>? change = null)
    {
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var user = $"pw-{Guid.NewGuid():N}"[..20];
        await using var scope = app.Scope();
        var (view, _) = await scope.Get<AccountService>().CreateAsync(new AccountInput(user, "新用户", township.Id, [Role.TownshipAdmin], ZerenFactory.TestPassword));
        if (change is not null)
        {
            var users = scope.Get<UserManager<Account>>();
            var account = (await users.FindByIdAsync(view.Id.ToString()))!;
            change(account);
            (await users.UpdateAsync(account)).Succeeded.Should().BeTrue();
        }
        return (user, view.Id, township.Id);
    }

    private static async Task<HttpClient> ApiAsync(ZerenFactory app, string user, string password = ZerenFactory.TestPassword)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.LoginAsync(user, password));
        return client;
    }

    private static async Task ExpectHeldAsync(HttpClient api, Guid orgId)
    {
        foreach (var url in new[] { "/api/v1/orgs/roots", $"/api/v1/people?under={orgId}", $"/api/v1/orgs/{orgId}", "/api/v1/people/export.xlsx", "/ui/orgs/search?q=镇" })
        {
            var response = await api.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, url);
            var problem = await response.ReadAs<Problem>();
            problem.Code.Should().Be("password_change_required", url);
            problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        }
        var write = await api.PostJson("/api/v1/people", TestData.Member(orgId));
        write.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await api.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "the account may still say who it is");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ChangePassword_WithAWeakOne_Is422InChinese_AndTheOldOneStillWorks(string provider)
    {
        var app = ZerenFactory.For(provider);
        var user = $"pw-{Guid.NewGuid():N}"[..20];
        var (_, township, _) = await app.AdminClient().CreateCounty();
        await app.EnsureAccountAsync(user, [Role.TownshipAdmin], township.Id);
        using var api = await ApiAsync(app, user);

        foreach (var (weak, code) in new[] { ("Ab1#xyz", "password_policy"), ("abcdefgh1", "password_policy"), (user, "password_policy"), (ZerenFactory.TestPassword, "password_reused") })
        {
            var response = await api.PostJson("/api/v1/auth/password", new ChangePasswordRequest(ZerenFactory.TestPassword, weak));
            response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, weak);
            var problem = await response.ReadAs<Problem>();
            problem.Code.Should().Be(code, weak);
            problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
            problem.Errors.Should().Contain(e => e.Field == "newPassword");
        }
        var mismatch = await api.PostJson("/api/v1/auth/password", new ChangePasswordRequest("Wrong#2026pass", NewPassword));
        (await mismatch.ReadAs<Problem>()).Code.Should().Be("password_mismatch");

        (await app.LoginAsync(user, ZerenFactory.TestPassword)).Should().NotBeEmpty("no refused change took effect");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ChangePassword_ToACommonPassword_OrTheDemoPassword_IsRefused(string provider)
    {
        var app = ZerenFactory.For(provider);
        var user = $"pw-{Guid.NewGuid():N}"[..20];
        var (_, township, _) = await app.AdminClient().CreateCounty();
        await app.EnsureAccountAsync(user, [Role.TownshipAdmin], township.Id);
        using var api = await ApiAsync(app, user);

        foreach (var (refused, why) in new[] { ("Qq123456!", "常见密码"), ("Woaini1314", "常见密码"), ("Admin@123", "常见密码"), ("Zeren@2026", "演示账号") })
        {
            var response = await api.PostJson("/api/v1/auth/password", new ChangePasswordRequest(ZerenFactory.TestPassword, refused));
            response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, refused);
            var problem = await response.ReadAs<Problem>();
            problem.Code.Should().Be("password_policy", refused);
            problem.Detail.Should().Contain(why, refused);
        }
        (await app.LoginAsync(user, ZerenFactory.TestPassword)).Should().NotBeEmpty("no refused change took effect");

        // A security administrator cannot give it either, outside the demo.
        await using var scope = app.Scope();
        var create = () => scope.Get<AccountService>().CreateAsync(new AccountInput($"pw-{Guid.NewGuid():N}"[..20], "新用户", township.Id, [Role.ReadOnly], "Zeren@2026"));
        (await create.Should().ThrowAsync<Zeren.Core.Platform.ValidationFailedException>()).Which.Message.Should().Contain("演示账号");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ChangePassword_ToOneOfTheLastFive_IsRefused(string provider)
    {
        var app = ZerenFactory.For(provider);
        var user = $"pw-{Guid.NewGuid():N}"[..20];
        var (_, township, _) = await app.AdminClient().CreateCounty();
        await app.EnsureAccountAsync(user, [Role.TownshipAdmin], township.Id);
        using var api = await ApiAsync(app, user);
        string[] passwords = [ZerenFactory.TestPassword, "Second#2026pw", "Third#2026pw", "Fourth#2026pw", "Fifth#2026pw", "Sixth#2026pw"];

        async Task<HttpResponseMessage> Change(string from, string to) => await api.PostJson("/api/v1/auth/password", new ChangePasswordRequest(from, to));

        for (var i = 1; i <= 4; i++)
        {
            (await Change(passwords[i - 1], passwords[i])).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        // Now the current one is the fifth; the four before it and it are the last five.
        for (var i = 0; i <= 4; i++)
        {
            var again = await Change(passwords[4], passwords[i]);
            again.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, $"password {i + 1} is one of the last five");
            (await again.ReadAs<Problem>()).Code.Should().Be("password_reused");
        }
        (await Change(passwords[4], passwords[5])).StatusCode.Should().Be(HttpStatusCode.NoContent);
        // The first one is now six back, and may be used again; the second is still among the last five.
        (await Change(passwords[5], passwords[1])).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Change(passwords[5], passwords[0])).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await app.LoginAsync(user, passwords[0])).Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FirstSignIn_HoldsEveryCall_UntilThePasswordIsChanged(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, _, orgId) = await NewAccountAsync(app);
        using var api = await ApiAsync(app, user);

        await ExpectHeldAsync(api, orgId);

        var change = await api.PostJson("/api/v1/auth/password", new ChangePasswordRequest(ZerenFactory.TestPassword, NewPassword));
        change.StatusCode.Should().Be(HttpStatusCode.NoContent, await change.Content.ReadAsStringAsync());
        (await api.GetAsync(new Uri($"/api/v1/people?under={orgId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.LoginAsync(user, NewPassword)).Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FirstSignIn_OnPages_GoesToTheChangePasswordPage(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, _, _) = await NewAccountAsync(app);
        var browser = app.BrowserClient();
        (await browser.LoginPageAsync(user, ZerenFactory.TestPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var page = await browser.GetAsync(new Uri("/orgs", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().StartWith("/account/password?returnUrl=");
        (await browser.GetAsync(new Uri("/account/password", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PasswordOlderThanNinetyDays_MustBeChanged(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (fresh, _, orgId) = await NewAccountAsync(app, a =>
        {
            a.MustChangePassword = false;
            a.PasswordChangedAt = DateTimeOffset.UtcNow.AddDays(-89);
        });
        using (var api = await ApiAsync(app, fresh))
        {
            (await api.GetAsync(new Uri($"/api/v1/people?under={orgId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "89 days old");
        }

        var (old, _, oldOrg) = await NewAccountAsync(app, a =>
        {
            a.MustChangePassword = false;
            a.PasswordChangedAt = DateTimeOffset.UtcNow.AddDays(-91);
        });
        using var held = await ApiAsync(app, old);
        await ExpectHeldAsync(held, oldOrg);
        (await held.PostJson("/api/v1/auth/password", new ChangePasswordRequest(ZerenFactory.TestPassword, NewPassword))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await held.GetAsync(new Uri($"/api/v1/people?under={oldOrg}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoAccounts_AreSpared(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, _, orgId) = await NewAccountAsync(app, a =>
        {
            a.IsDemo = true;
            a.MustChangePassword = true;
            a.PasswordChangedAt = DateTimeOffset.UtcNow.AddDays(-365);
        });
        using var api = await ApiAsync(app, user);
        (await api.GetAsync(new Uri($"/api/v1/people?under={orgId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
