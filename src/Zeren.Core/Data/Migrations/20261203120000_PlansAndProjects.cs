using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// 党建思路 (annual plans with every version and its intended projects, 三上三下) and 党建项目 (the project ledger with
/// milestones, progress entries with evidence files, and monthly reconciliations).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203120000_PlansAndProjects")]
public sealed class PlansAndProjects : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "annual_plans",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                status = t.Column<string>(maxLength: 40, nullable: false),
                round = t.Column<int>(nullable: false),
                returns = t.Column<int>(nullable: false),
                flagged_at = t.Column<DateTimeOffset>(nullable: true),
                approved_at = t.Column<DateTimeOffset>(nullable: true),
                approved_by = t.Column<string>(maxLength: 256, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_annual_plans", x => x.id);
                t.ForeignKey("FK_annual_plans_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_annual_plans_org_id_year", "annual_plans", ["org_id", "year"], unique: true);
        migrationBuilder.CreateIndex("IX_annual_plans_year_status", "annual_plans", ["year", "status"]);

        migrationBuilder.CreateTable(
            name: "annual_plan_versions",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                plan_id = t.Column<Guid>(nullable: false),
                number = t.Column<int>(nullable: false),
                text = t.Column<string>(maxLength: 8000, nullable: false),
                submitted_at = t.Column<DateTimeOffset>(nullable: false),
                submitted_by = t.Column<string>(maxLength: 256, nullable: false),
                decision = t.Column<string>(maxLength: 40, nullable: true),
                comments = t.Column<string>(maxLength: 2000, nullable: true),
                reviewed_at = t.Column<DateTimeOffset>(nullable: true),
                reviewed_by = t.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_annual_plan_versions", x => x.id);
                t.ForeignKey("FK_annual_plan_versions_annual_plans_plan_id", x => x.plan_id, "annual_plans", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_annual_plan_versions_plan_id_number", "annual_plan_versions", ["plan_id", "number"], unique: true);

        migrationBuilder.CreateTable(
            name: "annual_plan_projects",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                version_id = t.Column<Guid>(nullable: false),
                ordinal = t.Column<int>(nullable: false),
                name = t.Column<string>(maxLength: 100, nullable: false),
                target = t.Column<string>(maxLength: 1000, nullable: false),
                responsibility = t.Column<string>(maxLength: 1000, nullable: false),
                person_id = t.Column<Guid>(nullable: false),
                start_on = t.Column<DateOnly>(nullable: false),
                due_on = t.Column<DateOnly>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_annual_plan_projects", x => x.id);
                t.ForeignKey("FK_annual_plan_projects_annual_plan_versions_version_id", x => x.version_id, "annual_plan_versions", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_annual_plan_projects_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_annual_plan_projects_version_id_ordinal", "annual_plan_projects", ["version_id", "ordinal"]);
        migrationBuilder.CreateIndex("IX_annual_plan_projects_person_id", "annual_plan_projects", "person_id");

        migrationBuilder.CreateTable(
            name: "projects",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                plan_id = t.Column<Guid>(nullable: true),
                name = t.Column<string>(maxLength: 100, nullable: false),
                target = t.Column<string>(maxLength: 1000, nullable: false),
                responsibility = t.Column<string>(maxLength: 1000, nullable: false),
                person_id = t.Column<Guid>(nullable: false),
                start_on = t.Column<DateOnly>(nullable: false),
                due_on = t.Column<DateOnly>(nullable: false),
                status = t.Column<string>(maxLength: 40, nullable: false),
                percent = t.Column<int>(nullable: false),
                done_on = t.Column<DateOnly>(nullable: true),
                cancel_reason = t.Column<string>(maxLength: 200, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_projects", x => x.id);
                t.ForeignKey("FK_projects_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_projects_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_projects_annual_plans_plan_id", x => x.plan_id, "annual_plans", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_projects_org_id_year", "projects", ["org_id", "year"]);
        migrationBuilder.CreateIndex("IX_projects_status_start_on", "projects", ["status", "start_on"]);
        migrationBuilder.CreateIndex("IX_projects_person_id", "projects", "person_id");
        migrationBuilder.CreateIndex("IX_projects_plan_id", "projects", "plan_id");

        migrationBuilder.CreateTable(
            name: "project_milestones",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                project_id = t.Column<Guid>(nullable: false),
                ordinal = t.Column<int>(nullable: false),
                title = t.Column<string>(maxLength: 100, nullable: false),
                due_on = t.Column<DateOnly>(nullable: false),
                done_on = t.Column<DateOnly>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_project_milestones", x => x.id);
                t.ForeignKey("FK_project_milestones_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_project_milestones_project_id_ordinal", "project_milestones", ["project_id", "ordinal"]);

        migrationBuilder.CreateTable(
            name: "project_progress",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                project_id = t.Column<Guid>(nullable: false),
                on = t.Column<DateOnly>(nullable: false),
                text = t.Column<string>(maxLength: 2000, nullable: false),
                percent = t.Column<int>(nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_project_progress", x => x.id);
                t.ForeignKey("FK_project_progress_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_project_progress_project_id_on", "project_progress", ["project_id", "on"]);

        migrationBuilder.CreateTable(
            name: "project_evidence",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                progress_entry_id = t.Column<Guid>(nullable: false),
                stored_file_id = t.Column<Guid>(nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_project_evidence", x => x.id);
                t.ForeignKey("FK_project_evidence_project_progress_progress_entry_id", x => x.progress_entry_id, "project_progress", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_project_evidence_stored_files_stored_file_id", x => x.stored_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_project_evidence_progress_entry_id", "project_evidence", "progress_entry_id");
        migrationBuilder.CreateIndex("IX_project_evidence_stored_file_id", "project_evidence", "stored_file_id", unique: true);

        migrationBuilder.CreateTable(
            name: "project_reconciliations",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                project_id = t.Column<Guid>(nullable: false),
                month = t.Column<string>(maxLength: 7, nullable: false),
                progress = t.Column<string>(maxLength: 2000, nullable: false),
                problems = t.Column<string>(maxLength: 2000, nullable: true),
                next_steps = t.Column<string>(maxLength: 2000, nullable: false),
                percent = t.Column<int>(nullable: false),
                due_on = t.Column<DateOnly>(nullable: false),
                submitted_at = t.Column<DateTimeOffset>(nullable: false),
                submitted_by = t.Column<string>(maxLength: 256, nullable: false),
                late = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_project_reconciliations", x => x.id);
                t.ForeignKey("FK_project_reconciliations_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_project_reconciliations_project_id_month", "project_reconciliations", ["project_id", "month"], unique: true);
        migrationBuilder.CreateIndex("IX_project_reconciliations_month", "project_reconciliations", "month");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("project_reconciliations");
        migrationBuilder.DropTable("project_evidence");
        migrationBuilder.DropTable("project_progress");
        migrationBuilder.DropTable("project_milestones");
        migrationBuilder.DropTable("projects");
        migrationBuilder.DropTable("annual_plan_projects");
        migrationBuilder.DropTable("annual_plan_versions");
        migrationBuilder.DropTable("annual_plans");
    }
}
