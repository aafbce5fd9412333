using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Inspections;

namespace Zeren.Core.Data.Migrations;

/// <summary>督导轮次: rounds, their supervision groups (督导组) and members, and the villages assigned to each group (ADR 0033).</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261205300000_InspectionRounds")]
public sealed class InspectionRounds : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "inspection_rounds",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: InspectionRound.NameMax, nullable: false),
                starts_on = t.Column<DateOnly>(nullable: false),
                ends_on = t.Column<DateOnly>(nullable: false),
                status = t.Column<string>(maxLength: 40, nullable: false),
                note = t.Column<string>(maxLength: InspectionRound.NoteMax, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_rounds", x => x.id);
                t.ForeignKey("FK_inspection_rounds_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_rounds_org_id_starts_on", "inspection_rounds", ["org_id", "starts_on"]);

        migrationBuilder.CreateTable(
            name: "inspection_groups",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                round_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: InspectionGroup.NameMax, nullable: false),
                leader_account_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_groups", x => x.id);
                t.ForeignKey("FK_inspection_groups_inspection_rounds_round_id", x => x.round_id, "inspection_rounds", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspection_groups_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspection_groups_accounts_leader_account_id", x => x.leader_account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_groups_round_id_name", "inspection_groups", ["round_id", "name"], unique: true);
        migrationBuilder.CreateIndex("IX_inspection_groups_org_id", "inspection_groups", "org_id");
        migrationBuilder.CreateIndex("IX_inspection_groups_leader_account_id", "inspection_groups", "leader_account_id");

        migrationBuilder.CreateTable(
            name: "inspection_group_members",
            columns: t => new
            {
                group_id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_group_members", x => new { x.group_id, x.account_id });
                t.ForeignKey("FK_inspection_group_members_inspection_groups_group_id", x => x.group_id, "inspection_groups", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_inspection_group_members_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspection_group_members_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_group_members_account_id", "inspection_group_members", "account_id");
        migrationBuilder.CreateIndex("IX_inspection_group_members_org_id", "inspection_group_members", "org_id");

        migrationBuilder.CreateTable(
            name: "inspection_round_villages",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                round_id = t.Column<Guid>(nullable: false),
                group_id = t.Column<Guid>(nullable: false),
                village_id = t.Column<Guid>(nullable: false),
                township_id = t.Column<Guid>(nullable: false),
                inspection_id = t.Column<Guid>(nullable: true),
                revealed = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_inspection_round_villages", x => x.id);
                t.ForeignKey("FK_inspection_round_villages_inspection_rounds_round_id", x => x.round_id, "inspection_rounds", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspection_round_villages_inspection_groups_group_id", x => x.group_id, "inspection_groups", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspection_round_villages_organizations_village_id", x => x.village_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_inspection_round_villages_inspections_inspection_id", x => x.inspection_id, "inspections", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_inspection_round_villages_round_id_village_id", "inspection_round_villages", ["round_id", "village_id"], unique: true);
        migrationBuilder.CreateIndex("IX_inspection_round_villages_group_id", "inspection_round_villages", "group_id");
        migrationBuilder.CreateIndex("IX_inspection_round_villages_village_id", "inspection_round_villages", "village_id");
        migrationBuilder.CreateIndex("IX_inspection_round_villages_inspection_id", "inspection_round_villages", "inspection_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("inspection_round_villages");
        migrationBuilder.DropTable("inspection_group_members");
        migrationBuilder.DropTable("inspection_groups");
        migrationBuilder.DropTable("inspection_rounds");
    }
}
