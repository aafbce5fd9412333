using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// 会话 and 刷新令牌: sessions kept on the server, so signing out or a change to the account ends them at once, and
/// refresh tokens that are good once. On accounts: the last passwords (not to be reused) and the time step of the
/// last authenticator code (not to be used twice).
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261203010000_Sessions")]
public sealed class Sessions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("previous_password_hashes", "accounts", maxLength: 2000, nullable: true);
        migrationBuilder.AddColumn<long>("last_totp_time_step", "accounts", nullable: true);

        migrationBuilder.CreateTable(
            name: "sessions",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                expires_at = t.Column<DateTimeOffset>(nullable: false),
                ended_at = t.Column<DateTimeOffset>(nullable: true),
                end_reason = t.Column<string>(maxLength: 40, nullable: true),
                client_address = t.Column<string>(maxLength: 64, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_sessions", x => x.id);
                t.ForeignKey("FK_sessions_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_sessions_account_id", "sessions", "account_id");

        migrationBuilder.CreateTable(
            name: "refresh_tokens",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                session_id = t.Column<Guid>(nullable: false),
                token_hash = t.Column<string>(maxLength: 64, nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                used_at = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_refresh_tokens", x => x.id);
                t.ForeignKey("FK_refresh_tokens_sessions_session_id", x => x.session_id, "sessions", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_refresh_tokens_session_id", "refresh_tokens", "session_id");
        migrationBuilder.CreateIndex("IX_refresh_tokens_token_hash", "refresh_tokens", "token_hash", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("refresh_tokens");
        migrationBuilder.DropTable("sessions");
        migrationBuilder.DropColumnInPlace("last_totp_time_step", "accounts");
        migrationBuilder.DropColumnInPlace("previous_password_hashes", "accounts");
    }
}
