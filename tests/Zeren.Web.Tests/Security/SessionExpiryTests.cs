using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// 会话超时: the page cookie ends after the idle timeout and slides with each request; the API's bearer token ends
/// that long after sign-in (a refresh token gets a new one). The app gets a clock the test moves: authentication
/// handlers take their TimeProvider from the app's services, so replacing that one registration moves them all.
/// </summary>
public class SessionExpiryTests
{
    private sealed record Session(ZerenFactory App, TestClock Clock, string User) : IDisposable
    {
        public void Dispose() => App.Dispose();
    }

    private static async Task<Session> StartAsync(string provider, int? idleMinutes = null)
    {
        var clock = new TestClock();
        var settings = idleMinutes is { } m ? new Dictionary<string, string?> { ["Zeren:Security:IdleTimeoutMinutes"] = m.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null;
        var app = new ZerenFactory(provider, clock: clock, settings: settings);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var user = $"idle-{Guid.NewGuid():N}"[..20];
        await app.EnsureAccountAsync(user, [Role.TownshipAdmin], township.Id);
        return new Session(app, clock, user);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public void TheTestClock_ReachesTheAuthenticationHandlers(string provider)
    {
        var clock = new TestClock();
        using var app = new ZerenFactory(provider, clock: clock);
        _ = app.Server;
        var services = app.Services;
        services.GetRequiredService<TimeProvider>().Should().BeSameAs(clock);
        services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).TimeProvider.Should().BeSameAs(clock);
        services.GetRequiredService<IOptionsMonitor<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).TimeProvider.Should().BeSameAs(clock);
        services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.TimeProvider.Should().BeSameAs(clock);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PageCookie_EndsAfterThirtyIdleMinutes(string provider)
    {
        using var s = await StartAsync(provider);
        var browser = await s.App.PageClientAsync(s.User);
        (await browser.GetAsync(new Uri("/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        s.Clock.Advance(TimeSpan.FromMinutes(31));

        var page = await browser.GetAsync(new Uri("/orgs", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/login");
        (await browser.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the API with the same cookie");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PageCookie_SlidesWhileTheUserWorks(string provider)
    {
        using var s = await StartAsync(provider);
        var browser = await s.App.PageClientAsync(s.User);

        for (var i = 0; i < 3; i++)
        {
            s.Clock.Advance(TimeSpan.FromMinutes(20));
            var page = await browser.GetAsync(new Uri("/orgs", UriKind.Relative));
            page.StatusCode.Should().Be(HttpStatusCode.OK, $"{(i + 1) * 20} minutes after sign-in, never 30 idle");
        }
        s.Clock.Advance(TimeSpan.FromMinutes(31));
        (await browser.GetAsync(new Uri("/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task IdleTimeout_IsTheSetting(string provider)
    {
        using var s = await StartAsync(provider, idleMinutes: 10);
        var browser = await s.App.PageClientAsync(s.User);
        var token = await s.App.LoginAsync(s.User, ZerenFactory.TestPassword);
        using var api = s.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        s.Clock.Advance(TimeSpan.FromMinutes(6));
        (await browser.GetAsync(new Uri("/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        s.Clock.Advance(TimeSpan.FromMinutes(6));
        (await browser.GetAsync(new Uri("/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "the cookie slid at 6 minutes");
        (await api.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the token was for 10 minutes");

        s.Clock.Advance(TimeSpan.FromMinutes(11));
        (await browser.GetAsync(new Uri("/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Redirect, "11 idle minutes");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BearerToken_EndsThirtyMinutesAfterSignIn_TheRefreshTokenGetsANewOne(string provider)
    {
        using var s = await StartAsync(provider);
        using var login = s.App.CreateClient();
        var response = await login.PostAsJsonAsync("/api/v1/auth/login", new { userName = s.User, password = ZerenFactory.TestPassword }, ZerenFactory.Json);
        using var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var access = tokens.RootElement.GetProperty("accessToken").GetString()!;
        var refresh = tokens.RootElement.GetProperty("refreshToken").GetString()!;
        tokens.RootElement.GetProperty("expiresIn").GetInt32().Should().Be(30 * 60);
        using var api = s.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);

        s.Clock.Advance(TimeSpan.FromMinutes(20));
        (await api.GetAsync(new Uri("/api/v1/orgs/roots", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        s.Clock.Advance(TimeSpan.FromMinutes(11));
        var expired = await api.GetAsync(new Uri("/api/v1/orgs/roots", UriKind.Relative));
        expired.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a token does not slide: 31 minutes after sign-in");
        (await expired.ReadAs<Problem>()).Title.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");

        var renewed = await login.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh }, ZerenFactory.Json);
        renewed.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var fresh = JsonDocument.Parse(await renewed.Content.ReadAsStringAsync()))
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fresh.RootElement.GetProperty("accessToken").GetString());
        }
        (await api.GetAsync(new Uri("/api/v1/orgs/roots", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        s.Clock.Advance(TimeSpan.FromHours(9));
        var late = await login.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh }, ZerenFactory.Json);
        late.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the refresh token lasts eight hours");
        (await late.ReadAs<Problem>()).Code.Should().Be("refresh_failed");
    }
}
