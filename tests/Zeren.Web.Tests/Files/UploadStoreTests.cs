using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Files;

public class UploadStoreTests
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. new byte[2048]];

    private static UploadStore Store(Zeren.Core.Data.ZerenDbContext db, string folder, long maxBytes = 20 * 1024 * 1024) =>
        new(db, new UploadFolder(folder), Options.Create(new UploadOptions { MaxBytes = maxBytes }), TimeProvider.System, new ActorAccessor());

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Save_WhenTheDatabaseRefusesTheRow_LeavesNoFileBehind(string provider)
    {
        // A database without the table (never migrated): the insert fails after the bytes are on disk.
        var target = TestDb.Create(provider);
        await using var db = target.Context();
        var folder = TestDatabases.NewTempFolder("zeren-uploads");

        var save = () => Store(db, folder).SaveAsync(new MemoryStream(Pdf), "纪要.pdf", "application/pdf", FileSignature.All);

        await save.Should().ThrowAsync<DbUpdateException>();
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Save_WhenTheStreamRunsPastTheLimit_LeavesNoPartialFile(string provider)
    {
        var target = TestDb.Create(provider);
        await using var db = target.Context();
        await db.Database.MigrateAsync();
        var folder = TestDatabases.NewTempFolder("zeren-uploads");
        // Not seekable, so the size is only known while writing.
        var stream = new ForwardOnlyStream(Pdf);

        var save = () => Store(db, folder, maxBytes: 1024).SaveAsync(stream, "纪要.pdf", "application/pdf", FileSignature.All);

        (await save.Should().ThrowAsync<Zeren.Core.Platform.TooLargeException>()).Which.Code.Should().Be("upload_size");
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Should().BeEmpty();
        (await db.Set<StoredFile>().CountAsync()).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Save_RecordsTheActorAndTheOrg(string provider)
    {
        var target = TestDb.Create(provider);
        await using var db = target.Context();
        await db.Database.MigrateAsync();
        var orgId = (await new OrganizationService(db, TimeProvider.System, new OrgPeople(db)).CreateAsync(new OrgInput(null, "F01", "某县委", OrgKind.Committee, OrgDomain.Comprehensive))).Id;

        var stored = await Store(db, TestDatabases.NewTempFolder("zeren-uploads"))
            .SaveAsync(new ForwardOnlyStream(Pdf), @"C:\Users\王\纪要.PDF", null, [FileKind.Pdf], orgId);

        var row = await db.Set<StoredFile>().AsNoTracking().SingleAsync(f => f.Id == stored.Id);
        row.FileName.Should().Be("纪要.PDF", "the client's folders are not kept");
        row.OrgId.Should().Be(orgId);
        row.CreatedBy.Should().Be(Actor.System.UserName);
        row.Size.Should().Be(Pdf.Length);
        row.StoragePath.Should().MatchRegex(@"^\d{4}/\d{2}/[0-9a-f]{32}$");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Save_ForAnOrganizationThatIsNotThere_StoresNothing(string provider)
    {
        var target = TestDb.Create(provider);
        await using var db = target.Context();
        await db.Database.MigrateAsync();
        var folder = TestDatabases.NewTempFolder("zeren-uploads");

        var save = () => Store(db, folder).SaveAsync(new MemoryStream(Pdf), "纪要.pdf", null, FileSignature.All, Guid.NewGuid());

        await save.Should().ThrowAsync<Zeren.Core.Platform.NotFoundException>();
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    /// <summary>A stream that can only be read forwards, like a request body.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
