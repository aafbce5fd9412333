using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Zeren.Core.Security;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>Accounts for the account tests: unique names (the app is shared), two-factor set up as its owner would.</summary>
public static class Accounts
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..18];

    /// <summary>Turns on two-factor sign-in for an account as its owner would, with a code computed from its key; returns the key.</summary>
    public static async Task<string> EnableTwoFactorAsync(this ZerenFactory factory, Guid accountId)
    {
        await using var scope = factory.Scope();
        var twoFactor = scope.Get<TwoFactorService>();
        var setup = await twoFactor.SetupAsync(accountId);
        await twoFactor.EnableAsync(accountId, Totp.Code(setup.Key));
        return setup.Key;
    }

    /// <summary>POST /api/v1/auth/login, with a two-factor code when given.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(this ZerenFactory factory, string userName, string password, string? code = null)
    {
        using var client = factory.CreateClient();
        return await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password, twoFactorCode = code }, ZerenFactory.Json);
    }

    /// <summary>A client with the bearer token of a successful login.</summary>
    public static async Task<HttpClient> ClientFromLoginAsync(this ZerenFactory factory, string userName, string password, string? code = null)
    {
        var response = await factory.PostLoginAsync(userName, password, code);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", doc.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>
    /// A new security administrator (安全管理员) bound to <paramref name="orgId"/>, with two-factor sign-in on as the
    /// three administrator roles need, signed in through the API.
    /// </summary>
    public static async Task<(HttpClient Client, Guid Id, string UserName)> SecurityAdminAsync(this ZerenFactory factory, Guid? orgId)
    {
        var name = UniqueName("sec");
        var id = await factory.EnsureAccountAsync(name, [Role.SecurityAdmin], orgId);
        var key = await factory.EnableTwoFactorAsync(id);
        // Turning it on took this step's code; each code is taken once.
        return (await factory.ClientFromLoginAsync(name, ZerenFactory.TestPassword, Totp.NextCode(key)), id, name);
    }
}
