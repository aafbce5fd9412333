using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
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
/// accounts and record the same way.
/// </summary>
public sealed class SignInService(ZerenSignInManager signIn, UserManager<Account> users, TimeProvider clock, IOptions<SecurityOptions> options)
{
    private int LockoutMinutes => options.Value.LockoutMinutes;

    /// <summary>Checks the password (and the two-factor code when the account uses one), then signs in with <paramref name="scheme"/>.</summary>
    public async Task<SignInResultView> SignInAsync(string? userName, string? password, string? twoFactorCode, string scheme)
    {
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null || string.IsNullOrEmpty(password))
        {
            return Failed();
        }
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return new(SignInOutcome.LockedOut, $"连续登录失败次数过多，账号已锁定 {LockoutMinutes} 分钟，请稍后再试或联系安全管理员。");
        }
        if (check.IsNotAllowed)
        {
            return new(SignInOutcome.NotAllowed, "账号已停用，请联系安全管理员。");
        }
        if (!check.Succeeded)
        {
            return Failed();
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
                    ? new(SignInOutcome.LockedOut, $"连续登录失败次数过多，账号已锁定 {LockoutMinutes} 分钟。")
                    : new(SignInOutcome.Failed, "验证码不正确。");
            }
            await users.ResetAccessFailedCountAsync(user);
        }
        user.LastLoginAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        signIn.AuthenticationScheme = scheme;
        await signIn.SignInAsync(user, isPersistent: false);
        return new(SignInOutcome.Succeeded, "登录成功。");
    }

    public async Task SignOutAsync() => await signIn.SignOutAsync();

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
