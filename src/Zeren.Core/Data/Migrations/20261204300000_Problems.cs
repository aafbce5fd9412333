using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Rectification;

namespace Zeren.Core.Data.Migrations;

/// <summary>问题清单: problems, their rectification history, and the evidence of their applications to close.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261204300000_Problems")]
public sealed class ProblemLists : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "problems",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                issuer_org_id = t.Column<Guid>(nullable: false),
                source = t.Column<string>(maxLength: 20, nullable: false),
                source_type = t.Column<string>(maxLength: Problem.SourceTypeMax, nullable: true),
                source_id = t.Column<Guid>(nullable: true),
                source_title = t.Column<string>(maxLength: Problem.SourceTitleMax, nullable: true),
                origin_problem_id = t.Column<Guid>(nullable: true),
                is_common = t.Column<bool>(nullable: false),
                category = t.Column<string>(maxLength: Problem.CategoryMax, nullable: true),
                title = t.Column<string>(maxLength: Problem.TitleMax, nullable: false),
                description = t.Column<string>(maxLength: Problem.DescriptionMax, nullable: false),
                severity = t.Column<string>(maxLength: 20, nullable: false),
                responsible_person_id = t.Column<Guid>(nullable: true),
                due_on = t.Column<DateOnly>(nullable: false),
                state = t.Column<string>(maxLength: 20, nullable: false),
                cause_analysis = t.Column<string>(maxLength: Problem.AnalysisMax, nullable: true),
                measures = t.Column<string>(maxLength: Problem.AnalysisMax, nullable: true),
                return_count = t.Column<int>(nullable: false),
                raised_at = t.Column<DateTimeOffset>(nullable: false),
                raised_by = t.Column<string>(maxLength: 256, nullable: false),
                started_at = t.Column<DateTimeOffset>(nullable: true),
                applied_at = t.Column<DateTimeOffset>(nullable: true),
                closed_at = t.Column<DateTimeOffset>(nullable: true),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_problems", x => x.id);
                t.ForeignKey("FK_problems_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_problems_organizations_issuer_org_id", x => x.issuer_org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_problems_people_responsible_person_id", x => x.responsible_person_id, "people", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_problems_problems_origin_problem_id", x => x.origin_problem_id, "problems", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_problems_org_id_state", "problems", ["org_id", "state"]);
        migrationBuilder.CreateIndex("IX_problems_state_due_on", "problems", ["state", "due_on"]);
        migrationBuilder.CreateIndex("IX_problems_raised_at", "problems", "raised_at");
        migrationBuilder.CreateIndex("IX_problems_issuer_org_id", "problems", "issuer_org_id");
        migrationBuilder.CreateIndex("IX_problems_source_type_source_id", "problems", ["source_type", "source_id"]);
        migrationBuilder.CreateIndex("IX_problems_origin_problem_id", "problems", "origin_problem_id");
        migrationBuilder.CreateIndex("IX_problems_responsible_person_id", "problems", "responsible_person_id");

        migrationBuilder.CreateTable(
            name: "problem_events",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                problem_id = t.Column<Guid>(nullable: false),
                action = t.Column<string>(maxLength: 20, nullable: false),
                text = t.Column<string>(maxLength: Problem.TextMax * 2 + 20, nullable: true),
                at = t.Column<DateTimeOffset>(nullable: false),
                by = t.Column<string>(maxLength: 256, nullable: false),
                by_org_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_problem_events", x => x.id);
                t.ForeignKey("FK_problem_events_problems_problem_id", x => x.problem_id, "problems", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_problem_events_problem_id", "problem_events", "problem_id");

        migrationBuilder.CreateTable(
            name: "problem_files",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                problem_id = t.Column<Guid>(nullable: false),
                event_id = t.Column<Guid>(nullable: false),
                stored_file_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_problem_files", x => x.id);
                t.ForeignKey("FK_problem_files_problems_problem_id", x => x.problem_id, "problems", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_problem_files_problem_events_event_id", x => x.event_id, "problem_events", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_problem_files_stored_files_stored_file_id", x => x.stored_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_problem_files_problem_id", "problem_files", "problem_id");
        migrationBuilder.CreateIndex("IX_problem_files_event_id", "problem_files", "event_id");
        migrationBuilder.CreateIndex("IX_problem_files_stored_file_id", "problem_files", "stored_file_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("problem_files");
        migrationBuilder.DropTable("problem_events");
        migrationBuilder.DropTable("problems");
    }
}
