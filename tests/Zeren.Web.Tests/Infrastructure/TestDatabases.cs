using Npgsql;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>
/// The databases every data test runs on: SQLite always, PostgreSQL when ZEREN_TEST_POSTGRES names a server
/// (./test.sh starts one and sets it).
/// </summary>
public static class TestDatabases
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static string? PostgresServer => Environment.GetEnvironmentVariable("ZEREN_TEST_POSTGRES");

    public static TheoryData<string> Providers
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (!string.IsNullOrWhiteSpace(PostgresServer))
            {
                data.Add(Postgres);
            }
            return data;
        }
    }

    /// <summary>
    /// PostgreSQL alone, for what only it does (a query stopped from another connection). Without a server the theory
    /// has no data and fails, as a test that ran nothing should.
    /// </summary>
    public static TheoryData<string> PostgresOnly
    {
        get
        {
            var data = new TheoryData<string>();
            if (!string.IsNullOrWhiteSpace(PostgresServer))
            {
                data.Add(Postgres);
            }
            return data;
        }
    }

    /// <summary>Creates an empty PostgreSQL database and returns its connection string.</summary>
    public static string CreatePostgresDatabase(string prefix)
    {
        var server = PostgresServer ?? throw new InvalidOperationException("ZEREN_TEST_POSTGRES is not set.");
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        using (var conn = new NpgsqlConnection(server))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static string NewTempFolder(string prefix)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
