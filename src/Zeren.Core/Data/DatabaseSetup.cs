using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Zeren.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Which database, and where: SQLite in the data folder unless PostgreSQL is configured.</summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    public const string ConnectionStringName = "Zeren";

    /// <summary>
    /// <c>Database:Provider</c> (Sqlite | PostgreSql) and <c>ConnectionStrings:Zeren</c>. Without a provider,
    /// a connection string that names a Host is PostgreSQL; without either, SQLite at {dataFolder}/zeren.db.
    /// </summary>
    public static DatabaseTarget From(IConfiguration config, string dataFolder)
    {
        var connectionString = config.GetConnectionString(ConnectionStringName);
        var providerText = config["Database:Provider"];
        DatabaseProvider provider;
        if (!string.IsNullOrWhiteSpace(providerText))
        {
            provider = providerText.Trim().ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgresql" or "postgres" or "npgsql" => DatabaseProvider.PostgreSql,
                _ => throw new InvalidOperationException($"Database:Provider must be Sqlite or PostgreSql, not '{providerText}'."),
            };
        }
        else
        {
            provider = connectionString?.Contains("Host=", StringComparison.OrdinalIgnoreCase) == true
                ? DatabaseProvider.PostgreSql
                : DatabaseProvider.Sqlite;
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                throw new InvalidOperationException("PostgreSQL needs ConnectionStrings:Zeren (ConnectionStrings__Zeren).");
            }
            connectionString = $"Data Source={Path.Combine(dataFolder, "zeren.db")}";
        }
        return new DatabaseTarget(provider, connectionString);
    }

    /// <summary>The SQLite database file, when the database is SQLite on a file; null for PostgreSQL or an in-memory database.</summary>
    public string? SqliteFile()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString);
        return builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory || string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:"
            ? null
            : Path.GetFullPath(builder.DataSource);
    }

    /// <summary>
    /// The app's PostgreSQL sessions plan for a database whose pages are in memory or on SSD: <c>random_page_cost</c>
    /// 1.1, not the server's default of 4, which prices an index probe as a disk seek (ADR 0044). With 4, a county's
    /// obligations list read all 223 000 obligations of a province by a parallel scan (0.27 s) in place of its 567
    /// organizations' index ranges (17 ms). And they plan parallel workers only for large statements:
    /// <c>parallel_setup_cost</c> 10 000, not 1 000 (ADR 0047). A county's heat map went parallel for a 20 ms saving
    /// alone and halved the requests served at once (a worker is a process started per statement). A connection
    /// string whose <c>Options</c> set either keeps its own value (<c>Options=-c random_page_cost=4</c> on spinning disks).
    /// A connection given back to the pool is not reset (<c>No Reset On Close</c>, ADR 0052): the app keeps no state in a
    /// session (its one lock is a transaction's), and the reset was seven commands sent before each page's next statement.
    /// A connection string that names the setting keeps its own value.
    /// </summary>
    public static string WithPlannerSettings(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        foreach (var (name, value) in PlannerSettings)
        {
            AddOption(builder, name, value);
        }
        if (!Names(connectionString, "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    /// <summary>Adds the session setting <c>-c name=value</c> to the connection's <c>Options</c>, unless they set it already.</summary>
    private static void AddOption(Npgsql.NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        if (builder.Options?.Contains(name, StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = $"{builder.Options} -c {name}={value}".Trim();
        }
    }

    /// <summary>
    /// Whether the connection string as written names <paramref name="key"/> (spaces aside): Npgsql's builder cannot tell
    /// a setting left out from one given as its default, the string as written can.
    /// </summary>
    private static bool Names(string connectionString, string key) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The connection string of the pool whose sessions plan each statement once (ADR 0053): the server plans a statement
    /// for any value (<c>plan_cache_mode=force_generic_plan</c>), and Npgsql prepares a statement on its connection at
    /// its second run there (<c>Max Auto Prepare</c> 256, <c>Auto Prepare Min Usages</c> 2), so from then on a
    /// connection runs it without parsing or planning. A context moves to it for an account whose subtrees are small
    /// (<see cref="ZerenDbContext.UseGenericPlansAsync"/>). A connection string that names any of these keeps its own value.
    /// </summary>
    public static string ForGenericPlans(string connectionString) => GenericPlanStrings.GetOrAdd(connectionString, static cs =>
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        AddOption(builder, "plan_cache_mode", "force_generic_plan");
        if (!Names(cs, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 256;
        }
        if (!Names(cs, "AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> GenericPlanStrings = new(StringComparer.Ordinal);

    private static readonly (string Name, string Value)[] PlannerSettings = [("random_page_cost", "1.1"), ("parallel_setup_cost", "10000")];

    public void Configure(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            options.UseNpgsql(WithPlannerSettings(ConnectionString), o => o.MigrationsHistoryTable("__migrations"));
            options.AddInterceptors(PreparedStatements.Instance);
        }
        else
        {
            options.UseSqlite(ConnectionString, o => o.MigrationsHistoryTable("__migrations"));
        }
        // Migrations are hand-written without model snapshots; a test proves the migrated schema equals the
        // model on both databases instead (docs/decisions/0002-hand-written-migrations.md).
        // A Take without OrderBy is a bug in a list, never in a count up to a limit (PagingExtensions, ADR 0046): the event
        // stays in the log, at Debug, where a developer looking for it finds it.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)
            .Log((CoreEventId.RowLimitingOperationWithoutOrderByWarning, Microsoft.Extensions.Logging.LogLevel.Debug)));
    }
}
