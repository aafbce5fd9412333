using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Web.Security;

/// <summary>Refuses sign-in to disabled accounts, on top of Identity's lockout.</summary>
public sealed class ZerenSignInManager(
    UserManager<Account> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<Account> claims, IOptions<IdentityOptions> options,
    ILogger<SignInManager<Account>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<Account> confirmation)
    : SignInManager<Account>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(Account user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.Disabled && await base.CanSignInAsync(user);
    }
}

public enum SignInOutcome
{
    Succeeded,
    RequiresTwoFactor,
    LockedOut,
    NotAllowed,
    Failed,
}

public sealed record SignInResultView(SignInOutcome Outcome, string Message);

/// <summary>
/// 登录: one path for the login page (cookie) and the API (bearer token), so both lock out, refuse disabled
/// accounts and record the same way: every success, failure and sign-out is an audit entry (the user name as typed
/// and the client address for a failure, never the password).
/// </summary>
public sealed class SignInService(ZerenSignInManager signIn, UserManager<Account> users, TimeProvider clock, IOptions<SecurityOptions> options,
    AuditLog audit, ActorAccessor actors, ZerenDbContext db)
{
    private int LockoutMinutes => options.Value.LockoutMinutes;

    /// <summary>Checks the password (and the two-factor code when the account uses one), then signs in with <paramref name="scheme"/>.</summary>
    public async Task<SignInResultView> SignInAsync(string? userName, string? password, string? twoFactorCode, string scheme)
    {
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null || string.IsNullOrEmpty(password))
        {
            return await FailedAsync(userName, user, "用户名或密码不正确", Failed());
        }
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return await FailedAsync(userName, user, "账号已锁定",
                new(SignInOutcome.LockedOut, $"连续登录失败次数过多，账号已锁定 {LockoutMinutes} 分钟，请稍后再试或联系安全管理员。"));
        }
        if (check.IsNotAllowed)
        {
            return await FailedAsync(userName, user, "账号已停用", new(SignInOutcome.NotAllowed, "账号已停用，请联系安全管理员。"));
        }
        if (!check.Succeeded)
        {
            return await FailedAsync(userName, user, "用户名或密码不正确", Failed());
        }
        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(twoFactorCode))
            {
                return new(SignInOutcome.RequiresTwoFactor, "请输入身份验证器上的 6 位验证码（或一个恢复码）。");
            }
            if (!await CheckSecondFactorAsync(user, twoFactorCode))
            {
                await users.AccessFailedAsync(user);
                return await users.IsLockedOutAsync(user)
                    ? await FailedAsync(userName, user, "验证码不正确，账号已锁定", new(SignInOutcome.LockedOut, $"连续登录失败次数过多，账号已锁定 {LockoutMinutes} 分钟。"))
                    : await FailedAsync(userName, user, "验证码不正确", new(SignInOutcome.Failed, "验证码不正确。"));
            }
            await users.ResetAccessFailedCountAsync(user);
        }
        // From here the account is who acts: the account row the sign-in updates (last sign-in) is recorded as theirs, in
        // the same audit operation as the sign-in, which the audit page shows as one 登录成功 with its details.
        var orgPath = user.OrgId is { } orgId
            ? await db.Set<Organization>().IgnoreQueryFilters().Where(o => o.Id == orgId).Select(o => o.Path).SingleOrDefaultAsync()
            : null;
        var who = new Actor(user.Id, user.UserName ?? "", actors.Current.ClientAddress, [], DataScope.Nothing, orgId: user.OrgId, orgPath: orgPath);
        actors.Current = who;
        user.LastLoginAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        // Recorded before the sign-in writes its response (the bearer token is written at once).
        await audit.RecordAsync(who, AuditAction.LoginSucceeded, nameof(Account), user.Id.ToString(),
            $"登录成功（{(scheme == IdentityConstants.BearerScheme ? "接口令牌" : "网页")}）", entityName: user.UserName);
        signIn.AuthenticationScheme = scheme;
        await signIn.SignInAsync(user, isPersistent: false);
        return new(SignInOutcome.Succeeded, "登录成功。");
    }

    public async Task SignOutAsync()
    {
        if (actors.Current.AccountId is { } id)
        {
            await audit.RecordAsync(AuditAction.Logout, nameof(Account), id.ToString(), "退出登录");
        }
        await signIn.SignOutAsync();
    }

    /// <summary>A refused sign-in, recorded as by a visitor: the user name as typed and the client address.</summary>
    private async Task<SignInResultView> FailedAsync(string? typedUserName, Account? user, string why, SignInResultView result)
    {
        await audit.RecordAsync(AuditLog.Visitor(typedUserName, actors.Current.ClientAddress), AuditAction.LoginFailed, nameof(Account),
            user?.Id.ToString(), $"登录失败：{why}");
        return result;
    }

    /// <summary>Six digits are a code from the authenticator app; anything else may be one of the recovery codes (XXXXX-XXXXX), each good once.</summary>
    private async Task<bool> CheckSecondFactorAsync(Account user, string input)
    {
        var code = new string(input.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        if (code.Length == 6 && code.All(char.IsAsciiDigit))
        {
            return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        }
        if (code.Length != 10)
        {
            return false;
        }
        var recovery = code[..5] + "-" + code[5..];
        return (await users.RedeemTwoFactorRecoveryCodeAsync(user, recovery)).Succeeded;
    }

    private static SignInResultView Failed() => new(SignInOutcome.Failed, "用户名或密码不正确。");
}
