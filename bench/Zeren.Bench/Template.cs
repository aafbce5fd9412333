using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Zeren.Bench;

/// <summary>The demo county as the app loaded it into a SQLite database: every row of every table of the model, typed.</summary>
public sealed class Template
{
    private Template(Dictionary<string, List<object?[]>> rows) => Rows = rows;

    public IReadOnlyDictionary<string, List<object?[]>> Rows { get; }

    public static async Task<Template> ReadAsync(string sqliteFile, IReadOnlyList<TablePlan> tables, CancellationToken ct = default)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = sqliteFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString;
        await using var connection = new SqliteConnection(cs);
        await connection.OpenAsync(ct);
        var rows = new Dictionary<string, List<object?[]>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            // Organizations parents first (a row's parent must be written before it); the others as they were inserted.
            var order = table.Columns.Any(c => c.Role == ColumnRole.Depth) ? "depth, rowid" : "rowid";
#pragma warning disable CA2100 // table and column names come from the EF model, not from input
            command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => Quote(c.Name)))} FROM {Quote(table.Name)} ORDER BY {order}";
#pragma warning restore CA2100
            var list = new List<object?[]>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var row = new object?[table.Columns.Count];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Read(reader, i, table.Columns[i].StoreType);
                }
                list.Add(row);
            }
            rows[table.Name] = list;
        }
        return new Template(rows);
    }

    public static string Quote(string name) => Zeren.Core.Data.BinaryCopy.Quote(name);

    /// <summary>A value as EF Core stores it on SQLite, read back as the CLR type the model maps it to.</summary>
    private static object Read(SqliteDataReader reader, int i, Type type) => type switch
    {
        _ when type == typeof(string) => reader.GetString(i),
        _ when type == typeof(Guid) => Guid.Parse(reader.GetString(i), CultureInfo.InvariantCulture),
        _ when type == typeof(int) => reader.GetInt32(i),
        _ when type == typeof(long) => reader.GetInt64(i),
        _ when type == typeof(short) => reader.GetInt16(i),
        _ when type == typeof(bool) => reader.GetBoolean(i),
        _ when type == typeof(double) => reader.GetDouble(i),
        _ when type == typeof(decimal) => reader.GetDecimal(i),
        _ when type == typeof(DateTimeOffset) => reader.GetFieldValue<DateTimeOffset>(i),
        _ when type == typeof(DateTime) => reader.GetDateTime(i),
        _ when type == typeof(DateOnly) => reader.GetFieldValue<DateOnly>(i),
        _ when type == typeof(TimeOnly) => reader.GetFieldValue<TimeOnly>(i),
        _ when type == typeof(byte[]) => reader.GetFieldValue<byte[]>(i),
        _ => throw new NotSupportedException($"The generator does not copy columns of type {type} yet; add it to Template.Read and the writers."),
    };
}
