using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// An expected attendee of a meeting keeps the person from being deleted, as a chair, recorder or lecturer already did:
/// deleting a person no longer takes their attendance out of the ledger (ADR 0013).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261202020000_MeetingRecordsKept")]
public sealed class MeetingRecordsKept : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => SetPersonDelete(migrationBuilder, ReferentialAction.Restrict);

    protected override void Down(MigrationBuilder migrationBuilder) => SetPersonDelete(migrationBuilder, ReferentialAction.Cascade);

    /// <summary>
    /// PostgreSQL changes the constraint in place. SQLite cannot alter a constraint and EF's own rebuild needs a model
    /// snapshot these migrations do not have, so the table is rebuilt here: renamed, created anew, copied, dropped.
    /// </summary>
    private static void SetPersonDelete(MigrationBuilder mb, ReferentialAction onDelete)
    {
        if (mb.IsPostgres())
        {
            mb.DropForeignKey(name: "FK_meeting_attendees_people_person_id", table: "meeting_attendees");
            mb.AddForeignKey(
                name: "FK_meeting_attendees_people_person_id", table: "meeting_attendees", column: "person_id",
                principalTable: "people", principalColumn: "id", onDelete: onDelete);
            return;
        }
        mb.Sql("DROP INDEX \"IX_meeting_attendees_person_id\";");
        mb.Sql("ALTER TABLE \"meeting_attendees\" RENAME TO \"meeting_attendees_old\";");
        mb.CreateTable(
            name: "meeting_attendees",
            columns: t => new
            {
                meeting_id = t.Column<Guid>(nullable: false),
                person_id = t.Column<Guid>(nullable: false),
                status = t.Column<string>(maxLength: 40, nullable: false),
                reason = t.Column<string>(maxLength: Zeren.Core.Meetings.MeetingRules.ReasonMax, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_meeting_attendees", x => new { x.meeting_id, x.person_id });
                t.ForeignKey("FK_meeting_attendees_meetings_meeting_id", x => x.meeting_id, "meetings", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_meeting_attendees_people_person_id", x => x.person_id, "people", "id", onDelete: onDelete);
            });
        mb.Sql("INSERT INTO \"meeting_attendees\" (meeting_id, person_id, status, reason) SELECT meeting_id, person_id, status, reason FROM \"meeting_attendees_old\";");
        mb.Sql("DROP TABLE \"meeting_attendees_old\";");
        mb.CreateIndex(name: "IX_meeting_attendees_person_id", table: "meeting_attendees", column: "person_id");
    }
}
