using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// ID numbers and mobiles leave the clear: the plain columns go, an encrypted column and a keyed hash come for each
/// (ADR 0012). Nothing is carried over: there was no production data, and a migration has no keys to encrypt with.
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261122010000_PersonalDataEncryption")]
public sealed class PersonalDataEncryption : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // SQLite will not drop an indexed column: the index goes first.
        migrationBuilder.DropIndex("IX_people_id_number", "people");
        migrationBuilder.DropColumnInPlace("id_number", "people");
        migrationBuilder.DropColumnInPlace("mobile", "people");

        migrationBuilder.AddColumn<string>("id_number_cipher", "people", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<string>("id_number_hash", "people", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<string>("mobile_cipher", "people", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<string>("mobile_hash", "people", maxLength: 64, nullable: true);
        migrationBuilder.CreateIndex("IX_people_id_number_hash", "people", "id_number_hash", unique: true);
        migrationBuilder.CreateIndex("IX_people_mobile_hash", "people", "mobile_hash");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_people_mobile_hash", "people");
        migrationBuilder.DropIndex("IX_people_id_number_hash", "people");
        migrationBuilder.DropColumnInPlace("mobile_hash", "people");
        migrationBuilder.DropColumnInPlace("mobile_cipher", "people");
        migrationBuilder.DropColumnInPlace("id_number_hash", "people");
        migrationBuilder.DropColumnInPlace("id_number_cipher", "people");

        migrationBuilder.AddColumn<string>("id_number", "people", maxLength: 18, nullable: true);
        migrationBuilder.AddColumn<string>("mobile", "people", maxLength: 11, nullable: true);
        migrationBuilder.CreateIndex("IX_people_id_number", "people", "id_number", unique: true);
    }
}
