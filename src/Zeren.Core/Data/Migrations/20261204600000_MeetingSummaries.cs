using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Meetings;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// The monthly summaries of the meeting ledger (per branch, month and type; per branch and month; per lecturer and
/// month), filled from the meetings already recorded. Kept equal to the ledger on every save (MeetingSummaries).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261204600000_MeetingSummaries")]
public sealed class MeetingSummaryTables : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "meeting_month_counts",
            columns: t => new
            {
                org_id = t.Column<Guid>(nullable: false),
                month = t.Column<int>(nullable: false),
                type = t.Column<string>(maxLength: 40, nullable: false),
                counted = t.Column<int>(nullable: false),
                not_counted = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_meeting_month_counts", x => new { x.org_id, x.month, x.type }));
        migrationBuilder.CreateTable(
            name: "meeting_month_totals",
            columns: t => new
            {
                org_id = t.Column<Guid>(nullable: false),
                month = t.Column<int>(nullable: false),
                meetings = t.Column<int>(nullable: false),
                expected = t.Column<int>(nullable: false),
                present = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_meeting_month_totals", x => new { x.org_id, x.month }));
        migrationBuilder.CreateTable(
            name: "meeting_month_lectures",
            columns: t => new
            {
                org_id = t.Column<Guid>(nullable: false),
                month = t.Column<int>(nullable: false),
                lecturer_person_id = t.Column<Guid>(nullable: false),
                lectures = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_meeting_month_lectures", x => new { x.org_id, x.month, x.lecturer_person_id }));
        foreach (var sql in MeetingSummaries.RewriteSql(migrationBuilder.IsPostgres(), oneOrg: false, span: false))
        {
            migrationBuilder.Sql(sql);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("meeting_month_lectures");
        migrationBuilder.DropTable("meeting_month_totals");
        migrationBuilder.DropTable("meeting_month_counts");
    }
}
