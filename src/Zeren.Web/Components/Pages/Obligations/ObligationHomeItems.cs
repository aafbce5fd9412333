using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Obligations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Obligations;

/// <summary>
/// 我的待办: the open obligations of the account's organization (and of the persons of it named on them), nearest due
/// first, on every role's home page; overdue ones make the card an alert. Counted in the database.
/// </summary>
public sealed class ObligationHomeItems(ObligationService obligations, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public const int FirstFew = 8;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.DataRead) || actor.OrgId is not { } org)
        {
            return [];
        }
        var filter = new ObligationFilter(OrgId: org, State: ObligationState.Open);
        var counts = await obligations.CountAsync(filter, ct);
        if (counts.Open == 0)
        {
            return [];
        }
        var first = await obligations.ListAsync(filter, new PageRequest(1, FirstFew), ct);
        return
        [
            new HomeCard(
                "obligations", 5, l["Home_Obligations"], "list-check", counts.Overdue > 0 ? HomeTone.Alert : HomeTone.Attention,
                counts.Open.ToString(CultureInfo.InvariantCulture),
                counts.Overdue > 0 ? l["Home_ObligationsOverdue", counts.Overdue] : l["Home_ObligationsCaption"],
                first.Items.Select(o => new HomeLine(o.Title, o.Link, Shared.Names.Date(o.DueOn),
                    o.Overdue ? l["Home_ObligationOverdueNote"].Value : null)).ToList()),
        ];
    }
}
