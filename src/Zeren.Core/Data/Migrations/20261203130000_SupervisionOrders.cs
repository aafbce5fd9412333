using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Supervision;

namespace Zeren.Core.Data.Migrations;

/// <summary>督办单: supervision orders, their history, the evidence of their answers, and the number counter per issuer and year.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203130000_SupervisionOrders")]
public sealed class SupervisionOrders : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "supervision_counters",
            columns: t => new
            {
                issuer_org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                last_number = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_supervision_counters", x => new { x.issuer_org_id, x.year });
                t.ForeignKey("FK_supervision_counters_organizations_issuer_org_id", x => x.issuer_org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "supervision_orders",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                issuer_org_id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                number = t.Column<int>(nullable: false),
                title = t.Column<string>(maxLength: SupervisionOrder.TitleMax, nullable: false),
                content = t.Column<string>(maxLength: SupervisionOrder.ContentMax, nullable: false),
                requirements = t.Column<string>(maxLength: SupervisionOrder.RequirementsMax, nullable: true),
                due_on = t.Column<DateOnly>(nullable: false),
                source_type = t.Column<string>(maxLength: SupervisionOrder.SourceTypeMax, nullable: false),
                source_id = t.Column<string>(maxLength: SupervisionOrder.SourceIdMax, nullable: true),
                source_title = t.Column<string>(maxLength: SupervisionOrder.SourceTitleMax, nullable: true),
                source_link = t.Column<string>(maxLength: SupervisionOrder.SourceLinkMax, nullable: true),
                state = t.Column<string>(maxLength: 20, nullable: false),
                is_escalated = t.Column<bool>(nullable: false),
                escalated_at = t.Column<DateTimeOffset>(nullable: true),
                batch_id = t.Column<Guid>(nullable: true),
                return_count = t.Column<int>(nullable: false),
                issued_at = t.Column<DateTimeOffset>(nullable: false),
                issued_by = t.Column<string>(maxLength: 256, nullable: false),
                acknowledged_at = t.Column<DateTimeOffset>(nullable: true),
                responded_at = t.Column<DateTimeOffset>(nullable: true),
                responded_late = t.Column<bool>(nullable: false),
                closed_at = t.Column<DateTimeOffset>(nullable: true),
                updated_at = t.Column<DateTimeOffset>(nullable: false),
                updated_by = t.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_supervision_orders", x => x.id);
                t.ForeignKey("FK_supervision_orders_organizations_issuer_org_id", x => x.issuer_org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_supervision_orders_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_supervision_orders_issuer_org_id_year_number", "supervision_orders", ["issuer_org_id", "year", "number"], unique: true);
        migrationBuilder.CreateIndex("IX_supervision_orders_org_id_state", "supervision_orders", ["org_id", "state"]);
        migrationBuilder.CreateIndex("IX_supervision_orders_state_due_on", "supervision_orders", ["state", "due_on"]);
        migrationBuilder.CreateIndex("IX_supervision_orders_batch_id", "supervision_orders", "batch_id");

        migrationBuilder.CreateTable(
            name: "supervision_events",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                order_id = t.Column<Guid>(nullable: false),
                action = t.Column<string>(maxLength: 20, nullable: false),
                text = t.Column<string>(maxLength: SupervisionOrder.ResponseMax, nullable: true),
                at = t.Column<DateTimeOffset>(nullable: false),
                by = t.Column<string>(maxLength: 256, nullable: false),
                by_org_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_supervision_events", x => x.id);
                t.ForeignKey("FK_supervision_events_supervision_orders_order_id", x => x.order_id, "supervision_orders", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_supervision_events_order_id", "supervision_events", "order_id");

        migrationBuilder.CreateTable(
            name: "supervision_files",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                order_id = t.Column<Guid>(nullable: false),
                event_id = t.Column<Guid>(nullable: false),
                stored_file_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_supervision_files", x => x.id);
                t.ForeignKey("FK_supervision_files_supervision_orders_order_id", x => x.order_id, "supervision_orders", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_supervision_files_supervision_events_event_id", x => x.event_id, "supervision_events", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_supervision_files_stored_files_stored_file_id", x => x.stored_file_id, "stored_files", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_supervision_files_order_id", "supervision_files", "order_id");
        migrationBuilder.CreateIndex("IX_supervision_files_event_id", "supervision_files", "event_id");
        migrationBuilder.CreateIndex("IX_supervision_files_stored_file_id", "supervision_files", "stored_file_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("supervision_files");
        migrationBuilder.DropTable("supervision_events");
        migrationBuilder.DropTable("supervision_orders");
        migrationBuilder.DropTable("supervision_counters");
    }
}
