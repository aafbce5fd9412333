using Microsoft.Extensions.Localization;
using Zeren.Web.Components.Shared;
using Zeren.Core.Security;
using Zeren.Core.Supervision;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Supervision;

/// <summary>
/// Supervision orders on the home page. 重点督办: every open escalated order the account is concerned with — all in scope
/// for the county's accounts, those its organization issued or received for a township's or a branch's — at the top of
/// the page. 待核验: the answers waiting for the issuing organization to verify. What a receiver owes is the obligation
/// engine's card (each order opens an <c>order.response</c> obligation), so it is not repeated here.
/// </summary>
public sealed class SupervisionHomeItems(SupervisionService orders, IStringLocalizer<SharedResource> l) : IHomeItems
{
    /// <summary>How many orders a card names.</summary>
    public const int FirstFew = 5;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.DataRead))
        {
            return [];
        }
        var cards = new List<HomeCard>();
        var key = await orders.EscalatedAsync(FirstFew, ct);
        if (key.Count > 0)
        {
            cards.Add(new HomeCard("supervision-key", 1, l["Home_KeyOrders"], "exclamation-octagon", HomeTone.Alert,
                key.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), l["Home_KeyOrdersCaption", key.Overdue],
                Lines(key), new HomeLine(l["Home_KeyOrdersAll", key.Count], "/supervision?key=1")));
        }
        if (actor.Has(Permission.SupervisionIssue) && actor.OrgId is { } own)
        {
            var toVerify = await orders.ToVerifyAsync(own, FirstFew, ct);
            if (toVerify.Count > 0)
            {
                cards.Add(new HomeCard("supervision-to-verify", 15, l["Home_OrdersToVerify"], "clipboard-check", HomeTone.Attention,
                    toVerify.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), l["Home_OrdersToVerifyCaption"],
                    Lines(toVerify), new HomeLine(l["SupervisionRegister"], "/supervision?side=Issued&state=Responded")));
            }
        }
        return cards;
    }

    private static List<HomeLine> Lines(OrderSummary summary) =>
        summary.First.Select(o => new HomeLine(o.Title, $"/supervision/{o.Id}", Names.Date(o.DueOn), $"{o.NumberText} · {o.OrgName}")).ToList();
}
