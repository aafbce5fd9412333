using Microsoft.Extensions.Localization;
using Zeren.Core.Notifications;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Notifications;

/// <summary>The unread notifications of the account's organization, on the home page.</summary>
public sealed class NotificationHomeItems(NotificationService notifications, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public const int FirstFew = 3;

    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.DataRead) || actor.OrgId is null)
        {
            return [];
        }
        var unread = await notifications.ListAsync(unreadOnly: true, new PageRequest(1, FirstFew), ct);
        return
        [
            new HomeCard(
                "notifications", 30, l["Home_Notifications"], "bell", unread.Total > 0 ? HomeTone.Attention : HomeTone.Neutral,
                unread.Total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                unread.Total > 0 ? l["Home_NotificationsCaption"] : l["Home_NotificationsNone"],
                unread.Items.Select(n => new HomeLine(n.Title, "/notifications", Shared.Names.Time(n.CreatedAt))).ToList(),
                new HomeLine(l["NotificationsAll"], "/notifications")),
        ];
    }
}
