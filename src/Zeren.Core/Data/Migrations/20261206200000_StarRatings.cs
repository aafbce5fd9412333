using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>星级评定: the bands of a year, the ratings (one per published village run) and each branch's stars (ADR 0037).</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261206200000_StarRatings")]
public sealed class StarRatings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "star_band_sets",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                bands_json = t.Column<string>(maxLength: 1000, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_star_band_sets", x => x.id);
                t.ForeignKey("FK_star_band_sets_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_star_band_sets_org_id_year", "star_band_sets", ["org_id", "year"], unique: true);

        migrationBuilder.CreateTable(
            name: "star_ratings",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                run_id = t.Column<Guid>(nullable: false),
                bands_json = t.Column<string>(maxLength: 1000, nullable: false),
                rated_at = t.Column<DateTimeOffset>(nullable: false),
                rated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_star_ratings", x => x.id);
                t.ForeignKey("FK_star_ratings_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_star_ratings_scoring_runs_run_id", x => x.run_id, "scoring_runs", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_star_ratings_run_id", "star_ratings", "run_id", unique: true);
        migrationBuilder.CreateIndex("IX_star_ratings_org_id_year", "star_ratings", ["org_id", "year"]);

        migrationBuilder.CreateTable(
            name: "star_rating_entries",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                rating_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                rated_at = t.Column<DateTimeOffset>(nullable: false),
                score = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
                vetoed = t.Column<bool>(nullable: false),
                stars = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_star_rating_entries", x => x.id);
                t.ForeignKey("FK_star_rating_entries_star_ratings_rating_id", x => x.rating_id, "star_ratings", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_star_rating_entries_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_star_rating_entries_rating_id_org_id", "star_rating_entries", ["rating_id", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_star_rating_entries_org_id_year", "star_rating_entries", ["org_id", "year"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("star_rating_entries");
        migrationBuilder.DropTable("star_ratings");
        migrationBuilder.DropTable("star_band_sets");
    }
}
