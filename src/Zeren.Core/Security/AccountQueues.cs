using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Security;

public sealed record QueuedAccount(Guid Id, string UserName, string DisplayName);

/// <summary>How many accounts wait in one queue, and the first few by user name.</summary>
public sealed record AccountQueue(int Count, IReadOnlyList<QueuedAccount> First);

/// <summary>
/// The 安全管理员's work: accounts locked after failed sign-ins, accounts whose password must be changed (set by an
/// administrator, or older than <see cref="SecurityOptions.PasswordMaxAgeDays"/>), and administrators who have not yet
/// set up the two-factor sign-in their role requires. Only accounts the administrator manages (their scope), never
/// disabled ones; demo accounts are spared the password and two-factor rules, as at sign-in.
/// </summary>
public sealed record AccountQueuesView(AccountQueue Locked, AccountQueue PasswordChange, AccountQueue TwoFactorPending);

/// <summary>Counts the security administrator's queues in the database.</summary>
public sealed class AccountQueues(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, IOptions<SecurityOptions> options)
{
    public async Task<AccountQueuesView> ReadAsync(int take = 5, CancellationToken ct = default)
    {
        if (!actor.Current.Has(Permission.AccountsManage))
        {
            throw new ForbiddenException("只有安全管理员可以管理账号。");
        }
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var accounts = AccountService.VisibleIn(db).AsNoTracking().Where(a => !a.Disabled);

        // Lockouts and password ages are instants: SQLite cannot compare them in SQL, so the few candidates are read.
        var locked = (await accounts.Where(a => a.LockoutEnd != null).Select(a => new { a.Id, a.UserName, a.DisplayName, a.LockoutEnd }).ToListAsync(ct))
            .Where(a => a.LockoutEnd > now).Select(a => new QueuedAccount(a.Id, a.UserName ?? "", a.DisplayName)).ToList();

        // The password rule reads two columns of each account and names only the first few.
        var maxAge = settings.PasswordMaxAgeDays;
        var due = (await accounts.Where(a => !a.IsDemo).OrderBy(a => a.UserName)
                .Select(a => new { a.Id, a.MustChangePassword, a.PasswordChangedAt }).ToListAsync(ct))
            .Where(a => a.MustChangePassword || (maxAge > 0 && (a.PasswordChangedAt is null || a.PasswordChangedAt.Value.AddDays(maxAge) < now)))
            .Select(a => a.Id).ToList();
        var named = due.Take(take).ToList();
        var names = await accounts.Where(a => named.Contains(a.Id)).Select(a => new QueuedAccount(a.Id, a.UserName ?? "", a.DisplayName)).ToListAsync(ct);
        var passwords = new AccountQueue(due.Count, names.OrderBy(a => a.UserName, StringComparer.Ordinal).ToList());

        var twoFactor = new List<QueuedAccount>();
        if (settings.RequireTwoFactorForAdmins)
        {
            var adminRoles = Roles.SeparatedAdmins.Select(r => r.ToString()).ToList();
            twoFactor = await accounts.Where(a => !a.IsDemo && !a.TwoFactorEnabled
                    && db.Set<IdentityUserRole<Guid>>().Any(ur => ur.UserId == a.Id
                        && db.Set<IdentityRole<Guid>>().Any(r => r.Id == ur.RoleId && adminRoles.Contains(r.Name!))))
                .OrderBy(a => a.UserName).Select(a => new QueuedAccount(a.Id, a.UserName ?? "", a.DisplayName)).ToListAsync(ct);
        }
        return new AccountQueuesView(Queue(locked, take), passwords, Queue(twoFactor, take));
    }

    private static AccountQueue Queue(List<QueuedAccount> all, int take) =>
        new(all.Count, all.OrderBy(a => a.UserName, StringComparer.Ordinal).Take(take).ToList());
}
