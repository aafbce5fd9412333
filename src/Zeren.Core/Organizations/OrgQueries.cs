using Microsoft.EntityFrameworkCore;

namespace Zeren.Core.Organizations;

public static class OrgQueries
{
    /// <summary>
    /// The organization at <paramref name="rootPath"/> and everything under it: a path prefix (<see cref="OrgPath.Pattern"/>),
    /// one index range on PostgreSQL, no recursion.
    /// </summary>
    public static IQueryable<Organization> InSubtree(this IQueryable<Organization> orgs, string rootPath)
    {
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
