using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Rectification;

namespace Zeren.Core.Data.Migrations;

/// <summary>举一反三: self-checks pushed from a common problem, and each organization's answer.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261204300100_SelfChecks")]
public sealed class SelfChecks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "self_checks",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                problem_id = t.Column<Guid>(nullable: false),
                issuer_org_id = t.Column<Guid>(nullable: false),
                title = t.Column<string>(maxLength: Problem.TitleMax, nullable: false),
                instructions = t.Column<string>(maxLength: SelfCheck.InstructionsMax, nullable: true),
                kind = t.Column<string>(maxLength: 40, nullable: true),
                level = t.Column<int>(nullable: true),
                domain = t.Column<string>(maxLength: 40, nullable: true),
                under_org_id = t.Column<Guid>(nullable: false),
                due_on = t.Column<DateOnly>(nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_self_checks", x => x.id);
                t.ForeignKey("FK_self_checks_problems_problem_id", x => x.problem_id, "problems", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_self_checks_organizations_issuer_org_id", x => x.issuer_org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_self_checks_organizations_under_org_id", x => x.under_org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_self_checks_problem_id", "self_checks", "problem_id");
        migrationBuilder.CreateIndex("IX_self_checks_issuer_org_id", "self_checks", "issuer_org_id");
        migrationBuilder.CreateIndex("IX_self_checks_under_org_id", "self_checks", "under_org_id");

        migrationBuilder.CreateTable(
            name: "self_check_answers",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                self_check_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                result = t.Column<string>(maxLength: 20, nullable: false),
                note = t.Column<string>(maxLength: SelfCheckAnswer.NoteMax, nullable: true),
                found_problem_id = t.Column<Guid>(nullable: true),
                answered_at = t.Column<DateTimeOffset>(nullable: true),
                answered_by = t.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_self_check_answers", x => x.id);
                t.ForeignKey("FK_self_check_answers_self_checks_self_check_id", x => x.self_check_id, "self_checks", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_self_check_answers_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_self_check_answers_problems_found_problem_id", x => x.found_problem_id, "problems", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_self_check_answers_self_check_id_org_id", "self_check_answers", ["self_check_id", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_self_check_answers_org_id", "self_check_answers", "org_id");
        migrationBuilder.CreateIndex("IX_self_check_answers_found_problem_id", "self_check_answers", "found_problem_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("self_check_answers");
        migrationBuilder.DropTable("self_checks");
    }
}
