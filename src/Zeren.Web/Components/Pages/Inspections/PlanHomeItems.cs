using Microsoft.Extensions.Localization;
using Zeren.Core.Inspections;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Inspections;

/// <summary>
/// 暗访任务: for an account on an inspection plan's team, its plans from today on, nearest first, each linking to the plan.
/// Only the account's own plans are read, so the card tells nobody of a visit they may not know of (ADR 0029).
/// </summary>
public sealed class InspectionPlanHomeItems(InspectionPlanService plans, IStringLocalizer<SharedResource> l) : IHomeItems
{
    /// <summary>How many plans the card names.</summary>
    public const int FirstFew = 5;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.InspectionsWrite) || actor.AccountId is not { } account)
        {
            return [];
        }
        var upcoming = await plans.UpcomingForAsync(account, FirstFew, ct);
        if (upcoming.Count == 0)
        {
            return [];
        }
        return
        [
            new HomeCard("inspection-plans", 11, l["Insp_HomePlans"], "binoculars", HomeTone.Attention,
                upcoming.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), l["Insp_HomePlansCaption"],
                upcoming.Select(p => new HomeLine(Names.Date(p.VisitOn), $"/inspections/plans/{p.Id}",
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, l["Insp_PlanVillages"], p.Villages))).ToList(),
                new HomeLine(l["Inspections"], "/inspections")),
        ];
    }
}
