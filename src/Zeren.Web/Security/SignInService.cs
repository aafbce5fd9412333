using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Web.Security;

/// <summary>
/// Refuses sign-in to disabled accounts, on top of Identity's lockout, and keeps the session id when a page signs
/// its owner in again after a change to the account (<see cref="RefreshSignInAsync"/>).
/// </summary>
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

    /// <summary>
    /// Signs the owner in again with a new security stamp (after a password or two-factor change), in the same
    /// session: the new cookie carries the session id of the old one.
    /// </summary>
    public override async Task RefreshSignInAsync(Account user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var auth = await Context.AuthenticateAsync(AuthenticationScheme);
        if (!auth.Succeeded || auth.Principal is null || UserManager.GetUserId(auth.Principal) != user.Id.ToString())
        {
            return;
        }
        var kept = auth.Principal.Claims.Where(c => c.Type is SessionClaims.SessionId or ClaimTypes.AuthenticationMethod or "amr").ToList();
        await SignInWithClaimsAsync(user, auth.Properties, kept);
    }
}

public enum SignInOutcome
{
    Succeeded,
    RequiresTwoFactor,
    Failed,
}

/// <summary>The answer to a sign-in: for the API, with the tokens.</summary>
public sealed record SignInResultView(SignInOutcome Outcome, string Message, AccessTokenResponse? Tokens = null);

