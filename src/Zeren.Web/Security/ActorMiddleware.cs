using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Web.Security;

/// <summary>
/// Turns the signed-in principal into the request's <see cref="Actor"/>: the account's roles and data scope, read
/// fresh from the database on each request so a moved organization or a new link applies at once. Also holds an
/// account with a password to change, or an administrator without two-factor sign-in, at the page that fixes it.
/// </summary>
internal sealed class ActorMiddleware(RequestDelegate next)
{
    public const string ChangePasswordPath = "/account/password";
    public const string TwoFactorPath = "/account/two-factor";

    public async Task InvokeAsync(HttpContext http, ActorAccessor accessor, ZerenDbContext db, TimeProvider clock, IOptions<SecurityOptions> options)
    {
        var address = http.Connection.RemoteIpAddress?.ToString();
        accessor.Current = Actor.Anonymous.WithClientAddress(address);
        if (http.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)
            && await db.Set<Account>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, http.RequestAborted) is { Disabled: false } account)
        {
            var roles = Enum.GetValues<Role>().Where(r => http.User.IsInRole(r.ToString())).ToList();
            var (scope, orgPath) = await ScopeOfAsync(db, account, roles, ChinaTime.Today(clock), http.RequestAborted);
            accessor.Current = new Actor(account.Id, account.UserName ?? "", address, roles, scope, orgId: account.OrgId, orgPath: orgPath);

            if (Hold(account, roles, clock, options.Value) is { } hold && !MayPass(http.Request.Path, hold))
            {
                await HoldAsync(http, hold);
                return;
            }
        }
        await next(http);
    }

    /// <summary>The account's organization subtree, and for a county leader the organizations they are linked to.</summary>
    internal static async Task<(DataScope Scope, string? OrgPath)> ScopeOfAsync(ZerenDbContext db, Account account, IReadOnlyCollection<Role> roles, DateOnly today, CancellationToken ct)
    {
        if (account.OrgId is not { } orgId)
        {
            return (DataScope.Everything, null);
        }
        var orgs = db.Set<Organization>().IgnoreQueryFilters();
        var own = await orgs.Where(o => o.Id == orgId).Select(o => o.Path).SingleOrDefaultAsync(ct);
        var paths = new List<string>();
        if (own is not null)
        {
            paths.Add(own);
        }
        if (account.PersonId is { } personId && roles.Contains(Role.CountyLeader))
        {
            var linked = await db.Set<Link>().IgnoreQueryFilters()
                .Where(l => l.PersonId == personId && (l.Kind == LinkKind.CountyLeaderTownship || l.Kind == LinkKind.KeyVillage)
                    && l.StartOn <= today && (l.EndOn == null || l.EndOn >= today))
                .Join(orgs, l => l.OrgId, o => o.Id, (l, o) => o.Path)
                .ToListAsync(ct);
            paths.AddRange(linked);
        }
        var distinct = paths.Distinct().Order(StringComparer.Ordinal).ToList();
        // More subtrees than the filter has ranges would be a data error; the outermost ones are kept.
        var scope = DataScope.Of(distinct.Where(p => !distinct.Any(q => q != p && p.StartsWith(q, StringComparison.Ordinal))).Take(DataScope.MaxPaths));
        return (scope, own);
    }

    private enum HoldReason
    {
        ChangePassword,
        SetUpTwoFactor,
    }

    private static HoldReason? Hold(Account account, IReadOnlyCollection<Role> roles, TimeProvider clock, SecurityOptions options)
    {
        if (account.IsDemo)
        {
            return null;
        }
        var expired = options.PasswordMaxAgeDays > 0
            && (account.PasswordChangedAt is null || account.PasswordChangedAt.Value.AddDays(options.PasswordMaxAgeDays) < clock.GetUtcNow());
        if (account.MustChangePassword || expired)
        {
            return HoldReason.ChangePassword;
        }
        if (options.RequireTwoFactorForAdmins && !account.TwoFactorEnabled && roles.Any(Roles.SeparatedAdmins.Contains))
        {
            return HoldReason.SetUpTwoFactor;
        }
        return null;
    }

    private static bool MayPass(PathString path, HoldReason hold) =>
        path.StartsWithSegments("/logout") || path.StartsWithSegments("/login") || path.StartsWithSegments("/api/v1/auth")
        || path.StartsWithSegments("/culture") || path.StartsWithSegments("/health")
        || (hold == HoldReason.ChangePassword && path.StartsWithSegments(ChangePasswordPath))
        || (hold == HoldReason.SetUpTwoFactor && path.StartsWithSegments(TwoFactorPath));

    private static async Task HoldAsync(HttpContext http, HoldReason hold)
    {
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/ui"))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 403,
                Detail = hold == HoldReason.ChangePassword
                    ? "密码须先修改（首次登录或已超过有效期）：请调用 POST /api/v1/auth/password。"
                    : "管理员账号须先启用双因素认证。",
            };
            problem.Extensions["code"] = hold == HoldReason.ChangePassword ? "password_change_required" : "two_factor_required";
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            return;
        }
        var target = hold == HoldReason.ChangePassword ? ChangePasswordPath : TwoFactorPath;
        http.Response.Redirect(target + "?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
    }
}
