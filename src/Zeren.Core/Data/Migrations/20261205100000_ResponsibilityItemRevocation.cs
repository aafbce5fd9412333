using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Platform;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// 撤销事项: an item of an issued responsibility list may be revoked by its issuer, with the reason (ADR 0034). The
/// per-receiver records of a revoked item that were still open take the state <c>Revoked</c> (stored by name, no change).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261205100000_ResponsibilityItemRevocation")]
public sealed class ResponsibilityItemRevocation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTimeOffset>("revoked_at", "responsibility_items", nullable: true);
        migrationBuilder.AddColumn<string>("revoked_by", "responsibility_items", maxLength: 256, nullable: true);
        migrationBuilder.AddColumn<string>("revoke_reason", "responsibility_items", maxLength: Reasons.MaxLength, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumnInPlace("revoke_reason", "responsibility_items");
        migrationBuilder.DropColumnInPlace("revoked_by", "responsibility_items");
        migrationBuilder.DropColumnInPlace("revoked_at", "responsibility_items");
    }
}
