using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Rectification;

namespace Zeren.Core.Data.Migrations;

/// <summary>
/// The open problems get an index by deadline, so that the home page's overdue problems of a subtree (辖区逾期问题, most
/// overdue first) read their first few from the index's start, not every open problem of a province, sorted.
/// </summary>
[DbContext(typeof(ZerenDbContext))]
[Migration("20261210100000_OpenProblemsByDeadline")]
public sealed class OpenProblemsByDeadline : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_problems_due_on_id_open", "problems", ["due_on", "id"], filter: ProblemConfiguration.OpenFilter);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_problems_due_on_id_open", "problems");
}
