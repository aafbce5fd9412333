using Npgsql;

namespace Zeren.Core.Data;

/// <summary>
/// Rows into a PostgreSQL table by binary <c>COPY</c>, each value written as its column's store type: the writer under
/// <see cref="BulkInsert"/> (ADR 0041), and under the benchmark's generator.
/// </summary>
public static class BinaryCopy
{
    /// <summary>Copies the rows (values in the columns' order) into the table, on the connection and in its current transaction.</summary>
    /// <param name="columns">Each column's name and PostgreSQL type name, without modifiers (<c>character varying</c>, not <c>character varying(40)</c>).</param>
    public static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<(string Name, string Type)> columns,
        IEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var command = $"COPY {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(command, ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                await WriteAsync(writer, row[i], columns[i].Type, ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>A name quoted for PostgreSQL.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Task WriteAsync(NpgsqlBinaryImporter writer, object? value, string type, CancellationToken ct) => value switch
    {
        null => writer.WriteNullAsync(ct),
        string s => writer.WriteAsync(s, type, ct),
        Guid g => writer.WriteAsync(g, type, ct),
        int n => writer.WriteAsync(n, type, ct),
        long n => writer.WriteAsync(n, type, ct),
        short n => writer.WriteAsync(n, type, ct),
        bool b => writer.WriteAsync(b, type, ct),
        double d => writer.WriteAsync(d, type, ct),
        decimal d => writer.WriteAsync(d, type, ct),
        // timestamptz takes UTC only, as EF Core's Npgsql provider requires too.
        DateTimeOffset t => writer.WriteAsync(t.ToUniversalTime(), type, ct),
        DateTime t => writer.WriteAsync(type == "timestamp with time zone" ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t, type, ct),
        DateOnly d => writer.WriteAsync(d, type, ct),
        TimeOnly t => writer.WriteAsync(t, type, ct),
        byte[] bytes => writer.WriteAsync(bytes, type, ct),
        _ => throw new NotSupportedException($"Binary COPY does not write {value.GetType()}."),
    };
}
