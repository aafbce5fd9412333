using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Web.Security;

/// <summary>
/// Turns the signed-in principal into the request's <see cref="Actor"/>: the account's roles and data scope, read
/// fresh from the database on each request so a changed role, a moved organization or a new link applies at once.
/// Checks that the session the cookie or token belongs to is still open (<see cref="SessionService"/>), so a signed-out
/// cookie or a token of a changed account stops working at its next request. Also holds an account with a password
/// to change, or an administrator without two-factor sign-in, at the page that fixes it.
/// </summary>
internal sealed class ActorMiddleware(RequestDelegate next)
{
    public const string ChangePasswordPath = "/account/password";
    public const string TwoFactorPath = "/account/two-factor";

    public async Task InvokeAsync(HttpContext http, ActorAccessor accessor, ZerenDbContext db, TimeProvider clock,
        IOptions<SecurityOptions> options, IMemoryCache cache)
    {
        var address = http.Connection.RemoteIpAddress?.ToString();
        accessor.Current = Actor.Anonymous.WithClientAddress(address);
        if (http.User.Identity?.IsAuthenticated == true)
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                // An API request holds one connection from here to its end (the context closes it when the request's
                // scope ends): each statement after this one is a round trip, not a return to the pool and a reset of
                // the connection before the next (ADR 0051). Pages do not: their components initialize side by side,
                // and one that queries the request's context while another awaits it is an error either way, but
                // more often met with the connection open.
                await db.Database.OpenConnectionAsync(http.RequestAborted);
            }
            var session = Guid.TryParse(http.User.FindFirstValue(SessionClaims.SessionId), out var sessionId) ? sessionId : (Guid?)null;
            var seen = Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)
                ? await SeenAsync(db, accountId, session, clock.GetUtcNow(), http.RequestAborted)
                : null;
            if (seen is null or { Account.Disabled: true })
            {
                // A token or cookie issued before the account was disabled: the session is over, whatever it still carries.
                await EndSessionAsync(http);
                return;
            }
            var account = seen.Account;
            if (!seen.SessionOpen)
            {
                // Signed out, ended by a change to the account, or past its time: the cookie or token is a copy of nothing.
                if (await SessionEndedAsync(http))
                {
                    return;
                }
                await next(http);
                return;
            }
            // Roles as they are now, not as they were at sign-in: a revoked role stops working at the next request.
            var roles = seen.RoleNames.Select(n => Enum.TryParse<Role>(n, out var role) ? role : (Role?)null).OfType<Role>().Distinct().Order().ToList();
            http.User = WithRoles(http.User, roles);
            var (scope, orgPath) = await ScopeOfAsync(db, account, seen.OrgPath, roles, ChinaTime.Today(clock), http.RequestAborted);
            accessor.Current = new Actor(account.Id, account.UserName ?? "", address, roles, scope, orgId: account.OrgId, orgPath: orgPath) { SessionId = session };
            if (await SmallScopes.SmallAsync(db, scope, cache, http.RequestAborted))
            {
                await db.UseGenericPlansAsync(http.RequestAborted);
            }

            if (Hold(account, roles, clock, options.Value) is { } hold && !MayPass(http.Request.Path, hold))
            {
                await HoldAsync(http, hold);
                return;
            }
        }
        await next(http);
    }

    /// <summary>What a request needs of its account, read in one statement: the account, whether its session is open, its roles and its organization's path.</summary>
    private sealed record Seen(Account Account, bool SessionOpen, List<string?> RoleNames, string? OrgPath);

    /// <summary>
    /// The account, whether <paramref name="session"/> (<see cref="SessionService"/> opens and ends them) is open: the
    /// account's, not ended, not past its time; its roles and its organization's path: one round trip on every signed-in request,
    /// in place of four. The ids are the request's own, so no query filter applies.
    /// </summary>
    private static Task<Seen?> SeenAsync(ZerenDbContext db, Guid accountId, Guid? session, DateTimeOffset now, CancellationToken ct)
    {
        var sessionId = session ?? Guid.Empty;
        // Prepared on its connection (ADR 0049): its parameters are keys, and planning it cost the server more than running it.
        return PreparedStatements.Prepare(db.Set<Account>().IgnoreQueryFilters().AsNoTracking())
            .Where(a => a.Id == accountId)
            .Select(a => new Seen(
                a,
                db.Set<AccountSession>().Any(s => s.Id == sessionId && s.AccountId == a.Id && s.EndedAt == null && s.ExpiresAt > now),
                db.Set<IdentityUserRole<Guid>>().Where(ur => ur.UserId == a.Id)
                    .Join(db.Set<IdentityRole<Guid>>(), ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToList(),
                db.Set<Organization>().Where(o => o.Id == a.OrgId).Select(o => o.Path).FirstOrDefault()))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The principal with <paramref name="roles"/> in place of the roles it was issued with, for the permission policies and the pages.</summary>
    private static ClaimsPrincipal WithRoles(ClaimsPrincipal user, IReadOnlyList<Role> roles)
    {
        var issued = (ClaimsIdentity)user.Identity!;
        var identity = new ClaimsIdentity(issued.Claims.Where(c => c.Type != issued.RoleClaimType), issued.AuthenticationType, issued.NameClaimType, issued.RoleClaimType);
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(issued.RoleClaimType, role.ToString()));
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// A request whose session is over: the API and fragments answer 401 (true: done); a page drops the cookie and
    /// goes on as a visitor, so the login page shows and any other page asks to sign in (false).
    /// </summary>
    private static async Task<bool> SessionEndedAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/ui"))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 401, Detail = "会话已结束（已退出登录、超过时限或账号有变动），请重新登录。" };
            problem.Extensions["code"] = "session_ended";
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            return true;
        }
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        http.User = new ClaimsPrincipal(new ClaimsIdentity());
        return false;
    }

    /// <summary>The account's organization subtree, and for a county leader the organizations they are linked to.</summary>
    internal static async Task<(DataScope Scope, string? OrgPath)> ScopeOfAsync(
        ZerenDbContext db, Account account, string? own, IReadOnlyCollection<Role> roles, DateOnly today, CancellationToken ct)
    {
        if (account.OrgId is null)
        {
            return (DataScope.Everything, null);
        }
        var orgs = db.Set<Organization>().IgnoreQueryFilters();
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

    private static async Task EndSessionAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/ui"))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 401, Detail = "账号已停用，请联系安全管理员。" };
            problem.Extensions["code"] = "account_disabled";
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            return;
        }
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        http.Response.Redirect("/login");
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
