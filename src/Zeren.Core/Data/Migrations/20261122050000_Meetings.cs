using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Meetings;

namespace Zeren.Core.Data.Migrations;

/// <summary>The meeting ledger (党支部工作手册): meetings, their types and attendees, amendments, and the cadence rules with their defaults.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261122050000_Meetings")]
public sealed class Meetings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "meeting_cadences",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                type = t.Column<string>(maxLength: 40, nullable: false),
                domain = t.Column<string>(maxLength: 40, nullable: true),
                min_count = t.Column<int>(nullable: false),
                period = t.Column<string>(maxLength: 40, nullable: false),
                expected_quarter = t.Column<int>(nullable: true),
                per_leader = t.Column<bool>(nullable: false),
                effective_from = t.Column<DateOnly>(nullable: false),
                note = t.Column<string>(maxLength: 200, nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_meeting_cadences", x => x.id));

        migrationBuilder.CreateTable(
            name: "meetings",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                starts_at = t.Column<DateTimeOffset>(nullable: false),
                ends_at = t.Column<DateTimeOffset>(nullable: false),
                held_on = t.Column<DateOnly>(nullable: false),
                place = t.Column<string>(maxLength: MeetingRules.PlaceMax, nullable: false),
                topic = t.Column<string>(maxLength: MeetingRules.TopicMax, nullable: false),
                chair_person_id = t.Column<Guid>(nullable: false),
                recorder_person_id = t.Column<Guid>(nullable: true),
                lecturer_person_id = t.Column<Guid>(nullable: true),
                content = t.Column<string>(maxLength: MeetingRules.ContentMax, nullable: true),
                resolutions = t.Column<string>(maxLength: MeetingRules.ResolutionsMax, nullable: true),
                expected_count = t.Column<int>(nullable: false),
                present_count = t.Column<int>(nullable: false),
                voting_members = t.Column<int>(nullable: false),
                voting_present = t.Column<int>(nullable: false),
                not_counted_reason = t.Column<string>(maxLength: 200, nullable: true),
                is_amended = t.Column<bool>(nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_meetings", x => x.id);
                t.ForeignKey("FK_meetings_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_meetings_people_chair_person_id", x => x.chair_person_id, "people", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_meetings_people_recorder_person_id", x => x.recorder_person_id, "people", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_meetings_people_lecturer_person_id", x => x.lecturer_person_id, "people", "id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "meeting_types",
            columns: t => new
            {
                meeting_id = t.Column<Guid>(nullable: false),
                type = t.Column<string>(maxLength: 40, nullable: false),
                counts = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_meeting_types", x => new { x.meeting_id, x.type });
                t.ForeignKey("FK_meeting_types_meetings_meeting_id", x => x.meeting_id, "meetings", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "meeting_attendees",
            columns: t => new
            {
                meeting_id = t.Column<Guid>(nullable: false),
                person_id = t.Column<Guid>(nullable: false),
                status = t.Column<string>(maxLength: 40, nullable: false),
                reason = t.Column<string>(maxLength: MeetingRules.ReasonMax, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_meeting_attendees", x => new { x.meeting_id, x.person_id });
                t.ForeignKey("FK_meeting_attendees_meetings_meeting_id", x => x.meeting_id, "meetings", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_meeting_attendees_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "meeting_amendments",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                meeting_id = t.Column<Guid>(nullable: false),
                amended_at = t.Column<DateTimeOffset>(nullable: false),
                amended_by = t.Column<string>(maxLength: 256, nullable: false),
                snapshot = t.Column<string>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_meeting_amendments", x => x.id);
                t.ForeignKey("FK_meeting_amendments_meetings_meeting_id", x => x.meeting_id, "meetings", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_meeting_cadences_type_effective_from", "meeting_cadences", ["type", "effective_from"]);
        migrationBuilder.CreateIndex("IX_meetings_org_id_held_on", "meetings", ["org_id", "held_on"]);
        migrationBuilder.CreateIndex("IX_meetings_held_on", "meetings", "held_on");
        migrationBuilder.CreateIndex("IX_meetings_lecturer_person_id_held_on", "meetings", ["lecturer_person_id", "held_on"]);
        migrationBuilder.CreateIndex("IX_meetings_chair_person_id", "meetings", "chair_person_id");
        migrationBuilder.CreateIndex("IX_meetings_recorder_person_id", "meetings", "recorder_person_id");
        migrationBuilder.CreateIndex("IX_meeting_attendees_person_id", "meeting_attendees", "person_id");
        migrationBuilder.CreateIndex("IX_meeting_amendments_meeting_id", "meeting_amendments", "meeting_id");

        // The defaults of SPEC §3, as the first version of each rule; a county adds later versions, never edits these.
        // Without a model snapshot the provider needs each column's store type to write the values.
        var pg = migrationBuilder.IsPostgres();
        var (uuid, text40, integer, boolean, date, instant, text256) = pg
            ? ("uuid", "character varying(40)", "integer", "boolean", "date", "timestamp with time zone", "character varying(256)")
            : ("TEXT", "TEXT", "INTEGER", "INTEGER", "TEXT", "TEXT", "TEXT");
        foreach (var rule in CadenceDefaults.Rules())
        {
            var row = new (string Column, string Type, object? Value)[]
            {
                ("id", uuid, rule.Id), ("type", text40, rule.Type.ToString()), ("domain", text40, rule.Domain?.ToString()),
                ("min_count", integer, rule.MinCount), ("period", text40, rule.Period.ToString()), ("expected_quarter", integer, rule.ExpectedQuarter),
                ("per_leader", boolean, rule.PerLeader), ("effective_from", date, rule.EffectiveFrom),
                ("note", pg ? "character varying(200)" : "TEXT", rule.Note), ("created_at", instant, rule.CreatedAt), ("created_by", text256, rule.CreatedBy),
            };
            migrationBuilder.InsertData("meeting_cadences", row.Select(c => c.Column).ToArray(), row.Select(c => c.Type).ToArray(), row.Select(c => c.Value).ToArray());
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("meeting_amendments");
        migrationBuilder.DropTable("meeting_attendees");
        migrationBuilder.DropTable("meeting_types");
        migrationBuilder.DropTable("meetings");
        migrationBuilder.DropTable("meeting_cadences");
    }
}
