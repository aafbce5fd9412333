using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

/// <summary>
/// A GET whose client has gone stops its database query (PostgreSQL, where a province's pages read for seconds);
/// a POST's query runs on. On SQLite a query runs in the caller's thread to its end, cancelled or not: there is
/// nothing of this to test there.
/// </summary>
public sealed class AbandonedReadsTests
{
    private sealed class Probe(DbContextOptions options) : DbContext(options);

    private static (Probe Db, CancellationTokenSource Client) Open(string provider, string method)
    {
        provider.Should().Be(TestDatabases.Postgres);
        var client = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = client.Token };
        context.Request.Method = method;
        var accessor = new HttpContextAccessor { HttpContext = context };
        var options = new DbContextOptionsBuilder<Probe>()
            .UseNpgsql(TestDatabases.PostgresServer)
            .AddInterceptors(new AbandonedReads(accessor))
            .Options;
        return (new Probe(options), client);
    }

    private static Task<List<int>> SleepAsync(Probe db, double seconds) =>
        db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM pg_sleep({seconds})").ToListAsync();

    [Theory]
    [MemberData(nameof(TestDatabases.PostgresOnly), MemberType = typeof(TestDatabases))]
    public async Task AGetWhoseClientHasGone_StopsItsQueryInTheDatabase(string provider)
    {
        var (db, client) = Open(provider, "GET");
        await using var _ = db;
        using var __ = client;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var query = SleepAsync(db, 120);
        await Task.Delay(300);
        client.Cancel();
        var act = async () => await query;
        await act.Should().ThrowAsync<OperationCanceledException>();
        // Stopped, not waited out: the statement would have slept two minutes.
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.PostgresOnly), MemberType = typeof(TestDatabases))]
    public async Task APostWhoseClientHasGone_RunsOn(string provider)
    {
        var (db, client) = Open(provider, "POST");
        await using var _ = db;
        using var __ = client;
        var query = SleepAsync(db, 1);
        await client.CancelAsync();
        (await query).Should().Equal(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.PostgresOnly), MemberType = typeof(TestDatabases))]
    public async Task AGetWhoseClientIsThere_GetsItsRows(string provider)
    {
        var (db, client) = Open(provider, "GET");
        await using var _ = db;
        using var __ = client;
        (await SleepAsync(db, 0)).Should().Equal(1);
    }
}
