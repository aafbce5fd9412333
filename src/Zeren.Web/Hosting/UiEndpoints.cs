using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Localization;
using Zeren.Web.Components.Shared;
using Zeren.Web.Security;

namespace Zeren.Web.Hosting;

internal static class UiEndpoints
{
    /// <summary>Endpoints the pages use that are not pages: the language switch.</summary>
    public static void MapUiEndpoints(this WebApplication app)
    {
        // An unknown language or a return address that is not a path of this site is a bad request (400, the styled
        // page): never a redirect elsewhere, never an error.
        app.MapGet("/culture/{culture}", (HttpContext http, string culture, string? returnUrl) =>
        {
            if (!ZerenSetup.Cultures.Any(c => c.Name == culture) || (!string.IsNullOrEmpty(returnUrl) && !LocalUrl.IsLocal(returnUrl)))
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl);
        }).ExcludeFromDescription().AllowAnonymous();

        // 退出: a form post with the antiforgery token, so another site cannot sign a user out; without it, 400.
        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery, SignInService signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription().DisableAntiforgery();
    }
}
