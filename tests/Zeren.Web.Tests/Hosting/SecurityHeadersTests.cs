using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Zeren.Core.Organizations;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

public class SecurityHeadersTests
{
    public static TheoryData<string, string, HttpStatusCode> Urls()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var provider in ((IEnumerable<object[]>)TestDatabases.Providers).Select(row => (string)row[0]))
        {
            data.Add(provider, "/", HttpStatusCode.OK);                                  // a page
            data.Add(provider, "/people", HttpStatusCode.OK);                            // pages with htmx
            data.Add(provider, "/orgs", HttpStatusCode.OK);
            data.Add(provider, "/links", HttpStatusCode.OK);
            data.Add(provider, "/reserves", HttpStatusCode.OK);
            data.Add(provider, "/orgs/new", HttpStatusCode.OK);                          // pages with forms
            data.Add(provider, "/people/new", HttpStatusCode.OK);
            data.Add(provider, "/ui/people/results", HttpStatusCode.OK);                 // an htmx fragment
            data.Add(provider, "/api/v1/orgs", HttpStatusCode.OK);                       // an API answer
            data.Add(provider, "/css/app.css", HttpStatusCode.OK);                       // a static file
            data.Add(provider, "/lib/htmx/htmx.min.js", HttpStatusCode.OK);              // a library
            data.Add(provider, $"/api/v1/orgs/{Guid.NewGuid()}", HttpStatusCode.NotFound); // a refusal written by the exception handler
            data.Add(provider, "/no-such-page", HttpStatusCode.NotFound);                // no route at all
            data.Add(provider, "/forbidden", HttpStatusCode.OK);                         // the account pages
            data.Add(provider, "/account/password", HttpStatusCode.OK);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string provider, string url, HttpStatusCode status)
    {
        var response = await ZerenFactory.For(provider).AdminClient().GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.Should().Be(status);
        ShouldHaveSecurityHeaders(response);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheLoginPageAndARefusalToSomeoneSignedOut_CarryTheSecurityHeaders(string provider)
    {
        var client = ZerenFactory.For(provider).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var login = await client.GetAsync(new Uri("/login", UriKind.Relative));
        var page = await client.GetAsync(new Uri("/people", UriKind.Relative));
        var api = await client.GetAsync(new Uri("/api/v1/orgs", UriKind.Relative));

        login.StatusCode.Should().Be(HttpStatusCode.OK);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ShouldHaveSecurityHeaders(login);
        ShouldHaveSecurityHeaders(page);
        ShouldHaveSecurityHeaders(api);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ARefusedChange_StillCarriesTheSecurityHeaders(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();

        var response = await client.PostJson("/api/v1/orgs", new OrgInput(Guid.NewGuid(), TestData.Code(), "无上级的组织", OrgKind.Branch, OrgDomain.Rural));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        ShouldHaveSecurityHeaders(response);
    }

    [Fact]
    public void Policy_AllowsNoInlineScriptStyleOrEval()
    {
        var directives = SecurityHeaders.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

        directives["default-src"].Should().Be("'self'");
        directives["script-src"].Should().Be("'self'");
        directives["style-src"].Should().Be("'self'");
        directives["object-src"].Should().Be("'none'");
        directives["frame-ancestors"].Should().Be("'none'");
        SecurityHeaders.ContentSecurityPolicy.Should().NotContain("unsafe");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Hsts_IsSentOverHttpsOnly(string provider)
    {
        var app = ZerenFactory.For(provider);
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://zeren.example") });
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://zeren.example") });

        var secure = await https.GetAsync(new Uri("/login", UriKind.Relative));
        var plain = await http.GetAsync(new Uri("/login", UriKind.Relative));

        secure.Headers.GetValues("Strict-Transport-Security").Single().Should().StartWith("max-age=");
        plain.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
    }

    private static void ShouldHaveSecurityHeaders(HttpResponseMessage response)
    {
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
            : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri} has no {name} header.");

        Header("Content-Security-Policy").Should().Be(SecurityHeaders.ContentSecurityPolicy);
        Header("X-Content-Type-Options").Should().Be("nosniff");
        Header("X-Frame-Options").Should().Be("DENY");
        Header("Referrer-Policy").Should().Be("strict-origin-when-cross-origin");
        Header("Permissions-Policy").Should().Contain("camera=()");
        Header("Cross-Origin-Opener-Policy").Should().Be("same-origin");
    }
}
