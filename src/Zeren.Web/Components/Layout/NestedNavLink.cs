using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace Zeren.Web.Components.Layout;

/// <summary>
/// A menu link matched by prefix, except under the paths that have a menu item of their own: on /assessment/stars only
/// 星级评定 is active, not 考核评分 (/assessment) too, while /assessment/runs/… still shows 考核评分.
/// </summary>
public sealed class NestedNavLink : NavLink
{
    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Base-relative paths (e.g. <c>/assessment/stars</c>) whose pages belong to another menu item.</summary>
    [Parameter]
    public IReadOnlyList<string> Except { get; set; } = [];

    protected override bool ShouldMatch(string uriAbsolute)
    {
        if (!base.ShouldMatch(uriAbsolute))
        {
            return false;
        }
        var path = "/" + Navigation.ToBaseRelativePath(uriAbsolute).Split('?', '#')[0];
        return !Except.Any(e => path.Equals(e, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(e.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase));
    }
}
