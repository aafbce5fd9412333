using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Security;

/// <summary>An account; <paramref name="PersonId"/> and <paramref name="PersonName"/> are the person it is linked to, if any.</summary>
public sealed record AccountView(
    Guid Id, string UserName, string DisplayName, Guid? OrgId, string? OrgName, IReadOnlyList<Role> Roles,
    bool Disabled, DateTimeOffset? LockedUntil, bool TwoFactorEnabled, bool MustChangePassword, bool IsDemo,
    DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt, Guid? PersonId = null, string? PersonName = null);

/// <summary>What a security administrator enters for a new account. Without a password one is generated.</summary>
public sealed record AccountInput(string UserName, string DisplayName, Guid? OrgId, IReadOnlyList<Role> Roles, [VerbatimText] string? Password = null, Guid? PersonId = null);

public sealed record AccountFilter(string? Q = null, Role? Role = null, Guid? OrgId = null);

/// <summary>
/// 账号管理: accounts, role grants, locking. The acting security administrator manages only accounts bound inside
/// their own scope, never grants two of the 三权分立 roles to one account, and never changes their own roles.
/// Besides the rows they change (audited like every save), grants, revocations, password resets and changes, locks
/// and two-factor resets each get an entry of their own kind (授予角色, 撤销角色, 修改密码, 账号变更, 两步验证变更).
/// A role change, a password reset, a two-factor reset and disabling end the account's sessions; the owner's own
/// password change ends all but the one it is made in.
/// </summary>
public sealed class AccountService(ZerenDbContext db, UserManager<Account> users, ActorAccessor actor, TimeProvider clock, Audit.AuditLog audit,
    SessionService sessions)
{
    /// <summary>A new password may not be any of the account's last this many passwords (the current one included).</summary>
    public const int PasswordHistoryLength = 5;

    private const string PasswordReused = "新密码不能与最近 5 次使用过的密码相同。";

    /// <summary>True when <paramref name="password"/> is the current password or one of those before it in the history.</summary>
    private bool UsedBefore(Account account, string password) =>
        account.PasswordHistory().Prepend(account.PasswordHash).OfType<string>().Where(h => h.Length > 0)
            .Any(h => users.PasswordHasher.VerifyHashedPassword(account, h, password) != PasswordVerificationResult.Failed);

    /// <summary>Makes sure every <see cref="Role"/> exists as an Identity role.</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole<Guid>> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in Enum.GetValues<Role>())
        {
            if (!await roles.RoleExistsAsync(role.ToString()))
            {
                var result = await roles.CreateAsync(new IdentityRole<Guid>(role.ToString()) { Id = Ids.New() });
                Check(result);
            }
        }
    }

    private IQueryable<Account> Visible() => VisibleIn(db);

    /// <summary>The accounts a security administrator of the context's scope manages (also for <see cref="AccountQueues"/>).</summary>
    internal static IQueryable<Account> VisibleIn(ZerenDbContext db)
    {
        var scope = db.Scope;
        var accounts = db.Set<Account>().AsQueryable();
        if (scope.All)
        {
            return accounts;
        }
        // Accounts bound to an organization the actor can see; deployment-wide accounts only for deployment-wide actors.
        var orgs = db.Set<Organization>();
        return accounts.Where(a => a.OrgId != null && orgs.Any(o => o.Id == a.OrgId));
    }

    public async Task<Paged<AccountView>> ListAsync(AccountFilter filter, PageRequest page, CancellationToken ct = default)
    {
        Demand();
        ArgumentNullException.ThrowIfNull(filter);
        var q = Visible().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            q = q.Where(a => a.UserName!.Contains(text) || a.DisplayName.Contains(text));
        }
        if (filter.OrgId is { } orgId)
        {
            q = q.Where(a => a.OrgId == orgId);
        }
        if (filter.Role is { } role)
        {
            var name = role.ToString();
            q = q.Where(a => db.Set<IdentityUserRole<Guid>>().Any(ur => ur.UserId == a.Id
                && db.Set<IdentityRole<Guid>>().Any(r => r.Id == ur.RoleId && r.Name == name)));
        }
        var paged = await q.OrderBy(a => a.UserName).ThenBy(a => a.Id).ToPagedAsync(page, ct);
        var views = await ViewsAsync(paged.Items, ct);
        return paged.With<AccountView>(views);
    }

    public async Task<AccountView> GetAsync(Guid id, CancellationToken ct = default)
    {
        Demand();
        var account = await Visible().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("账号", id);
        return (await ViewsAsync([account], ct))[0];
    }

    /// <summary>The signed-in owner's own account, for the account page; needs no permission.</summary>
    public async Task<AccountView> OwnAsync(Guid accountId, CancellationToken ct = default)
    {
        var account = await db.Set<Account>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, ct) ?? throw new NotFoundException("账号", accountId);
        return (await ViewsAsync([account], ct))[0];
    }

    private async Task<IReadOnlyList<AccountView>> ViewsAsync(IReadOnlyList<Account> accounts, CancellationToken ct)
    {
        var ids = accounts.Select(a => a.Id).ToList();
        var roleRows = await db.Set<IdentityUserRole<Guid>>().Where(ur => ids.Contains(ur.UserId))
            .Join(db.Set<IdentityRole<Guid>>(), ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var orgIds = accounts.Where(a => a.OrgId != null).Select(a => a.OrgId!.Value).Distinct().ToList();
        var orgNames = await db.Set<Organization>().IgnoreQueryFilters().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var personIds = accounts.Where(a => a.PersonId != null).Select(a => a.PersonId!.Value).Distinct().ToList();
        var personNames = await db.Set<People.Person>().IgnoreQueryFilters([People.Person.ScopeFilter]).Where(p => personIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var now = clock.GetUtcNow();
        return accounts.Select(a => new AccountView(
            a.Id, a.UserName ?? "", a.DisplayName, a.OrgId, a.OrgId is { } o ? orgNames.GetValueOrDefault(o) : null,
            roleRows.Where(r => r.UserId == a.Id && Enum.TryParse<Role>(r.Name, out _)).Select(r => Enum.Parse<Role>(r.Name!)).Order().ToList(),
            a.Disabled, a.LockoutEnd > now ? a.LockoutEnd : null, a.TwoFactorEnabled, a.MustChangePassword, a.IsDemo,
            a.CreatedAt, a.LastLoginAt, a.PersonId, a.PersonId is { } p ? personNames.GetValueOrDefault(p) : null)).ToList();
    }

    /// <summary>Creates an account. Returns it with the initial password, which the owner must change at first sign-in.</summary>
    public async Task<(AccountView Account, string Password)> CreateAsync(AccountInput input, bool isDemo = false, CancellationToken ct = default)
    {
        Demand();
        ArgumentNullException.ThrowIfNull(input);
        var userName = input.UserName?.Trim() ?? "";
        var displayName = input.DisplayName?.Trim() ?? "";
        var errors = new List<ValidationError>();
        // The same refusal, with the same code, as a grant to an existing account; named with the other faults of the form.
        if (Roles.Conflict(input.Roles ?? []) is { } conflict)
        {
            errors.Add(new("roles", conflict, Code: "separation_of_duties"));
        }
        if (userName.Length is < 2 or > 50)
        {
            errors.Add(new("userName", "用户名为 2–50 个字符。"));
        }
        if (displayName.Length is 0 or > 50)
        {
            errors.Add(new("displayName", "姓名不能为空，且不超过 50 个字。"));
        }
        if (input.Roles is null || input.Roles.Count == 0)
        {
            errors.Add(new("roles", "至少授予一个角色。"));
        }
        var password = string.IsNullOrEmpty(input.Password) ? GeneratePassword() : input.Password;
        if (PasswordPolicy.Problem(userName, password, isDemo) is { } weak)
        {
            errors.Add(new("password", weak));
        }
        await CheckOrgAsync(input.OrgId, errors, ct);
        // The person behind an account widens a county leader's scope by their links: only someone the administrator can see.
        await CheckPersonAsync(input.PersonId, errors, ct);
        if (errors.Count > 0)
        {
            throw errors[0].Code is not null ? new ValidationFailedException(errors) : new ValidationFailedException(errors[0].Message, errors);
        }
        var now = clock.GetUtcNow();
        var account = new Account
        {
            UserName = userName,
            DisplayName = displayName,
            OrgId = input.OrgId,
            PersonId = input.PersonId,
            IsDemo = isDemo,
            MustChangePassword = !isDemo,
            PasswordChangedAt = now,
            CreatedAt = now,
            LockoutEnabled = true,
        };
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        Check(await users.CreateAsync(account, password), "userName");
        Check(await users.AddToRolesAsync(account, input.Roles!.Distinct().Select(r => r.ToString())), "roles");
        foreach (var role in input.Roles!.Distinct())
        {
            await RecordAsync(Audit.AuditAction.GrantRole, account, $"授予角色“{Roles.Label(role)}”：{account.UserName}（新账号）", new { Role = role.ToString() }, ct);
        }
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return (await GetAsync(account.Id, ct), password);
    }

    /// <summary>Replaces an account's roles (授权). Refuses 三权分立 conflicts and changes to one's own roles.</summary>
    public async Task<AccountView> SetRolesAsync(Guid id, IReadOnlyList<Role> roles, CancellationToken ct = default)
    {
        Demand();
        ArgumentNullException.ThrowIfNull(roles);
        var account = await FindAsync(id, ct);
        if (account.Id == actor.Current.AccountId)
        {
            throw new DomainException("own_roles", "不能修改自己的角色。", "roles");
        }
        if (roles.Count == 0)
        {
            throw new DomainException("roles_required", "至少授予一个角色。", "roles");
        }
        if (Roles.Conflict(roles) is { } conflict)
        {
            throw new DomainException("separation_of_duties", conflict, "roles");
        }
        var current = (await users.GetRolesAsync(account)).ToHashSet();
        var wanted = roles.Select(r => r.ToString()).ToHashSet();
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (current.Except(wanted).ToList() is { Count: > 0 } remove)
        {
            Check(await users.RemoveFromRolesAsync(account, remove), "roles");
            foreach (var role in remove)
            {
                await RecordAsync(Audit.AuditAction.RevokeRole, account, $"撤销角色“{LabelOf(role)}”：{account.UserName}", new { Role = role }, ct);
            }
        }
        if (wanted.Except(current).ToList() is { Count: > 0 } add)
        {
            Check(await users.AddToRolesAsync(account, add), "roles");
            foreach (var role in add)
            {
                await RecordAsync(Audit.AuditAction.GrantRole, account, $"授予角色“{LabelOf(role)}”：{account.UserName}", new { Role = role }, ct);
            }
        }
        // Requests read the roles afresh anyway; the account's sessions end too, so it signs in again under its new roles.
        Check(await users.UpdateSecurityStampAsync(account));
        await sessions.EndAllAsync(account.Id, SessionEnd.RolesChanged, ct: ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Moves an account to another organization (its scope), renames it, or links it to the person behind it (or none):
    /// pages then show that person's name wherever the account is the author, and a 县级领导's links widen its scope.
    /// </summary>
    public async Task<AccountView> UpdateAsync(Guid id, string displayName, Guid? orgId, Guid? personId, CancellationToken ct = default)
    {
        Demand();
        var account = await FindAsync(id, ct);
        var errors = new List<ValidationError>();
        displayName = displayName?.Trim() ?? "";
        if (displayName.Length is 0 or > 50)
        {
            errors.Add(new("displayName", "姓名不能为空，且不超过 50 个字。"));
        }
        await CheckOrgAsync(orgId, errors, ct);
        await CheckPersonAsync(personId, errors, ct);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors[0].Message, errors);
        }
        account.DisplayName = displayName;
        var moved = account.OrgId != orgId;
        var relinked = account.PersonId != personId;
        account.OrgId = orgId;
        account.PersonId = personId;
        Check(await users.UpdateAsync(account));
        if (moved || relinked)
        {
            // The scope (organization, a leader's links) is read fresh per request; the new stamp also ends old tokens' roles.
            Check(await users.UpdateSecurityStampAsync(account));
        }
        if (moved)
        {
            await RecordAsync(Audit.AuditAction.AccountChange, account, $"调整账号所属组织（数据范围）：{account.UserName}", new { OrgId = orgId }, ct);
        }
        if (relinked)
        {
            var name = personId is { } p ? await db.Set<People.Person>().Where(x => x.Id == p).Select(x => x.Name).SingleAsync(ct) : null;
            await RecordAsync(Audit.AuditAction.AccountChange, account,
                name is null ? $"取消账号与人员的关联：{account.UserName}" : $"账号关联人员“{name}”：{account.UserName}", new { PersonId = personId }, ct);
        }
        return await GetAsync(id, ct);
    }

    /// <summary>The person behind an account must be someone the administrator can see.</summary>
    private async Task CheckPersonAsync(Guid? personId, List<ValidationError> errors, CancellationToken ct)
    {
        if (personId is { } id && !await db.Set<People.Person>().AnyAsync(p => p.Id == id, ct))
        {
            errors.Add(new("personId", "人员不存在或不在您的管理范围内。"));
        }
    }

    /// <summary>Sets a new password chosen by an administrator; the owner must change it at next sign-in.</summary>
    public async Task<string> ResetPasswordAsync(Guid id, string? password = null, CancellationToken ct = default)
    {
        Demand();
        var account = await FindAsync(id, ct);
        NotOwn(account, "不能在账号管理中重置自己的密码：请在“我的账号”中修改（需要原密码）。");
        password = string.IsNullOrEmpty(password) ? GeneratePassword() : password;
        if (PasswordPolicy.Problem(account.UserName, password, account.IsDemo) is { } weak)
        {
            throw new DomainException("password_policy", weak, "password");
        }
        if (UsedBefore(account, password))
        {
            throw new DomainException("password_reused", PasswordReused, "password");
        }
        var previous = account.PasswordHash;
        var token = await users.GeneratePasswordResetTokenAsync(account);
        Check(await users.ResetPasswordAsync(account, token, password), "password");
        account.RememberPasswordHash(previous, PasswordHistoryLength - 1);
        account.MustChangePassword = !account.IsDemo;
        account.PasswordChangedAt = clock.GetUtcNow();
        // Someone locked out after failed attempts is usually why a password is reset: let them in with the new one.
        account.LockoutEnd = null;
        account.AccessFailedCount = 0;
        Check(await users.UpdateAsync(account));
        await sessions.EndAllAsync(account.Id, SessionEnd.PasswordReset, ct: ct);
        await RecordAsync(Audit.AuditAction.PasswordChange, account, $"重置密码：{account.UserName}", null, ct);
        return password;
    }

    /// <summary>
    /// 重置双因素认证: for an owner who lost their phone. Two-factor sign-in is off and the old authenticator key no longer
    /// works; an administrator role is held at the set-up page at next sign-in.
    /// </summary>
    public async Task<AccountView> ResetTwoFactorAsync(Guid id, CancellationToken ct = default)
    {
        Demand();
        var account = await FindAsync(id, ct);
        NotOwn(account, "不能在账号管理中重置自己的双因素认证：须由另一位安全管理员重置。");
        Check(await users.SetTwoFactorEnabledAsync(account, false));
        Check(await users.ResetAuthenticatorKeyAsync(account));
        await sessions.EndAllAsync(account.Id, SessionEnd.TwoFactorChanged, ct: ct);
        await RecordAsync(Audit.AuditAction.TwoFactorChange, account, $"重置双因素认证：{account.UserName}", null, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>停用/启用. A disabled account cannot sign in and its sessions end.</summary>
    public async Task<AccountView> SetDisabledAsync(Guid id, bool disabled, CancellationToken ct = default)
    {
        Demand();
        var account = await FindAsync(id, ct);
        if (account.Id == actor.Current.AccountId && disabled)
        {
            throw new DomainException("own_account", "不能停用自己的账号。");
        }
        account.Disabled = disabled;
        Check(await users.UpdateAsync(account));
        Check(await users.UpdateSecurityStampAsync(account));
        if (disabled)
        {
            await sessions.EndAllAsync(account.Id, SessionEnd.Disabled, ct: ct);
        }
        await RecordAsync(Audit.AuditAction.AccountChange, account, $"{(disabled ? "停用" : "启用")}账号：{account.UserName}", new { Disabled = disabled }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>解锁: ends a lockout after failed sign-ins.</summary>
    public async Task<AccountView> UnlockAsync(Guid id, CancellationToken ct = default)
    {
        Demand();
        var account = await FindAsync(id, ct);
        Check(await users.SetLockoutEndDateAsync(account, null));
        Check(await users.ResetAccessFailedCountAsync(account));
        await RecordAsync(Audit.AuditAction.AccountChange, account, $"解锁账号：{account.UserName}", null, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The owner changes their own password (also how a forced change is done).</summary>
    public async Task ChangeOwnPasswordAsync(Guid accountId, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        var account = await db.Set<Account>().SingleOrDefaultAsync(a => a.Id == accountId, ct) ?? throw new NotFoundException("账号", accountId);
        // The current password first: the rules below must not tell someone without it which passwords were used before.
        if (string.IsNullOrEmpty(currentPassword) || !await users.CheckPasswordAsync(account, currentPassword))
        {
            throw new DomainException("password_mismatch", "原密码不正确。", "currentPassword");
        }
        if (PasswordPolicy.Problem(account.UserName, newPassword, account.IsDemo) is { } weak)
        {
            throw new DomainException("password_policy", weak, "newPassword");
        }
        if (UsedBefore(account, newPassword))
        {
            throw new DomainException("password_reused", PasswordReused, "newPassword");
        }
        var previous = account.PasswordHash;
        var result = await users.ChangePasswordAsync(account, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            var mismatch = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            throw new DomainException(mismatch ? "password_mismatch" : "password_policy", result.Errors.First().Description, mismatch ? "currentPassword" : "newPassword");
        }
        account.RememberPasswordHash(previous, PasswordHistoryLength - 1);
        account.MustChangePassword = false;
        account.PasswordChangedAt = clock.GetUtcNow();
        Check(await users.UpdateAsync(account));
        // Every other session of the account ends: whoever knew the old password is signed out. This one goes on.
        var current = actor.Current.AccountId == account.Id ? actor.Current.SessionId : null;
        await sessions.EndAllAsync(account.Id, SessionEnd.PasswordChanged, except: current, ct: ct);
        await RecordAsync(Audit.AuditAction.PasswordChange, account, $"修改本人密码：{account.UserName}", null, ct);
    }

    private Task RecordAsync(Audit.AuditAction action, Account account, string summary, object? after, CancellationToken ct) =>
        audit.RecordAsync(action, nameof(Account), account.Id.ToString(), summary, after: after, ct: ct);

    private static string LabelOf(string role) => Enum.TryParse<Role>(role, out var r) ? Roles.Label(r) : role;

    /// <summary>
    /// What an administrator may do to others but not to themselves: a reset through the admin routes needs no proof
    /// of the old password or the phone, so it would let a stolen administrator session take the account over.
    /// </summary>
    private void NotOwn(Account account, string message)
    {
        if (account.Id == actor.Current.AccountId)
        {
            throw new DomainException("own_account", message);
        }
    }

    private void Demand()
    {
        if (!actor.Current.Has(Permission.AccountsManage))
        {
            throw new ForbiddenException("只有安全管理员可以管理账号。");
        }
    }

    private async Task<Account> FindAsync(Guid id, CancellationToken ct) =>
        await Visible().SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("账号", id);

    private async Task CheckOrgAsync(Guid? orgId, List<ValidationError> errors, CancellationToken ct)
    {
        if (orgId is { } id)
        {
            // The filtered set: an organization outside the administrator's scope does not exist for them.
            if (!await db.Set<Organization>().AnyAsync(o => o.Id == id, ct))
            {
                errors.Add(new("orgId", "所属组织不存在或不在您的管理范围内。"));
            }
        }
        else if (!db.Scope.All)
        {
            errors.Add(new("orgId", "请选择账号所属组织。"));
        }
    }

    /// <summary>A random password that meets the policy and is easy to read and type (<see cref="OneTimePasswords"/>).</summary>
    public static string GeneratePassword() => OneTimePasswords.Generate();

    private static void Check(IdentityResult result, string? field = null)
    {
        if (!result.Succeeded)
        {
            var error = result.Errors.First();
            throw new DomainException("account_" + error.Code.ToLowerInvariant(), error.Description, field);
        }
    }
}
