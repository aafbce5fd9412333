using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
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
    /// The filters stay what the database answers from indexes: the tree by path prefixes (LIKE, ADR 0044), every other scoped row by a
    /// semi-join (EXISTS) on its organization or its parent row, never a list of ids sent along.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryScopeFilter_IsASemiJoinOnTheTreesPathPrefixes(bool postgres)
    {
        var township = new ActorAccessor
        {
            Current = new Actor(Guid.NewGuid(), "t", null, [Role.TownshipAdmin], DataScope.Of([OrgPath.Segment(Guid.NewGuid())])),
        };
        using var db = Context(postgres, township);
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
        var q = postgres ? "" : "\"";
        foreach (var entity in db.Model.GetEntityTypes().Where(t => RowRules.ScopeOf(t) is not (NoScope or null)))
        {
            var sql = ((IQueryable)set.MakeGenericMethod(entity.ClrType).Invoke(db, null)!).ToQueryString();
            var where = sql[sql.IndexOf("WHERE", StringComparison.Ordinal)..];

            // One subtree: its one prefix, the other three ranges left out of the statement (their patterns are null).
            where.Should().Contain($"{q}path{q} LIKE @ef_filter__ScopePattern0", entity.ClrType.Name)
                .And.NotContain("ScopePattern1", entity.ClrType.Name)
                .And.NotContain("ScopePattern3", entity.ClrType.Name)
                .And.NotContain(" IN (", entity.ClrType.Name)
                .And.NotContain("json_each", entity.ClrType.Name)
                .And.NotContain("ANY (", entity.ClrType.Name);
            if (RowRules.ScopeOf(entity) is not PathScope)
            {
                where.Should().Contain("EXISTS (", entity.ClrType.Name).And.Contain($"FROM {q}organizations{q}", entity.ClrType.Name);
            }
        }

        // Four subtrees (a county leader's linked townships): four prefixes.
        var leader = new ActorAccessor
        {
            Current = new Actor(Guid.NewGuid(), "l", null, [Role.CountyLeader],
                DataScope.Of(Enumerable.Range(0, DataScope.MaxPaths).Select(_ => OrgPath.Segment(Guid.NewGuid())))),
        };
        using var wide = Context(postgres, leader);
        var tree = wide.Set<Organization>().ToQueryString();
        for (var i = 0; i < DataScope.MaxPaths; i++)
        {
            tree.Should().Contain($"{q}path{q} LIKE @ef_filter__ScopePattern{i}");
        }
    }
}
