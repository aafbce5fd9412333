using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// The monthly meeting counts get an index by month that carries the branch, the type and the count, so that the
/// branches behind in a month and the heat map of a city or a province read the months they judge as one range of an
/// index (ADR 0048).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261209100000_MonthCountsByMonth")]
public sealed class MonthCountsByMonth : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_meeting_month_counts_month_org_id_type_counted", "meeting_month_counts", ["month", "org_id", "type", "counted"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_meeting_month_counts_month_org_id_type_counted", "meeting_month_counts");
}
