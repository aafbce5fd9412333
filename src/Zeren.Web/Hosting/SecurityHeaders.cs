namespace Zeren.Web.Hosting;

/// <summary>
/// Headers that tell the browser to trust only this app: every page, fragment, API answer, file and error gets them.
/// Pages load scripts, styles, fonts and images from the app alone and carry no inline script, inline style or
/// <c>on…</c> handler (htmx's own indicator style is switched off in App.razor; its rules are in app.css), so the
/// policy needs neither 'unsafe-inline' nor 'unsafe-eval'. img-src allows data: for Bootstrap's SVG icons in its CSS.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Features no page uses, so nothing embedded or injected can ask for them.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>
    /// What may keep a response: nothing, unless it says otherwise. Pages, fragments and API answers carry full ID
    /// numbers, mobiles, tokens and one-time passwords, and a browser or proxy must not keep any of them; the static
    /// files say "no-cache" themselves (<see cref="StaticFiles"/>): kept, but checked again each time.
    /// </summary>
    public const string NoStore = "no-store";

    /// <summary>The static files (wwwroot): cached by the browser, revalidated with their ETag on each use.</summary>
    public static StaticFileOptions StaticFiles { get; } = new()
    {
        OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
    };

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set when the response starts rather than now: the exception handler clears headers before it
            // writes an error page, and the error page needs them as much as any other.
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = NoStore;
                }
                KeepRedirectsRelative(http);
                return Task.CompletedTask;
            }, context);
            return next(context);
        });

    /// <summary>
    /// A redirect to this app is sent as a path, never as an address built from the request's Host header: the sign-in
    /// redirect (and a page's NavigateTo) would otherwise send the browser to whatever host the request named.
    /// </summary>
    private static void KeepRedirectsRelative(HttpContext http)
    {
        var location = http.Response.Headers.Location.ToString();
        if (location.Length == 0 || !Uri.TryCreate(location, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
        {
            return;
        }
        if (string.Equals(target.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || string.Equals(target.Host, http.Request.Host.Host, StringComparison.OrdinalIgnoreCase))
        {
            var relative = target.PathAndQuery + target.Fragment;
            http.Response.Headers.Location = relative.StartsWith("//", StringComparison.Ordinal) ? "/" + relative.TrimStart('/') : relative;
        }
    }
}
