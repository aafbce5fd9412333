using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>The failed runs of the daily jobs (定时任务失败), for the 系统管理员's home page.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203040000_JobFailures")]
public sealed class JobFailures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "job_failures",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                job = t.Column<string>(maxLength: 60, nullable: false),
                day = t.Column<DateOnly>(nullable: false),
                failed_at = t.Column<DateTimeOffset>(nullable: false),
                message = t.Column<string>(maxLength: 500, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_job_failures", x => x.id);
            });
        migrationBuilder.CreateIndex("IX_job_failures_day", "job_failures", "day");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("job_failures");
}
