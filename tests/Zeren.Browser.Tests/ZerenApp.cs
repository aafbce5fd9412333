using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Security;

namespace Zeren.Browser.Tests;

/// <summary>
/// The real app on Kestrel (loopback, a free port) with a fresh SQLite folder and a small seeded tree,
/// and one headless Chromium. Shared by every browser test; each test opens its own browser context.
/// </summary>
public sealed class ZerenApp : IAsyncLifetime, IDisposable
{
    private KestrelFactory? factory;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public Seed Seed { get; private set; } = default!;
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "zeren-browser-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>tests/Zeren.Browser.Tests/bin/screenshots, next to the build output and ignored by git.</summary>
    public static string ScreenshotFolder { get; } =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "screenshots"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        Directory.CreateDirectory(ScreenshotFolder);
        factory = new KestrelFactory(DataFolder);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Seed = await Seed.PlantAsync(scope.ServiceProvider);
        }
        await CreateAccountAsync(Admin, Role.CountyAdmin, Seed.County.Id);
        await CreateAccountAsync(DongshanAdmin, Role.TownshipAdmin, Seed.Dongshan.Id);
        await CreateAccountAsync(XiheAdmin, Role.TownshipAdmin, Seed.Xihe.Id);

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
            factory = null;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is the OS's to clean.
        }
    }

    public void Dispose() => factory?.Dispose();

    /// <summary>The county's organization-department administrator; every page test signs in as this account unless it says otherwise.</summary>
    public const string Admin = "admin";
    public const string DongshanAdmin = "dongshan";
    public const string XiheAdmin = "xihe";
    public const string Password = "Browser#2026";

    private async Task CreateAccountAsync(string userName, Role role, Guid orgId)
    {
        await using var scope = factory!.Services.CreateAsyncScope();
        var (view, _) = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .CreateAsync(new AccountInput(userName, userName, orgId, [role], Password));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = (await users.FindByIdAsync(view.Id.ToString()))!;
        account.MustChangePassword = false;
        await users.UpdateAsync(account);
    }

    /// <summary>
    /// Signs in through the login page. Signing in hashes the password and writes the account; with every browser test
    /// signing in on one busy machine that can take longer than a page's usual wait, so it gets a longer one. A sign-in
    /// whose page never answers is tried once more from a fresh login page (once, a CI run saw the POST hang with the
    /// page blank); a second failure says what the page showed.
    /// </summary>
    public static async Task LoginAsync(IPage page, string userName, string password = Password)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync("/login");
            await page.FillAsync("#login-user", userName);
            await page.FillAsync("#login-password", password);
            await page.ClickAsync("#login-submit");
            try
            {
                await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 30_000 });
                return;
            }
            catch (TimeoutException e)
            {
                string shown;
                try
                {
                    shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
                }
                catch (TimeoutException)
                {
                    shown = "(no page: the sign-in's answer never came)";
                }
                if (attempt == 2)
                {
                    throw new TimeoutException($"signing in as {userName} (try {attempt}) stayed on {page.Url}; the page says: {shown}", e);
                }
                Console.Error.WriteLine($"signing in as {userName} stayed on {page.Url} ({shown.Trim()}); trying once more");
            }
        }
    }

    /// <summary>
    /// A fresh browser context (own cookies) and page, by default a desktop window in Chinese with JavaScript (and so htmx)
    /// on, signed in as <paramref name="user"/> (null: not signed in).
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool javaScript = true, string? user = Admin)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        if (user is not null)
        {
            await LoginAsync(page, user);
        }
        return page;
    }

    /// <summary>Runs something against the app's services, e.g. to check what a form saved.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory!.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    private sealed class KestrelFactory(string dataFolder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Zeren:DataFolder", dataFolder);
            builder.UseSetting("Demo:Load", "false");
            // Every page of every test signs in from 127.0.0.1: the sign-in limit is for people, not for this suite.
            builder.UseSetting("Zeren:RateLimits:Login:PermitLimit", "1000000");
            builder.UseSetting("Zeren:RateLimits:Api:PermitLimit", "1000000");
            builder.UseSetting("Zeren:Jobs:Enabled", "false");
            builder.UseEnvironment("Development");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ZerenApp>
{
    public const string Name = "browser";
}
