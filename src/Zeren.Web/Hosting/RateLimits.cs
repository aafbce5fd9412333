using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Zeren.Web.Hosting;

/// <summary>
/// Rate limits (请求频率限制), with the framework's rate limiter: <see cref="Login"/> for sign-in attempts, per client
/// address; <see cref="Api"/> on all of /api/v1, per signed-in user or else per client address. A refused request
/// gets 429 with Retry-After and a Chinese ProblemDetails (a browser at a page gets the sentence as text).
/// Limits are read from <c>Zeren:RateLimits</c>.
/// </summary>
public static class RateLimits
{
    /// <summary>
    /// Policy name for sign-in: <c>.RequireRateLimiting(RateLimits.Login)</c> on the API endpoint,
    /// <c>[EnableRateLimiting(RateLimits.Login)]</c> on the login page. Counts POSTs only.
    /// </summary>
    public const string Login = "login";

    /// <summary>Policy name for the JSON API, applied to the /api/v1 group.</summary>
    public const string Api = "api";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<RateLimitSettings>(config.GetSection(RateLimitSettings.Section));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only attempts count: the same policy can sit on the login page, whose GET only shows the form.
            o.AddPolicy(Login, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : Settings(http).Login.Partition("ip:" + ClientAddress(http)));
            o.AddPolicy(Api, http => Settings(http).Api.Partition(http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
                ? "user:" + name
                : "ip:" + ClientAddress(http)));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitSettings Settings(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value;

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var detail = "请求次数超过限制，请稍后再试。";
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail = $"请求次数超过限制，请在 {seconds} 秒后再试。";
        }
        if (!http.Request.Path.StartsWithSegments("/api") && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            // A person at the login page reads a sentence, not JSON.
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("请求过于频繁。" + detail, ct);
            return;
        }
        var problem = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "请求过于频繁", Detail = detail };
        problem.Extensions["code"] = "rate_limited";
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}

/// <summary>The limits under <c>Zeren:RateLimits</c>, e.g. <c>Zeren:RateLimits:Login:PermitLimit</c>.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "Zeren:RateLimits";

    /// <summary>Sign-in attempts per client address: 10 a minute.</summary>
    public FixedWindow Login { get; set; } = new() { PermitLimit = 10 };

    /// <summary>API requests per user (or per client address when nobody is signed in): 600 a minute.</summary>
    public FixedWindow Api { get; set; } = new() { PermitLimit = 600 };
}

/// <summary>At most <see cref="PermitLimit"/> requests in each window of <see cref="WindowSeconds"/> seconds; no queue.</summary>
public sealed class FixedWindow
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;

    internal RateLimitPartition<string> Partition(string key) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, PermitLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, WindowSeconds)),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
