using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Core.Tests.Spreadsheets;

namespace Zeren.Core.Tests.Audit;

/// <summary>The interceptor on a real SQLite database: entries in the same transaction as the change, and nothing left behind when a save fails.</summary>
public sealed class AuditInterceptorTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    /// <summary>A unit of work as a request would have it: an actor, the interceptor, a DbContext using it.</summary>
    private sealed class Work : IAsyncDisposable
    {
        public Work(TestDatabase database, Actor? actor = null)
        {
            Actors = new ActorAccessor { Current = actor ?? Actor.System };
            Interceptor = new AuditInterceptor(Actors, database.Clock);
            Db = database.NewContext(Interceptor);
            Orgs = new OrganizationService(Db, database.Clock, new OrgPeople(Db));
            Audit = new AuditLog(Db, Interceptor, Actors);
        }

        public ActorAccessor Actors { get; }
        public AuditInterceptor Interceptor { get; }
        public ZerenDbContext Db { get; }
        public OrganizationService Orgs { get; }
        public AuditLog Audit { get; }

        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    private static OrgInput County(string code = "C01", string name = "某县委") => new(null, code, name, OrgKind.Committee, OrgDomain.Comprehensive);

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = database.NewContext();
        return await db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = database.NewContext();
        return await new AuditVerifier(db).VerifyAsync(batchSize: 2);
    }

    [Fact]
    public async Task Save_WithoutATransaction_WritesTheEntryInOneItOpensAndCommits()
    {
        await using var work = new Work(database);

        var org = await work.Orgs.CreateAsync(County());

        work.Db.Database.CurrentTransaction.Should().BeNull();
        work.Db.ChangeTracker.Entries<AuditEntry>().Should().BeEmpty("written entries are not kept in the tracker");
        var entry = (await EntriesAsync()).Should().ContainSingle().Which;
        (entry.Sequence, entry.Action, entry.EntityType, entry.EntityId).Should().Be((1L, AuditAction.Create, "Organization", org.Id.ToString()));
        entry.PreviousHash.Should().Be(AuditHash.Genesis);
        entry.At.Should().Be(AuditEntry.ToMilliseconds(database.Clock.GetUtcNow()));
        (await VerifyAsync()).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task Save_InTheCallersTransaction_IsRolledBackWithIt()
    {
        await using (var work = new Work(database))
        {
            await using var tx = await work.Db.Database.BeginTransactionAsync();
            await work.Orgs.CreateAsync(County());
            (await work.Db.Set<AuditEntry>().CountAsync()).Should().Be(1, "the entry is written inside the caller's transaction");
            await tx.RollbackAsync();
        }

        (await EntriesAsync()).Should().BeEmpty();
        await using var check = database.NewContext();
        (await check.Set<Organization>().AnyAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task Save_ThatFails_LeavesNoTransactionAndNoStrayEntry()
    {
        await using var work = new Work(database);
        await work.Orgs.CreateAsync(County());
        var duplicate = Organization.Create(null, new OrgDetails("C01", "重复县委", OrgKind.Committee, OrgDomain.Comprehensive), database.Clock.GetUtcNow());
        work.Db.Add(duplicate);

        var save = () => work.Db.SaveChangesAsync();

        await save.Should().ThrowAsync<DbUpdateException>();
        work.Db.Database.CurrentTransaction.Should().BeNull();
        work.Db.ChangeTracker.Entries<AuditEntry>().Should().BeEmpty("a retry must not insert entries with a stale place in the chain");
        work.Db.Entry(duplicate).State = EntityState.Detached;
        await work.Orgs.CreateAsync(County("C02", "另一县委"));
        (await EntriesAsync()).Select(e => e.Sequence).Should().Equal(1, 2);
        (await VerifyAsync()).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task Save_ThatHitsAConcurrencyConflict_LeavesNoTransactionOpen()
    {
        await using var work = new Work(database);
        var org = await work.Orgs.CreateAsync(County());
        var tracked = await work.Db.Set<Organization>().SingleAsync(o => o.Id == org.Id);
        await using (var other = new Work(database))
        {
            await other.Orgs.DeleteAsync(org.Id, "录入错误");
        }
        tracked.Update(new OrgDetails("C01", "改名县委", OrgKind.Committee, OrgDomain.Comprehensive), database.Clock.GetUtcNow());

        var save = () => work.Db.SaveChangesAsync();

        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        work.Db.Database.CurrentTransaction.Should().BeNull();
        work.Db.ChangeTracker.Clear();
        await work.Orgs.CreateAsync(County("C02", "另一县委"));
        (await EntriesAsync()).Select(e => e.Action).Should().Equal(AuditAction.Create, AuditAction.Delete, AuditAction.Create);
        (await VerifyAsync()).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task SaveChanges_Synchronous_IsAuditedToo()
    {
        await using var work = new Work(database);
        work.Db.Add(Region.Create(Guid.NewGuid(), "第一片区", 1));

        work.Db.SaveChanges();

        var entry = (await EntriesAsync()).Should().ContainSingle().Which;
        entry.Summary.Should().Be("新增片区“第一片区”");
        work.Db.Database.CurrentTransaction.Should().BeNull();
    }

    [Fact]
    public async Task SuspendedRowAuditing_RecordsOnlyTheSummaryEntry()
    {
        await using var work = new Work(database);
        await using (var tx = await work.Db.Database.BeginTransactionAsync())
        {
            using (work.Audit.SuspendRowAuditing())
            {
                await work.Orgs.CreateAsync(County());
                await work.Orgs.CreateAsync(County("C02", "另一县委"));
            }
            await work.Audit.RecordAsync(AuditAction.Import, "DemoCounty", null, "载入演示县（2 个组织）", after: new { Organizations = 2 });
            await tx.CommitAsync();
        }
        work.Interceptor.RowAuditingSuspended.Should().BeFalse();
        await work.Orgs.CreateAsync(County("C03", "第三县委"));

        (await EntriesAsync()).Select(e => (e.Action, e.EntityType)).Should().Equal((AuditAction.Import, "DemoCounty"), (AuditAction.Create, "Organization"));
    }

    [Fact]
    public async Task SuspendedRowAuditing_RefusesToSaveForAnAccount()
    {
        await using var work = new Work(database);
        using var suspended = work.Audit.SuspendRowAuditing();
        work.Actors.Current = new Actor(Guid.NewGuid(), "zhang", null, [Role.CountyAdmin], DataScope.Everything);

        var create = () => work.Orgs.CreateAsync(County());

        await create.Should().ThrowAsync<InvalidOperationException>();
        (await EntriesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Record_WithoutTheInterceptor_Throws()
    {
        await using var db = database.NewContext();
        var audit = new AuditLog(db, new AuditInterceptor(new ActorAccessor(), database.Clock), new ActorAccessor());

        var record = () => audit.RecordAsync(AuditAction.Export, "Person", null, "导出人员名册");

        await record.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task DeletePerson_RecordsEveryRowItTakesAlong()
    {
        await using var work = new Work(database);
        var county = await work.Orgs.CreateAsync(County());
        var people = new PeopleService(work.Db, work.Orgs, database.Clock, TestKeys.Protector, new ActorAccessor(), new NoPersonalDataAudit());
        var person = await people.CreateAsync(new PersonInput(county.Id, "张三", Gender.Male, PartyStatus.None));
        await people.AppointAsync(county.Id, person.Id, PositionTitle.CountyLeader, new DateOnly(2024, 1, 1));
        var grid = await work.Orgs.CreateGridAsync(county.Id, "一组网格", 10, person.Id);

        await people.DeleteAsync(person.Id, "重复登记");

        var last = (await EntriesAsync()).TakeLast(3).ToList();
        last.Select(e => (e.Action, e.EntityType)).Should().BeEquivalentTo([
            (AuditAction.Delete, "Person"), (AuditAction.Delete, "Position"), (AuditAction.Update, "Grid")]);
        var gridChange = last.Single(e => e.EntityType == "Grid");
        gridChange.EntityId.Should().Be(grid.Id.ToString());
        gridChange.After.Should().Be("""{"LeaderPersonId":null}""");
    }

    [Fact]
    public async Task Operation_GroupsEverySaveOfOneUnitOfWork()
    {
        await using (var work = new Work(database))
        {
            var org = await work.Orgs.CreateAsync(County());
            await work.Audit.RecordAsync(AuditAction.Export, "Organization", null, "导出组织列表");
            await work.Orgs.UpdateAsync(org.Id, new OrgInput(null, "C01", "改名县委", OrgKind.Committee, OrgDomain.Comprehensive));
        }
        await using (var next = new Work(database))
        {
            await next.Orgs.CreateAsync(County("C02", "另一县委"));
        }

        var entries = await EntriesAsync();
        entries.Select(e => e.Operation).Should().Equal(1L, 1L, 1L, 4L);
        entries.Should().OnlyContain(e => AuditHash.FormatOf(e) == 2);
        entries[2].Summary.Should().Be("修改组织“改名县委”：名称", "properties are named in Chinese, the update stamp only when nothing else changed");
        entries[2].EntityName.Should().Be("改名县委");
        (await VerifyAsync()).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task Operation_WhoseFirstEntryWasRolledBack_StartsAgain()
    {
        await using var work = new Work(database);
        await using (var tx = await work.Db.Database.BeginTransactionAsync())
        {
            await work.Orgs.CreateAsync(County());
            await tx.RollbackAsync();
        }
        work.Db.ChangeTracker.Clear();
        await using (var other = new Work(database))
        {
            // Takes sequence 1, the number the rolled-back entry had.
            await other.Orgs.CreateAsync(County("C09", "别的县委"));
        }

        await work.Orgs.CreateAsync(County("C02", "另一县委"));

        (await EntriesAsync()).Select(e => (e.Sequence, e.Operation)).Should().Equal((1L, 1L), (2L, 2L));
    }

    [Fact]
    public async Task Reason_IsKeptOnEveryEntryOfTheOperation()
    {
        await using var work = new Work(database);
        var org = await work.Orgs.CreateAsync(County());
        var blank = () => work.Orgs.DeleteAsync(org.Id, " ");
        (await blank.Should().ThrowAsync<Zeren.Core.Platform.DomainException>()).Which.Code.Should().Be("reason_required");

        await work.Orgs.DeleteAsync(org.Id, "  录入错误 ");

        var entries = await EntriesAsync();
        entries.Select(e => (e.Action, e.Reason)).Should().Equal((AuditAction.Create, (string?)null), (AuditAction.Delete, "录入错误"));
        (await VerifyAsync()).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task EntriesOfTheFirstFormat_StillVerify_AmongNewOnes()
    {
        // An entry written before operations existed: no operation, name or reason (format 1).
        await using (var db = database.NewContext())
        {
            db.Add(AuditEntry.Next(0, AuditHash.Genesis, database.Clock.GetUtcNow(), Actor.System,
                new AuditDraft(AuditAction.Import, "Organization", null, "载入演示县", null, null)));
            await db.SaveChangesAsync();
        }
        await using (var work = new Work(database))
        {
            await work.Orgs.CreateAsync(County());
        }

        var entries = await EntriesAsync();
        entries.Select(AuditHash.FormatOf).Should().Equal(1, 2);
        entries[1].Operation.Should().Be(2);
        (await VerifyAsync()).Should().Match<AuditVerification>(v => v.Intact && v.Count == 2);
    }
}