/// <summary>
/// 登录: one path for the login page (cookie) and the API (bearer token), so both lock out, refuse disabled
/// accounts and record the same way: every success, failure and sign-out is an audit entry (the user name as typed
/// and the client address for a failure, never the password). A refusal says the same, and takes about as long,
/// whether the account does not exist, the password is wrong, or the account is locked or disabled: the password is
/// checked against a hash in every case (a stand-in hash for an unknown name), and only the audit entry says which.
/// Every sign-in opens a session (<see cref="SessionService"/>) whose id the cookie or token carries.
/// </summary>
public sealed class SignInService(ZerenSignInManager signIn, UserManager<Account> users, TimeProvider clock, IOptions<SecurityOptions> options,
    AuditLog audit, ActorAccessor actors, ZerenDbContext db, SessionService sessions, ApiTokens tokens)
{
    /// <summary>A hash of a random password, made once, checked for unknown names so that they cost what a real account does.</summary>
    private static readonly Lazy<string> StandInHash = new(() =>
        new PasswordHasher<Account>().HashPassword(new Account(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    /// <summary>The one answer to every refused sign-in, whatever the reason.</summary>
    public string RefusedMessage =>
        $"用户名或密码不正确。连续失败 {options.Value.MaxFailedAttempts} 次账号将锁定 {options.Value.LockoutMinutes} 分钟；无法登录时请联系安全管理员。";

    /// <summary>Checks the password (and the two-factor code when the account uses one), then opens a session of <paramref name="kind"/>.</summary>
    public async Task<SignInResultView> SignInAsync(string? userName, string? password, string? twoFactorCode, SessionKind kind)
    {
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new Account(), StandInHash.Value, password ?? "");
            return await FailedAsync(userName, null, "用户名或密码不正确");
        }
        if (user.Disabled || await users.IsLockedOutAsync(user))
        {
            // Identity would answer at once, without hashing: the time taken would tell.
            users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? StandInHash.Value, password ?? "");
            return await FailedAsync(userName, user, user.Disabled ? "账号已停用" : "账号已锁定");
        }
        var check = await signIn.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            return await FailedAsync(userName, user, check.IsLockedOut ? "用户名或密码不正确，账号已锁定" : "用户名或密码不正确");
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
                var locked = await users.IsLockedOutAsync(user);
                await FailedAsync(userName, user, locked ? "验证码不正确，账号已锁定" : "验证码不正确");
                return new(SignInOutcome.Failed, locked ? RefusedMessage : "验证码不正确，或已经用过（每个验证码只能用一次）。");
            }
            await users.ResetAccessFailedCountAsync(user);
        }
        // From here the account is who acts: the account row the sign-in updates (last sign-in) is recorded as theirs, in
        // the same audit operation as the sign-in, which the audit page shows as one 登录成功 with its details.
        var who = await ActorOfAsync(user);
        actors.Current = who;
        user.LastLoginAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        // Recorded before the sign-in writes its response.
        await audit.RecordAsync(who, AuditAction.LoginSucceeded, nameof(Account), user.Id.ToString(),
            $"登录成功（{(kind == SessionKind.Api ? "接口令牌" : "网页")}）", entityName: user.UserName);
        var session = await sessions.OpenAsync(user.Id, kind, actors.Current.ClientAddress);
        if (kind == SessionKind.Api)
        {
            return new(SignInOutcome.Succeeded, "登录成功。", await tokens.IssueAsync(user, session));
        }
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(SessionClaims.SessionId, session.Id.ToString())]);
        return new(SignInOutcome.Succeeded, "登录成功。");
    }

    /// <summary>
    /// A new bearer token for a refresh token, and a new refresh token in its place (the old one is spent). A spent
    /// one presented again ends its session, recorded in the audit log.
    /// </summary>
    public async Task<AccessTokenResponse?> RefreshAsync(string? refreshToken)
    {
        switch (await sessions.RedeemAsync(refreshToken))
        {
            case RefreshOutcome.Taken taken:
                var user = await users.FindByIdAsync(taken.Session.AccountId.ToString());
                return user is null or { Disabled: true } ? null : await tokens.IssueAsync(user, taken.Session);
            case RefreshOutcome.Reused reused:
                if (await users.FindByIdAsync(reused.Session.AccountId.ToString()) is { } owner)
                {
                    await audit.RecordAsync(await ActorOfAsync(owner), AuditAction.Logout, nameof(Account), owner.Id.ToString(),
                        "刷新令牌被重复使用，该会话已结束（可能已泄露），须重新登录");
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>退出: the session ends on the server, so the cookie or token no longer works even if kept.</summary>
    public async Task SignOutAsync()
    {
        if (actors.Current.AccountId is { } id)
        {
            if (actors.Current.SessionId is { } session)
            {
                await sessions.EndAsync(session, SessionEnd.SignedOut);
            }
            await audit.RecordAsync(AuditAction.Logout, nameof(Account), id.ToString(), "退出登录");
        }
        await signIn.SignOutAsync();
    }

    /// <summary>The account as the actor of its own sign-in events (the request is not signed in yet).</summary>
    private async Task<Actor> ActorOfAsync(Account user)
    {
        var orgPath = user.OrgId is { } orgId
            ? await db.Set<Organization>().IgnoreQueryFilters().Where(o => o.Id == orgId).Select(o => o.Path).SingleOrDefaultAsync()
            : null;
        return new Actor(user.Id, user.UserName ?? "", actors.Current.ClientAddress, [], DataScope.Nothing, orgId: user.OrgId, orgPath: orgPath);
    }

    /// <summary>A refused sign-in, recorded as by a visitor (the user name as typed and the client address) with the real reason; answered with the one message.</summary>
    private async Task<SignInResultView> FailedAsync(string? typedUserName, Account? user, string why)
    {
        await audit.RecordAsync(AuditLog.Visitor(typedUserName, actors.Current.ClientAddress), AuditAction.LoginFailed, nameof(Account),
            user?.Id.ToString(), $"登录失败：{why}");
        return new(SignInOutcome.Failed, RefusedMessage);
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
}

/// <summary>
/// The API's tokens: a bearer token (Identity's bearer format, protected by data protection) that carries the
/// session id and lasts the idle timeout, and an opaque refresh token kept as a hash (<see cref="SessionService"/>).
/// </summary>
public sealed class ApiTokens(IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, SessionService sessions, SignInManager<Account> signIn)
{
    public async Task<AccessTokenResponse> IssueAsync(Account user, AccountSession session, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaims.SessionId, session.Id.ToString()));
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var now = clock.GetUtcNow();
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration };
        var access = options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme));
        return new AccessTokenResponse
        {
            AccessToken = access,
            ExpiresIn = (long)options.BearerTokenExpiration.TotalSeconds,
            RefreshToken = await sessions.IssueRefreshTokenAsync(session, ct),
        };
    }
}
