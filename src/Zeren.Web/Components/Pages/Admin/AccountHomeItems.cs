using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Security;
using Zeren.Web.Home;

namespace Zeren.Web.Components.Pages.Admin;

/// <summary>
/// The 安全管理员's queues on the home page: accounts locked after failed sign-ins, accounts that must change their
/// password, and administrators without the two-factor sign-in their role requires.
/// </summary>
public sealed class AccountHomeItems(AccountQueues queues, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.AccountsManage))
        {
            return [];
        }
        var view = await queues.ReadAsync(ct: ct);
        return
        [
            Card("accounts-locked", 10, "Home_AccountsLocked", "lock", HomeTone.Alert, view.Locked),
            Card("accounts-password", 20, "Home_AccountsPassword", "key", HomeTone.Attention, view.PasswordChange),
            Card("accounts-two-factor", 30, "Home_AccountsTwoFactor", "shield-lock", HomeTone.Attention, view.TwoFactorPending),
        ];
    }

    private HomeCard Card(string key, int order, string title, string icon, HomeTone whenAny, AccountQueue queue) => new(
        key, order, l[title], icon, queue.Count > 0 ? whenAny : HomeTone.Good, queue.Count.ToString("N0", CultureInfo.InvariantCulture),
        queue.Count > 0 ? l[title + "Caption"] : l["Home_AccountsNone"],
        queue.First.Select(a => new HomeLine(a.DisplayName.Length > 0 ? a.DisplayName : a.UserName, $"/admin/accounts/{a.Id}", a.UserName)).ToList(),
        new HomeLine(l["Accounts"], "/admin/accounts"));
}
