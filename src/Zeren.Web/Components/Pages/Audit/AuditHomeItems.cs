using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Audit;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Audit;

/// <summary>
/// The 审计管理员's home page: the latest entries they may read, and the state of the hash chain's end (the last
/// <see cref="TailChecked"/> entries and their link to the one before; the whole chain is checked on the audit page).
/// </summary>
public sealed class AuditHomeItems(AuditSearch search, AuditVerifier verifier, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public const int FirstFew = 5;
    public const int TailChecked = 200;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.AuditRead))
        {
            return [];
        }
        var latest = await search.SearchAsync(new AuditFilter(), new PageRequest(1, FirstFew), ct);
        var tail = await verifier.VerifyTailAsync(TailChecked, ct);
        return
        [
            new HomeCard(
                "audit-latest", 10, l["Home_AuditLatest"], "journal-check", HomeTone.Neutral,
                latest.Total.ToString("N0", CultureInfo.InvariantCulture), l["Home_AuditLatestCaption"],
                latest.Items.Select(e => new HomeLine(
                    $"{e.UserName} · {l.Name(e.Action)} · {AuditLabels.EntityType(l, e.EntityType)}",
                    $"/audit?user={Uri.EscapeDataString(e.UserName)}", ChinaTime.ToChina(e.At).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture),
                    e.Summary)).ToList(),
                new HomeLine(l["AuditLog"], "/audit")),
            new HomeCard(
                "audit-chain", 20, l["Home_AuditChain"], tail.Intact ? "shield-check" : "shield-exclamation",
                tail.Intact ? HomeTone.Good : HomeTone.Alert,
                tail.Intact ? l["Home_AuditChainIntact"] : l["Home_AuditChainBroken"],
                tail.Intact ? l["Home_AuditChainTail", tail.Count, tail.LastSequence] : tail.Message,
                [],
                new HomeLine(l["Home_AuditChainVerifyAll"], "/audit")),
        ];
    }
}
