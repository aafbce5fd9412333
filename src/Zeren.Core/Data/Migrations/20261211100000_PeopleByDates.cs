using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// People get an index by birth date and one by joining date (each with the id and organization, as the one by name):
/// the people list sorted by either reads a large scope's first page from the index's start (ADR 0045), where it sorted
/// every person in scope: a province's 4 million took 1.3 s a page, a county of 440 000 0.6 s.
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261211100000_PeopleByDates")]
public sealed class PeopleByDates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("IX_people_birth_date_id_org_id", "people", ["birth_date", "id", "org_id"]);
        migrationBuilder.CreateIndex("IX_people_joined_party_on_id_org_id", "people", ["joined_party_on", "id", "org_id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_people_joined_party_on_id_org_id", "people");
        migrationBuilder.DropIndex("IX_people_birth_date_id_org_id", "people");
    }
}
