using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Responsibilities;

namespace Zeren.Core.Data.Migrations;

/// <summary>责任清单: lists and their items, the organizations they are issued to, each item at each receiver (who answers for it, what was reported), and its evidence files.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203110000_ResponsibilityLists")]
public sealed class ResponsibilityLists : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "responsibility_lists",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                issuer_org_id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                title = t.Column<string>(maxLength: ListRules.TitleMax, nullable: false),
                note = t.Column<string>(maxLength: ListRules.NoteMax, nullable: true),
                issued_at = t.Column<DateTimeOffset>(nullable: true),
                issued_by = t.Column<string>(maxLength: 256, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_responsibility_lists", x => x.id);
                t.ForeignKey("FK_responsibility_lists_organizations_issuer_org_id", x => x.issuer_org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_responsibility_lists_issuer_org_id", "responsibility_lists", "issuer_org_id");

        migrationBuilder.CreateTable(
            name: "responsibility_items",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                list_id = t.Column<Guid>(nullable: false),
                number = t.Column<int>(nullable: false),
                content = t.Column<string>(maxLength: ListRules.ContentMax, nullable: false),
                standard = t.Column<string>(maxLength: ListRules.StandardMax, nullable: false),
                due_on = t.Column<DateOnly>(nullable: false),
                role = t.Column<string>(maxLength: 40, nullable: true),
                person_id = t.Column<Guid>(nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_responsibility_items", x => x.id);
                t.ForeignKey("FK_responsibility_items_responsibility_lists_list_id", x => x.list_id, "responsibility_lists", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_responsibility_items_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_responsibility_items_list_id_number", "responsibility_items", ["list_id", "number"], unique: true);
        migrationBuilder.CreateIndex("IX_responsibility_items_person_id", "responsibility_items", "person_id");

        migrationBuilder.CreateTable(
            name: "list_receivers",
            columns: t => new
            {
                list_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                added_at = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_list_receivers", x => new { x.list_id, x.org_id });
                t.ForeignKey("FK_list_receivers_responsibility_lists_list_id", x => x.list_id, "responsibility_lists", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_list_receivers_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_list_receivers_org_id", "list_receivers", "org_id");

        migrationBuilder.CreateTable(
            name: "list_completions",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                list_id = t.Column<Guid>(nullable: false),
                item_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                person_id = t.Column<Guid>(nullable: true),
                state = t.Column<string>(maxLength: 40, nullable: false),
                evidence = t.Column<string>(maxLength: ListRules.EvidenceMax, nullable: true),
                done_at = t.Column<DateTimeOffset>(nullable: true),
                done_by = t.Column<string>(maxLength: 256, nullable: true),
                late = t.Column<bool>(nullable: false),
                confirmed_at = t.Column<DateTimeOffset>(nullable: true),
                confirmed_by = t.Column<string>(maxLength: 256, nullable: true),
                returned_at = t.Column<DateTimeOffset>(nullable: true),
                returned_by = t.Column<string>(maxLength: 256, nullable: true),
                return_comment = t.Column<string>(maxLength: ListRules.CommentMax, nullable: true),
                return_count = t.Column<int>(nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_list_completions", x => x.id);
                t.ForeignKey("FK_list_completions_responsibility_lists_list_id", x => x.list_id, "responsibility_lists", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_list_completions_responsibility_items_item_id", x => x.item_id, "responsibility_items", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_list_completions_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_list_completions_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_list_completions_item_id_org_id", "list_completions", ["item_id", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_list_completions_list_id_org_id_state", "list_completions", ["list_id", "org_id", "state"]);
        migrationBuilder.CreateIndex("IX_list_completions_org_id", "list_completions", "org_id");
        migrationBuilder.CreateIndex("IX_list_completions_person_id", "list_completions", "person_id");

        migrationBuilder.CreateTable(
            name: "list_completion_files",
            columns: t => new
            {
                completion_id = t.Column<Guid>(nullable: false),
                stored_file_id = t.Column<Guid>(nullable: false),
                added_at = t.Column<DateTimeOffset>(nullable: false),
                added_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_list_completion_files", x => new { x.completion_id, x.stored_file_id });
                t.ForeignKey("FK_list_completion_files_list_completions_completion_id", x => x.completion_id, "list_completions", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_list_completion_files_stored_files_stored_file_id", x => x.stored_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_list_completion_files_stored_file_id", "list_completion_files", "stored_file_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("list_completion_files");
        migrationBuilder.DropTable("list_completions");
        migrationBuilder.DropTable("list_receivers");
        migrationBuilder.DropTable("responsibility_items");
        migrationBuilder.DropTable("responsibility_lists");
    }
}
