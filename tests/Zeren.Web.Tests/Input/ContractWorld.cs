using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Security;

namespace Zeren.Web.Tests.Input;

/// <summary>The input-contract tests' own apps: they compare database snapshots, so nobody else writes there.</summary>
public sealed class InputContractApps : DedicatedApps
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ContractWorld>>> worlds = new();

    public Task<ContractWorld> WorldAsync(string provider) =>
        worlds.GetOrAdd(provider, p => new Lazy<Task<ContractWorld>>(() => ContractWorld.CreateAsync(For(p)))).Value;
}

/// <summary>
/// A <see cref="ScopeWorld"/> with the callers the write routes need: the county's administrator, a security and a
/// system administrator (with two-factor sign-in, signed in through the API) and an ordinary account of its own.
/// </summary>
public sealed class ContractWorld
{
    private ContractWorld(ScopeWorld scope) => Scope = scope;

    public ScopeWorld Scope { get; }

    public ZerenFactory App => Scope.App;

    public HttpClient Admin => App.AdminClient();

    public HttpClient SecurityAdmin { get; private set; } = default!;

    public HttpClient SystemAdmin { get; private set; } = default!;

    public static async Task<ContractWorld> CreateAsync(ZerenFactory app)
    {
        var world = new ContractWorld(await ScopeWorld.CreateAsync(app));
        world.SecurityAdmin = await world.AdministratorAsync(Role.SecurityAdmin);
        world.SystemAdmin = await world.AdministratorAsync(Role.SystemAdmin);
        return world;
    }

    private async Task<HttpClient> AdministratorAsync(Role role)
    {
        var name = Accounts.UniqueName(role.ToString()[..3].ToLowerInvariant());
        var id = await App.EnsureAccountAsync(name, [role], Scope.County.Id);
        var key = await App.EnableTwoFactorAsync(id);
        return await App.ClientFromLoginAsync(name, ZerenFactory.TestPassword, Totp.NextCode(key));
    }

    /// <summary>A new account of the county with <see cref="ZerenFactory.TestPassword"/>: its name and a client signed in as it.</summary>
    public async Task<(string UserName, Guid Id, HttpClient Client)> AccountAsync(Role role = Role.ReadOnly)
    {
        var name = Accounts.UniqueName("acc");
        var id = await App.EnsureAccountAsync(name, [role], Scope.County.Id);
        return (name, id, await App.ClientFromLoginAsync(name, ZerenFactory.TestPassword));
    }

    /// <summary>An administrator signed in on the login page with the two-factor code their role needs.</summary>
    public async Task<HttpClient> PageAdministratorAsync(Role role)
    {
        var name = Accounts.UniqueName("pg");
        var id = await App.EnsureAccountAsync(name, [role], Scope.County.Id);
        var key = await App.EnableTwoFactorAsync(id);
        var client = App.BrowserClient();
        var fields = new Dictionary<string, string> { ["Model.UserName"] = name, ["Model.Password"] = ZerenFactory.TestPassword, ["Model.Code"] = Totp.NextCode(key) };
        var response = await client.PostFormAsync("/login", "login", fields, tokenFrom: "/login");
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the login form redirects once signed in");
        return client;
    }

    /// <summary>A refresh token of a fresh sign-in of <paramref name="userName"/>.</summary>
    public async Task<string> RefreshTokenAsync(string userName)
    {
        using var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = ZerenFactory.TestPassword }, ZerenFactory.Json);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("refreshToken").GetString()!;
    }

    /// <summary>The OpenAPI document the app serves, parsed.</summary>
    public async Task<JsonObject> OpenApiAsync()
    {
        using var client = App.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!.AsObject();
    }
}
