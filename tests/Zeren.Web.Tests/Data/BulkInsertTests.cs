using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Data;

/// <summary>
/// The bulk path of an import's new rows (ADR 0041: binary COPY on PostgreSQL, SaveChanges on SQLite) against the
/// ordinary save: the same rows, the same audit entries in an intact chain, the write guard, and all or nothing.
/// </summary>
public sealed class BulkInsertTests
{
    private readonly string prefix = "B" + Guid.NewGuid().ToString("N")[..8];

    private static Actor CountyActor(DataScope scope) =>
        new(Guid.NewGuid(), "bulk-tester", "198.51.100.7", [Role.CountyAdmin], scope, orgPath: null);

    /// <summary>A county with two townships and a village under each; returns the villages and the first township's path.</summary>
    private async Task<(Guid Village1, Guid Village2, string Township1Path)> OrgsAsync(ZerenFactory factory)
    {
        await using var scope = factory.Scope();
        var orgs = scope.Get<OrganizationService>();
        var county = await orgs.CreateAsync(new OrgInput(null, $"{prefix}C", "某县委", OrgKind.Committee, OrgDomain.Comprehensive));
        var t1 = await orgs.CreateAsync(new OrgInput(county.Id, $"{prefix}T1", "甲镇党委", OrgKind.Committee, OrgDomain.Comprehensive));
        var t2 = await orgs.CreateAsync(new OrgInput(county.Id, $"{prefix}T2", "乙镇党委", OrgKind.Committee, OrgDomain.Comprehensive));
        var v1 = await orgs.CreateAsync(new OrgInput(t1.Id, $"{prefix}V1", "东村党支部", OrgKind.Branch, OrgDomain.Rural));
        var v2 = await orgs.CreateAsync(new OrgInput(t2.Id, $"{prefix}V2", "西村党支部", OrgKind.Branch, OrgDomain.Rural));
        var path = await scope.Get<ZerenDbContext>().Set<Organization>().IgnoreQueryFilters().Where(o => o.Id == t1.Id).Select(o => o.Path).SingleAsync();
        return (v1.Id, v2.Id, path);
    }

    /// <summary>When the people are staged: to the millisecond, which both databases keep (PostgreSQL keeps microseconds).</summary>
    private static readonly DateTimeOffset Stamp = new(2026, 11, 20, 2, 3, 4, 567, TimeSpan.Zero);

    private static List<Person> People(ZerenFactory factory, Guid orgId, int count, string name)
    {
        using var scope = factory.Scope();
        var protector = scope.Get<PersonalDataProtector>();
        var clock = scope.Get<TimeProvider>();
        return Enumerable.Range(0, count).Select(i => Person.Create(orgId,
            new PersonDetails($"{name}{i}", i % 2 == 0 ? Gender.Male : Gender.Female, PartyStatus.Full, "汉族",
                new DateOnly(1980, 1, 1).AddDays(i), Education.Bachelor, Mobile: $"1391234{i:0000}", JoinedPartyOn: new DateOnly(2005, 7, 1)),
            ChinaTime.Today(clock), Stamp, protector)).ToList();
    }

