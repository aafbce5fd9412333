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
}
