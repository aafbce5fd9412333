using Microsoft.Extensions.Localization;
using Zeren.Core.Organizations;
using Zeren.Core.Projects;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Projects;

/// <summary>
/// 三上三下's home card for the county's roles (the department and its leadership): the plans returned a third time and
/// still not approved, in the account's scope. Township and branch accounts have none (their plans' returns reach them
/// on the plan page and, once wired, as obligations).
/// </summary>
public sealed class PlanHomeItems(PlanService plans, OrganizationService orgs, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public const int FirstFew = 5;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.DataRead))
        {
            return [];
        }
        // County roles: bound to a county (a top organization) or to none (the whole deployment).
        if (actor.OrgId is { } own && (await orgs.GetAsync(own, ct)).ParentId is not null)
        {
            return [];
        }
        var flagged = await plans.FlaggedOpenAsync(null, FirstFew + 1, ct);
        var shown = flagged.Take(FirstFew).ToList();
        return
        [
            new HomeCard("plans-flagged", 15, l["Home_PlansFlagged"], "flag", flagged.Count > 0 ? HomeTone.Alert : HomeTone.Good,
                flagged.Count > FirstFew ? $"{FirstFew}+" : flagged.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                flagged.Count > 0 ? l["Home_PlansFlaggedCaption"] : l["Home_PlansFlaggedNone"],
                shown.Select(p => new HomeLine($"{p.OrgName} {p.Year}", $"/plans/{p.Id}", l.Name(p.Status))).ToList(),
                new HomeLine(l["Home_PlansFlaggedAll"], "/plans?flagged=true")),
        ];
    }
}
