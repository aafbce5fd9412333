using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>会议附件: photos, the scanned sign-in sheet and other material kept with a meeting record.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261202010000_MeetingAttachments")]
public sealed class MeetingAttachments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "meeting_attachments",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                meeting_id = t.Column<Guid>(nullable: false),
                stored_file_id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_meeting_attachments", x => x.id);
                t.ForeignKey("FK_meeting_attachments_meetings_meeting_id", x => x.meeting_id, "meetings", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_meeting_attachments_stored_files_stored_file_id", x => x.stored_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_meeting_attachments_meeting_id", "meeting_attachments", "meeting_id");
        migrationBuilder.CreateIndex("IX_meeting_attachments_stored_file_id", "meeting_attachments", "stored_file_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("meeting_attachments");
    }
}
