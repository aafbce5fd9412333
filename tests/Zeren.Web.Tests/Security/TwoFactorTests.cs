using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

public class TwoFactorTests
{
    [Fact]
    public void Totp_MatchesTheRfc6238TestVector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082; the last six digits are what an app shows.
        var key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890" in base32
        Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(59)).Should().Be("287082");
        Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(1111111109)).Should().Be("081804");
    }

    [Fact]
    public void Key_IsShownInGroupsOfFour_AndTheUriNamesTheIssuerAndAccount()
    {
        TwoFactorService.FormatKey("abcdefghijklmnopqrstuvwxyz234567").Should().Be("ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567");
        TwoFactorService.OtpAuthUri("li.ming", "KEY234").Should().Be("otpauth://totp/Zeren:li.ming?secret=KEY234&issuer=Zeren&digits=6&period=30");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TwoFactor_OnceEnabled_SignInNeedsTheCodeOrARecoveryCode(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var name = Accounts.UniqueName("totp");
        var id = await app.EnsureAccountAsync(name, [Role.TownshipAdmin], township.Id);

        await using (var scope = app.Scope())
        {
            var twoFactor = scope.Get<TwoFactorService>();
            var setup = await twoFactor.SetupAsync(id);
            setup.Enabled.Should().BeFalse();
            setup.Uri.Should().StartWith($"otpauth://totp/Zeren:{name}?secret={setup.Key}");
            var wrong = Totp.Code(setup.Key, DateTimeOffset.UtcNow.AddHours(1));
            await twoFactor.Invoking(t => t.EnableAsync(id, wrong)).Should().ThrowAsync<DomainException>().Where(e => e.Code == "two_factor_code");
        }
        // Until it is confirmed, the password alone signs in.
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword)).StatusCode.Should().Be(HttpStatusCode.OK);

        IReadOnlyList<string> recovery;
        string key;
        await using (var scope = app.Scope())
        {
            var twoFactor = scope.Get<TwoFactorService>();
            key = (await twoFactor.SetupAsync(id)).Key;
            recovery = await twoFactor.EnableAsync(id, Totp.Code(key));
        }
        recovery.Should().HaveCount(TwoFactorService.RecoveryCodeCount).And.OnlyHaveUniqueItems();

        var noCode = await app.PostLoginAsync(name, ZerenFactory.TestPassword);
        noCode.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await noCode.ReadAs<Problem>()).Code.Should().Be("two_factor_required");

        var badCode = await app.PostLoginAsync(name, ZerenFactory.TestPassword, Totp.Code(key, DateTimeOffset.UtcNow.AddHours(-1)));
        (await badCode.ReadAs<Problem>()).Code.Should().Be("login_failed");

        // Turning it on used this step's code, which is not taken again.
        var replay = await app.PostLoginAsync(name, ZerenFactory.TestPassword, Totp.Code(key));
        replay.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a code is good once");
        var withCode = await app.ClientFromLoginAsync(name, ZerenFactory.TestPassword, Totp.NextCode(key));
        (await withCode.GetAsync(new Uri("/api/v1/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await withCode.GetFromJson<Api.MeView>("/api/v1/auth/me")).TwoFactorEnabled.Should().BeTrue();

        // A recovery code works once, typed in lower case and without its dash too.
        var code = recovery[0];
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword, code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword, code)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword, recovery[1])).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Disable_NeedsThePassword_AndRetiresTheKey(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var name = Accounts.UniqueName("off2fa");
        var id = await app.EnsureAccountAsync(name, [Role.ReadOnly], township.Id);
        var key = await app.EnableTwoFactorAsync(id);

        await using (var scope = app.Scope())
        {
            var twoFactor = scope.Get<TwoFactorService>();
            await twoFactor.Invoking(t => t.DisableAsync(id, "Wrong#2026pass")).Should().ThrowAsync<DomainException>().Where(e => e.Code == "password_mismatch");
            (await twoFactor.SetupAsync(id)).Enabled.Should().BeTrue();
            await twoFactor.DisableAsync(id, ZerenFactory.TestPassword);
            var after = await twoFactor.SetupAsync(id);
            after.Enabled.Should().BeFalse();
            after.Key.Should().NotBe(key);
        }
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AdministratorWithoutTwoFactor_IsHeld_UntilSetUp_AndASecurityAdminCanResetIt(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, _, _) = await app.AdminClient().CreateCounty();
        var name = Accounts.UniqueName("audit");
        var id = await app.EnsureAccountAsync(name, [Role.AuditAdmin], county.Id);

        var held = await (await app.ClientFromLoginAsync(name, ZerenFactory.TestPassword)).GetAsync(new Uri("/api/v1/orgs", UriKind.Relative));
        held.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await held.ReadAs<Problem>()).Code.Should().Be("two_factor_required");

        var key = await app.EnableTwoFactorAsync(id);
        var auditor = await app.ClientFromLoginAsync(name, ZerenFactory.TestPassword, Totp.NextCode(key));
        // Past the hold: the audit administrator may not read business data, which is the role's own 403.
        var orgs = await auditor.GetAsync(new Uri("/api/v1/orgs", UriKind.Relative));
        orgs.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await orgs.ReadAs<Problem>()).Code.Should().BeNull();

        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var reset = await sec.PostAsync(new Uri($"/api/v1/accounts/{id}/reset-two-factor", UriKind.Relative), null);
        (await reset.ReadAs<AccountView>()).TwoFactorEnabled.Should().BeFalse();
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword)).StatusCode.Should().Be(HttpStatusCode.OK, "two-factor is off after the reset");
        await using var scope = app.Scope();
        var account = (await scope.Get<UserManager<Account>>().FindByIdAsync(id.ToString()))!;
        (await scope.Get<UserManager<Account>>().GetAuthenticatorKeyAsync(account)).Should().NotBe(key);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ACode_IsTakenOnce_AndNoEarlierOneAfterIt(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var name = Accounts.UniqueName("once");
        var id = await app.EnsureAccountAsync(name, [Role.ReadOnly], township.Id);
        var key = await app.EnableTwoFactorAsync(id);

        var at = DateTimeOffset.UtcNow.AddSeconds(30);
        var next = Totp.Code(key, at);
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword, next)).StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await app.PostLoginAsync(name, ZerenFactory.TestPassword, next);
        again.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the same code a second time");
        (await again.ReadAs<Problem>()).Code.Should().Be("login_failed");
        // The current step's code is older than the one just used: refused too, though the clock would take it.
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword, Totp.Code(key))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        await using var scope = app.Scope();
        var account = (await scope.Get<UserManager<Account>>().FindByIdAsync(id.ToString()))!;
        account.LastTotpTimeStep.Should().Be(at.ToUnixTimeSeconds() / 30, "the step of the code used");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task NewRecoveryCodes_NeedThePassword(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var name = Accounts.UniqueName("codes");
        var id = await app.EnsureAccountAsync(name, [Role.ReadOnly], township.Id);
        await app.EnableTwoFactorAsync(id);
        await using var scope = app.Scope();
        var twoFactor = scope.Get<TwoFactorService>();
        var users = scope.Get<UserManager<Account>>();
        var before = await users.CountRecoveryCodesAsync((await users.FindByIdAsync(id.ToString()))!);

        foreach (var wrong in new[] { null, "", "Wrong#2026pass" })
        {
            var refused = () => twoFactor.NewRecoveryCodesAsync(id, wrong);
            (await refused.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("password_mismatch");
        }
        var account = (await users.FindByIdAsync(id.ToString()))!;
        account.AccessFailedCount.Should().Be(3, "each wrong password counts like a failed sign-in");

        var codes = await twoFactor.NewRecoveryCodesAsync(id, ZerenFactory.TestPassword);
        codes.Should().HaveCount(TwoFactorService.RecoveryCodeCount);
        before.Should().Be(TwoFactorService.RecoveryCodeCount);
    }
}
