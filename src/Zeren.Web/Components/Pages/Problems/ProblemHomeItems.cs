using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Rectification;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Problems;

/// <summary>
/// Problems on the home page. 待验收的问题: applications for closing (申请销号) the account may verify, oldest first.
/// 辖区逾期问题: overdue problems of the organizations under the account's own, most overdue first. What an
/// organization owes for its own problems is the obligation engine's card, so it is not repeated here.
/// </summary>
public sealed class ProblemHomeItems(ProblemService problems, IStringLocalizer<SharedResource> l) : IHomeItems
{
    /// <summary>How many problems a card names.</summary>
    public const int FirstFew = 5;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.DataRead))
        {
            return [];
        }
        var cards = new List<HomeCard>();
        var toVerify = await problems.ToVerifyAsync(FirstFew, ct);
        if (toVerify.Count > 0)
        {
            cards.Add(new HomeCard("problems-to-verify", 14, l["Problem_HomeToVerify"], "patch-check", HomeTone.Attention,
                toVerify.Count.ToString("N0", CultureInfo.InvariantCulture), l["Problem_HomeToVerifyCaption"],
                Lines(toVerify), new HomeLine(l["Problem_HomeToVerifyAll", toVerify.Count], "/problems?state=Applied")));
        }
        var overdue = await problems.OverdueBelowAsync(FirstFew, ct);
        if (overdue.Count > 0)
        {
            cards.Add(new HomeCard("problems-overdue", 16, l["Problem_HomeOverdue"], "flag", HomeTone.Alert,
                overdue.Count.ToString("N0", CultureInfo.InvariantCulture), l["Problem_HomeOverdueCaption"],
                Lines(overdue), new HomeLine(l["Problem_HomeOverdueAll", overdue.Count], "/problems?overdue=1")));
        }
        return cards;
    }

    private static List<HomeLine> Lines(ProblemQueue queue) =>
        queue.First.Select(p => new HomeLine(p.Title, $"/problems/{p.Id}", Names.Date(p.DueOn), p.OrgName)).ToList();
}
