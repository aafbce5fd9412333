using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// The people list's and the meetings ledger's indexes carry what their page of ids needs (the sort key, the id and the
/// organization), so that page is read from an index alone: in list order for a large scope, by organization for a
/// small one (ADR 0045).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261208100000_ListPageIndexes")]
public sealed class ListPageIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_people_name", "people");
        migrationBuilder.DropIndex("IX_people_org_id_name", "people");
        migrationBuilder.CreateIndex("IX_people_name_id_org_id", "people", ["name", "id", "org_id"]);
        migrationBuilder.CreateIndex("IX_people_org_id_name_id", "people", ["org_id", "name", "id"]);
        migrationBuilder.DropIndex("IX_meetings_held_on", "meetings");
        migrationBuilder.DropIndex("IX_meetings_org_id_held_on", "meetings");
        migrationBuilder.CreateIndex("IX_meetings_held_on_id_org_id", "meetings", ["held_on", "id", "org_id"]);
        migrationBuilder.CreateIndex("IX_meetings_org_id_held_on_id", "meetings", ["org_id", "held_on", "id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_meetings_org_id_held_on_id", "meetings");
        migrationBuilder.DropIndex("IX_meetings_held_on_id_org_id", "meetings");
        migrationBuilder.CreateIndex("IX_meetings_org_id_held_on", "meetings", ["org_id", "held_on"]);
        migrationBuilder.CreateIndex("IX_meetings_held_on", "meetings", "held_on");
        migrationBuilder.DropIndex("IX_people_org_id_name_id", "people");
        migrationBuilder.DropIndex("IX_people_name_id_org_id", "people");
        migrationBuilder.CreateIndex("IX_people_org_id_name", "people", ["org_id", "name"]);
        migrationBuilder.CreateIndex("IX_people_name", "people", "name");
    }
}
