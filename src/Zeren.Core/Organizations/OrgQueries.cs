using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;

namespace Zeren.Core.Organizations;

public static class OrgQueries
{
    /// <summary>
    /// The organization at <paramref name="rootPath"/> and everything under it, one index range, no recursion: a path
    /// prefix (<see cref="OrgPath.Pattern"/>, ADR 0044), or on a context of generic plans the paths from the root's to
    /// <see cref="OrgPath.UpperBound"/> (ADR 0053), the form each kind of plan estimates and reads as an index range.
    /// </summary>
    public static IQueryable<Organization> InSubtree(this IQueryable<Organization> orgs, ZerenDbContext db, string rootPath)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.GenericPlans)
        {
            var (from, until) = (rootPath, OrgPath.UpperBound(rootPath));
#pragma warning disable CA1309 // string.Compare in a query is SQL's comparison of the path columns (binary collation), never .NET's
            return orgs.Where(o => string.Compare(o.Path, from) >= 0 && string.Compare(o.Path, until) < 0);
#pragma warning restore CA1309
        }
        var pattern = OrgPath.Pattern(rootPath);
        return orgs.Where(o => EF.Functions.Like(o.Path, pattern));
    }

    /// <summary>Townships (乡镇, 街道): 综合 organizations directly under the county, not its working committees.</summary>
    public static IQueryable<Organization> Townships(this IQueryable<Organization> orgs) =>
        orgs.Where(o => o.Domain == OrgDomain.Comprehensive && o.Depth == 1);

    /// <summary>Villages: rural organizations directly under a township.</summary>
    public static IQueryable<Organization> Villages(this IQueryable<Organization> orgs) =>
        orgs.Where(o => o.Domain == OrgDomain.Rural && o.Depth == 2);
}
