using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Data;

/// <summary>
/// Upload times written before <c>20261203030000_UploadLimits</c> (on SQLite, text with an offset) read back as the same
/// instants after it, and compare in order in a query, as the daily quota and the clean-up need.
/// </summary>
public sealed class UploadLimitsMigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task UploadTimesOfExistingFiles_ReadBackTheSame_AndCompareInOrder(string provider)
    {
        var target = TestDb.Create(provider);
        await using var db = target.Context();
        await db.GetService<IMigrator>().MigrateAsync("20261202020000_MeetingRecordsKept");
        var early = Guid.CreateVersion7();
        var late = Guid.CreateVersion7();
        // As the model before the migration wrote them: EF's DateTimeOffset text on SQLite, timestamptz on PostgreSQL.
        var (earlyAt, lateAt) = provider == TestDatabases.Postgres
            ? ("'2026-12-03 09:59:59.5+00'", "'2026-12-03 10:00:00.25+00'")
            : ("'2026-12-03 09:59:59.5+00:00'", "'2026-12-03 10:00:00.25+00:00'");
        foreach (var (id, at) in new[] { (early, earlyAt), (late, lateAt) })
        {
#pragma warning disable EF1003 // the values are this test's own constants
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO stored_files (id, org_id, file_name, content_type, size, sha256, storage_path, created_at, created_by) " +
                $"VALUES ('{Text(id)}', NULL, 'a.png', 'image/png', 1, 'x', '2026/12/{id:N}', {at}, 'someone')");
#pragma warning restore EF1003
        }

        await db.Database.MigrateAsync();

        var files = await db.Set<StoredFile>().AsNoTracking().OrderBy(f => f.CreatedAt).ToListAsync();
        files.Select(f => f.Id).Should().Equal(early, late);
        files[0].CreatedAt.Should().Be(new DateTimeOffset(2026, 12, 3, 9, 59, 59, 500, TimeSpan.Zero));
        files[1].CreatedAt.Should().Be(new DateTimeOffset(2026, 12, 3, 10, 0, 0, 250, TimeSpan.Zero));
        if (provider == TestDatabases.Sqlite)
        {
            // UTC text without an offset: read with an offset, the driver would turn it into the server's local time
            // (a server in China reads eight hours off) before the model marks it UTC.
            var stored = await db.Database.SqlQueryRaw<string>("SELECT created_at AS \"Value\" FROM stored_files ORDER BY created_at").ToListAsync();
            stored.Should().Equal("2026-12-03 09:59:59.500", "2026-12-03 10:00:00.250");
        }
        var from = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        (await db.Set<StoredFile>().Where(f => f.CreatedAt >= from).Select(f => f.Id).ToListAsync()).Should().Equal(late);

        // SQLite keeps a Guid as upper-case text, PostgreSQL as uuid.
        string Text(Guid id) => provider == TestDatabases.Postgres ? id.ToString() : id.ToString().ToUpperInvariant();
    }
}
