using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Security;

/// <summary>A new table cannot slip past the data scope or the write guard.</summary>
public class ModelGuardTests
{
    private static ZerenDbContext Context(bool postgres = false, ActorAccessor? actor = null)
    {
        var options = new DbContextOptionsBuilder<ZerenDbContext>();
        if (postgres)
        {
            options.UseNpgsql("Host=localhost");
        }
        else
        {
            options.UseSqlite("Data Source=:memory:");
        }
        return new ZerenDbContext(options.Options, actor);
    }

    [Fact]
    public void EveryEntityThatBelongsToAnOrganization_HasAScopeFilter()
    {
        using var db = Context();
        var owned = db.Model.GetEntityTypes()
            .Where(t => t.ClrType == typeof(Organization) || t.FindProperty("OrgId") is not null || t.FindProperty("CountyOrgId") is not null)
            // An account's organization is its scope, not its owner: sign-in and account management find accounts across scopes.
            .Where(t => t.ClrType != typeof(Account))
            .ToList();
        owned.Should().HaveCountGreaterThan(5);
        owned.Where(t => t.GetDeclaredQueryFilters().Count == 0).Select(t => t.ClrType.Name)
            .Should().BeEmpty("every org-owned entity must declare ScopedByOrg in its configuration");
    }

    [Fact]
    public void EveryEntity_DeclaresItsScopeAndItsWriteRule()
    {
        using var db = Context();
        var entities = db.Model.GetEntityTypes().ToList();
        entities.Should().HaveCountGreaterThan(20);
        entities.Where(t => RowRules.ScopeOf(t) is null || RowRules.WriteOf(t) is null).Select(t => t.ClrType.Name).Should().BeEmpty();
        entities.Where(t => RowRules.ScopeOf(t) is NoScope { Reason.Length: < 10 }).Select(t => t.ClrType.Name)
            .Should().BeEmpty("an unscoped table says why");
        entities.Where(t => RowRules.WriteOf(t) is { Permission: null, Reason.Length: < 10 }).Select(t => t.ClrType.Name)
            .Should().BeEmpty("a table guarded elsewhere says where");
    }

    private sealed class Stray
    {
        public Guid Id { get; set; }
        public Guid OrgId { get; set; }
    }

