using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Assessment;

namespace Zeren.Core.Data.Migrations;

/// <summary>考核: indicator schemes and their items, scoring runs with their entries and results.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261204500000_Assessment")]
public sealed class Assessment : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "assessment_schemes",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                kind = t.Column<string>(maxLength: 20, nullable: false),
                name = t.Column<string>(maxLength: AssessmentScheme.NameMax, nullable: false),
                bonus_cap = t.Column<decimal>(precision: 10, scale: 2, nullable: true),
                deduction_cap = t.Column<decimal>(precision: 10, scale: 2, nullable: true),
                bottom_count = t.Column<int>(nullable: false),
                tiers_json = t.Column<string>(maxLength: 2000, nullable: false),
                frozen_at = t.Column<DateTimeOffset>(nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_assessment_schemes", x => x.id);
                t.ForeignKey("FK_assessment_schemes_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_assessment_schemes_org_id_year", "assessment_schemes", ["org_id", "year"]);

        migrationBuilder.CreateTable(
            name: "assessment_items",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                scheme_id = t.Column<Guid>(nullable: false),
                parent_id = t.Column<Guid>(nullable: true),
                ordinal = t.Column<int>(nullable: false),
                name = t.Column<string>(maxLength: SchemeItem.NameMax, nullable: false),
                type = t.Column<string>(maxLength: 20, nullable: false),
                source = t.Column<string>(maxLength: SchemeItem.SourceMax, nullable: true),
                points = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
                cap = t.Column<decimal>(precision: 10, scale: 2, nullable: true),
                note = t.Column<string>(maxLength: SchemeItem.NoteMax, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_assessment_items", x => x.id);
                t.ForeignKey("FK_assessment_items_assessment_schemes_scheme_id", x => x.scheme_id, "assessment_schemes", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_assessment_items_assessment_items_parent_id", x => x.parent_id, "assessment_items", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_assessment_items_scheme_id", "assessment_items", "scheme_id");
        migrationBuilder.CreateIndex("IX_assessment_items_parent_id", "assessment_items", "parent_id");

        migrationBuilder.CreateTable(
            name: "scoring_runs",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                scheme_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                period = t.Column<string>(maxLength: ScoringRun.PeriodMax, nullable: false),
                version = t.Column<int>(nullable: false),
                state = t.Column<string>(maxLength: 20, nullable: false),
                corrects_run_id = t.Column<Guid>(nullable: true),
                reason = t.Column<string>(maxLength: ScoringRun.ReasonMax, nullable: true),
                computed_at = t.Column<DateTimeOffset>(nullable: false),
                published_at = t.Column<DateTimeOffset>(nullable: true),
                published_by = t.Column<string>(maxLength: 256, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_scoring_runs", x => x.id);
                t.ForeignKey("FK_scoring_runs_assessment_schemes_scheme_id", x => x.scheme_id, "assessment_schemes", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_scoring_runs_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_scoring_runs_scoring_runs_corrects_run_id", x => x.corrects_run_id, "scoring_runs", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_scoring_runs_scheme_id_period_version", "scoring_runs", ["scheme_id", "period", "version"], unique: true);
        migrationBuilder.CreateIndex("IX_scoring_runs_org_id", "scoring_runs", "org_id");
        migrationBuilder.CreateIndex("IX_scoring_runs_corrects_run_id", "scoring_runs", "corrects_run_id");

        migrationBuilder.CreateTable(
            name: "scoring_entries",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                run_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                item_id = t.Column<Guid>(nullable: false),
                value = t.Column<decimal>(precision: 12, scale: 4, nullable: true),
                points = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
                data = t.Column<string>(maxLength: RunEntry.DataMax, nullable: true),
                manual = t.Column<bool>(nullable: false),
                reason = t.Column<string>(maxLength: RunEntry.ReasonMax, nullable: true),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_scoring_entries", x => x.id);
                t.ForeignKey("FK_scoring_entries_scoring_runs_run_id", x => x.run_id, "scoring_runs", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_scoring_entries_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_scoring_entries_assessment_items_item_id", x => x.item_id, "assessment_items", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_scoring_entries_run_id_org_id_item_id", "scoring_entries", ["run_id", "org_id", "item_id"], unique: true);
        migrationBuilder.CreateIndex("IX_scoring_entries_org_id", "scoring_entries", "org_id");
        migrationBuilder.CreateIndex("IX_scoring_entries_item_id", "scoring_entries", "item_id");

        migrationBuilder.CreateTable(
            name: "scoring_results",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                run_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                base_points = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
                bonus = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
                deduction = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
                total = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
                vetoed = t.Column<bool>(nullable: false),
                late_count = t.Column<int>(nullable: false),
                last_submitted_at = t.Column<DateTimeOffset>(nullable: true),
                rank = t.Column<int>(nullable: false),
                tier = t.Column<string>(maxLength: 20, nullable: true),
                amount = t.Column<int>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_scoring_results", x => x.id);
                t.ForeignKey("FK_scoring_results_scoring_runs_run_id", x => x.run_id, "scoring_runs", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_scoring_results_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_scoring_results_run_id_org_id", "scoring_results", ["run_id", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_scoring_results_org_id", "scoring_results", "org_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("scoring_results");
        migrationBuilder.DropTable("scoring_entries");
        migrationBuilder.DropTable("scoring_runs");
        migrationBuilder.DropTable("assessment_items");
        migrationBuilder.DropTable("assessment_schemes");
    }
}
