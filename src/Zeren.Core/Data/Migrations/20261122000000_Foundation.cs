using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>Organizations, regions, grids, people, positions, links, reserve cadres.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261122000000_Foundation")]
public sealed class Foundation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "regions",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                county_org_id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: 50, nullable: false),
                sort_order = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_regions", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "organizations",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                parent_id = t.Column<Guid>(nullable: true),
                code = t.Column<string>(maxLength: 40, nullable: false),
                name = t.Column<string>(maxLength: 100, nullable: false),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                domain = t.Column<string>(maxLength: 40, nullable: false),
                strength = t.Column<string>(maxLength: 40, nullable: true),
                standard = t.Column<string>(maxLength: 40, nullable: true),
                stars = t.Column<int>(nullable: true),
                region_id = t.Column<Guid>(nullable: true),
                path = t.Column<string>(maxLength: 396, nullable: false, collation: migrationBuilder.BinaryCollation()),
                depth = t.Column<int>(nullable: false),
                sort_order = t.Column<int>(nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_organizations", x => x.id);
                t.ForeignKey("FK_organizations_organizations_parent_id", x => x.parent_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_organizations_regions_region_id", x => x.region_id, "regions", "id", onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateTable(
            name: "people",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: 50, nullable: false),
                gender = t.Column<string>(maxLength: 40, nullable: false),
                ethnicity = t.Column<string>(maxLength: 20, nullable: false),
                birth_date = t.Column<DateOnly>(nullable: true),
                education = t.Column<string>(maxLength: 40, nullable: true),
                id_number = t.Column<string>(maxLength: 18, nullable: true),
                mobile = t.Column<string>(maxLength: 11, nullable: true),
                party_status = t.Column<string>(maxLength: 40, nullable: false),
                joined_party_on = t.Column<DateOnly>(nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_people", x => x.id);
                t.ForeignKey("FK_people_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "grids",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: 50, nullable: false),
                households = t.Column<int>(nullable: false),
                leader_person_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_grids", x => x.id);
                t.ForeignKey("FK_grids_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_grids_people_leader_person_id", x => x.leader_person_id, "people", "id", onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateTable(
            name: "positions",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                person_id = t.Column<Guid>(nullable: false),
                title = t.Column<string>(maxLength: 40, nullable: false),
                start_on = t.Column<DateOnly>(nullable: false),
                end_on = t.Column<DateOnly>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_positions", x => x.id);
                t.ForeignKey("FK_positions_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_positions_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "links",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                person_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                start_on = t.Column<DateOnly>(nullable: false),
                end_on = t.Column<DateOnly>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_links", x => x.id);
                t.ForeignKey("FK_links_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_links_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "reserve_cadres",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                person_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                target_post = t.Column<string>(maxLength: 40, nullable: false),
                added_on = t.Column<DateOnly>(nullable: false),
                note = t.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_reserve_cadres", x => x.id);
                t.ForeignKey("FK_reserve_cadres_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_reserve_cadres_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_organizations_code", "organizations", "code", unique: true);
        migrationBuilder.CreateIndex("IX_organizations_path", "organizations", "path", unique: true);
        migrationBuilder.CreateIndex("IX_organizations_parent_id_sort_order", "organizations", ["parent_id", "sort_order"]);
        migrationBuilder.CreateIndex("IX_organizations_region_id", "organizations", "region_id");
        migrationBuilder.CreateIndex("IX_regions_county_org_id_name", "regions", ["county_org_id", "name"], unique: true);
        migrationBuilder.CreateIndex("IX_people_id_number", "people", "id_number", unique: true);
        migrationBuilder.CreateIndex("IX_people_org_id_name", "people", ["org_id", "name"]);
        migrationBuilder.CreateIndex("IX_people_name", "people", "name");
        migrationBuilder.CreateIndex("IX_grids_org_id_name", "grids", ["org_id", "name"], unique: true);
        migrationBuilder.CreateIndex("IX_grids_leader_person_id", "grids", "leader_person_id");
        migrationBuilder.CreateIndex("IX_positions_org_id_title", "positions", ["org_id", "title"]);
        migrationBuilder.CreateIndex("IX_positions_person_id", "positions", "person_id");
        migrationBuilder.CreateIndex("IX_links_org_id_kind", "links", ["org_id", "kind"]);
        migrationBuilder.CreateIndex("IX_links_person_id_kind", "links", ["person_id", "kind"]);
        migrationBuilder.CreateIndex("IX_reserve_cadres_org_id_person_id", "reserve_cadres", ["org_id", "person_id"], unique: true);
        migrationBuilder.CreateIndex("IX_reserve_cadres_person_id", "reserve_cadres", "person_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("reserve_cadres");
        migrationBuilder.DropTable("links");
        migrationBuilder.DropTable("positions");
        migrationBuilder.DropTable("grids");
        migrationBuilder.DropTable("people");
        migrationBuilder.DropTable("organizations");
        migrationBuilder.DropTable("regions");
    }
}
