using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// An account's uploads of a day are counted (the daily upload quota) and unused uploads are found by age (the daily
/// clean-up): an index on (created_by, created_at), and on SQLite the upload times rewritten as UTC text without an
/// offset, the form in which the model now stores them so that SQLite compares them in order.
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203030000_UploadLimits")]
public sealed class UploadLimits : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsPostgres())
        {
            // '2026-12-03 02:00:00.1234567+00:00' → '2026-12-03 02:00:00.123' (strftime reads the offset and writes UTC).
            migrationBuilder.Sql("UPDATE \"stored_files\" SET created_at = strftime('%Y-%m-%d %H:%M:%f', created_at);");
        }
        migrationBuilder.CreateIndex("IX_stored_files_created_by_created_at", "stored_files", ["created_by", "created_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_stored_files_created_by_created_at", "stored_files");
        if (!migrationBuilder.IsPostgres())
        {
            migrationBuilder.Sql("UPDATE \"stored_files\" SET created_at = strftime('%Y-%m-%d %H:%M:%f', created_at) || '+00:00';");
        }
    }
}
