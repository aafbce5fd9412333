using System.Globalization;
using System.Net;
using System.Security.Claims;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

public class RateLimitTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Api_AfterTheConfiguredNumberOfRequests_Returns429ProblemDetailsWithRetryAfter(string provider)
    {
        await using var app = new ZerenFactory(provider, settings: new Dictionary<string, string?>
        {
            ["Zeren:RateLimits:Api:PermitLimit"] = "3",
            ["Zeren:RateLimits:Api:WindowSeconds"] = "600",
        });
        // Signing in is the login policy's business, not the API's: the three requests below are the whole budget.
        var client = app.AdminClient();

        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(new Uri("/api/v1/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var refused = await client.GetAsync(new Uri("/api/v1/orgs/roots", UriKind.Relative));

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await refused.ReadAs<Problem>();
        problem.Status.Should().Be(429);
        problem.Title.Should().Be("请求过于频繁");
        problem.Code.Should().Be("rate_limited");
        problem.Detail.Should().Contain("秒后再试");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        retryAfter.Should().BeInRange(1, 600);

        // Pages and health checks are not part of the API and are not counted with it.
        (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Login_AfterTheConfiguredNumberOfAttempts_Returns429ForTheApiAndThePage(string provider)
    {
        await using var app = new ZerenFactory(provider, settings: new Dictionary<string, string?>
        {
            ["Zeren:RateLimits:Login:PermitLimit"] = "2",
            ["Zeren:RateLimits:Login:WindowSeconds"] = "600",
        });
        var client = app.CreateClient();
        var wrong = new { userName = "nobody", password = "wrong-password" };

        (await client.PostJson("/api/v1/auth/login", wrong)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.PostJson("/api/v1/auth/login", wrong)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var refused = await client.PostJson("/api/v1/auth/login", wrong);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.Contains("Retry-After").Should().BeTrue();
        var problem = await refused.ReadAs<Problem>();
        problem.Title.Should().Be("请求过于频繁");
        problem.Code.Should().Be("rate_limited");

        // The login page shares the budget: showing the form still works, posting it is refused in plain words.
        (await client.GetAsync(new Uri("/login", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login", ["Model.UserName"] = "nobody" });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = form };
        post.Headers.Accept.ParseAdd("text/html");
        var page = await client.SendAsync(post);
        page.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await page.Content.ReadAsStringAsync()).Should().StartWith("请求过于频繁").And.Contain("秒后再试");
    }

    [Fact]
    public async Task LoginPolicy_AfterTheConfiguredNumberOfPosts_Returns429()
    {
        await using var app = await PolicyAppAsync(new() { ["Zeren:RateLimits:Login:PermitLimit"] = "2" });
        var client = app.GetTestClient();

        (await client.PostAsync(new Uri("/login", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync(new Uri("/login", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        // Showing the login form is not an attempt.
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync(new Uri("/login", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var refused = await client.PostAsync(new Uri("/login", UriKind.Relative), null);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.Contains("Retry-After").Should().BeTrue();
        (await refused.ReadAs<Problem>()).Title.Should().Be("请求过于频繁");
    }

    [Fact]
    public async Task ApiPolicy_CountsEachSignedInUserApart()
    {
        await using var app = await PolicyAppAsync(new() { ["Zeren:RateLimits:Api:PermitLimit"] = "2" });
        var client = app.GetTestClient();

        async Task<HttpStatusCode> AsUser(string name)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api");
            request.Headers.Add("X-Test-User", name);
            return (await client.SendAsync(request)).StatusCode;
        }

        (await AsUser("zhang")).Should().Be(HttpStatusCode.OK);
        (await AsUser("zhang")).Should().Be(HttpStatusCode.OK);
        (await AsUser("zhang")).Should().Be(HttpStatusCode.TooManyRequests);
        (await AsUser("li")).Should().Be(HttpStatusCode.OK, "another user has a budget of their own");
    }

    /// <summary>
    /// A bare app with only the rate limits registered as Zeren registers them, and endpoints under each policy:
    /// the sign-in endpoint arrives with accounts, and the API has no signed-in users yet.
    /// </summary>
    private static async Task<WebApplication> PolicyAppAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddProblemDetails();
        builder.Services.AddRateLimits(builder.Configuration);
        var app = builder.Build();
        app.Use((http, next) =>
        {
            if (http.Request.Headers["X-Test-User"] is [{ Length: > 0 } name])
            {
                http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test"));
            }
            return next(http);
        });
        app.UseRateLimiter();
        app.MapMethods("/login", ["GET", "POST"], () => "ok").RequireRateLimiting(RateLimits.Login);
        app.MapGet("/api", () => "ok").RequireRateLimiting(RateLimits.Api);
        await app.StartAsync();
        return app;
    }
}