    /// <summary>A capability's new table, added to the model without a word about its scope.</summary>
    private sealed class UndeclaredContext(DbContextOptions<ZerenDbContext> options) : ZerenDbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Stray>().ToTable("strays");
            base.OnModelCreating(modelBuilder);
        }
    }

    /// <summary>The same table with its scope but no write rule.</summary>
    private sealed class ScopeOnlyContext(DbContextOptions<ZerenDbContext> options) : ZerenDbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Stray>().ToTable("strays").ScopedByOrg(s => s.OrgId);
            base.OnModelCreating(modelBuilder);
        }
    }

    private static DbContextOptions<ZerenDbContext> SqliteOptions() =>
        new DbContextOptionsBuilder<ZerenDbContext>().UseSqlite("Data Source=:memory:").Options;

    [Fact]
    public void BuildingTheModel_WhenAnEntityDeclaresNoScope_IsRefusedNamingIt()
    {
        using var db = new UndeclaredContext(SqliteOptions());

        var act = () => db.Model;

        act.Should().Throw<InvalidOperationException>().WithMessage("*entity Stray declares no data scope*ScopedByOrg*");
    }

    [Fact]
    public void BuildingTheModel_WhenAnEntityDeclaresNoWriteRule_IsRefusedNamingIt()
    {
        using var db = new ScopeOnlyContext(SqliteOptions());

        var act = () => db.Model;

        act.Should().Throw<InvalidOperationException>().WithMessage("*entity Stray declares no write rule*WrittenWith*");
    }

    /// <summary>
    /// The filters stay what the database answers from indexes: the tree by path prefixes (LIKE, ADR 0044), or on a context
    /// of generic plans by ranges of paths (ADR 0053), every other scoped row by a semi-join (EXISTS) on its organization or
    /// its parent row, never a list of ids sent along; a whole-deployment account's statement has no scope test and no flag.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task EveryScopeFilter_IsASemiJoinOnTheTreesPrefixesOrRanges(bool postgres, bool generic)
    {
        var township = new ActorAccessor
        {
            Current = new Actor(Guid.NewGuid(), "t", null, [Role.TownshipAdmin], DataScope.Of([OrgPath.Segment(Guid.NewGuid())])),
        };
        using var db = await ContextAsync(postgres, township, generic);
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
        var q = postgres ? "" : "\"";
        foreach (var entity in db.Model.GetEntityTypes().Where(t => RowRules.ScopeOf(t) is not (NoScope or null)))
        {
            var sql = ((IQueryable)set.MakeGenericMethod(entity.ClrType).Invoke(db, null)!).ToQueryString();
            var where = sql[sql.IndexOf("WHERE", StringComparison.Ordinal)..];

            // One subtree: its one prefix or range, the other three left out of the statement (they are null), and no flag.
            if (generic)
            {
                where.Should().Contain($"{q}path{q} >= @ef_filter__ScopeFrom0 AND ", entity.ClrType.Name)
                    .And.Contain($"{q}path{q} < @ef_filter__ScopeUntil0", entity.ClrType.Name)
                    .And.NotContain("LIKE", entity.ClrType.Name);
            }
            else
            {
                where.Should().Contain($"{q}path{q} LIKE @ef_filter__ScopePattern0", entity.ClrType.Name)
                    .And.NotContain("ScopeFrom", entity.ClrType.Name);
            }
            where.Should().NotContain("ScopePattern1", entity.ClrType.Name)
                .And.NotContain("ScopeFrom1", entity.ClrType.Name)
                .And.NotContain("ScopeFrom3", entity.ClrType.Name)
                .And.NotContain("ScopeWhole", entity.ClrType.Name)
                .And.NotContain(" IN (", entity.ClrType.Name)
                .And.NotContain("json_each", entity.ClrType.Name)
                .And.NotContain("ANY (", entity.ClrType.Name);
            if (RowRules.ScopeOf(entity) is not PathScope)
            {
                where.Should().Contain("EXISTS (", entity.ClrType.Name).And.Contain($"FROM {q}organizations{q}", entity.ClrType.Name);
            }
        }

        // Four subtrees (a county leader's linked townships): four prefixes or ranges.
        var leader = new ActorAccessor
        {
            Current = new Actor(Guid.NewGuid(), "l", null, [Role.CountyLeader],
                DataScope.Of(Enumerable.Range(0, DataScope.MaxPaths).Select(_ => OrgPath.Segment(Guid.NewGuid())))),
        };
        using var wide = await ContextAsync(postgres, leader, generic);
        var tree = wide.Set<Organization>().ToQueryString();
        for (var i = 0; i < DataScope.MaxPaths; i++)
        {
            tree.Should().Contain(generic
                ? $"{q}path{q} >= @ef_filter__ScopeFrom{i} AND {q}o{q}.{q}path{q} < @ef_filter__ScopeUntil{i}"
                : $"{q}path{q} LIKE @ef_filter__ScopePattern{i}");
        }

        // The whole deployment: no test of the scope at all, so its statements are planned for every row.
        using var everything = await ContextAsync(postgres, new ActorAccessor(), generic);
        everything.Set<Organization>().ToQueryString().Should().NotContain("WHERE");
        var people = everything.Set<Person>().ToQueryString();
        people.Should().NotContain("Scope").And.NotContain("path");
    }

    private static async Task<ZerenDbContext> ContextAsync(bool postgres, ActorAccessor actor, bool generic)
    {
        var db = Context(postgres, actor);
        if (generic)
        {
            await db.UseGenericPlansAsync();
        }
        return db;
    }
}
