using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// Migrations are written by hand and shared by both databases: columns name their CLR type and
/// each provider maps it to its own store type. Only what differs by provider goes through here.
/// </summary>
internal static class MigrationBuilderExtensions
{
    public static bool IsPostgres(this MigrationBuilder mb) => mb.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Collation for materialized paths: byte order (SQLite's default is already binary).</summary>
    public static string? BinaryCollation(this MigrationBuilder mb) => mb.IsPostgres() ? ZerenDbContext.PostgresBinaryCollation : null;

    /// <summary>
    /// Drops a column on both databases. EF would rebuild the table on SQLite, which needs a model snapshot these
    /// migrations do not have; SQLite's own DROP COLUMN (3.35+) does it in place, once no index uses the column.
    /// </summary>
    public static void DropColumnInPlace(this MigrationBuilder mb, string name, string table)
    {
        if (mb.IsPostgres())
        {
            mb.DropColumn(name, table);
        }
        else
        {
            mb.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"{name}\";");
        }
    }
}
