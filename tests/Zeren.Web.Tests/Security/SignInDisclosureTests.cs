using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// A refused sign-in does not say why: an unknown name, a wrong password, a locked and a disabled account get the same
/// answer, in about the same time (the password is hashed in every case); the audit log keeps the real reason.
/// </summary>
public class SignInDisclosureTests
{
    private sealed record Cases(string Unknown, string Wrong, string Locked, string Disabled);

    private static async Task<Cases> AccountsAsync(ZerenFactory app)
    {
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var wrong = Accounts.UniqueName("known");
        var locked = Accounts.UniqueName("locked");
        var disabled = Accounts.UniqueName("off");
        await app.EnsureAccountAsync(wrong, [Role.ReadOnly], township.Id);
        var lockedId = await app.EnsureAccountAsync(locked, [Role.ReadOnly], township.Id);
        var disabledId = await app.EnsureAccountAsync(disabled, [Role.ReadOnly], township.Id);
        await using var scope = app.Scope();
        var users = scope.Get<UserManager<Account>>();
        await users.SetLockoutEndDateAsync((await users.FindByIdAsync(lockedId.ToString()))!, DateTimeOffset.UtcNow.AddMinutes(15));
        var off = (await users.FindByIdAsync(disabledId.ToString()))!;
        off.Disabled = true;
        await users.UpdateAsync(off);
        return new Cases(Accounts.UniqueName("nobody"), wrong, locked, disabled);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task UnknownWrongLockedAndDisabled_GetTheSameAnswer_AndTheAuditLogTheReason(string provider)
    {
        var app = ZerenFactory.For(provider);
        var c = await AccountsAsync(app);

        var answers = new List<string>();
        // The locked and the disabled account with their right password: still the same answer.
        foreach (var (user, password) in new[] { (c.Unknown, "Wrong#2026pass"), (c.Wrong, "Wrong#2026pass"), (c.Locked, ZerenFactory.TestPassword), (c.Disabled, ZerenFactory.TestPassword) })
        {
            var response = await app.PostLoginAsync(user, password);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, user);
            var problem = await response.ReadAs<Problem>();
            answers.Add($"{problem.Status} {problem.Title} {problem.Code} {problem.Detail}");
        }
        answers.Distinct().Should().ContainSingle("the four refusals are word for word the same");
        answers[0].Should().Contain("login_failed").And.Contain("用户名或密码不正确");

        var page = app.BrowserClient();
        var pages = new List<string>();
        foreach (var user in new[] { c.Unknown, c.Locked, c.Disabled })
        {
            var html = await (await page.LoginPageAsync(user, ZerenFactory.TestPassword)).Content.ReadAsStringAsync();
            pages.Add(System.Text.RegularExpressions.Regex.Match(html, "id=\"login-error\"[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value);
        }
        pages.Distinct().Should().ContainSingle().Which.Should().Contain("用户名或密码不正确");

        await using var scope = app.Scope();
        var log = await scope.Get<ZerenDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == AuditAction.LoginFailed && (e.UserName == c.Unknown || e.UserName == c.Wrong || e.UserName == c.Locked || e.UserName == c.Disabled))
            .Select(e => new { e.UserName, e.Summary }).ToListAsync();
        log.Should().Contain(e => e.UserName == c.Unknown && e.Summary == "登录失败：用户名或密码不正确");
        log.Should().Contain(e => e.UserName == c.Wrong && e.Summary == "登录失败：用户名或密码不正确");
        log.Should().Contain(e => e.UserName == c.Locked && e.Summary == "登录失败：账号已锁定");
        log.Should().Contain(e => e.UserName == c.Disabled && e.Summary == "登录失败：账号已停用");
    }

    /// <summary>The framework's hasher, counting the passwords it checks.</summary>
    private sealed class CountingHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> inner = new();
        private int verified;

        public int Verified => Volatile.Read(ref verified);

        public string HashPassword(Account user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verified);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    /// <summary>
    /// What the time of a refusal is made of: one password hash of the same cost, whichever the reason. Counted, not
    /// timed, so that a busy machine cannot make the test pass or fail: Identity alone would answer a locked or disabled
    /// account, and a name it does not know, without hashing anything.
    /// </summary>
    [Fact]
    public async Task UnknownWrongLockedAndDisabled_EachHashThePasswordOnce()
    {
        var hasher = new CountingHasher();
        using var app = new ZerenFactory(TestDatabases.Sqlite, services: s => s.AddSingleton<IPasswordHasher<Account>>(hasher));
        var c = await AccountsAsync(app);
        foreach (var user in new[] { c.Unknown, c.Wrong, c.Locked, c.Disabled })
        {
            var before = hasher.Verified;
            (await app.PostLoginAsync(user, "Wrong#2026pass")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (hasher.Verified - before).Should().Be(1, $"the refusal of {user} costs one password hash like any other");
        }
    }
}
