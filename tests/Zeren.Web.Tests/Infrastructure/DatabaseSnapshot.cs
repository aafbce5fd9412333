using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Security;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>
/// Every row of every business table, as text, read with plain SQL past the app's query filters: two snapshots
/// are equal when a request changed nothing. Accounts (sign-in counters) and their sessions, and append-only logs
/// (which record attempts, refused or not) are left out.
/// </summary>
public static class DatabaseSnapshot
{
    public static async Task<string> TakeAsync(ZerenFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        var tables = db.Model.GetEntityTypes()
            .Where(t => !IsAccounts(t.ClrType))
            .Select(t => t.GetTableName())
            .OfType<string>()
            .Where(name => !name.Contains("audit", StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var text = new StringBuilder();
            foreach (var table in tables)
            {
                text.Append("## ").AppendLine(table);
                foreach (var row in await RowsAsync(connection, table))
                {
                    text.AppendLine(row);
                }
            }
            return text.ToString();
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static bool IsAccounts(Type type) =>
        type == typeof(Account) || type == typeof(AccountSession) || type == typeof(RefreshToken) || type.Namespace?.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) == true;

    private static async Task<List<string>> RowsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // table names come from the EF model, not from input
        command.CommandText = $"SELECT * FROM \"{table}\"";
#pragma warning restore CA2100
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells[i] = reader.GetName(i) + "=" + (reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
            }
            rows.Add(string.Join(" | ", cells));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
