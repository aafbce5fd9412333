using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// The audit log (审计日志): an append-only table chained by SM3 hashes, and triggers that refuse UPDATE and DELETE
/// on it (and TRUNCATE on PostgreSQL). The triggers are not part of the model; the schema test compares tables,
/// columns, indexes and keys only.
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261122030000_AuditLog")]
public sealed class AuditLog : Migration
{
    private const string Refusal = "审计日志只能追加";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "audit_entries",
            columns: t => new
            {
                sequence = t.Column<long>(nullable: false),
                at = t.Column<DateTimeOffset>(nullable: false),
                account_id = t.Column<Guid>(nullable: true),
                user_name = t.Column<string>(maxLength: 256, nullable: false),
                client_address = t.Column<string>(maxLength: 64, nullable: true),
                actor_org_path = t.Column<string>(maxLength: 396, nullable: true, collation: migrationBuilder.BinaryCollation()),
                action = t.Column<string>(maxLength: 40, nullable: false),
                entity_type = t.Column<string>(maxLength: 100, nullable: false),
                entity_id = t.Column<string>(maxLength: 100, nullable: true),
                summary = t.Column<string>(maxLength: 500, nullable: false),
                before = t.Column<string>(nullable: true),
                after = t.Column<string>(nullable: true),
                previous_hash = t.Column<string>(maxLength: 64, nullable: false),
                hash = t.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_audit_entries", x => x.sequence);
            });

        migrationBuilder.CreateIndex("IX_audit_entries_user_name_sequence", "audit_entries", ["user_name", "sequence"]);
        migrationBuilder.CreateIndex("IX_audit_entries_entity_type_entity_id_sequence", "audit_entries", ["entity_type", "entity_id", "sequence"]);
        migrationBuilder.CreateIndex("IX_audit_entries_at", "audit_entries", "at");

        if (migrationBuilder.IsPostgres())
        {
            migrationBuilder.Sql($"""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '{Refusal}' USING ERRCODE = 'restrict_violation';
                END;
                $$;
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);
        }
        else
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsPostgres())
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
                DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries;
                DROP FUNCTION IF EXISTS audit_entries_append_only();
                """);
        }
        else
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");
        }
        migrationBuilder.DropTable("audit_entries");
    }
}
