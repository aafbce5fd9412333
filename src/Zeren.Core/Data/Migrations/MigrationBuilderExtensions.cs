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
}
