using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>A new account and its initial password, which is shown this once and must be changed at first sign-in.</summary>
public sealed record AccountCreated(AccountView Account, string Password);

/// <summary>An account's name, organization and the person behind it (null: none), all replaced.</summary>
public sealed record AccountUpdate(string DisplayName, Guid? OrgId, Guid? PersonId = null);

public sealed record AccountRoles(IReadOnlyList<Role> Roles);

/// <summary>A password set by an administrator: shown this once; the owner must change it at next sign-in.</summary>
public sealed record OneTimePassword(string Password);

/// <summary>
/// /api/v1/accounts: 账号管理 for security administrators (安全管理员), within the organizations they are bound to.
/// Accounts are never deleted (the audit log keeps their names); they are disabled.
/// </summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("账号 Accounts").RequirePermission(Permission.AccountsManage);

        accounts.MapGet("/", async (AccountService svc, string? q, Role? role, Guid? orgId, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(new AccountFilter(q, role, orgId), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("账号列表（分页，按用户名或姓名搜索，按角色、组织筛选）")
            .WithDescription("只列出绑定在本人管理范围内组织的账号。");

        accounts.MapGet("/{id:guid}", async (AccountService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("账号详情");

        accounts.MapPost("/", async Task<Created<AccountCreated>> (AccountService svc, AccountInput input, CancellationToken ct) =>
            {
                var (account, password) = await svc.CreateAsync(input, ct: ct);
                return TypedResults.Created($"/api/v1/accounts/{account.Id}", new AccountCreated(account, password));
            })
            .WithSummary("新建账号（返回一次性初始密码）")
            .WithDescription("不填 password 时由系统生成。初始密码只在此响应中出现一次，账号首次登录须修改密码。"
                + "系统管理员、安全管理员、审计管理员不得由同一账号兼任（三权分立，422 separation_of_duties）。");

        accounts.MapPut("/{id:guid}", async (AccountService svc, Guid id, AccountUpdate input, CancellationToken ct) =>
                TypedResults.Ok(await svc.UpdateAsync(id, input.DisplayName, input.OrgId, input.PersonId, ct)))
            .WithSummary("修改账号姓名、所属组织和对应人员")
            .WithDescription("所属组织决定账号的数据范围；改动即时生效。personId 为账号对应的人员（整体替换：省略或为 null 即取消关联）："
                + "页面在登记人、上传人等处显示该人员的姓名；县级领导的联系据此扩大数据范围。");

        accounts.MapPut("/{id:guid}/roles", async (AccountService svc, Guid id, AccountRoles input, CancellationToken ct) =>
                TypedResults.Ok(await svc.SetRolesAsync(id, input.Roles ?? [], ct)))
            .WithSummary("设置账号角色（整体替换）")
            .WithDescription("三权分立冲突返回 422 separation_of_duties；不能修改自己的角色（422 own_roles）。");

        accounts.MapPost("/{id:guid}/reset-password", async (AccountService svc, Guid id, CancellationToken ct) =>
                TypedResults.Ok(new OneTimePassword(await svc.ResetPasswordAsync(id, ct: ct))))
            .WithSummary("重置密码（返回一次性密码）")
            .WithDescription("新密码只在此响应中出现一次；账号下次登录须修改密码。同时解除因登录失败造成的锁定。");

        accounts.MapPost("/{id:guid}/disable", async (AccountService svc, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await svc.SetDisabledAsync(id, true, ct)))
            .WithSummary("停用账号")
            .WithDescription("停用的账号不能登录，已登录的会话随即失效。不能停用自己的账号。");

        accounts.MapPost("/{id:guid}/enable", async (AccountService svc, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await svc.SetDisabledAsync(id, false, ct)))
            .WithSummary("启用账号");

        accounts.MapPost("/{id:guid}/unlock", async (AccountService svc, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await svc.UnlockAsync(id, ct)))
            .WithSummary("解锁账号（解除连续登录失败造成的锁定）");

        accounts.MapPost("/{id:guid}/reset-two-factor", async (AccountService svc, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await svc.ResetTwoFactorAsync(id, ct)))
            .WithSummary("重置双因素认证（账号丢失手机时）")
            .WithDescription("关闭账号的双因素认证并作废原密钥；管理员角色的账号下次登录时须重新设置。");
        return api;
    }
}