    /// <summary>Saves the people in one scope and transaction, in slices, as the import does.</summary>
    private static async Task SaveAsync(ZerenFactory factory, Actor actor, IEnumerable<IEnumerable<Person>> slices, bool bulk)
    {
        await using var scope = factory.Scope();
        scope.Get<ActorAccessor>().Current = actor;
        var db = scope.Get<ZerenDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        foreach (var slice in slices)
        {
            db.AddRange(slice);
            if (bulk)
            {
                await BulkInsert.SaveAddedAsync(db);
            }
            else
            {
                await db.SaveChangesAsync();
            }
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync();
    }

    private static async Task<List<AuditEntry>> EntriesAboutAsync(ZerenFactory factory, IEnumerable<Person> people)
    {
        var ids = people.Select(p => p.Id.ToString("D")).ToList();
        await using var scope = factory.Scope();
        return await scope.Get<ZerenDbContext>().Set<AuditEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.EntityType == nameof(Person) && ids.Contains(a.EntityId!)).OrderBy(a => a.Sequence).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BulkSave_WritesTheRowsAndAuditEntriesThatSaveChangesWrites(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var (village, _, _) = await OrgsAsync(factory);
        var actor = CountyActor(DataScope.Everything);
        var bulk = People(factory, village, 5, $"{prefix}甲");
        var ordinary = People(factory, village, 5, $"{prefix}甲");

        await SaveAsync(factory, actor, bulk.Chunk(3), bulk: true);
        await SaveAsync(factory, actor, ordinary.Chunk(3), bulk: false);

        await using var scope = factory.Scope();
        var db = scope.Get<ZerenDbContext>();
        var type = db.Model.FindEntityType(typeof(Person))!;
        var ids = bulk.Concat(ordinary).Select(p => p.Id).ToList();
        var stored = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
        stored.Should().HaveCount(10);
        for (var i = 0; i < bulk.Count; i++)
        {
            foreach (var property in type.GetProperties())
            {
                var getter = property.GetGetter();
                // Read back as staged, every column (the ciphers too).
                getter.GetClrValue(stored[bulk[i].Id]).Should().Be(getter.GetClrValue(bulk[i]), property.Name);
                if (property.Name is not (nameof(Person.Id) or nameof(Person.MobileCipher)))
                {
                    // And as the ordinary save stores the same details.
                    getter.GetClrValue(stored[bulk[i].Id]).Should().Be(getter.GetClrValue(stored[ordinary[i].Id]), property.Name);
                }
            }
        }

        var bulkEntries = await EntriesAboutAsync(factory, bulk);
        var ordinaryEntries = await EntriesAboutAsync(factory, ordinary);
        bulkEntries.Should().HaveCount(5);
        ordinaryEntries.Should().HaveCount(5);
        bulkEntries.Select(e => e.EntityId).Should().Equal(bulk.Select(p => p.Id.ToString("D")), "one entry per row, in the order they were added");
        bulkEntries.Select(e => e.Operation).Distinct().Should().Equal(bulkEntries[0].Sequence);
        for (var i = 0; i < bulkEntries.Count; i++)
        {
            var (b, o) = (bulkEntries[i], ordinaryEntries[i]);
            b.Action.Should().Be(AuditAction.Create);
            (b.Action, b.EntityType, b.UserName, b.AccountId, b.ClientAddress, b.ActorOrgPath, b.Summary, b.EntityName, b.Reason, b.Before)
                .Should().Be((o.Action, o.EntityType, o.UserName, o.AccountId, o.ClientAddress, o.ActorOrgPath, o.Summary, o.EntityName, o.Reason, o.Before));
            b.After!.Replace(bulk[i].Id.ToString("D"), "ID", StringComparison.OrdinalIgnoreCase)
                .Should().Be(o.After!.Replace(ordinary[i].Id.ToString("D"), "ID", StringComparison.OrdinalIgnoreCase));
            b.Hash.Should().Be(AuditHash.Of(b));
        }
        (await scope.Get<AuditVerifier>().VerifyAsync()).Break.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BulkSave_WhenALaterSliceIsRefusedByTheWriteGuard_SavesNothingAndRecordsNothing(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var (inScope, outOfScope, township) = await OrgsAsync(factory);
        var actor = CountyActor(DataScope.Of([township]));
        var first = People(factory, inScope, 3, $"{prefix}乙");
        var later = People(factory, outOfScope, 2, $"{prefix}丙");

        var save = () => SaveAsync(factory, actor, [first, later], bulk: true);

        await save.Should().ThrowAsync<NotFoundException>();
        await using var scope = factory.Scope();
        var ids = first.Concat(later).Select(p => p.Id).ToList();
        (await scope.Get<ZerenDbContext>().Set<Person>().IgnoreQueryFilters().CountAsync(p => ids.Contains(p.Id))).Should().Be(0);
        (await EntriesAboutAsync(factory, first.Concat(later))).Should().BeEmpty();
        (await scope.Get<AuditVerifier>().VerifyAsync()).Break.Should().BeNull();

        // The same actor may add the first slice alone.
        await SaveAsync(factory, actor, [first], bulk: true);
        (await EntriesAboutAsync(factory, first)).Should().HaveCount(3);
    }
}
