using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Zeren.Core.Data.Migrations;

/// <summary>Accounts and roles: ASP.NET Core Identity's tables under our names.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261122020000_Accounts")]
public sealed class Accounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "roles",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: 256, nullable: true),
                normalized_name = t.Column<string>(maxLength: 256, nullable: true),
                concurrency_stamp = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_roles", x => x.id));

        migrationBuilder.CreateTable(
            name: "accounts",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                display_name = t.Column<string>(maxLength: 50, nullable: false),
                org_id = t.Column<Guid>(nullable: true),
                person_id = t.Column<Guid>(nullable: true),
                is_demo = t.Column<bool>(nullable: false),
                must_change_password = t.Column<bool>(nullable: false),
                password_changed_at = t.Column<DateTimeOffset>(nullable: true),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                last_login_at = t.Column<DateTimeOffset>(nullable: true),
                disabled = t.Column<bool>(nullable: false),
                user_name = t.Column<string>(maxLength: 256, nullable: true),
                normalized_user_name = t.Column<string>(maxLength: 256, nullable: true),
                email = t.Column<string>(maxLength: 256, nullable: true),
                normalized_email = t.Column<string>(maxLength: 256, nullable: true),
                email_confirmed = t.Column<bool>(nullable: false),
                password_hash = t.Column<string>(nullable: true),
                security_stamp = t.Column<string>(nullable: true),
                concurrency_stamp = t.Column<string>(nullable: true),
                phone_number = t.Column<string>(nullable: true),
                phone_number_confirmed = t.Column<bool>(nullable: false),
                two_factor_enabled = t.Column<bool>(nullable: false),
                lockout_end = t.Column<DateTimeOffset>(nullable: true),
                lockout_enabled = t.Column<bool>(nullable: false),
                access_failed_count = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_accounts", x => x.id);
                t.ForeignKey("FK_accounts_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_accounts_people_person_id", x => x.person_id, "people", "id", onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateTable(
            name: "role_claims",
            columns: t => new
            {
                id = IdentityColumn(t),
                role_id = t.Column<Guid>(nullable: false),
                claim_type = t.Column<string>(nullable: true),
                claim_value = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_role_claims", x => x.id);
                t.ForeignKey("FK_role_claims_roles_role_id", x => x.role_id, "roles", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "account_claims",
            columns: t => new
            {
                id = IdentityColumn(t),
                user_id = t.Column<Guid>(nullable: false),
                claim_type = t.Column<string>(nullable: true),
                claim_value = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_account_claims", x => x.id);
                t.ForeignKey("FK_account_claims_accounts_user_id", x => x.user_id, "accounts", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "account_logins",
            columns: t => new
            {
                login_provider = t.Column<string>(nullable: false),
                provider_key = t.Column<string>(nullable: false),
                provider_display_name = t.Column<string>(nullable: true),
                user_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_account_logins", x => new { x.login_provider, x.provider_key });
                t.ForeignKey("FK_account_logins_accounts_user_id", x => x.user_id, "accounts", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "account_roles",
            columns: t => new
            {
                user_id = t.Column<Guid>(nullable: false),
                role_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_account_roles", x => new { x.user_id, x.role_id });
                t.ForeignKey("FK_account_roles_accounts_user_id", x => x.user_id, "accounts", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_account_roles_roles_role_id", x => x.role_id, "roles", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "account_tokens",
            columns: t => new
            {
                user_id = t.Column<Guid>(nullable: false),
                login_provider = t.Column<string>(nullable: false),
                name = t.Column<string>(nullable: false),
                value = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_account_tokens", x => new { x.user_id, x.login_provider, x.name });
                t.ForeignKey("FK_account_tokens_accounts_user_id", x => x.user_id, "accounts", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("RoleNameIndex", "roles", "normalized_name", unique: true);
        migrationBuilder.CreateIndex("IX_role_claims_role_id", "role_claims", "role_id");
        migrationBuilder.CreateIndex("UserNameIndex", "accounts", "normalized_user_name", unique: true);
        migrationBuilder.CreateIndex("EmailIndex", "accounts", "normalized_email");
        migrationBuilder.CreateIndex("IX_accounts_org_id", "accounts", "org_id");
        migrationBuilder.CreateIndex("IX_accounts_person_id", "accounts", "person_id");
        migrationBuilder.CreateIndex("IX_account_claims_user_id", "account_claims", "user_id");
        migrationBuilder.CreateIndex("IX_account_logins_user_id", "account_logins", "user_id");
        migrationBuilder.CreateIndex("IX_account_roles_role_id", "account_roles", "role_id");
    }

    /// <summary>An integer key the database numbers: AUTOINCREMENT on SQLite, an identity column on PostgreSQL.</summary>
    private static OperationBuilder<AddColumnOperation> IdentityColumn(ColumnsBuilder t) =>
        t.Column<int>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "account_tokens", "account_roles", "account_logins", "account_claims", "role_claims", "accounts", "roles" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
