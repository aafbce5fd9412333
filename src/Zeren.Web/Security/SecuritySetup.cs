using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Security;

namespace Zeren.Web.Security;

/// <summary>
/// Accounts (ASP.NET Core Identity), sign-in by cookie for pages and by bearer token for the API, permission
/// policies, and the actor every request runs as. Everything requires a signed-in account unless it says otherwise.
/// </summary>
public static class SecuritySetup
{
    /// <summary>Chooses the scheme per request: a bearer token when the request carries one, else the cookie.</summary>
    public const string Scheme = "Zeren";

    public static string Policy(Permission permission) => "perm:" + permission;

    public static IServiceCollection AddZerenSecurity(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SecurityOptions>(config.GetSection(SecurityOptions.Section));
        var options = config.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var idle = TimeSpan.FromMinutes(options.IdleTimeoutMinutes);

        services.AddHttpContextAccessor();
        // In a request the actor is anonymous until ActorMiddleware knows better; outside one (start-up, jobs) it is the app.
        services.RemoveAll<ActorAccessor>();
        services.AddScoped(sp => new ActorAccessor
        {
            Current = sp.GetRequiredService<IHttpContextAccessor>().HttpContext is null ? Actor.System : Actor.Anonymous,
        });

        services.AddIdentityCore<Account>(o =>
            {
                o.Password.RequiredLength = PasswordPolicy.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = options.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(options.LockoutMinutes);
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ZerenDbContext>()
            .AddSignInManager<ZerenSignInManager>()
            .AddDefaultTokenProviders()
            // In place of Identity's authenticator provider: each code is taken once.
            .AddTokenProvider<OnceOnlyAuthenticator>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<PasswordPolicy>();
        services.AddScoped<IUserClaimsPrincipalFactory<Account>, AccountClaimsFactory>();
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // The cookie's principal is made again from the account each minute: it stays in its session.
            o.OnRefreshingPrincipal = ctx =>
            {
                if (ctx.CurrentPrincipal?.FindFirst(SessionClaims.SessionId) is { } session && ctx.NewPrincipal?.Identity is ClaimsIdentity identity
                    && !identity.HasClaim(c => c.Type == SessionClaims.SessionId))
                {
                    identity.AddClaim(new Claim(SessionClaims.SessionId, session.Value));
                }
                return Task.CompletedTask;
            };
        });
        services.AddScoped<SessionService>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<AccountService>();
        services.TryAddScoped<AccountNames>();
        services.AddScoped<AccountQueues>();
        services.AddScoped<TwoFactorService>();
        services.AddScoped<SignInService>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            // Its tokens are made by ApiTokens (the refresh token is ours: good once, kept as a hash); the handler reads them.
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = idle)
            .AddIdentityCookies(cookies =>
            {
                cookies.ApplicationCookie?.Configure(o =>
                {
                    o.Cookie.Name = "zeren.auth";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Lax;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    // 会话超时: the session ends after this much idle time; each request slides it.
                    o.ExpireTimeSpan = idle;
                    o.SlidingExpiration = true;
                    o.LoginPath = "/login";
                    o.LogoutPath = "/logout";
                    o.AccessDeniedPath = "/forbidden";
                    o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
                    o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
                });
                cookies.TwoFactorUserIdCookie?.Configure(o => o.Cookie.Name = "zeren.2fa");
            });

        services.AddAuthorization(o =>
        {
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var permission in Enum.GetValues<Permission>())
            {
                o.AddPolicy(Policy(permission), p => p.RequireAuthenticatedUser().RequireAssertion(ctx => Allows(ctx.User, permission)));
            }
        });
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static bool Allows(ClaimsPrincipal user, Permission permission) =>
        Enum.GetValues<Role>().Any(r => user.IsInRole(r.ToString()) && Roles.PermissionsOf(r).Contains(permission));

    /// <summary>The API answers 401/403 as ProblemDetails; pages redirect to the login page.</summary>
    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/ui"))
        {
            ctx.Response.StatusCode = status;
            return ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx.HttpContext,
                ProblemDetails =
                {
                    Status = status,
                    Detail = status == 401 ? "请先登录。" : "您的角色没有此项权限。",
                },
            }).AsTask();
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseZerenSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<ActorMiddleware>();
        app.UseMiddleware<ApiAntiforgery>();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Reads (GET) need <paramref name="read"/>, everything else <paramref name="write"/>: put on a group, so an
    /// endpoint added to it later cannot be left open.
    /// </summary>
    public static TBuilder RequireReadWrite<TBuilder>(this TBuilder builder, Permission read, Permission write)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(e =>
        {
            var methods = e.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            var reads = methods.Count > 0 && methods.All(m => m is "GET" or "HEAD");
            e.Metadata.Add(new AuthorizeAttribute(Policy(reads ? read : write)));
        });
        return builder;
    }

    /// <summary>Endpoint filter shorthand: <c>.RequirePermission(Permission.DataRead)</c>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Policy(permission));
}

/// <summary>Adds the account's organization to the principal (roles are added by Identity).</summary>
internal sealed class AccountClaimsFactory(UserManager<Account> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("zeren:name", user.DisplayName));
        return identity;
    }
}
