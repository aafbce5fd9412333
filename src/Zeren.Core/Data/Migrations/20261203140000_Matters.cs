using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Decisions;

namespace Zeren.Core.Data.Migrations;

/// <summary>村级事务 (三议一会一公开一知晓): matters, their steps and the amendments of steps.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203140000_Matters")]
public sealed class Matters : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "matters",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                title = t.Column<string>(maxLength: MatterRules.TitleMax, nullable: false),
                category = t.Column<string>(maxLength: 40, nullable: false),
                amount_fen = t.Column<long>(nullable: true),
                proposer = t.Column<string>(maxLength: MatterRules.ProposerMax, nullable: false),
                guided_by_person_id = t.Column<Guid>(nullable: true),
                run = t.Column<int>(nullable: false),
                state = t.Column<string>(maxLength: 40, nullable: false),
                next_step = t.Column<string>(maxLength: 40, nullable: true),
                waiting_since = t.Column<DateOnly>(nullable: false),
                started_on = t.Column<DateOnly>(nullable: false),
                ended_on = t.Column<DateOnly>(nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 256, nullable: false),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_matters", x => x.id);
                t.ForeignKey("FK_matters_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_matters_people_guided_by_person_id", x => x.guided_by_person_id, "people", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_matters_org_id_state", "matters", ["org_id", "state"]);
        migrationBuilder.CreateIndex("IX_matters_guided_by_person_id_ended_on", "matters", ["guided_by_person_id", "ended_on"]);

        migrationBuilder.CreateTable(
            name: "matter_steps",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                matter_id = t.Column<Guid>(nullable: false),
                run = t.Column<int>(nullable: false),
                step = t.Column<string>(maxLength: 40, nullable: false),
                on = t.Column<DateOnly>(nullable: false),
                outcome = t.Column<string>(maxLength: 40, nullable: false),
                outcome_note = t.Column<string>(maxLength: 300, nullable: true),
                chair_person_id = t.Column<Guid>(nullable: true),
                recorder_person_id = t.Column<Guid>(nullable: true),
                meeting_id = t.Column<Guid>(nullable: true),
                place = t.Column<string>(maxLength: MatterRules.PlaceMax, nullable: true),
                summary = t.Column<string>(maxLength: MatterRules.SummaryMax, nullable: true),
                secretary_absent = t.Column<bool>(nullable: true),
                voting_members = t.Column<int>(nullable: true),
                voting_present = t.Column<int>(nullable: true),
                votes_for = t.Column<int>(nullable: true),
                votes_against = t.Column<int>(nullable: true),
                abstentions = t.Column<int>(nullable: true),
                form = t.Column<string>(maxLength: 40, nullable: true),
                members = t.Column<int>(nullable: true),
                households = t.Column<int>(nullable: true),
                present = t.Column<int>(nullable: true),
                present_households = t.Column<int>(nullable: true),
                until = t.Column<DateOnly>(nullable: true),
                photo_file_id = t.Column<Guid>(nullable: true),
                recorded_at = t.Column<DateTimeOffset>(nullable: false),
                recorded_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_matter_steps", x => x.id);
                t.ForeignKey("FK_matter_steps_matters_matter_id", x => x.matter_id, "matters", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_matter_steps_meetings_meeting_id", x => x.meeting_id, "meetings", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_matter_steps_people_chair_person_id", x => x.chair_person_id, "people", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_matter_steps_people_recorder_person_id", x => x.recorder_person_id, "people", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_matter_steps_stored_files_photo_file_id", x => x.photo_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_matter_steps_matter_id_run_step", "matter_steps", ["matter_id", "run", "step"], unique: true);
        migrationBuilder.CreateIndex("IX_matter_steps_meeting_id", "matter_steps", "meeting_id");
        migrationBuilder.CreateIndex("IX_matter_steps_chair_person_id", "matter_steps", "chair_person_id");
        migrationBuilder.CreateIndex("IX_matter_steps_recorder_person_id", "matter_steps", "recorder_person_id");
        migrationBuilder.CreateIndex("IX_matter_steps_photo_file_id", "matter_steps", "photo_file_id");

        migrationBuilder.CreateTable(
            name: "matter_amendments",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                matter_id = t.Column<Guid>(nullable: false),
                step_id = t.Column<Guid>(nullable: false),
                correction = t.Column<string>(maxLength: MatterRules.AmendmentMax, nullable: false),
                reason = t.Column<string>(maxLength: Platform.Reasons.MaxLength, nullable: false),
                amended_at = t.Column<DateTimeOffset>(nullable: false),
                amended_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_matter_amendments", x => x.id);
                t.ForeignKey("FK_matter_amendments_matters_matter_id", x => x.matter_id, "matters", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_matter_amendments_matter_steps_step_id", x => x.step_id, "matter_steps", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_matter_amendments_matter_id", "matter_amendments", "matter_id");
        migrationBuilder.CreateIndex("IX_matter_amendments_step_id", "matter_amendments", "step_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("matter_amendments");
        migrationBuilder.DropTable("matter_steps");
        migrationBuilder.DropTable("matters");
    }
}
