using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Checklists;
using Zeren.Core.Security;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Checklists;

/// <summary>
/// 待验收的达标申报: for a verifier, the villages' claims under its organization; 被退回的达标条目: for a village, its
/// items returned to claim again.
/// </summary>
public sealed class ChecklistHomeItems(ChecklistService checklists, IStringLocalizer<SharedResource> l) : IHomeItems
{
    private const int Shown = 5;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.DataRead))
        {
            return [];
        }
        var cards = new List<HomeCard>();
        var waiting = await checklists.ToVerifyAsync(Shown, ct);
        if (waiting.Total > 0)
        {
            cards.Add(new HomeCard("checklists-to-verify", 14, l["Chk_HomeVerify"], "patch-check", HomeTone.Attention,
                waiting.Total.ToString("N0", CultureInfo.InvariantCulture), l["Chk_HomeVerifyCaption"],
                waiting.First.Select(q => new HomeLine($"{q.OrgName} · {q.ItemName}", $"/checklists/{q.TemplateId}/orgs/{q.OrgId}?item={q.ItemId}",
                    q.At.ToOffset(TimeSpan.FromHours(8)).ToString("MM-dd", CultureInfo.InvariantCulture), q.TemplateName)).ToList(),
                new HomeLine(l["Chk_HomeAll"], "/checklists")));
        }
        var returned = await checklists.ReturnedAsync(Shown, ct);
        if (returned.Total > 0)
        {
            cards.Add(new HomeCard("checklists-returned", 14, l["Chk_HomeReturned"], "arrow-counterclockwise", HomeTone.Alert,
                returned.Total.ToString("N0", CultureInfo.InvariantCulture), l["Chk_HomeReturnedCaption"],
                returned.First.Select(q => new HomeLine(q.ItemName, $"/checklists/{q.TemplateId}/orgs/{q.OrgId}?item={q.ItemId}", null, q.Reason)).ToList(),
                new HomeLine(l["Chk_HomeAll"], "/checklists")));
        }
        return cards;
    }
}
