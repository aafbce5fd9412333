using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Zeren.Core.Security;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>
/// The whole app over one database of the given provider. Tests make their own data, so they can share it.
/// <paramref name="settings"/> override configuration for an app of its own (e.g. low rate limits); <paramref name="clock"/>
/// is a clock the test moves (session expiry); <paramref name="services"/> replaces framework services for a test that
/// watches them. A test that makes its own app disposes it.
/// </summary>
public sealed class ZerenFactory(string provider, bool demo = false, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    private static readonly ConcurrentDictionary<string, Lazy<ZerenFactory>> Shared = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string Provider { get; } = provider;

    /// <summary>One app per provider for the test run.</summary>
    public static ZerenFactory For(string provider) =>
        Shared.GetOrAdd(provider, p => new Lazy<ZerenFactory>(() => Started(new ZerenFactory(p)))).Value;

    /// <summary>One app per provider started with the demo county (read-only use: tests must not change it).</summary>
    public static ZerenFactory WithDemo(string provider) =>
        Shared.GetOrAdd("demo:" + provider, _ => new Lazy<ZerenFactory>(() => Started(new ZerenFactory(provider, demo: true)))).Value;

    /// <summary>
    /// Starts a shared app inside its Lazy, so only one thread starts it. WebApplicationFactory starts its server on
    /// first use without a lock: test classes asking a shared app at once could start two hosts over one data folder,
    /// each with its own data-protection key, and a token one signed was refused by the other ("请先登录").
    /// </summary>
    private static ZerenFactory Started(ZerenFactory app)
    {
        _ = app.Server;
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(new ServerErrorLog()));
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
        // Tests run the daily jobs themselves, on a clock they set.
        builder.UseSetting("Zeren:Jobs:Enabled", "false");
        builder.UseSetting("Zeren:RateLimits:Login:PermitLimit", "1000000");
        // Test classes import in parallel as the same accounts; ImportLimitsTests has an app with the real limits.
        builder.UseSetting("Zeren:Import:MaxConcurrentImports", "1000");
        builder.UseSetting("Zeren:Import:MaxImportsPerAccount", "1000");
        builder.UseSetting("Zeren:Uploads:DailyCount", "1000000");
        if (clock is null)
        {
            // On the real clock a shared app's cached sign-ins must outlast a slow run (a test class may come back to an
            // account after half an hour); the idle timeout itself is tested on a test clock, where 30 minutes stays.
            builder.UseSetting("Zeren:Security:IdleTimeoutMinutes", "720");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            // A framework part the test watches (e.g. the password hasher, to count what it hashes).
            builder.ConfigureTestServices(services);
        }
        if (clock is not null)
        {
            // The app's clock, and so that of sign-in cookies and bearer tokens (AuthenticationSchemeOptions.TimeProvider
            // comes from this registration).
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
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
        var token = CachedToken(userName, async () =>
        {
            await EnsureAccountAsync(userName, roles, orgId, personId);
            return await LoginAsync(userName, TestPassword);
        });
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A client signed in as an audit administrator (审计管理员), with the two-factor sign-in the role requires: the
    /// account gets an authenticator key, and the login sends the code an authenticator app would show.
    /// </summary>
    public HttpClient AuditorClient(string userName = "test-auditor", Guid? orgId = null)
    {
        var token = CachedToken(userName, async () =>
        {
            var id = await EnsureAccountAsync(userName, [Role.AuditAdmin], orgId);
            string key;
            await using (var scope = Scope())
            {
                var users = scope.Get<UserManager<Account>>();
                var account = (await users.FindByIdAsync(id.ToString()))!;
                await users.ResetAuthenticatorKeyAsync(account);
                key = (await users.GetAuthenticatorKeyAsync(account))!;
                await users.SetTwoFactorEnabledAsync(account, true);
            }
            return await LoginAsync(userName, TestPassword, Totp.Code(key, DateTimeOffset.UtcNow));
        });
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>One sign-in per user name for the app's life; a failed one is not kept, so the next test tries again.</summary>
    private string CachedToken(string userName, Func<Task<string>> signIn)
    {
        var entry = tokens.GetOrAdd(userName, _ => new Lazy<Task<string>>(signIn));
        try
        {
            return entry.Value.GetAwaiter().GetResult();
        }
        catch
        {
            tokens.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(userName, entry));
            throw;
        }
    }

    /// <summary>Signs in through the API and returns the access token.</summary>
    public Task<string> LoginAsync(string userName, string password, string? twoFactorCode = null) =>
        TestAccounts.LoginAsync(this, userName, password, twoFactorCode);

    /// <summary>Makes an account (if it does not exist) that needs no password change, with <see cref="TestPassword"/>.</summary>
    public Task<Guid> EnsureAccountAsync(string userName, IReadOnlyList<Role> roles, Guid? orgId, Guid? personId = null) =>
        TestAccounts.EnsureAsync(this, userName, roles, orgId, personId);
}

/// <summary>Accounts for tests on any instance of the app: made through <see cref="AccountService"/>, signed in through the API.</summary>
public static class TestAccounts
{
    public static async Task<string> LoginAsync(WebApplicationFactory<Program> app, string userName, string password, string? twoFactorCode = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password, twoFactorCode }, ZerenFactory.Json);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Sign-in of {userName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }

    public static async Task<Guid> EnsureAsync(WebApplicationFactory<Program> app, string userName, IReadOnlyList<Role> roles, Guid? orgId, Guid? personId = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.Get<UserManager<Account>>();
        if (await users.FindByNameAsync(userName) is { } existing)
        {
            return existing.Id;
        }
        var (view, _) = await scope.Get<AccountService>().CreateAsync(new AccountInput(userName, userName, orgId, roles, ZerenFactory.TestPassword, personId));
        var account = (await users.FindByIdAsync(view.Id.ToString()))!;
        account.MustChangePassword = false;
        await users.UpdateAsync(account);
        return account.Id;
    }

    /// <summary>A client with the bearer token of <paramref name="userName"/>, made on first use with these roles, bound to no organization.</summary>
    public static Task<HttpClient> ClientAsync(WebApplicationFactory<Program> app, string userName, params Role[] roles) =>
        SignedInAsync(app, userName, roles, orgId: null);

    /// <summary>A client with a new bearer token (no cache: for tests that move the clock past a token's life).</summary>
    public static async Task<HttpClient> SignedInAsync(WebApplicationFactory<Program> app, string userName, IReadOnlyList<Role> roles, Guid? orgId)
    {
        await EnsureAsync(app, userName, roles, orgId);
        var token = await LoginAsync(app, userName, ZerenFactory.TestPassword);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
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
        if (!response.IsSuccessStatusCode)
        {
            // The answer's body (a ProblemDetails' code, e.g. session_ended) says why; the status alone does not.
            throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}",
                null, response.StatusCode);
        }
        return await response.ReadAs<T>();
    }

    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, ZerenFactory.Json);

    public static Task<HttpResponseMessage> PutJson<T>(this HttpClient client, string url, T body) =>
        client.PutAsJsonAsync(url, body, ZerenFactory.Json);
}
