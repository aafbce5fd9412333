using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Zeren.Core.Security;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>Pages as a browser without JavaScript uses them: the login form, and form posts with the antiforgery token.</summary>
public static partial class Pages
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    /// <summary>A client that keeps cookies and does not follow redirects, so a test sees where it is sent.</summary>
    public static HttpClient BrowserClient(this ZerenFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The antiforgery token of a page's forms (the page sets its cookie on the client).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        var match = TokenInput().Match(html);
        match.Success.Should().BeTrue($"{url} should render a form with an antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a Blazor form (<paramref name="formName"/> is its FormName) with the token taken from <paramref name="tokenFrom"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string formName,
        IEnumerable<KeyValuePair<string, string>> fields, string tokenFrom = "/")
    {
        var token = await client.AntiforgeryTokenAsync(tokenFrom);
        var all = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("_handler", formName) };
        all.AddRange(fields);
        using var content = new FormUrlEncodedContent(all);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    /// <summary>Signs in through the login page (with a two-factor code when given); returns the response to the form post (a redirect when it worked).</summary>
    public static async Task<HttpResponseMessage> LoginPageAsync(this HttpClient client, string userName, string password, string? code = null)
    {
        var fields = new Dictionary<string, string> { ["Model.UserName"] = userName, ["Model.Password"] = password };
        if (code is not null)
        {
            fields["Model.Code"] = code;
        }
        return await client.PostFormAsync("/login", "login", fields, tokenFrom: "/login");
    }

    /// <summary>A client signed in with the page cookie.</summary>
    public static async Task<HttpClient> PageClientAsync(this ZerenFactory app, string userName, string password = ZerenFactory.TestPassword, string? code = null)
    {
        var client = app.BrowserClient();
        var response = await client.LoginPageAsync(userName, password, code);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the login form redirects once signed in");
        return client;
    }

    /// <summary>A page's text as a reader sees it (entities decoded).</summary>
    public static async Task<string> PageTextAsync(this HttpClient client, string url) =>
        WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(url, UriKind.Relative)));

    /// <summary>A client signed in with the page cookie as a new account (named from <paramref name="prefix"/>) with one role in one organization.</summary>
    public static async Task<HttpClient> NewPageClientAsync(this ZerenFactory app, string prefix, Role role, Guid orgId)
    {
        var user = Accounts.UniqueName(prefix);
        await app.EnsureAccountAsync(user, [role], orgId);
        return await app.PageClientAsync(user);
    }
}
