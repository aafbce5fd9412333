using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>In-app notifications (站内通知) and the once-a-day record of scheduled jobs (定时任务记录).</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261122070000_Notifications")]
public sealed class Notifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "notifications",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                dedup_key = t.Column<string>(maxLength: 100, nullable: false),
                title = t.Column<string>(maxLength: 200, nullable: false),
                body = t.Column<string>(maxLength: 2000, nullable: false),
                link = t.Column<string>(maxLength: 400, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                read_at = t.Column<DateTimeOffset>(nullable: true),
                read_by = t.Column<string>(maxLength: 100, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_notifications", x => x.id);
                t.ForeignKey("FK_notifications_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_notifications_org_id_kind_dedup_key", "notifications", ["org_id", "kind", "dedup_key"], unique: true);

        migrationBuilder.CreateTable(
            name: "job_runs",
            columns: t => new
            {
                job = t.Column<string>(maxLength: 60, nullable: false),
                day = t.Column<DateOnly>(nullable: false),
                started_at = t.Column<DateTimeOffset>(nullable: false),
                finished_at = t.Column<DateTimeOffset>(nullable: true),
                result = t.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_job_runs", x => new { x.job, x.day });
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("job_runs");
        migrationBuilder.DropTable("notifications");
    }
}
