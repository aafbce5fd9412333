using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Localization;
using Zeren.Web.Security;

namespace Zeren.Web.Hosting;

internal static class UiEndpoints
{
    /// <summary>Endpoints the pages use that are not pages: the language switch.</summary>
    public static void MapUiEndpoints(this WebApplication app)
    {
        app.MapGet("/culture/{culture}", (HttpContext http, string culture, string? returnUrl) =>
        {
            if (ZerenSetup.Cultures.Any(c => c.Name == culture))
            {
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            }
            return Results.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
        }).ExcludeFromDescription().AllowAnonymous();

        // 退出: a form post with the antiforgery token, so another site cannot sign a user out.
        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery, SignInService signIn) =>
        {
            await antiforgery.ValidateRequestAsync(http);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription().DisableAntiforgery();
    }
}
