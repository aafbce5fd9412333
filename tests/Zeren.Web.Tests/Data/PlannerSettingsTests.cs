using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Zeren.Core.Data;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Data;

/// <summary>
/// The app's PostgreSQL sessions are priced for pages in memory or on SSD (ADR 0044) and start parallel workers for
/// large statements only (ADR 0047), unless the connection string says otherwise; a small scope's requests plan their
/// statements once, on a pool of their own (ADR 0053).
/// </summary>
public sealed class PlannerSettingsTests
{
    [Fact]
    public void WithPlannerSettings_AddsTheCosts_KeepingOtherOptions_AndAnOwnValue()
    {
        Options(DatabaseTarget.WithPlannerSettings("Host=db;Database=zeren")).Should().Be("-c random_page_cost=1.1 -c parallel_setup_cost=10000");
        Options(DatabaseTarget.WithPlannerSettings("Host=db;Options=-c statement_timeout=5000"))
            .Should().Be("-c statement_timeout=5000 -c random_page_cost=1.1 -c parallel_setup_cost=10000");
        Options(DatabaseTarget.WithPlannerSettings("Host=db;Options=-c random_page_cost=4")).Should().Be("-c random_page_cost=4 -c parallel_setup_cost=10000");
        Options(DatabaseTarget.WithPlannerSettings("Host=db;Options=-c parallel_setup_cost=1000"))
            .Should().Be("-c parallel_setup_cost=1000 -c random_page_cost=1.1");
    }

    [Fact]
    public void WithPlannerSettings_LeavesPooledConnectionsUnreset_UnlessTheStringSaysOtherwise()
    {
        new NpgsqlConnectionStringBuilder(DatabaseTarget.WithPlannerSettings("Host=db;Database=zeren")).NoResetOnClose.Should().BeTrue();
        new NpgsqlConnectionStringBuilder(DatabaseTarget.WithPlannerSettings("Host=db;No Reset On Close=false")).NoResetOnClose.Should().BeFalse();
        new NpgsqlConnectionStringBuilder(DatabaseTarget.WithPlannerSettings("Host=db;NoResetOnClose=false")).NoResetOnClose.Should().BeFalse();
    }

    [Fact]
    public async Task TheAppsPostgresSessions_PlanWithTheirCosts()
    {
        await using var db = AppsPostgresContext();
        if (db is null)
        {
            return;
        }

        var value = await db.Database.SqlQueryRaw<string>(
            "SELECT current_setting('random_page_cost') || ' ' || current_setting('parallel_setup_cost') AS \"Value\"").SingleAsync();

        value.Should().Be("1.1 10000");
    }

    [Fact]
    public async Task AStatementMarkedPrepared_IsPreparedOnItsConnection_AndOthersAreNot()
    {
        await using var db = AppsPostgresContext();
        if (db is null)
        {
            return;
        }
        await db.Database.OpenConnectionAsync();
        var id = Guid.NewGuid();

        for (var i = 0; i < 2; i++)
        {
            (await PreparedStatements.Prepare(db.Database.SqlQueryRaw<Guid>("SELECT {0} AS \"Value\"", id)).SingleAsync()).Should().Be(id);
            (await db.Database.SqlQueryRaw<Guid>("SELECT {0} AS \"Value\" WHERE 1 = 1", id).SingleAsync()).Should().Be(id);
        }
        var prepared = await db.Database.SqlQueryRaw<string>(
            "SELECT statement AS \"Value\" FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'").ToListAsync();

        prepared.Should().ContainSingle().Which.Should().StartWith("-- " + PreparedStatements.Tag);
    }

    [Fact]
    public void ForGenericPlans_PlansOnceAndPreparesAtTheSecondRun_KeepingAnOwnValue()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseTarget.ForGenericPlans("Host=db;Options=-c random_page_cost=1.1"));
        cs.Options.Should().Be("-c random_page_cost=1.1 -c plan_cache_mode=force_generic_plan");
        cs.MaxAutoPrepare.Should().Be(256);
        cs.AutoPrepareMinUsages.Should().Be(2);

        var own = new NpgsqlConnectionStringBuilder(DatabaseTarget.ForGenericPlans("Host=db;Max Auto Prepare=0;Options=-c plan_cache_mode=auto"));
        own.Options.Should().Be("-c plan_cache_mode=auto");
        own.MaxAutoPrepare.Should().Be(0);
    }

    [Fact]
    public async Task AContextMovedToGenericPlans_KeepsItsOpenConnection_OnASessionThatPlansOnceAndPrepares()
    {
        await using var db = AppsPostgresContext();
        if (db is null)
        {
            return;
        }
        await db.Database.OpenConnectionAsync();
        (await PlanCacheMode(db)).Should().Be("auto");
        db.GenericPlans.Should().BeFalse();

        await db.UseGenericPlansAsync();

        db.GenericPlans.Should().BeTrue();
        db.Database.GetDbConnection().State.Should().Be(System.Data.ConnectionState.Open);
        (await PlanCacheMode(db)).Should().Be("force_generic_plan");
        var id = Guid.NewGuid();
        for (var i = 0; i < 2; i++)
        {
            (await db.Database.SqlQueryRaw<Guid>("SELECT {0} AS \"Value\" WHERE 53 = 53", id).SingleAsync()).Should().Be(id);
        }
        (await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync())
            .Should().Contain(s => s.Contains("WHERE 53 = 53", StringComparison.Ordinal), "a statement run twice is prepared on its connection");
    }

    private static Task<string> PlanCacheMode(ZerenDbContext db) =>
        db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync();

    /// <summary>A context configured as the app configures its PostgreSQL ones; null without a server (SQLite has no such settings; ./test.sh always names one).</summary>
    private static ZerenDbContext? AppsPostgresContext()
    {
        if (string.IsNullOrWhiteSpace(TestDatabases.PostgresServer))
        {
            return null;
        }
        var options = new DbContextOptionsBuilder<ZerenDbContext>();
        new DatabaseTarget(DatabaseProvider.PostgreSql, TestDatabases.PostgresServer).Configure(options);
        return new ZerenDbContext(options.Options);
    }

    private static string? Options(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Options;
}
