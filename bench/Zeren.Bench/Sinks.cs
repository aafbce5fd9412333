using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Zeren.Core.Data;

namespace Zeren.Bench;

/// <summary>Where the generated rows go: one transaction per county, each table's rows in one go.</summary>
public interface IRowSink : IAsyncDisposable
{
    Task BeginAsync(CancellationToken ct);
    Task WriteAsync(TablePlan table, IEnumerable<object?[]> rows, CancellationToken ct);
    Task CommitAsync(CancellationToken ct);
}

/// <summary>PostgreSQL through binary COPY, each value written as the column's type.</summary>
public sealed class PostgresSink(string connectionString) : IRowSink
{
    private NpgsqlConnection? connection;
    private NpgsqlTransaction? transaction;

    public async Task BeginAsync(CancellationToken ct)
    {
        if (connection is null)
        {
            connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
        }
        transaction = await connection.BeginTransactionAsync(ct);
    }

    public Task WriteAsync(TablePlan table, IEnumerable<object?[]> rows, CancellationToken ct) =>
        BinaryCopy.CopyAsync(connection!, Template.Quote(table.Name), [.. table.Columns.Select(c => (c.Name, c.PostgresType))], rows, ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        await transaction!.CommitAsync(ct);
        await transaction.DisposeAsync();
        transaction = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}

/// <summary>SQLite through a prepared INSERT per table, values stored as EF Core stores them (GUIDs as upper-case text).</summary>
public sealed class SqliteSink(string connectionString) : IRowSink
{
    private SqliteConnection? connection;
    private SqliteTransaction? transaction;

    public async Task BeginAsync(CancellationToken ct)
    {
        if (connection is null)
        {
            connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true }.ConnectionString);
            await connection.OpenAsync(ct);
        }
        transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
    }

    public async Task WriteAsync(TablePlan table, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        await using var command = connection!.CreateCommand();
        command.Transaction = transaction;
        var names = table.Columns.Select((c, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
#pragma warning disable CA2100 // table and column names come from the EF model, not from input
        command.CommandText = $"INSERT INTO {Template.Quote(table.Name)} ({string.Join(", ", table.Columns.Select(c => Template.Quote(c.Name)))}) VALUES ({string.Join(", ", names)})";
#pragma warning restore CA2100
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    Guid g => g.ToString().ToUpperInvariant(),
                    var v => v,
                };
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await transaction!.CommitAsync(ct);
        await transaction.DisposeAsync();
        transaction = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
