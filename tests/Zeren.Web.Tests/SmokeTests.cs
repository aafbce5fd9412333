using System.Net;
using FluentAssertions;
using Zeren.Core.Data;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests;

public class SmokeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Health_WhenDatabaseIsUp_IsHealthy(string provider)
    {
        var app = ZerenFactory.For(provider);
        var response = await app.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
        using var scope = app.Scope();
        scope.Get<DatabaseTarget>().Provider.Should().Be(provider == TestDatabases.Postgres ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task UnknownPageAddress_ShowsTheStyledNotFoundPageWith404(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();

        var response = await client.GetAsync(new Uri("/no-such-page/here?x=1", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("id=\"not-found\"").And.Contain("您要找的页面或记录不存在").And.Contain("zr-nav", "the page keeps the layout and its menu");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task UnknownApiAddress_IsA404ProblemDetailsInChinese(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();

        var response = await client.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.ReadAs<Problem>()).Title.Should().Be("未找到");
    }
}
