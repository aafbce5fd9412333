using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Zeren.Core.Data;
using Zeren.Core.Organizations;

namespace Zeren.Core.Security;

/// <summary>
/// Which accounts' statements are planned once per connection, for any value (ADR 0053): those whose subtrees are all
/// small. A plan made for any value estimates a subtree at a fixed share of the tree (0.5 %), close for a county in a
/// province and far too few for a province's own, whose statements then ran as nested loops over 56 000 organizations.
/// </summary>
public static class SmallScopes
{
    /// <summary>The most organizations a subtree holds for its account's statements to be planned once: a county and what is under it, not a city.</summary>
    public const int SmallSubtree = 2000;

    /// <summary>
    /// Whether every subtree of <paramref name="scope"/> holds at most <paramref name="limit"/> organizations (<see
    /// cref="SmallSubtree"/> unless given). Counted up to the limit, and held ten minutes per subtree: a subtree's size
    /// changes with the tree's shape, seldom. The whole deployment is never small.
    /// </summary>
    public static Task<bool> SmallAsync(ZerenDbContext db, DataScope scope, IMemoryCache cache, CancellationToken ct = default) =>
        SmallAsync(db, scope, cache, SmallSubtree, ct);

    /// <inheritdoc cref="SmallAsync(ZerenDbContext, DataScope, IMemoryCache, CancellationToken)"/>
    public static async Task<bool> SmallAsync(ZerenDbContext db, DataScope scope, IMemoryCache cache, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(cache);
        if (scope.All || scope.Paths.Count == 0)
        {
            return false;
        }
        foreach (var path in scope.Paths)
        {
            var key = $"small-subtree|{limit}|{path}";
            if (!cache.TryGetValue(key, out bool small))
            {
                small = await db.Set<Organization>().IgnoreQueryFilters().InSubtree(db, path).Take(limit + 1).CountAsync(ct) <= limit;
                cache.Set(key, small, TimeSpan.FromMinutes(10));
            }
            if (!small)
            {
                return false;
            }
        }
        return true;
    }
}
