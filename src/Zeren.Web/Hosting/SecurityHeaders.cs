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

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set when the response starts rather than now: the exception handler clears headers before it
            // writes an error page, and the error page needs them as much as any other.
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
}
