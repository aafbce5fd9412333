using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

/// <summary>
/// Nothing that carries a full ID number, a mobile, a token or a one-time password may be kept by a browser or a proxy
/// (Cache-Control: no-store); the host names the app answers to are configurable (AllowedHosts), and a redirect never
/// sends the browser to the host a request named.
/// </summary>
public class CachingAndHostTests
{
    private static void NoStore(HttpResponseMessage response, string what) =>
        response.Headers.CacheControl?.NoStore.Should().BeTrue($"{what} must not be kept");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FullNumbers_Tokens_AndOneTimePasswords_AreNeverStored(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var (county, township, _) = await admin.CreateCounty();
        var input = TestData.Member(township.Id, "缓存");
        var person = await admin.CreatePerson(input);

        var user = Accounts.UniqueName("cache");
        await app.EnsureAccountAsync(user, [Role.TownshipAdmin], township.Id);
        var login = await app.PostLoginAsync(user, ZerenFactory.TestPassword);
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        NoStore(login, "the sign-in answer with its tokens");

        var reveal = await admin.GetAsync(new Uri($"/api/v1/people/{person.Id}/personal-data", UriKind.Relative));
        reveal.StatusCode.Should().Be(HttpStatusCode.OK);
        (await reveal.Content.ReadAsStringAsync()).Should().Contain(input.IdNumber!);
        NoStore(reveal, "the full ID number and mobile");

        var browser = await app.PageClientAsync(user);
        var fragment = await browser.GetAsync(new Uri($"/ui/people/{person.Id}/personal-data", UriKind.Relative));
        fragment.StatusCode.Should().Be(HttpStatusCode.OK);
        NoStore(fragment, "the person page's 显示完整号码");
        NoStore(await browser.GetAsync(new Uri($"/people/{person.Id}", UriKind.Relative)), "a page");

        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var created = await sec.PostJson("/api/v1/accounts", new AccountInput(Accounts.UniqueName("otp"), "新用户", township.Id, [Role.ReadOnly]));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        NoStore(created, "a one-time password");

        // Static files may be cached, and are checked again each time.
        var css = await browser.GetAsync(new Uri("/css/app.css", UriKind.Relative));
        css.StatusCode.Should().Be(HttpStatusCode.OK);
        css.Headers.CacheControl!.NoCache.Should().BeTrue();
        css.Headers.CacheControl.NoStore.Should().BeFalse();
    }

    [Fact]
    public async Task TheLoginRedirect_NeverNamesTheHostTheRequestGave()
    {
        var app = ZerenFactory.For(TestDatabases.Sqlite);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/people?page=2");
        request.Headers.Host = "evil.example.com";

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.OriginalString;
        location.Should().StartWith("/login?ReturnUrl=").And.NotContain("evil");
        location.Should().Contain(Uri.EscapeDataString("/people?page=2"));
    }

    private sealed class OnlyOurHost : DedicatedApps
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["AllowedHosts"] = "zeren.example.cn;localhost" };
    }

    [Fact]
    public async Task AllowedHosts_RefusesAnyOtherHost()
    {
        using var apps = new OnlyOurHost();
        var app = apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var (host, expected) in new[] { ("zeren.example.cn", HttpStatusCode.Redirect), ("localhost", HttpStatusCode.Redirect), ("evil.example.com", HttpStatusCode.BadRequest) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/people");
            request.Headers.Host = host;
            (await client.SendAsync(request)).StatusCode.Should().Be(expected, host);
        }
    }
}
