using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// 会话: sessions kept on the server. Signing out ends the session, so a cookie or token copied before stops working;
/// refresh tokens are good once and a spent one presented again ends its session; a password, role or two-factor
/// change and disabling end the account's sessions; roles are read afresh on every request.
/// </summary>
public class SessionTests
{
    private static readonly Uri Me = new("/api/v1/auth/me", UriKind.Relative);

    private sealed record Tokens(string Access, string Refresh);

    private static async Task<(Tokens Tokens, HttpResponseMessage Response)> LoginAsync(WebApplicationFactory<Program> app, string user, string password = ZerenFactory.TestPassword)
    {
        using var client = app.CreateClient();
        var response = await client.PostJson("/api/v1/auth/login", new { userName = user, password });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await ReadTokensAsync(response), response);
    }

    private static async Task<Tokens> ReadTokensAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new(doc.RootElement.GetProperty("accessToken").GetString()!, doc.RootElement.GetProperty("refreshToken").GetString()!);
    }

    private static HttpClient Bearer(WebApplicationFactory<Program> app, string access)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        return client;
    }

    private static async Task<HttpResponseMessage> RefreshAsync(WebApplicationFactory<Program> app, string refresh)
    {
        using var client = app.CreateClient();
        return await client.PostJson("/api/v1/auth/refresh", new { refreshToken = refresh });
    }

    private static async Task<(string User, Guid Id, Guid TownshipId)> NewAccountAsync(ZerenFactory app, string prefix = "sess")
    {
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var user = Accounts.UniqueName(prefix);
        var id = await app.EnsureAccountAsync(user, [Role.TownshipAdmin], township.Id);
        return (user, id, township.Id);
    }

    private static async Task ExpectEndedAsync(HttpClient client, string because)
    {
        var response = await client.GetAsync(Me);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, because);
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("session_ended", because);
        problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PageCookie_CapturedBeforeSignOut_StopsWorking(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, _, townshipId) = await NewAccountAsync(app);
        var browser = app.BrowserClient();
        var signedIn = await browser.LoginPageAsync(user, ZerenFactory.TestPassword);
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("zeren.auth=", StringComparison.Ordinal)).Split(';')[0];

        // Someone copies the cookie; it works for them as for its owner.
        using var copy = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        (await copy.GetAsync(new Uri($"/orgs/{townshipId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        var signedOut = await browser.PostFormAsync("/logout", "logout", [], tokenFrom: "/orgs");
        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var page = await copy.GetAsync(new Uri($"/orgs/{townshipId}", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.Redirect, "the copied cookie belongs to a session that has ended");
        page.Headers.Location!.ToString().Should().StartWith("/login");
        await ExpectEndedAsync(copy, "the API with the same cookie");
        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        var accountId = (await db.Set<Account>().AsNoTracking().SingleAsync(a => a.UserName == user)).Id;
        (await db.Set<AccountSession>().AsNoTracking().Where(s => s.AccountId == accountId).ToListAsync())
            .Should().ContainSingle().Which.EndReason.Should().Be(SessionEnd.SignedOut);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ApiLogout_EndsTheBearerToken_AndItsRefreshToken(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, _, _) = await NewAccountAsync(app);
        var (tokens, _) = await LoginAsync(app, user);
        using var api = Bearer(app, tokens.Access);
        (await api.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.OK);
        var (other, _) = await LoginAsync(app, user);

        var logout = await api.PostAsync(new Uri("/api/v1/auth/logout", UriKind.Relative), null);
        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ExpectEndedAsync(api, "the token of a session that signed out");
        var refresh = await RefreshAsync(app, tokens.Refresh);
        refresh.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await refresh.ReadAs<Problem>()).Code.Should().Be("refresh_failed");
        // Another session of the same account goes on.
        using var second = Bearer(app, other.Access);
        (await second.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var scope = app.Scope();
        (await scope.Get<ZerenDbContext>().Set<AuditEntry>().AsNoTracking().CountAsync(e => e.UserName == user && e.Action == AuditAction.Logout))
            .Should().Be(1, "the sign-out is recorded");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RefreshTokens_AreGoodOnce_AndASpentOneEndsItsWholeSession(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, _, _) = await NewAccountAsync(app);
        var (first, _) = await LoginAsync(app, user);

        var renewed = await RefreshAsync(app, first.Refresh);
        renewed.StatusCode.Should().Be(HttpStatusCode.OK);
        renewed.Headers.CacheControl!.NoStore.Should().BeTrue("the answer carries tokens");
        var second = await ReadTokensAsync(renewed);
        second.Refresh.Should().NotBe(first.Refresh, "each refresh gets a new refresh token");
        using (var api = Bearer(app, second.Access))
        {
            (await api.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var third = await ReadTokensAsync(await RefreshAsync(app, second.Refresh));

        // The first refresh token again: someone kept a copy. The whole session ends, the newest tokens too.
        var replay = await RefreshAsync(app, first.Refresh);
        replay.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await replay.ReadAs<Problem>()).Code.Should().Be("refresh_failed");
        (await RefreshAsync(app, third.Refresh)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the latest refresh token of the same session");
        using (var api = Bearer(app, third.Access))
        {
            await ExpectEndedAsync(api, "the latest access token of the same session");
        }

        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        var accountId = (await db.Set<Account>().SingleAsync(a => a.UserName == user)).Id;
        (await db.Set<AccountSession>().AsNoTracking().SingleAsync(s => s.AccountId == accountId)).EndReason.Should().Be(SessionEnd.RefreshTokenReused);
        (await db.Set<AuditEntry>().AsNoTracking().Where(e => e.AccountId == accountId && e.Action == AuditAction.Logout).Select(e => e.Summary).ToListAsync())
            .Should().ContainSingle().Which.Should().Contain("刷新令牌被重复使用");
        (await db.Set<RefreshToken>().AsNoTracking().AnyAsync(t => t.TokenHash == first.Refresh)).Should().BeFalse("only hashes are kept");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RefreshTokens_SpentTogether_LeaveOneWinner_AndEndTheSession(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, _, _) = await NewAccountAsync(app);
        var (tokens, _) = await LoginAsync(app, user);

        var both = await Task.WhenAll(RefreshAsync(app, tokens.Refresh), RefreshAsync(app, tokens.Refresh));

        // What each answered, so that a rare interleaving that answers otherwise says how.
        var answers = string.Join(" | ", await Task.WhenAll(both.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")));
        both.Count(r => r.StatusCode == HttpStatusCode.OK).Should().BeLessThanOrEqualTo(1, "a refresh token is good once: {0}", answers);
        both.Count(r => r.StatusCode == HttpStatusCode.Unauthorized).Should().BeGreaterThanOrEqualTo(1, "the second is refused: {0}", answers);
        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        var accountId = (await db.Set<Account>().SingleAsync(a => a.UserName == user)).Id;
        (await db.Set<AccountSession>().AsNoTracking().SingleAsync(s => s.AccountId == accountId)).EndReason.Should().Be(SessionEnd.RefreshTokenReused);
    }

    public static TheoryData<string, string> ProvidersAndChanges()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var change in new[] { "reset-password", "roles", "reset-two-factor", "disable" })
            {
                data.Add(provider, change);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndChanges))]
    public async Task AnAdministratorsChange_EndsTheAccountsSessions(string provider, string change)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var user = Accounts.UniqueName("chg");
        var id = await app.EnsureAccountAsync(user, [Role.TownshipAdmin], township.Id);
        string? code = null;
        string? recovery = null;
        if (change == "reset-two-factor")
        {
            await using var scope2 = app.Scope();
            var twoFactor = scope2.Get<TwoFactorService>();
            var key = (await twoFactor.SetupAsync(id)).Key;
            recovery = (await twoFactor.EnableAsync(id, Totp.Code(key)))[0];
            code = Totp.NextCode(key);
        }
        using var page = await app.PageClientAsync(user, code: code);
        (await page.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var api = await app.ClientFromLoginAsync(user, ZerenFactory.TestPassword, recovery);

        var response = change switch
        {
            "roles" => await sec.PutJson($"/api/v1/accounts/{id}/roles", new AccountRoles([Role.ReadOnly])),
            _ => await sec.PostAsync(new Uri($"/api/v1/accounts/{id}/{change}", UriKind.Relative), null),
        };
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        (await api.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{change}: the bearer token");
        (await page.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{change}: the page cookie");
        await using var scope = app.Scope();
        (await scope.Get<ZerenDbContext>().Set<AccountSession>().AsNoTracking().Where(s => s.AccountId == id).ToListAsync())
            .Should().NotBeEmpty().And.OnlyContain(s => s.EndedAt != null, change);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OwnPasswordChange_EndsTheOtherSessions_AndKeepsThisOne(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, _, _) = await NewAccountAsync(app);
        var (mine, _) = await LoginAsync(app, user);
        var (elsewhere, _) = await LoginAsync(app, user);
        using var page = await app.PageClientAsync(user);
        using var api = Bearer(app, mine.Access);

        var changed = await api.PostJson("/api/v1/auth/password", new ChangePasswordRequest(ZerenFactory.TestPassword, "Changed#2026own"));
        changed.StatusCode.Should().Be(HttpStatusCode.NoContent, await changed.Content.ReadAsStringAsync());

        (await api.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.OK, "the session that changed it goes on");
        using (var other = Bearer(app, elsewhere.Access))
        {
            await ExpectEndedAsync(other, "another API session");
        }
        (await RefreshAsync(app, elsewhere.Refresh)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await page.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a page session");
        (await RefreshAsync(app, mine.Refresh)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Roles_AreReadAfresh_OnEveryRequest(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (user, id, townshipId) = await NewAccountAsync(app, "demote");
        using var api = await app.ClientFromLoginAsync(user, ZerenFactory.TestPassword);
        (await api.PostJson("/api/v1/people", TestData.Member(townshipId))).StatusCode.Should().Be(HttpStatusCode.Created);

        // The role goes straight in the database, past AccountService (which would also end the session):
        // the token, issued as 乡镇管理员, must not carry the role any longer.
        await using (var scope = app.Scope())
        {
            var users = scope.Get<UserManager<Account>>();
            var account = (await users.FindByIdAsync(id.ToString()))!;
            (await users.RemoveFromRoleAsync(account, nameof(Role.TownshipAdmin))).Succeeded.Should().BeTrue();
            (await users.AddToRoleAsync(account, nameof(Role.ReadOnly))).Succeeded.Should().BeTrue();
        }

        var write = await api.PostJson("/api/v1/people", TestData.Member(townshipId));
        write.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a demoted account writes nothing more");
        (await api.GetAsync(new Uri($"/api/v1/people?under={townshipId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "the new role reads");
        (await api.GetFromJson<MeView>("/api/v1/auth/me")).Roles.Should().Equal(Role.ReadOnly);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ASession_EndsTwelveHoursAfterSignIn_HoweverOftenItIsRefreshed(string provider)
    {
        var clock = new TestClock();
        using var app = new ZerenFactory(provider, clock: clock);
        var (user, _, _) = await NewAccountAsync(app);
        var (tokens, _) = await LoginAsync(app, user);
        var browser = await app.PageClientAsync(user);

        for (var i = 0; i < 23; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(29));
            (await browser.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.OK, "the page is busy");
            var renewed = await RefreshAsync(app, tokens.Refresh);
            renewed.StatusCode.Should().Be(HttpStatusCode.OK, $"{(i + 1) * 29} minutes after sign-in");
            tokens = await ReadTokensAsync(renewed);
        }
        clock.Advance(TimeSpan.FromMinutes(29)); // 11 h 36 min
        (await browser.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(25)); // 12 h 01 min
        (await browser.GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "twelve hours after sign-in, however busy");
        (await RefreshAsync(app, tokens.Refresh)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
