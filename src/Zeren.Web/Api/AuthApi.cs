using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Hosting;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

public sealed record LoginRequest(string UserName, [VerbatimText] string Password, string? TwoFactorCode = null);

public sealed record RefreshRequest(string RefreshToken);

public sealed record ChangePasswordRequest([VerbatimText] string CurrentPassword, [VerbatimText] string NewPassword);

public sealed record MeView(Guid Id, string UserName, string DisplayName, Guid? OrgId, IReadOnlyList<Role> Roles, IReadOnlyList<Permission> Permissions,
    bool MustChangePassword, bool TwoFactorEnabled);

/// <summary>
/// 登录 for API clients: a bearer token (expires after the idle timeout) and a refresh token, good once, that gets a
/// new pair. Send <c>Authorization: Bearer {accessToken}</c> with every request; <c>POST /auth/logout</c> ends the session.
/// </summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("登录 Auth");

        auth.MapPost("/login", async Task<IResult> (LoginRequest body, SignInService signIn) =>
            {
                var result = await signIn.SignInAsync(body.UserName, body.Password, body.TwoFactorCode, SessionKind.Api);
                return result.Outcome switch
                {
                    SignInOutcome.Succeeded => TypedResults.Ok(result.Tokens),
                    SignInOutcome.RequiresTwoFactor => Problem("two_factor_required", result.Message),
                    _ => Problem("login_failed", result.Message),
                };
            })
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Login)
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("登录，取得访问令牌和刷新令牌")
            .WithDescription("用户名和密码（启用双因素认证的账号还需 twoFactorCode，每个验证码只能用一次）。连续失败 5 次锁定 15 分钟；同一地址每分钟最多尝试 10 次（超过返回 429）。"
                + "失败返回 401 ProblemDetails，code 为 login_failed（用户名不存在、密码错误、账号锁定或停用，回答相同）或 two_factor_required。"
                + "访问令牌 expiresIn 秒后失效；会话自登录起最长 12 小时（Zeren:Security:SessionMaxHours）。");

        auth.MapPost("/refresh", async Task<IResult> (RefreshRequest body, SignInService signIn) =>
                await signIn.RefreshAsync(body.RefreshToken) is { } tokens
                    ? TypedResults.Ok(tokens)
                    : Problem("refresh_failed", "刷新令牌无效、已用过或会话已结束，请重新登录。"))
            .AllowAnonymous()
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("用刷新令牌换取新的访问令牌和新的刷新令牌")
            .WithDescription("每个刷新令牌只能用一次，响应中带有新的刷新令牌；已用过的刷新令牌再次出现时，整个会话随即结束（须重新登录）。");

        auth.MapPost("/logout", async Task<NoContent> (SignInService signIn) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.NoContent();
            })
            .WithSummary("退出登录：结束本会话")
            .WithDescription("本会话的访问令牌和刷新令牌随即失效。");

        auth.MapGet("/me", async (ActorAccessor actor, UserManager<Account> users) =>
                Me(actor.Current, await users.FindByIdAsync(actor.Current.AccountId!.Value.ToString()) ?? throw new Core.Platform.NotFoundException("账号", actor.Current.AccountId)))
            .WithSummary("当前账号：角色、权限、所属组织");

        auth.MapPost("/password", async Task<NoContent> (ChangePasswordRequest body, ActorAccessor actor, AccountService accounts, CancellationToken ct) =>
            {
                await accounts.ChangeOwnPasswordAsync(actor.Current.AccountId!.Value, body.CurrentPassword, body.NewPassword, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("修改本人密码")
            .WithDescription("新密码至少 8 位，包含大写字母、小写字母、数字、符号中的至少三种，且不同于用户名。首次登录和密码超过有效期后须先调用此接口。");
        return api;
    }

    private static MeView Me(Actor actor, Account account) => new(
        account.Id, account.UserName ?? "", account.DisplayName, account.OrgId, actor.Roles.Order().ToList(),
        Enum.GetValues<Permission>().Where(actor.Has).ToList(), account.MustChangePassword, account.TwoFactorEnabled);

    private static ProblemHttpResult Problem(string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "登录失败", extensions: new Dictionary<string, object?> { ["code"] = code });
}
