using Microsoft.Extensions.Localization;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Meetings;

/// <summary>
/// The meeting ledger's cards on the home page. A branch account sees the meetings still owed this month and last
/// month's gaps; an account over several branches (a township, the county, a leader) sees how many of its branches are
/// behind this month and the first few, counted in the database.
/// </summary>
public sealed class MeetingHomeItems(
    ComplianceService compliance, OrganizationService orgs, TimeProvider clock, ComplianceSnapshots snapshots, IStringLocalizer<SharedResource> l)
    : IHomeItems
{
    /// <summary>How many branches behind the card names.</summary>
    public const int FirstFew = 5;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.DataRead))
        {
            return [];
        }
        var today = ChinaTime.Today(clock);
        IReadOnlyList<OrgSummary> tops = actor.OrgId is { } own ? [await orgs.GetAsync(own, ct)] : await orgs.RootsAsync(ct);
        var cards = new List<HomeCard>();
        foreach (var org in tops)
        {
            if (org.Kind == OrgKind.Branch)
            {
                cards.AddRange(await BranchCardsAsync(actor, org, today, ct));
            }
            else
            {
                cards.AddRange(await BehindCardsAsync(org, today, ct));
            }
        }
        return cards;
    }

    /// <summary>This month's meetings still owed, and last month's gaps, of one branch.</summary>
    private async Task<IReadOnlyList<HomeCard>> BranchCardsAsync(Actor actor, OrgSummary branch, DateOnly today, CancellationToken ct)
    {
        var month = Period.Month(today.Year, today.Month);
        var last = month.Previous;
        var now = (await compliance.DueInMonthAsync(branch.Id, month.Year, month.Index, shortOnly: false, ct)).SingleOrDefault();
        var before = (await compliance.DueInMonthAsync(branch.Id, last.Year, last.Index, shortOnly: false, ct)).SingleOrDefault();
        var writes = actor.Has(Permission.MeetingsWrite);

        var owed = now?.Cells.Where(c => c.Missing + c.Pending > 0).ToList() ?? [];
        var owedCount = owed.Sum(c => c.Missing + c.Pending);
        var owedCard = new HomeCard(
            "meetings-owed", 10, l["Home_MeetingsOwed", month.Label], "journal-text",
            owedCount > 0 ? HomeTone.Attention : HomeTone.Good,
            owedCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            owedCount > 0 ? l["Home_MeetingsOwedCaption", now!.Required, now.Required - owedCount] : l["Home_MeetingsOwedNone"],
            owed.Select(c => new HomeLine(l["Home_MeetingOwedLine", l.Name(c.Type), c.Missing + c.Pending],
                writes ? $"/meetings/new?org={branch.Id}&type={c.Type}" : null, $"{c.Held}/{c.Required}")).ToList(),
            writes ? new HomeLine(l["NewMeeting"], $"/meetings/new?org={branch.Id}") : new HomeLine(l["MeetingLedger"], $"/meetings?org={branch.Id}&period={month}"));

        var gaps = before?.Cells.Where(c => c.Missing > 0).ToList() ?? [];
        var gapCount = gaps.Sum(c => c.Missing);
        var gapsCard = new HomeCard(
            "meetings-gaps", 20, l["Home_MeetingGaps", last.Label], "exclamation-triangle",
            gapCount > 0 ? HomeTone.Alert : HomeTone.Good,
            gapCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            gapCount > 0 ? l["Home_MeetingGapsCaption"] : l["Home_MeetingGapsNone"],
            gaps.Select(c => new HomeLine(l["Home_MeetingGapLine", l.Name(c.Type), c.Missing], null, $"{c.Held}/{c.Required}")).ToList(),
            new HomeLine(l["Home_LedgerOf", last.Label], $"/meetings?org={branch.Id}&period={last}"));
        return [owedCard, gapsCard];
    }

    /// <summary>
    /// How many branches under an organization still owe meetings due this month, and how many missed some last month,
    /// each with the first few.
    /// </summary>
    private async Task<IReadOnlyList<HomeCard>> BehindCardsAsync(OrgSummary org, DateOnly today, CancellationToken ct)
    {
        var month = Period.Month(today.Year, today.Month);
        var last = month.Previous;
        var both = await compliance.BehindSummariesAsync(org.Id, [(month.Year, month.Index), (last.Year, last.Index)], FirstFew, ct);
        var (now, before) = (both[0], both[1]);
        return
        [
            Card($"branches-behind-{org.Id}", 10, l["Home_BranchesBehind", month.Label], "grid-3x3", HomeTone.Attention,
                now, month, l["Home_BranchesBehindCaption"], l["Home_BranchesBehindNone"]),
            Card($"branches-gaps-{org.Id}", 20, l["Home_BranchesGaps", last.Label], "exclamation-triangle", HomeTone.Alert,
                before, last, l["Home_BranchesGapsCaption"], l["Home_BranchesGapsNone"]),
        ];
    }

    private HomeCard Card(string key, int order, string title, string icon, HomeTone whenAny, BehindSummary summary, Period month,
        string caption, string none) => new(
        key, order, title, icon, summary.Count > 0 ? whenAny : HomeTone.Good,
        summary.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        Snapshot(summary.Count > 0 ? caption : none, summary.SnapshotAt),
        summary.First.Select(b => new HomeLine(b.Name, $"/meetings?org={b.OrgId}&period={month}", b.ParentName)).ToList(),
        new HomeLine(l["Home_BranchesBehindAll", summary.Count], $"/compliance?org={summary.OrgId}&month={month}#behind"));

    /// <summary>A caption, and for a snapshot (ADR 0050) when it was counted.</summary>
    private string Snapshot(string caption, DateTimeOffset? at) => at is { } instant
        ? caption + l["SnapshotAtShort", ChinaTime.ToChina(instant).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), snapshots.MaxAge.TotalMinutes]
        : caption;
}
