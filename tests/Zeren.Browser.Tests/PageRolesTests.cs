using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Meetings;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Browser.Tests;

/// <summary>
/// Every page as each role finds it, structurally: the read-only roles (县级领导, 督查员, 只读, and a branch on an org page)
/// meet no write control at all — no post form, no link to an editor or to a second step, nothing marked
/// <c>data-zr-write</c> — while for a writer every such control is marked, so the mark means something; every page has
/// its own title and the favicon; and no link on any page leads a role to a page it may not open.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PageRolesTests(ZerenApp app)
{
    private const string Leader = "pr-leader";
    private const string Inspector = "pr-inspector";
    private const string ReadOnly = "pr-readonly";
    private const string Branch = "pr-branch";
    private const string Auditor = "pr-auditor";
    private const string SystemAdmin = "pr-sysadmin";
    private const string SecurityAdmin = "pr-secadmin";

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Guid? meetingId;
    private static Guid leaderLinkId;
    private static Guid reserveId;
    private static Guid positionId;
    private static readonly Dictionary<string, string> Keys = [];

    /// <summary>The accounts (made once), and one meeting of 桃园村 so that a meeting page is among the pages.</summary>
    private async Task EnsureWorldAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (meetingId is not null)
            {
                return;
            }
            var seed = app.Seed;
            await CreateAsync(Leader, "钱县长账号", Role.CountyLeader, seed.Dongshan.Id, seed.CountyLeader.Id);
            await CreateAsync(Inspector, "督查员", Role.Inspector, seed.County.Id);
            await CreateAsync(ReadOnly, "只读用户", Role.ReadOnly, seed.Dongshan.Id);
            await CreateAsync(Branch, "桃园村文书", Role.BranchClerk, seed.Taoyuan.Id, seed.Villagers[0].Id);
            Keys[Auditor] = await CreateAsync(Auditor, "审计员", Role.AuditAdmin, null, twoFactor: true);
            Keys[SystemAdmin] = await CreateAsync(SystemAdmin, "系统员", Role.SystemAdmin, null, twoFactor: true);
            Keys[SecurityAdmin] = await CreateAsync(SecurityAdmin, "安全员", Role.SecurityAdmin, null, twoFactor: true);
            meetingId = await app.WithServicesAsync(async sp =>
            {
                // In an earlier month: this month's study meeting at 桃园村 is MeetingPagesTests' to record.
                var china = TimeSpan.FromHours(8);
                var start = new DateTimeOffset(DateTime.SpecifyKind(DateTime.UtcNow.Add(china).Date.AddDays(-40).AddHours(9), DateTimeKind.Unspecified), china);
                var members = seed.Villagers.Take(4).ToList();
                var input = new MeetingInput(seed.Taoyuan.Id, start, start.AddHours(2), "村党群服务中心", [MeetingType.Study], "角色巡查学习会",
                    members[0].Id, members[1].Id, members.Select(m => new AttendeeInput(m.Id, AttendanceStatus.Present)).ToList(), null);
                return (await sp.GetRequiredService<MeetingService>().CreateAsync(input)).Meeting.Id;
            });
            (leaderLinkId, reserveId, positionId) = await app.WithServicesAsync(async sp =>
            {
                var people = sp.GetRequiredService<Zeren.Core.People.PeopleService>();
                var link = (await people.LinksAsync(new Zeren.Core.People.LinkFilter(PersonId: seed.CountyLeader.Id)))[0];
                var reserve = (await people.ReservesAsync(seed.Taoyuan.Id, false, new Zeren.Core.Platform.PageRequest(1, 20))).Items[0];
                var position = (await people.PositionsAsync(null, seed.Secretary.Id))[0];
                return (link.Id, reserve.Id, position.Id);
            });
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>Makes an account that needs no password change; for the 三权分立 roles with an authenticator, whose key it returns.</summary>
    private Task<string> CreateAsync(string userName, string displayName, Role role, Guid? orgId, Guid? personId = null, bool twoFactor = false) =>
        app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var (view, _) = await sp.GetRequiredService<AccountService>()
                .CreateAsync(new AccountInput(userName, displayName, orgId, [role], ZerenApp.Password, personId));
            var account = (await users.FindByIdAsync(view.Id.ToString()))!;
            account.MustChangePassword = false;
            await users.UpdateAsync(account);
            if (!twoFactor)
            {
                return "";
            }
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
            return (await users.GetAuthenticatorKeyAsync(account))!;
        });

    private async Task<IPage> SignedInAsync(string user, int width = 1280, int height = 900)
    {
        if (!Keys.TryGetValue(user, out var key))
        {
            return await app.NewPageAsync(width, height, user: user);
        }
        var page = await app.NewPageAsync(width, height, user: null);
        await page.GotoAsync("/login");
        await page.FillAsync("#login-user", user);
        await page.FillAsync("#login-password", ZerenApp.Password);
        // Each code is taken once, and these accounts sign in for one test after another: a code the app has not seen.
        var lastStep = await app.WithServicesAsync(async sp =>
            (await sp.GetRequiredService<UserManager<Account>>().FindByNameAsync(user))!.LastTotpTimeStep);
        await page.FillAsync("#login-code", await Totp.UnusedCodeAsync(key, lastStep));
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 45_000 });
        return page;
    }

    private string Fill(string path) => path
        .Replace("{county}", app.Seed.County.Id.ToString(), StringComparison.Ordinal)
        .Replace("{dongshan}", app.Seed.Dongshan.Id.ToString(), StringComparison.Ordinal)
        .Replace("{taoyuan}", app.Seed.Taoyuan.Id.ToString(), StringComparison.Ordinal)
        .Replace("{villager}", app.Seed.Villagers[1].Id.ToString(), StringComparison.Ordinal)
        .Replace("{secretary}", app.Seed.Secretary.Id.ToString(), StringComparison.Ordinal)
        .Replace("{leader}", app.Seed.CountyLeader.Id.ToString(), StringComparison.Ordinal)
        .Replace("{meeting}", meetingId.ToString(), StringComparison.Ordinal)
        .Replace("{link}", leaderLinkId.ToString(), StringComparison.Ordinal)
        .Replace("{reserve}", reserveId.ToString(), StringComparison.Ordinal)
        .Replace("{position}", positionId.ToString(), StringComparison.Ordinal);

    /// <summary>The pages a reader of 东山镇 (or of the county) opens in a day's work.</summary>
    private static readonly string[] ReaderPages =
    [
        "/", "/orgs", "/orgs/{dongshan}", "/orgs/{taoyuan}", "/people", "/people?under={taoyuan}", "/people/{villager}", "/people/{secretary}",
        "/links", "/links?kind=VillageCadre", "/links?kind=CountyLeaderTownship&end={link}", "/reserves", "/reserves?remove={reserve}", "/people/{secretary}?end={position}",
        "/meetings", "/meetings?org={taoyuan}", "/meetings?org={taoyuan}&view=calendar", "/meetings/{meeting}", "/compliance",
        "/notifications", "/account",
        "/self-checks",
        "/checklists",
    ];

    /// <summary>
    /// What on a page changes data: a form posted (but signing out, the reader's own account pages and marking a
    /// notification read, which every reader may), a link to an editor, an import or a second step, an htmx write,
    /// and anything marked as a write control.
    /// </summary>
    private const string WriteControls = """
        (root) => {
          const scope = document.querySelector(root);
          const own = location.pathname.startsWith('/account');
          const out = [];
          for (const f of scope.querySelectorAll('form')) {
            if ((f.getAttribute('method') || 'get').toLowerCase() !== 'post' || f.getAttribute('action') === '/logout') continue;
            const handler = f.querySelector('input[name=_handler]')?.value ?? '';
            if (own || handler === 'read-notification') continue;
            out.push({ kind: 'form', what: handler || f.id || f.action, marked: !!f.closest('[data-zr-write]') });
          }
          for (const a of scope.querySelectorAll('a[href]')) {
            const u = new URL(a.href, location.href);
            if (u.origin !== location.origin) continue;
            if (/\/(new|edit)$/.test(u.pathname) || u.pathname === '/import' || /[?&](end|remove|grid|region)=/.test(u.search))
              out.push({ kind: 'link', what: u.pathname + u.search, marked: !!a.closest('[data-zr-write]') });
          }
          for (const b of scope.querySelectorAll('button[form],[hx-post],[hx-put],[hx-patch],[hx-delete]'))
            out.push({ kind: 'control', what: b.outerHTML.slice(0, 90), marked: !!b.closest('[data-zr-write]') });
          for (const e of scope.querySelectorAll('[data-zr-write]'))
            out.push({ kind: 'marked', what: e.outerHTML.slice(0, 90), marked: true });
          return out;
        }
        """;

    private sealed class Control
    {
        public string Kind { get; set; } = "";
        public string What { get; set; } = "";
        public bool Marked { get; set; }
    }

    /// <summary>The write controls of the page, or of the part of it <paramref name="root"/> selects (the main column, without the menu).</summary>
    private static async Task<List<Control>> WriteControlsAsync(IPage page, string root = "body") => [.. await page.EvaluateAsync<Control[]>(WriteControls, root)];

    public static TheoryData<string> Readers() => [Leader, Inspector, ReadOnly];

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task ReadOnlyRoles_MeetNoWriteControl_OnAnyPage(string user)
    {
        await EnsureWorldAsync();
        var page = await SignedInAsync(user);
        var found = new List<string>();
        foreach (var path in ReaderPages)
        {
            var url = Fill(path);
            var response = await page.GotoAsync(url);
            response!.Status.Should().Be(200, $"{user} reads {url}");
            found.AddRange((await WriteControlsAsync(page)).Select(c => $"{url}: {c.Kind} {c.What}"));
        }
        await ZerenApp.ScreenshotAsync(page, $"roles-{user}-last");
        found.Should().BeEmpty($"{user} may change nothing, so no page offers it");
    }

    [Fact]
    public async Task BranchAccount_OnOrgPages_MeetsNoWriteControl()
    {
        await EnsureWorldAsync();
        // A 支部书记/文书 changes people and meetings, not organizations: the org pages offer them nothing to change (the
        // menu keeps their own 导入 and 登记会议).
        var page = await SignedInAsync(Branch);
        var found = new List<string>();
        foreach (var url in new[] { "/orgs", Fill("/orgs/{taoyuan}") })
        {
            (await page.GotoAsync(url))!.Status.Should().Be(200);
            found.AddRange((await WriteControlsAsync(page, "main")).Select(c => $"{url}: {c.Kind} {c.What}"));
        }
        found.Should().BeEmpty();
        // Their own pages still offer what they may do: a meeting and people.
        await page.GotoAsync(Fill("/meetings?org={taoyuan}"));
        (await WriteControlsAsync(page)).Should().Contain(c => c.What.StartsWith("/meetings/new", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writer_EveryWriteControl_IsMarked_SoTheReadersTestMeansSomething()
    {
        await EnsureWorldAsync();
        var page = await SignedInAsync(ZerenApp.Admin);
        var unmarked = new List<string>();
        var seen = 0;
        foreach (var path in ReaderPages.Append("/orgs/{county}").Append("/orgs/{taoyuan}/edit").Append("/people/{villager}/edit")
                     .Append("/checklists/templates"))
        {
            var url = Fill(path);
            (await page.GotoAsync(url))!.Status.Should().Be(200);
            var controls = await WriteControlsAsync(page);
            seen += controls.Count(c => c.Kind != "marked");
            unmarked.AddRange(controls.Where(c => !c.Marked).Select(c => $"{url}: {c.Kind} {c.What}"));
        }
        seen.Should().BeGreaterThan(20, "the county administrator may change everything these pages show");
        unmarked.Should().BeEmpty();
    }

    public static TheoryData<string> EveryRole() => [Leader, Inspector, ReadOnly, Branch, Auditor, SystemAdmin, SecurityAdmin, ZerenApp.Admin];

    [Theory]
    [MemberData(nameof(EveryRole))]
    public async Task EveryLink_ARoleIsShown_LeadsToAPageItMayOpen_EachWithItsOwnTitle(string user)
    {
        await EnsureWorldAsync();
        var page = await SignedInAsync(user);
        var start = user switch
        {
            Auditor => ["/", "/audit", "/account"],
            SystemAdmin => ["/", "/admin/meeting-cadences", "/account"],
            SecurityAdmin => ["/", "/admin/accounts", "/account"],
            Branch => ["/", "/orgs", "/people", "/meetings", "/compliance", "/notifications", "/account"],
            _ => ReaderPages,
        };
        var checkedUrls = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var path in start)
        {
            var url = Fill(path);
            (await page.GotoAsync(url))!.Status.Should().Be(200, $"{user} opens {url}");
            var title = await page.TitleAsync();
            if (!TitleOfItsOwn().IsMatch(title))
            {
                problems.Add($"{url}: title “{title}” does not name the page");
            }
            if (await page.Locator("head link[rel=icon][href]").CountAsync() != 1)
            {
                problems.Add($"{url}: no favicon");
            }
            var links = await page.EvaluateAsync<string[]>("""
                [...document.querySelectorAll('a[href]')].map(a => new URL(a.href, location.href))
                  .filter(u => u.origin === location.origin && !u.pathname.startsWith('/culture/'))
                  .map(u => u.pathname + u.search)
                """);
            foreach (var link in links.Where(checkedUrls.Add))
            {
                var response = await page.Context.APIRequest.GetAsync(link, new() { MaxRedirects = 0 });
                var location = response.Headers.GetValueOrDefault("location", "");
                if (response.Status is 403 or 404 || (response.Status is >= 300 and < 400 && (location.Contains("/forbidden", StringComparison.Ordinal)
                        || location.Contains("/login", StringComparison.Ordinal))))
                {
                    problems.Add($"{url} links to {link}, which {user} cannot open ({response.Status} {location})");
                }
            }
        }
        checkedUrls.Should().NotBeEmpty();
        problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Favicon_IsServed_AndTheTitleFollowsTheRecord()
    {
        await EnsureWorldAsync();
        var page = await SignedInAsync(Leader, 390, 844);
        var icon = await page.Context.APIRequest.GetAsync("/favicon.svg");
        icon.Status.Should().Be(200);
        icon.Headers["content-type"].Should().StartWith("image/svg+xml");

        await page.GotoAsync(Fill("/people/{villager}"));
        (await page.TitleAsync()).Should().StartWith(app.Seed.Villagers[1].Name + " · ");
        await page.GotoAsync(Fill("/orgs/{taoyuan}"));
        (await page.TitleAsync()).Should().StartWith("桃园村党支部 · ");
        await page.GotoAsync(Fill("/meetings/{meeting}"));
        (await page.TitleAsync()).Should().StartWith("角色巡查学习会 · ");
        // On a phone, as on a desktop, the reader is shown nothing to change.
        (await WriteControlsAsync(page)).Should().BeEmpty();
        await ZerenApp.ScreenshotAsync(page, "roles-leader-meeting-phone");
    }

    /// <summary>“组织树 · 责任 · 党建责任制管理”: something before the app's name, never the app's name alone.</summary>
    [GeneratedRegex("^.+ · 责任 · 党建责任制管理$")]
    private static partial Regex TitleOfItsOwn();
}
