using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Obligations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// 年度党建思路报送 joins the obligation calendar: every township owes its plan for the next year, by 31 January, from
/// 1 December (ADR 0022, amended).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261204100000_PlanSubmissionCalendar")]
public sealed class PlanSubmissionCalendar : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var (id, entry) = ScheduleDefaults.PlanSubmissionEntry;
        Obligations.InsertSchedule(migrationBuilder,
            ObligationSchedule.Create(entry, ScheduleDefaults.CreatedAt, ScheduleDefaults.CreatedBy, id));
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DeleteData("obligation_schedules", "id", migrationBuilder.IsPostgres() ? "uuid" : "TEXT", ScheduleDefaults.PlanSubmissionEntry.Id);
}
