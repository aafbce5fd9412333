using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// The audit log groups its entries by operation and keeps the object's name and the reason (ADR 0019); ending a link or
/// a position keeps why. Entries written before stay as they are (null, hash format 1): the append-only triggers refuse
/// any UPDATE, and adding columns changes no row.
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203020000_AuditOperations")]
public sealed class AuditOperations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>("operation", "audit_entries", nullable: true);
        migrationBuilder.AddColumn<string>("entity_name", "audit_entries", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("reason", "audit_entries", maxLength: 200, nullable: true);
        migrationBuilder.CreateIndex("IX_audit_entries_operation", "audit_entries", "operation");
        migrationBuilder.AddColumn<string>("end_reason", "links", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("end_reason", "positions", maxLength: 200, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumnInPlace("end_reason", "positions");
        migrationBuilder.DropColumnInPlace("end_reason", "links");
        migrationBuilder.DropIndex("IX_audit_entries_operation", "audit_entries");
        migrationBuilder.DropColumnInPlace("reason", "audit_entries");
        migrationBuilder.DropColumnInPlace("entity_name", "audit_entries");
        migrationBuilder.DropColumnInPlace("operation", "audit_entries");
    }
}
