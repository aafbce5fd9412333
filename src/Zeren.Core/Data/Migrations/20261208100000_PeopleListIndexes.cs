using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// The people list's indexes carry what its page of ids needs (the name, the id and the organization), so that page is
/// read from the index alone: by name for a large scope, by organization for a small one (ADR 0045).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261208100000_PeopleListIndexes")]
public sealed class PeopleListIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_people_name", "people");
        migrationBuilder.DropIndex("IX_people_org_id_name", "people");
        migrationBuilder.CreateIndex("IX_people_name_id_org_id", "people", ["name", "id", "org_id"]);
        migrationBuilder.CreateIndex("IX_people_org_id_name_id", "people", ["org_id", "name", "id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_people_org_id_name_id", "people");
        migrationBuilder.DropIndex("IX_people_name_id_org_id", "people");
        migrationBuilder.CreateIndex("IX_people_org_id_name", "people", ["org_id", "name"]);
        migrationBuilder.CreateIndex("IX_people_name", "people", "name");
    }
}
