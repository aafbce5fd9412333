using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Obligations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// 待办事项 (the obligation engine): the obligations every capability opens, the files submitted with them, and the
/// obligation calendar (履责日历) with the defaults of seed 000 §3.
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203100000_Obligations")]
public sealed class Obligations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "obligations",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 60, nullable: false),
                title = t.Column<string>(maxLength: 200, nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                person_id = t.Column<Guid>(nullable: true),
                issuer_org_id = t.Column<Guid>(nullable: true),
                due_on = t.Column<DateOnly>(nullable: false),
                period = t.Column<string>(maxLength: 10, nullable: false),
                source_type = t.Column<string>(maxLength: 60, nullable: false),
                source_id = t.Column<Guid>(nullable: false),
                link = t.Column<string>(maxLength: 400, nullable: true),
                handled_at_source = t.Column<bool>(nullable: false),
                state = t.Column<string>(maxLength: 40, nullable: false),
                submitted_at = t.Column<DateTimeOffset>(nullable: true),
                submitted_by = t.Column<string>(maxLength: 256, nullable: true),
                submitted_late = t.Column<bool>(nullable: false),
                evidence = t.Column<string>(maxLength: 4000, nullable: true),
                closed_at = t.Column<DateTimeOffset>(nullable: true),
                closed_by = t.Column<string>(maxLength: 256, nullable: true),
                reason = t.Column<string>(maxLength: 200, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_obligations", x => x.id);
                t.ForeignKey("FK_obligations_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_obligations_organizations_issuer_org_id", x => x.issuer_org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_obligations_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_obligations_kind_source_id_period_org_id", "obligations", ["kind", "source_id", "period", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_obligations_org_id_due_on", "obligations", ["org_id", "due_on"]);
        migrationBuilder.CreateIndex("IX_obligations_state_due_on", "obligations", ["state", "due_on"]);
        migrationBuilder.CreateIndex("IX_obligations_person_id_due_on", "obligations", ["person_id", "due_on"]);
        migrationBuilder.CreateIndex("IX_obligations_issuer_org_id", "obligations", "issuer_org_id");

        migrationBuilder.CreateTable(
            name: "obligation_files",
            columns: t => new
            {
                obligation_id = t.Column<Guid>(nullable: false),
                stored_file_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_obligation_files", x => new { x.obligation_id, x.stored_file_id });
                t.ForeignKey("FK_obligation_files_obligations_obligation_id", x => x.obligation_id, "obligations", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_obligation_files_stored_files_stored_file_id", x => x.stored_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_obligation_files_stored_file_id", "obligation_files", "stored_file_id");

        migrationBuilder.CreateTable(
            name: "obligation_schedules",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 60, nullable: false),
                title = t.Column<string>(maxLength: 100, nullable: false),
                recurrence = t.Column<string>(maxLength: 40, nullable: false),
                due_months_after = t.Column<int>(nullable: false),
                due_day = t.Column<int>(nullable: false),
                lead_days = t.Column<int>(nullable: false),
                targets = t.Column<string>(maxLength: 40, nullable: false),
                target_depth = t.Column<int>(nullable: true),
                target_domain = t.Column<string>(maxLength: 40, nullable: true),
                target_kind = t.Column<string>(maxLength: 40, nullable: true),
                active = t.Column<bool>(nullable: false),
                note = t.Column<string>(maxLength: 200, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_obligation_schedules", x => x.id));
        migrationBuilder.CreateIndex("IX_obligation_schedules_kind", "obligation_schedules", "kind", unique: true);

        // The calendar's defaults (seed 000 §3), which the 系统管理员 changes from there.
        foreach (var s in ScheduleDefaults.Schedules())
        {
            InsertSchedule(migrationBuilder, s);
        }
    }

    /// <summary>Writes one entry of the calendar. Without a model snapshot the provider needs each column's store type.</summary>
    internal static void InsertSchedule(MigrationBuilder migrationBuilder, ObligationSchedule s)
    {
        var pg = migrationBuilder.IsPostgres();
        var (uuid, text40, integer, boolean, instant) = pg
            ? ("uuid", "character varying(40)", "integer", "boolean", "timestamp with time zone")
            : ("TEXT", "TEXT", "INTEGER", "INTEGER", "TEXT");
        string Text(int n) => pg ? $"character varying({n})" : "TEXT";
        var row = new (string Column, string Type, object? Value)[]
        {
            ("id", uuid, s.Id), ("kind", Text(60), s.Kind), ("title", Text(100), s.Title), ("recurrence", text40, s.Recurrence.ToString()),
            ("due_months_after", integer, s.DueMonthsAfter), ("due_day", integer, s.DueDay), ("lead_days", integer, s.LeadDays),
            ("targets", text40, s.Targets.ToString()), ("target_depth", integer, s.TargetDepth),
            ("target_domain", text40, s.TargetDomain?.ToString()), ("target_kind", text40, s.TargetKind?.ToString()),
            ("active", boolean, s.Active), ("note", Text(200), s.Note), ("created_at", instant, s.CreatedAt),
            ("updated_at", instant, s.UpdatedAt), ("updated_by", Text(256), s.UpdatedBy),
        };
        migrationBuilder.InsertData("obligation_schedules", row.Select(c => c.Column).ToArray(), row.Select(c => c.Type).ToArray(),
            row.Select(c => c.Value).ToArray());
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("obligation_files");
        migrationBuilder.DropTable("obligations");
        migrationBuilder.DropTable("obligation_schedules");
    }
}
