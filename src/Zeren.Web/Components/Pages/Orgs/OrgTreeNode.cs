using Zeren.Core.Organizations;

namespace Zeren.Web.Components.Pages.Orgs;

/// <summary>A node of the tree as drawn: its children when they are shown already, null when they load on demand.</summary>
public sealed record OrgTreeNode(OrgSummary Org, IReadOnlyList<OrgTreeNode>? Children = null)
{
    public static IReadOnlyList<OrgTreeNode> Collapsed(IEnumerable<OrgSummary> orgs) => orgs.Select(o => new OrgTreeNode(o)).ToList();

    /// <summary>
    /// The tree from the roots down to <paramref name="selected"/>: the selected org's ancestors and the org itself
    /// are open, with their children listed; everything else is closed and loads on demand.
    /// </summary>
    public static async Task<IReadOnlyList<OrgTreeNode>> OpenedToAsync(OrganizationService orgs, IReadOnlyList<OrgSummary> roots,
        IReadOnlyList<Guid> openPath, CancellationToken ct = default)
    {
        async Task<IReadOnlyList<OrgTreeNode>> Level(IReadOnlyList<OrgSummary> level, int depth)
        {
            var nodes = new List<OrgTreeNode>(level.Count);
            foreach (var o in level)
            {
                if (depth < openPath.Count && o.Id == openPath[depth] && o.ChildCount > 0)
                {
                    nodes.Add(new OrgTreeNode(o, await Level(await orgs.ChildrenAsync(o.Id, ct), depth + 1)));
                }
                else
                {
                    nodes.Add(new OrgTreeNode(o));
                }
            }
            return nodes;
        }
        return await Level(roots, 0);
    }
}
