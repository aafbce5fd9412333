namespace Zeren.Core.Organizations;

public static class OrgQueries
{
    /// <summary>The organization at <paramref name="rootPath"/> and everything under it: one index range, no recursion.</summary>
    public static IQueryable<Organization> InSubtree(this IQueryable<Organization> orgs, string rootPath)
    {
        var upper = OrgPath.UpperBound(rootPath);
        return orgs.Where(o => o.Path.CompareTo(rootPath) >= 0 && o.Path.CompareTo(upper) < 0);
    }

    /// <summary>Townships (乡镇, 街道): 综合 organizations directly under the county, not its working committees.</summary>
    public static IQueryable<Organization> Townships(this IQueryable<Organization> orgs) =>
        orgs.Where(o => o.Domain == OrgDomain.Comprehensive && o.Depth == 1);

    /// <summary>Villages: rural organizations directly under a township.</summary>
    public static IQueryable<Organization> Villages(this IQueryable<Organization> orgs) =>
        orgs.Where(o => o.Domain == OrgDomain.Rural && o.Depth == 2);
}
