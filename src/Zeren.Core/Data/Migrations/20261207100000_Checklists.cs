using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Checklists;
using Zeren.Core.Platform;

namespace Zeren.Core.Data.Migrations;

/// <summary>标准化建设清单: templates and their items, each village's state per item, its history and photos (ADR 0039).</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261207100000_Checklists")]
public sealed class Checklists : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "checklist_templates",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                kind = t.Column<string>(maxLength: 20, nullable: false),
                name = t.Column<string>(maxLength: ChecklistTemplate.NameMax, nullable: false),
                version = t.Column<int>(nullable: false),
                copied_from_id = t.Column<Guid>(nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_checklist_templates", x => x.id);
                t.ForeignKey("FK_checklist_templates_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_checklist_templates_checklist_templates_copied_from_id", x => x.copied_from_id, "checklist_templates", "id",
                    onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_checklist_templates_org_id_year_kind_version", "checklist_templates", ["org_id", "year", "kind", "version"], unique: true);
        migrationBuilder.CreateIndex("IX_checklist_templates_copied_from_id", "checklist_templates", "copied_from_id");

        migrationBuilder.CreateTable(
            name: "checklist_items",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                template_id = t.Column<Guid>(nullable: false),
                position = t.Column<int>(nullable: false),
                name = t.Column<string>(maxLength: ChecklistItem.NameMax, nullable: false),
                description = t.Column<string>(maxLength: ChecklistItem.DescriptionMax, nullable: false),
                photo_required = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_checklist_items", x => x.id);
                t.ForeignKey("FK_checklist_items_checklist_templates_template_id", x => x.template_id, "checklist_templates", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_checklist_items_template_id_position", "checklist_items", ["template_id", "position"]);

        migrationBuilder.CreateTable(
            name: "checklist_entries",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                template_id = t.Column<Guid>(nullable: false),
                item_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                state = t.Column<string>(maxLength: 20, nullable: false),
                note = t.Column<string>(maxLength: ChecklistEntry.NoteMax, nullable: true),
                claimed_at = t.Column<DateTimeOffset>(nullable: true),
                claimed_by = t.Column<string>(maxLength: 256, nullable: true),
                claimed_by_org_id = t.Column<Guid>(nullable: true),
                verified_at = t.Column<DateTime>(nullable: true),
                verified_by = t.Column<string>(maxLength: 256, nullable: true),
                return_reason = t.Column<string>(maxLength: Reasons.MaxLength, nullable: true),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_checklist_entries", x => x.id);
                t.ForeignKey("FK_checklist_entries_checklist_templates_template_id", x => x.template_id, "checklist_templates", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_checklist_entries_checklist_items_item_id", x => x.item_id, "checklist_items", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_checklist_entries_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_checklist_entries_item_id_org_id", "checklist_entries", ["item_id", "org_id"], unique: true);
        migrationBuilder.CreateIndex("IX_checklist_entries_template_id_state", "checklist_entries", ["template_id", "state"]);
        migrationBuilder.CreateIndex("IX_checklist_entries_org_id_state", "checklist_entries", ["org_id", "state"]);

        migrationBuilder.CreateTable(
            name: "checklist_events",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                entry_id = t.Column<Guid>(nullable: false),
                action = t.Column<string>(maxLength: 20, nullable: false),
                text = t.Column<string>(maxLength: ChecklistEntry.NoteMax, nullable: true),
                at = t.Column<DateTimeOffset>(nullable: false),
                by = t.Column<string>(maxLength: 256, nullable: false),
                by_org_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_checklist_events", x => x.id);
                t.ForeignKey("FK_checklist_events_checklist_entries_entry_id", x => x.entry_id, "checklist_entries", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_checklist_events_entry_id", "checklist_events", "entry_id");

        migrationBuilder.CreateTable(
            name: "checklist_files",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                entry_id = t.Column<Guid>(nullable: false),
                event_id = t.Column<Guid>(nullable: false),
                stored_file_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_checklist_files", x => x.id);
                t.ForeignKey("FK_checklist_files_checklist_entries_entry_id", x => x.entry_id, "checklist_entries", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_checklist_files_checklist_events_event_id", x => x.event_id, "checklist_events", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_checklist_files_stored_files_stored_file_id", x => x.stored_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_checklist_files_entry_id", "checklist_files", "entry_id");
        migrationBuilder.CreateIndex("IX_checklist_files_event_id", "checklist_files", "event_id");
        migrationBuilder.CreateIndex("IX_checklist_files_stored_file_id", "checklist_files", "stored_file_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("checklist_files");
        migrationBuilder.DropTable("checklist_events");
        migrationBuilder.DropTable("checklist_entries");
        migrationBuilder.DropTable("checklist_items");
        migrationBuilder.DropTable("checklist_templates");
    }
}
