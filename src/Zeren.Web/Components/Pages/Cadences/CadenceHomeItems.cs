using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Meetings;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Cadences;

/// <summary>The 系统管理员's cadence rules on the home page: the versions in force and those waiting for their date.</summary>
public sealed class CadenceHomeItems(CadenceService cadences, TimeProvider clock, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.ConfigWrite))
        {
            return [];
        }
        // The rules are a few dozen rows for the whole deployment: read whole.
        var rules = await cadences.ListAsync(ct);
        var today = Core.Platform.ChinaTime.Today(clock);
        var pending = rules.Where(r => r.EffectiveFrom > today).OrderBy(r => r.EffectiveFrom).ThenBy(r => r.Type).ToList();
        var inForce = rules.Count(r => r.InForce);
        return
        [
            new HomeCard(
                "cadences", 10, l["Home_Cadences"], "calendar-check", pending.Count > 0 ? HomeTone.Attention : HomeTone.Neutral,
                pending.Count.ToString("N0", CultureInfo.InvariantCulture),
                l["Home_CadencesCaption", inForce],
                pending.Select(r => new HomeLine(
                    $"{l.Name(r.Type)} · {(r.Domain is { } d ? l.Name(d) : l["AllDomains"])} · {l.Name(r.Period)} {r.MinCount}",
                    null, l["Home_CadenceFrom", Names.Date(r.EffectiveFrom)])).ToList(),
                new HomeLine(l["Cadences"], "/admin/meeting-cadences")),
        ];
    }
}
