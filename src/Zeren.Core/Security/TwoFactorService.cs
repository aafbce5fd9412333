using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Security;

/// <summary>What an owner needs to add the account to an authenticator app: the key, typed or scanned.</summary>
public sealed record AuthenticatorSetup(string Key, string FormattedKey, string Uri, bool Enabled, int RecoveryCodesLeft)
{
    /// <summary>True when this call made the key, which renews the security stamp: the caller signs in again.</summary>
    public bool KeyCreated { get; init; }
}

/// <summary>
/// 双因素认证: a time-based one-time code (TOTP, RFC 6238) from an authenticator app on top of the password, with
/// Identity's authenticator support. The owner sets it up and turns it off; a security administrator can only reset it
/// (<see cref="AccountService.ResetTwoFactorAsync"/>).
/// </summary>
public sealed class TwoFactorService(ZerenDbContext db, UserManager<Account> users, Audit.AuditLog audit, SessionService sessions, ActorAccessor actor)
{
    /// <summary>The name an authenticator app shows above the code.</summary>
    public const string Issuer = "Zeren";

    /// <summary>Recovery codes made when two-factor sign-in is turned on; each works once instead of a code.</summary>
    public const int RecoveryCodeCount = 10;

    /// <summary>The account's authenticator key, made on first use.</summary>
    public async Task<AuthenticatorSetup> SetupAsync(Guid accountId, CancellationToken ct = default)
    {
        var account = await FindAsync(accountId, ct);
        var key = await users.GetAuthenticatorKeyAsync(account);
        var created = false;
        if (string.IsNullOrEmpty(key))
        {
            Check(await users.ResetAuthenticatorKeyAsync(account));
            key = await users.GetAuthenticatorKeyAsync(account) ?? throw new InvalidOperationException("No authenticator key after reset.");
            created = true;
        }
        var left = account.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(account) : 0;
        return new AuthenticatorSetup(key, FormatKey(key), OtpAuthUri(account.UserName ?? "", key), account.TwoFactorEnabled, left) { KeyCreated = created };
    }

    /// <summary>Turns two-factor sign-in on once the app shows the right code; returns the recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>> EnableAsync(Guid accountId, string? code, CancellationToken ct = default)
    {
        var account = await FindAsync(accountId, ct);
        if (account.TwoFactorEnabled)
        {
            throw new DomainException("two_factor_enabled", "双因素认证已启用。");
        }
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(account)))
        {
            throw new DomainException("two_factor_no_key", "请先打开双因素认证设置页面，取得密钥。");
        }
        var digits = Digits(code);
        if (digits.Length != 6)
        {
            throw new DomainException("two_factor_code", "请输入身份验证器上显示的 6 位数字。", "code");
        }
        if (!await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, digits))
        {
            throw new DomainException("two_factor_code", "验证码不正确。请确认手机时间准确，并输入当前显示的验证码。", "code");
        }
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        Check(await users.SetTwoFactorEnabledAsync(account, true));
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, RecoveryCodeCount))?.ToList() ?? [];
        await audit.RecordAsync(Audit.AuditAction.TwoFactorChange, nameof(Account), account.Id.ToString(), $"启用双因素认证：{account.UserName}", ct: ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return codes;
    }

    /// <summary>
    /// New recovery codes in place of the old ones (all of which stop working). Each is as good as the phone, so the
    /// owner proves it is them with the password, as for turning two-factor sign-in off.
    /// </summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(Guid accountId, string? password, CancellationToken ct = default)
    {
        var account = await FindAsync(accountId, ct);
        if (!account.TwoFactorEnabled)
        {
            throw new DomainException("two_factor_disabled", "尚未启用双因素认证。");
        }
        await DemandPasswordAsync(account, password);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, RecoveryCodeCount))?.ToList() ?? [];
        await audit.RecordAsync(Audit.AuditAction.TwoFactorChange, nameof(Account), account.Id.ToString(), $"重新生成恢复码：{account.UserName}", ct: ct);
        return codes;
    }

    /// <summary>The password again, for a change a stolen session must not make. A wrong one counts like a failed sign-in.</summary>
    private async Task DemandPasswordAsync(Account account, string? password)
    {
        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(account, password))
        {
            // Counts like a failed sign-in, so the form cannot be used to guess the password.
            await users.AccessFailedAsync(account);
            throw new DomainException("password_mismatch", "密码不正确。", "password");
        }
    }

    /// <summary>Turns two-factor sign-in off; the owner proves it is them with the password. The old key stops working.</summary>
    public async Task DisableAsync(Guid accountId, string? password, CancellationToken ct = default)
    {
        var account = await FindAsync(accountId, ct);
        if (!account.TwoFactorEnabled)
        {
            throw new DomainException("two_factor_disabled", "尚未启用双因素认证。");
        }
        await DemandPasswordAsync(account, password);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        Check(await users.SetTwoFactorEnabledAsync(account, false));
        Check(await users.ResetAuthenticatorKeyAsync(account));
        // Sessions signed in with the second factor end, but the one the owner is using.
        var current = actor.Current.AccountId == account.Id ? actor.Current.SessionId : null;
        await sessions.EndAllAsync(account.Id, SessionEnd.TwoFactorChanged, except: current, ct: ct);
        await audit.RecordAsync(Audit.AuditAction.TwoFactorChange, nameof(Account), account.Id.ToString(), $"关闭双因素认证：{account.UserName}", ct: ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>The key in groups of four, easier to type: <c>ABCD EFGH …</c>.</summary>
    public static string FormatKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                text.Append(' ');
            }
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return text.ToString().ToUpperInvariant();
    }

    /// <summary>The otpauth:// address an authenticator app reads from the QR code (Key Uri Format).</summary>
    public static string OtpAuthUri(string userName, string key)
    {
        var label = Uri.EscapeDataString(Issuer) + ":" + Uri.EscapeDataString(userName);
        return $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
    }

    private static string Digits(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    private async Task<Account> FindAsync(Guid accountId, CancellationToken ct) =>
        await db.Set<Account>().SingleOrDefaultAsync(a => a.Id == accountId, ct) ?? throw new NotFoundException("账号", accountId);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            var error = result.Errors.First();
            throw new DomainException("account_" + error.Code.ToLowerInvariant(), error.Description);
        }
    }
}
