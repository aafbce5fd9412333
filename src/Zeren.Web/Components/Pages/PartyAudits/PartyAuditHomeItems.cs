using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.PartyAudits;
using Zeren.Core.Security;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.PartyAudits;

/// <summary>
/// 党建审计's home card for auditors (<see cref="Permission.PartyAuditsScore"/>): the open rounds in scope whose sampled
/// branches are not all scored yet, with how many are left, counted in the database. No card when nothing is owed.
/// </summary>
public sealed class PartyAuditHomeItems(AuditService audits, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public const int FirstFew = 5;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.PartyAuditsScore) || !actor.Has(Permission.DataRead))
        {
            return [];
        }
        var owed = await audits.UnscoredAsync(FirstFew, ct);
        if (owed.Count == 0)
        {
            return [];
        }
        var total = owed.Sum(o => o.Unscored);
        return
        [
            new HomeCard("party-audits-unscored", 18, l["PA_HomeTitle"], "clipboard-check", HomeTone.Attention,
                total.ToString("N0", CultureInfo.InvariantCulture), l["PA_HomeCaption"],
                owed.Select(o => new HomeLine(o.Name, $"/party-audits/{o.RoundId}", string.Format(CultureInfo.InvariantCulture, l["PA_HomeLeft"], o.Unscored))).ToList(),
                new HomeLine(l["PA_All"], "/party-audits")),
        ];
    }
}
