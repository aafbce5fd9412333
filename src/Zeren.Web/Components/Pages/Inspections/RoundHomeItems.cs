using Microsoft.Extensions.Localization;
using Zeren.Core.Inspections;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Inspections;

/// <summary>
/// 待督查的村: for an account on a supervision group, the villages its groups have still to visit in rounds in progress,
/// nearest round end first, each linking to its group's page. Only the account's own groups are read, so the card tells
/// nobody of a visit they may not know of (ADR 0033).
/// </summary>
public sealed class RoundHomeItems(InspectionRoundService rounds, IStringLocalizer<SharedResource> l) : IHomeItems
{
    /// <summary>How many villages the card names.</summary>
    public const int FirstFew = 5;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.InspectionsWrite) || actor.AccountId is not { } account)
        {
            return [];
        }
        var count = await rounds.UnvisitedCountAsync(account, ct);
        if (count == 0)
        {
            return [];
        }
        var due = await rounds.UnvisitedForAsync(account, FirstFew, ct);
        return
        [
            new HomeCard("inspection-rounds", 12, l["Round_Home"], "geo-alt", HomeTone.Attention,
                count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), l["Round_HomeCaption"],
                due.Select(d => new HomeLine(d.VillageName, $"/inspections/rounds/{d.RoundId}/groups/{d.GroupId}", Names.Date(d.EndsOn),
                    $"{d.RoundName} · {d.GroupName}")).ToList(),
                new HomeLine(l["Round_HomeAll"], "/inspections/rounds")),
        ];
    }
}
