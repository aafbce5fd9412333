using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Shared;

/// <summary>The organizations a list can be narrowed to in a select.</summary>
public static class OrgScopes
{
    /// <summary>The county and its townships to narrow a list by, plus the org asked for when it is deeper.</summary>
    public static async Task<IReadOnlyList<OrgSummary>> ListAsync(OrganizationService orgs, Guid? under, CancellationToken ct = default)
    {
        var list = new List<OrgSummary>();
        foreach (var root in await orgs.RootsAsync(ct))
        {
            list.Add(root);
            list.AddRange(await orgs.ChildrenAsync(root.Id, ct));
        }
        if (under is { } u && list.All(o => o.Id != u))
        {
            try
            {
                list.Add(await orgs.GetAsync(u, ct));
            }
            catch (NotFoundException)
            {
                // An unknown org in the address: the list shows no one rather than failing.
            }
        }
        return list;
    }
}
