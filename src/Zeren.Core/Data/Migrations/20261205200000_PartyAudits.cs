using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.PartyAudits;

namespace Zeren.Core.Data.Migrations;

/// <summary>党建审计 (ADR 0032): rounds, their audited units and checklist, the sampled branches and their scores.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261205200000_PartyAudits")]
public sealed class PartyAudits : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "party_audit_rounds",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                name = t.Column<string>(maxLength: AuditRound.NameMax, nullable: false),
                agency_min = t.Column<int>(nullable: false),
                agency_max = t.Column<int>(nullable: false),
                grassroots_min = t.Column<int>(nullable: false),
                grassroots_max = t.Column<int>(nullable: false),
                state = t.Column<string>(maxLength: 40, nullable: false),
                seed = t.Column<long>(nullable: true),
                input_json = t.Column<string>(nullable: true),
                sampled_at = t.Column<DateTimeOffset>(nullable: true),
                sampled_by = t.Column<string>(maxLength: 256, nullable: true),
                closed_at = t.Column<DateTimeOffset>(nullable: true),
                closed_by = t.Column<string>(maxLength: 256, nullable: true),
                rectify_by = t.Column<DateOnly>(nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_party_audit_rounds", x => x.id);
                t.ForeignKey("FK_party_audit_rounds_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_party_audit_rounds_org_id_year", "party_audit_rounds", ["org_id", "year"]);

        migrationBuilder.CreateTable(
            name: "party_audit_units",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                round_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                position = t.Column<int>(nullable: false),
                released_at = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_party_audit_units", x => x.id);
                t.ForeignKey("FK_party_audit_units_party_audit_rounds_round_id", x => x.round_id, "party_audit_rounds", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_party_audit_units_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_party_audit_units_round_id_org_id", "party_audit_units", ["round_id", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_party_audit_units_org_id", "party_audit_units", "org_id");

        migrationBuilder.CreateTable(
            name: "party_audit_items",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                round_id = t.Column<Guid>(nullable: false),
                position = t.Column<int>(nullable: false),
                title = t.Column<string>(maxLength: AuditItem.TitleMax, nullable: false),
                max_points = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_party_audit_items", x => x.id);
                t.ForeignKey("FK_party_audit_items_party_audit_rounds_round_id", x => x.round_id, "party_audit_rounds", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_party_audit_items_round_id_position", "party_audit_items", ["round_id", "position"]);

        migrationBuilder.CreateTable(
            name: "party_audit_branches",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                round_id = t.Column<Guid>(nullable: false),
                unit_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                position = t.Column<int>(nullable: false),
                total = t.Column<int>(nullable: true),
                failed = t.Column<int>(nullable: false),
                scored_at = t.Column<DateTimeOffset>(nullable: true),
                scored_by = t.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_party_audit_branches", x => x.id);
                t.ForeignKey("FK_party_audit_branches_party_audit_rounds_round_id", x => x.round_id, "party_audit_rounds", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_party_audit_branches_party_audit_units_unit_id", x => x.unit_id, "party_audit_units", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_party_audit_branches_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_party_audit_branches_unit_id_org_id", "party_audit_branches", ["unit_id", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_party_audit_branches_round_id", "party_audit_branches", "round_id");
        migrationBuilder.CreateIndex("IX_party_audit_branches_org_id", "party_audit_branches", "org_id");

        migrationBuilder.CreateTable(
            name: "party_audit_scores",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                sample_id = t.Column<Guid>(nullable: false),
                item_id = t.Column<Guid>(nullable: false),
                points = t.Column<int>(nullable: false),
                passed = t.Column<bool>(nullable: false),
                note = t.Column<string>(maxLength: AuditScore.NoteMax, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_party_audit_scores", x => x.id);
                t.ForeignKey("FK_party_audit_scores_party_audit_branches_sample_id", x => x.sample_id, "party_audit_branches", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_party_audit_scores_party_audit_items_item_id", x => x.item_id, "party_audit_items", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_party_audit_scores_sample_id_item_id", "party_audit_scores", ["sample_id", "item_id"], unique: true);
        migrationBuilder.CreateIndex("IX_party_audit_scores_item_id", "party_audit_scores", "item_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("party_audit_scores");
        migrationBuilder.DropTable("party_audit_branches");
        migrationBuilder.DropTable("party_audit_items");
        migrationBuilder.DropTable("party_audit_units");
        migrationBuilder.DropTable("party_audit_rounds");
    }
}
