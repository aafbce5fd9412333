using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>Uploaded files (附件): what each one is; the bytes live in the data folder.</summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261122040000_StoredFiles")]
public sealed class StoredFiles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "stored_files",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                org_id = t.Column<Guid>(nullable: true),
                file_name = t.Column<string>(maxLength: 200, nullable: false),
                content_type = t.Column<string>(maxLength: 100, nullable: false),
                size = t.Column<long>(nullable: false),
                sha256 = t.Column<string>(maxLength: 64, nullable: false),
                storage_path = t.Column<string>(maxLength: 100, nullable: false),
                created_at = t.Column<DateTimeOffset>(nullable: false),
                created_by = t.Column<string>(maxLength: 100, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_stored_files", x => x.id);
            });

        migrationBuilder.CreateIndex("IX_stored_files_org_id", "stored_files", "org_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("stored_files");
    }
}
