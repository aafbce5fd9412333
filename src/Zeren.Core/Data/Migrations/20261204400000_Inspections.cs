using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Inspections;

namespace Zeren.Core.Data.Migrations;

/// <summary>暗访: inspection plans (their team and drawn villages) and inspection records (grids, checklist results, findings, photos).</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261204400000_Inspections")]
public sealed class Inspections : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "inspection_plans",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                visit_on = t.Column<DateOnly>(nullable: false),
                villages = t.Column<int>(nullable: false),
                grids_per_village = t.Column<int>(nullable: false),
                cycle_weeks = t.Column<int>(nullable: false),
                exclude_weeks = t.Column<int>(nullable: false),
                preferred_weekday = t.Column<string>(maxLength: 40, nullable: false),
                seed = t.Column<long>(nullable: false),
                input_json = t.Column<string>(nullable: false),
                note = t.Column<string>(maxLength: InspectionPlan.NoteMax, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_plans", x => x.id);
                t.ForeignKey("FK_inspection_plans_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_plans_org_id_visit_on", "inspection_plans", ["org_id", "visit_on"]);

        migrationBuilder.CreateTable(
            name: "inspection_plan_members",
            columns: t => new
            {
                plan_id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_plan_members", x => new { x.plan_id, x.account_id });
                t.ForeignKey("FK_inspection_plan_members_inspection_plans_plan_id", x => x.plan_id, "inspection_plans", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_inspection_plan_members_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspection_plan_members_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_plan_members_account_id", "inspection_plan_members", "account_id");
        migrationBuilder.CreateIndex("IX_inspection_plan_members_org_id", "inspection_plan_members", "org_id");

        migrationBuilder.CreateTable(
            name: "inspection_plan_villages",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                plan_id = t.Column<Guid>(nullable: false),
                village_id = t.Column<Guid>(nullable: false),
                township_id = t.Column<Guid>(nullable: false),
                position = t.Column<int>(nullable: false),
                grid_ids = t.Column<string>(maxLength: 400, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_plan_villages", x => x.id);
                t.ForeignKey("FK_inspection_plan_villages_inspection_plans_plan_id", x => x.plan_id, "inspection_plans", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_inspection_plan_villages_organizations_village_id", x => x.village_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_plan_villages_plan_id_village_id", "inspection_plan_villages", ["plan_id", "village_id"], unique: true);
        migrationBuilder.CreateIndex("IX_inspection_plan_villages_village_id", "inspection_plan_villages", "village_id");

        migrationBuilder.CreateTable(
            name: "inspections",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                township_id = t.Column<Guid>(nullable: false),
                plan_id = t.Column<Guid>(nullable: true),
                visited_on = t.Column<DateOnly>(nullable: false),
                team = t.Column<string>(maxLength: Inspection.TeamMax, nullable: false),
                homes_visited = t.Column<int>(nullable: false),
                people_asked = t.Column<int>(nullable: false),
                summary = t.Column<string>(maxLength: Inspection.SummaryMax, nullable: true),
                recorded_at = t.Column<DateTimeOffset>(nullable: false),
                recorded_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspections", x => x.id);
                t.ForeignKey("FK_inspections_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspections_organizations_township_id", x => x.township_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspections_inspection_plans_plan_id", x => x.plan_id, "inspection_plans", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspections_org_id_visited_on", "inspections", ["org_id", "visited_on"]);
        migrationBuilder.CreateIndex("IX_inspections_visited_on", "inspections", "visited_on");
        migrationBuilder.CreateIndex("IX_inspections_plan_id", "inspections", "plan_id");
        migrationBuilder.CreateIndex("IX_inspections_township_id", "inspections", "township_id");

        migrationBuilder.CreateTable(
            name: "inspection_grids",
            columns: t => new
            {
                inspection_id = t.Column<Guid>(nullable: false),
                grid_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_grids", x => new { x.inspection_id, x.grid_id });
                t.ForeignKey("FK_inspection_grids_inspections_inspection_id", x => x.inspection_id, "inspections", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_inspection_grids_grids_grid_id", x => x.grid_id, "grids", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_grids_grid_id", "inspection_grids", "grid_id");

        migrationBuilder.CreateTable(
            name: "inspection_checks",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                inspection_id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                item = t.Column<string>(maxLength: InspectionCheck.ItemMax, nullable: false),
                passed = t.Column<bool>(nullable: false),
                note = t.Column<string>(maxLength: InspectionCheck.NoteMax, nullable: true),
                position = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_checks", x => x.id);
                t.ForeignKey("FK_inspection_checks_inspections_inspection_id", x => x.inspection_id, "inspections", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_inspection_checks_inspection_id", "inspection_checks", "inspection_id");

        migrationBuilder.CreateTable(
            name: "inspection_findings",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                inspection_id = t.Column<Guid>(nullable: false),
                text = t.Column<string>(maxLength: InspectionFinding.TextMax, nullable: false),
                position = t.Column<int>(nullable: false),
                problem_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_findings", x => x.id);
                t.ForeignKey("FK_inspection_findings_inspections_inspection_id", x => x.inspection_id, "inspections", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_inspection_findings_inspection_id", "inspection_findings", "inspection_id");

        migrationBuilder.CreateTable(
            name: "inspection_photos",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                inspection_id = t.Column<Guid>(nullable: false),
                finding_id = t.Column<Guid>(nullable: true),
                stored_file_id = t.Column<Guid>(nullable: false),
                captured_at = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_photos", x => x.id);
                t.ForeignKey("FK_inspection_photos_inspections_inspection_id", x => x.inspection_id, "inspections", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_inspection_photos_inspection_findings_finding_id", x => x.finding_id, "inspection_findings", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspection_photos_stored_files_stored_file_id", x => x.stored_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_photos_inspection_id", "inspection_photos", "inspection_id");
        migrationBuilder.CreateIndex("IX_inspection_photos_finding_id", "inspection_photos", "finding_id");
        migrationBuilder.CreateIndex("IX_inspection_photos_stored_file_id", "inspection_photos", "stored_file_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("inspection_photos");
        migrationBuilder.DropTable("inspection_findings");
        migrationBuilder.DropTable("inspection_checks");
        migrationBuilder.DropTable("inspection_grids");
        migrationBuilder.DropTable("inspections");
        migrationBuilder.DropTable("inspection_plan_villages");
        migrationBuilder.DropTable("inspection_plan_members");
        migrationBuilder.DropTable("inspection_plans");
    }
}
