using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Competitions;

namespace Zeren.Core.Data.Migrations;

/// <summary>擂台赛 (一季一比武): competitions, their contestants, the judges' panel and the judges' scores (ADR 0036).</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261206100000_Competitions")]
public sealed class Competitions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "competitions",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: Competition.NameMax, nullable: false),
                theme = t.Column<string>(maxLength: 20, nullable: false),
                period = t.Column<string>(maxLength: Competition.PeriodMax, nullable: false),
                max_score = t.Column<decimal>(precision: 6, scale: 2, nullable: false),
                drop_highest = t.Column<int>(nullable: false),
                drop_lowest = t.Column<int>(nullable: false),
                bottom_count = t.Column<int>(nullable: false),
                state = t.Column<string>(maxLength: 20, nullable: false),
                started_at = t.Column<DateTimeOffset>(nullable: true),
                published_at = t.Column<DateTimeOffset>(nullable: true),
                published_by = t.Column<string>(maxLength: 256, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_competitions", x => x.id);
                t.ForeignKey("FK_competitions_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_competitions_org_id_period", "competitions", ["org_id", "period"]);

        migrationBuilder.CreateTable(
            name: "competition_contestants",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                competition_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                score = t.Column<decimal>(precision: 6, scale: 2, nullable: true),
                mean = t.Column<decimal>(precision: 6, scale: 2, nullable: true),
                rank = t.Column<int>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_competition_contestants", x => x.id);
                t.ForeignKey("FK_competition_contestants_competitions_competition_id", x => x.competition_id, "competitions", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_competition_contestants_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_competition_contestants_competition_id_org_id", "competition_contestants", ["competition_id", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_competition_contestants_org_id", "competition_contestants", "org_id");

        migrationBuilder.CreateTable(
            name: "competition_judges",
            columns: t => new
            {
                competition_id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_competition_judges", x => new { x.competition_id, x.account_id });
                t.ForeignKey("FK_competition_judges_competitions_competition_id", x => x.competition_id, "competitions", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_competition_judges_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_competition_judges_account_id", "competition_judges", "account_id");

        migrationBuilder.CreateTable(
            name: "competition_scores",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                competition_id = t.Column<Guid>(nullable: false),
                contestant_id = t.Column<Guid>(nullable: false),
                judge_account_id = t.Column<Guid>(nullable: false),
                points = t.Column<decimal>(precision: 6, scale: 2, nullable: false),
                scored_at = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_competition_scores", x => x.id);
                t.ForeignKey("FK_competition_scores_competitions_competition_id", x => x.competition_id, "competitions", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_competition_scores_competition_contestants_contestant_id", x => x.contestant_id, "competition_contestants", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_competition_scores_accounts_judge_account_id", x => x.judge_account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_competition_scores_contestant_id_judge_account_id", "competition_scores", ["contestant_id", "judge_account_id"], unique: true);
        migrationBuilder.CreateIndex("IX_competition_scores_competition_id", "competition_scores", "competition_id");
        migrationBuilder.CreateIndex("IX_competition_scores_judge_account_id", "competition_scores", "judge_account_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("competition_scores");
        migrationBuilder.DropTable("competition_judges");
        migrationBuilder.DropTable("competition_contestants");
        migrationBuilder.DropTable("competitions");
    }
}
