using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// 登录失败处理: five wrong passwords in a row lock the account for 15 minutes, on the API and on the login page alike.
/// The answer does not say so (the same as for a wrong password: see SignInDisclosureTests); the audit log does.
/// Identity's lockout reads the system clock (UserManager uses DateTimeOffset.UtcNow, not the app's TimeProvider),
/// so the end of a lockout is shown by moving the account's lockout end into the past.
/// </summary>
public class LockoutTests
{
    private static async Task<(HttpStatusCode Status, Problem? Problem)> LoginAsync(ZerenFactory app, string userName, string password)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password }, ZerenFactory.Json);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? null : await response.ReadAs<Problem>());
    }

    private static async Task<string> NewAccountAsync(ZerenFactory app)
    {
        var user = $"lock-{Guid.NewGuid():N}"[..20];
        var (_, township, _) = await app.AdminClient().CreateCounty();
        await app.EnsureAccountAsync(user, [Role.TownshipAdmin], township.Id);
        return user;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FiveWrongPasswords_LockTheAccount_ForFifteenMinutes(string provider)
    {
        var app = ZerenFactory.For(provider);
        var user = await NewAccountAsync(app);

        for (var i = 1; i <= 5; i++)
        {
            var (status, problem) = await LoginAsync(app, user, "Wrong#2026pass");
            status.Should().Be(HttpStatusCode.Unauthorized);
            problem!.Code.Should().Be("login_failed", $"attempt {i}");
        }

        var right = await LoginAsync(app, user, ZerenFactory.TestPassword);
        right.Status.Should().Be(HttpStatusCode.Unauthorized, "the right password does not open a locked account");
        right.Problem!.Code.Should().Be("login_failed", "the answer does not tell a locked account from a wrong password");
        right.Problem.Detail.Should().Contain("5 次").And.Contain("15 分钟");

        // The audit log says what happened: the fifth failure locked the account, and the right password met the lock.
        await using (var scope = app.Scope())
        {
            var summaries = await scope.Get<ZerenDbContext>().Set<AuditEntry>().AsNoTracking()
                .Where(e => e.UserName == user && e.Action == AuditAction.LoginFailed).OrderBy(e => e.Sequence).Select(e => e.Summary).ToListAsync();
            summaries.Should().HaveCount(6);
            summaries[4].Should().Be("登录失败：用户名或密码不正确，账号已锁定");
            summaries[5].Should().Be("登录失败：账号已锁定");
        }

        await using (var scope = app.Scope())
        {
            var users = scope.Get<UserManager<Account>>();
            var account = (await users.FindByNameAsync(user))!;
            account.LockoutEnd.Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(15), TimeSpan.FromMinutes(1));
            // Fifteen minutes later.
            await users.SetLockoutEndDateAsync(account, DateTimeOffset.UtcNow.AddSeconds(-1));
        }
        (await LoginAsync(app, user, ZerenFactory.TestPassword)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ASuccessfulSignIn_StartsTheCountAgain(string provider)
    {
        var app = ZerenFactory.For(provider);
        var user = await NewAccountAsync(app);
        for (var i = 0; i < 4; i++)
        {
            await LoginAsync(app, user, "Wrong#2026pass");
        }
        (await LoginAsync(app, user, ZerenFactory.TestPassword)).Status.Should().Be(HttpStatusCode.OK);
        for (var i = 0; i < 4; i++)
        {
            (await LoginAsync(app, user, "Wrong#2026pass")).Problem!.Code.Should().Be("login_failed");
        }
        (await LoginAsync(app, user, ZerenFactory.TestPassword)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LoginPage_CountsFailuresToo_AndSaysTheAccountIsLocked(string provider)
    {
        var app = ZerenFactory.For(provider);
        var user = await NewAccountAsync(app);
        var browser = app.BrowserClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await browser.LoginPageAsync(user, "Wrong#2026pass");
            wrong.StatusCode.Should().Be(HttpStatusCode.OK, "the form comes back with its message");
        }

        var right = await browser.LoginPageAsync(user, ZerenFactory.TestPassword);
        right.StatusCode.Should().Be(HttpStatusCode.OK, "the form comes back: the account is locked");
        (await right.Content.ReadAsStringAsync()).Should().Contain("用户名或密码不正确").And.NotContain("已锁定");
        await using (var scope = app.Scope())
        {
            (await scope.Get<UserManager<Account>>().FindByNameAsync(user))!.LockoutEnd.Should().BeAfter(DateTimeOffset.UtcNow, "one lockout for the page and the API");
        }
        (await LoginAsync(app, user, ZerenFactory.TestPassword)).Status.Should().Be(HttpStatusCode.Unauthorized);
    }
}
