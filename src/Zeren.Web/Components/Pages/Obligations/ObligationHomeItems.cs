using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Obligations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Obligations;

/// <summary>
/// 我的待办: the open obligations of the account's organization (and of the persons of it named on them), nearest due
/// first, on every role's home page; overdue ones make the card an alert. And 待审核的报送: what was submitted to the
/// account's organization and waits for its close or return. Counted in the database.
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
        var cards = new List<HomeCard>();
        var filter = new ObligationFilter(OrgId: org, State: ObligationState.Open);
        var counts = await obligations.CountAsync(filter, ct);
        if (counts.Open > 0)
        {
            var first = await obligations.ListAsync(filter, new PageRequest(1, FirstFew), ct);
            cards.Add(new HomeCard(
                "obligations", 5, l["Home_Obligations"], "list-check", counts.Overdue > 0 ? HomeTone.Alert : HomeTone.Attention,
                counts.Open.ToString("N0", CultureInfo.InvariantCulture),
                counts.Overdue > 0 ? l["Home_ObligationsOverdue", counts.Overdue] : l["Home_ObligationsCaption"],
                first.Items.Select(o => new HomeLine(o.Title, o.Link ?? Obligation.PagePath(o.Id), Shared.Names.Date(o.DueOn),
                    o.Overdue ? l["Home_ObligationOverdueNote"].Value : null)).ToList(),
                new HomeLine(l["Home_ObligationsAll"], $"/obligations?org={org}&state=Open")));
        }
        // 待审核的报送: what was submitted to the account's organization and waits for it to close or return it.
        if (actor.Has(Permission.ObligationsWrite))
        {
            var review = new ObligationFilter(State: ObligationState.Submitted, IssuerOrgId: org);
            var waiting = await obligations.ListAsync(review, new PageRequest(1, FirstFew), ct);
            if (waiting.Total > 0)
            {
                cards.Add(new HomeCard(
                    "obligations-review", 6, l["Home_ObligationsReview"], "inbox", HomeTone.Attention,
                    waiting.Total.ToString("N0", CultureInfo.InvariantCulture), l["Home_ObligationsReviewCaption"],
                    waiting.Items.Select(o => new HomeLine($"{o.OrgName}：{o.Title}", o.Link ?? Obligation.PagePath(o.Id),
                        o.SubmittedAt is { } at ? Shared.Names.Date(DateOnly.FromDateTime(ChinaTime.ToChina(at).DateTime)) : null,
                        o.SubmittedLate ? l["Home_ObligationSubmittedLate"].Value : null)).ToList(),
                    new HomeLine(l["Home_ObligationsReviewAll"], $"/obligations?issuer={org}&state=Submitted")));
            }
        }
        return cards;
    }
}
