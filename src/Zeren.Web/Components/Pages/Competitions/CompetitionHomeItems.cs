using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Competitions;
using Zeren.Core.Security;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Competitions;

/// <summary>待评分的擂台赛: for a judge, the competitions being scored where they still have contestants to score.</summary>
public sealed class CompetitionHomeItems(CompetitionService competitions, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.DataRead) || actor.AccountId is not { } account)
        {
            return [];
        }
        var due = await competitions.DueForAsync(account, ct);
        if (due.Count == 0)
        {
            return [];
        }
        return
        [
            new HomeCard("competitions-judge", 13, l["Comp_Home"], "award", HomeTone.Attention,
                due.Sum(d => d.Remaining).ToString("N0", CultureInfo.InvariantCulture), l["Comp_HomeCaption"],
                due.Select(d => new HomeLine(d.Name, $"/competitions/{d.CompetitionId}/score",
                    string.Format(CultureInfo.CurrentCulture, l["Comp_MyRemaining"], d.Remaining), d.PeriodLabel)).ToList(),
                new HomeLine(l["Comp_HomeAll"], "/competitions")),
        ];
    }
}
