using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Data;

/// <summary>Which scopes' statements are planned once (ADR 0053): those whose every subtree is small, never the whole deployment.</summary>
public class SmallScopesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AScopeIsSmall_WhenEverySubtreeHoldsAtMostTheLimit(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        var paths = await db.Set<Organization>().IgnoreQueryFilters().Where(o => o.Id == county.Id || o.Id == township.Id)
            .ToDictionaryAsync(o => o.Id, o => o.Path);
        using var cache = new MemoryCache(new MemoryCacheOptions());

        // The county, its township and the township's village: three organizations; the township and its village: two.
        (await SmallScopes.SmallAsync(db, DataScope.Of([paths[county.Id]]), cache, 3)).Should().BeTrue();
        (await SmallScopes.SmallAsync(db, DataScope.Of([paths[county.Id]]), cache, 2)).Should().BeFalse();
        (await SmallScopes.SmallAsync(db, DataScope.Of([paths[township.Id]]), cache, 2)).Should().BeTrue();
        (await SmallScopes.SmallAsync(db, DataScope.Everything, cache, 1_000_000)).Should().BeFalse("the whole deployment keeps plans for its values");
        (await SmallScopes.SmallAsync(db, DataScope.Nothing, cache, 1_000_000)).Should().BeFalse();

        // On a context of generic plans the subtree is a range, and holds the same organizations as the prefix.
        var byPrefix = await db.Set<Organization>().IgnoreQueryFilters().InSubtree(db, paths[county.Id]).Select(o => o.Id).ToListAsync();
        await db.UseGenericPlansAsync();
        var byRange = await db.Set<Organization>().IgnoreQueryFilters().InSubtree(db, paths[county.Id]).Select(o => o.Id).ToListAsync();
        byRange.Should().BeEquivalentTo(byPrefix).And.HaveCount(3);
    }
}
