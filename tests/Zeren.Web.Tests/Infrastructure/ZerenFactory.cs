using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Security;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>
/// The whole app over one database of the given provider. Tests make their own data, so they can share it.
/// <paramref name="settings"/> override configuration for an app of its own (e.g. low rate limits).
/// </summary>
public sealed class ZerenFactory(string provider, bool demo = false, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    private static readonly ConcurrentDictionary<string, Lazy<ZerenFactory>> Shared = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string Provider { get; } = provider;

    /// <summary>One app per provider for the test run.</summary>
    public static ZerenFactory For(string provider) =>
        Shared.GetOrAdd(provider, p => new Lazy<ZerenFactory>(() => new ZerenFactory(p))).Value;

    /// <summary>One app per provider started with the demo county (read-only use: tests must not change it).</summary>
    public static ZerenFactory WithDemo(string provider) =>
        Shared.GetOrAdd("demo:" + provider, _ => new Lazy<ZerenFactory>(() => new ZerenFactory(provider, demo: true))).Value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Zeren:DataFolder", TestDatabases.NewTempFolder("zeren-web"));
        builder.UseSetting("Demo:Load", demo ? "true" : "false");
        if (Provider == TestDatabases.Postgres)
        {
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("ConnectionStrings:Zeren", TestDatabases.CreatePostgresDatabase("zeren_web"));
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
        }
        // Every test talks to the shared app from the same (absent) client address: the limits would count them all.
        builder.UseSetting("Zeren:RateLimits:Api:PermitLimit", "1000000");
        builder.UseSetting("Zeren:RateLimits:Login:PermitLimit", "1000000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>The password of every account tests make.</summary>
    public const string TestPassword = "Test#2026pass";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> tokens = new();

    /// <summary>
    /// A client signed in (bearer token) as an organization-department administrator covering the whole
    /// deployment, so tests that make their own counties can reach them.
    /// </summary>
    public HttpClient AdminClient() => ClientAs("test-admin", [Role.CountyAdmin], orgId: null);

    /// <summary>A client signed in as <paramref name="userName"/>, an account made on first use with these roles and organization.</summary>
    public HttpClient ClientAs(string userName, IReadOnlyList<Role> roles, Guid? orgId, Guid? personId = null)
    {
        var token = tokens.GetOrAdd(userName, _ => new Lazy<Task<string>>(async () =>
        {
            await EnsureAccountAsync(userName, roles, orgId, personId);
            return await LoginAsync(userName, TestPassword);
        })).Value.GetAwaiter().GetResult();
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through the API and returns the access token.</summary>
    public async Task<string> LoginAsync(string userName, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password }, Json);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Makes an account (if it does not exist) that needs no password change, with <see cref="TestPassword"/>.</summary>
    public async Task<Guid> EnsureAccountAsync(string userName, IReadOnlyList<Role> roles, Guid? orgId, Guid? personId = null)
    {
        await using var scope = Scope();
        var users = scope.Get<UserManager<Account>>();
        if (await users.FindByNameAsync(userName) is { } existing)
        {
            return existing.Id;
        }
        var (view, _) = await scope.Get<AccountService>().CreateAsync(new AccountInput(userName, userName, orgId, roles, TestPassword, personId));
        var account = (await users.FindByIdAsync(view.Id.ToString()))!;
        account.MustChangePassword = false;
        await users.UpdateAsync(account);
        return account.Id;
    }
}

public static class HttpExtensions
{
    public static T Get<T>(this AsyncServiceScope scope)
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public static async Task<T> ReadAs<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(ZerenFactory.Json))!;

    public static async Task<T> GetFromJson<T>(this HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.ReadAs<T>();
    }

    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, ZerenFactory.Json);

    public static Task<HttpResponseMessage> PutJson<T>(this HttpClient client, string url, T body) =>
        client.PutAsJsonAsync(url, body, ZerenFactory.Json);
}
