using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Data;
using Zeren.Core.Jobs;
using Zeren.Core.Meetings;
using Zeren.Core.Notifications;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Home;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Meetings;

namespace Zeren.Web.Tests;

/// <summary>
/// The home page of each role is its work, as cards the capabilities contribute (IHomeItems): a branch's meetings owed
/// this month and last month's gaps; a township's branches behind and its unread notifications; the system, security
/// and audit administrators' own queues.
/// </summary>
public partial class HomePageTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.Add(China));

    /// <summary>The card with this key on the home page: its figure and the text of its lines and links.</summary>
    private static (string Figure, string Text) Card(string html, string key)
    {
        var start = html.IndexOf($"data-zr-card=\"{key}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, $"the home page shows the card {key}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        var card = html[start..end];
        return (Figure().Match(card).Groups[1].Value, card);
    }

    private static async Task<string> HomeAsync(HttpClient client) =>
        WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/", UriKind.Relative)));

    [Fact]
    public void EveryCapabilitysItems_AreRegistered()
    {
        using var scope = ZerenFactory.For(TestDatabases.Sqlite).Services.CreateScope();
        scope.ServiceProvider.GetServices<IHomeItems>().Select(i => i.GetType().Name).Should().BeEquivalentTo(
            ["MeetingHomeItems", "NotificationHomeItems", "CadenceHomeItems", "JobHomeItems", "AccountHomeItems", "AuditHomeItems",
                "ObligationHomeItems",
                // Supervision orders (督办单).
                "SupervisionHomeItems",
                // Plans and projects
                "PlanHomeItems",
                // Party-building audits (党建审计)
                "PartyAuditHomeItems",
                // Inspection rounds (督导轮次)
                "RoundHomeItems",
                // Competitions (擂台赛)
                "CompetitionHomeItems",
                // Standardization checklists (标准化建设清单)
                "ChecklistHomeItems",
                // Inspection plans (暗访): the team's own
                "InspectionPlanHomeItems",
                // Problems (问题清单)
                "ProblemHomeItems"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Branch_SeesTheMeetingsStillOwed_AndLastMonthsGaps(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(admin);
        var clerk = app.ClientAs(Accounts.UniqueName("home-br"), [Role.BranchClerk], b.Village.Id);
        var month = Period.Month(Today.Year, Today.Month);
        var last = month.Previous;
        int Owed(IReadOnlyList<BranchCompliance> rows) => rows.Single().Cells.Sum(c => c.Missing + c.Pending);

        int owedBefore, gaps;
        await using (var scope = app.Scope())
        {
            var compliance = scope.Get<ComplianceService>();
            owedBefore = Owed(await compliance.DueInMonthAsync(b.Village.Id, month.Year, month.Index, shortOnly: false));
            gaps = (await compliance.DueInMonthAsync(b.Village.Id, last.Year, last.Index, shortOnly: false)).Single().Missing;
        }
        owedBefore.Should().BeGreaterThan(0, "a new branch owes this month's meetings");
        gaps.Should().BeGreaterThan(0, "and held none last month");

        var home = await HomeAsync(clerk);
        var owed = Card(home, "meetings-owed");
        owed.Figure.Should().Be(owedBefore.ToString(System.Globalization.CultureInfo.InvariantCulture));
        owed.Text.Should().Contain("学习会：还差 1 次").And.Contain($"/meetings/new?org={b.Village.Id}&type=Study");
        var lastMonth = Card(home, "meetings-gaps");
        lastMonth.Figure.Should().Be(gaps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        lastMonth.Text.Should().Contain("学习会：缺 1 次").And.Contain(last.Label);
        home.Should().NotContain("data-zr-card=\"branches-behind", "a branch's own work, not a list of branches");

        // A study meeting today: one fewer is owed, and the study meeting leaves the list.
        var start = new DateTimeOffset(Today.ToDateTime(new TimeOnly(0, 5)), China);
        (await clerk.PostJson("/api/v1/meetings", MeetingsApiTests.Input(b, start))).StatusCode.Should().Be(HttpStatusCode.Created);
        var after = Card(await HomeAsync(clerk), "meetings-owed");
        after.Figure.Should().Be((owedBefore - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        after.Text.Should().NotContain("学习会：还差");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Township_SeesItsBranchesBehind_AndItsUnreadNotifications(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(admin);
        var second = await admin.CreateOrg(b.Township.Id, "第二村党支部" + Guid.NewGuid().ToString("N")[..4], OrgKind.Branch, OrgDomain.Rural);
        var township = app.ClientAs(Accounts.UniqueName("home-tw"), [Role.TownshipAdmin], b.Township.Id);
        var month = Period.Month(Today.Year, Today.Month);

        var title = "会议提醒测试" + Guid.NewGuid().ToString("N")[..6];
        await using (var scope = app.Scope())
        {
            var db = scope.Get<ZerenDbContext>();
            db.Add(Notification.Create(b.Township.Id, NotificationKind.MeetingDueSummary, "home-" + Guid.NewGuid().ToString("N"), title, "正文", "/compliance",
                DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var home = await HomeAsync(township);
        var behind = Card(home, $"branches-behind-{b.Township.Id}");
        behind.Figure.Should().Be("2", "neither branch has held this month's meetings");
        behind.Text.Should().Contain(b.Village.Name).And.Contain(second.Name)
            .And.Contain($"/compliance?org={b.Township.Id}&month={month}#behind");
        Card(home, $"branches-gaps-{b.Township.Id}").Figure.Should().Be("2");
        var notifications = Card(home, "notifications");
        notifications.Figure.Should().Be("1");
        notifications.Text.Should().Contain(title);
        home.Should().NotContain("data-zr-card=\"meetings-owed\"");

        // A township's home counts in the database what the compliance list shows.
        (await township.GetFromJson<Paged<BranchCompliance>>($"/api/v1/compliance/behind-in-month?org={b.Township.Id}&month={month}")).Total.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SystemAdministrator_SeesPendingCadenceVersions_AndFailedJobs(string provider)
    {
        var app = ZerenFactory.For(provider);
        var name = Accounts.UniqueName("home-sys");
        var id = await app.EnsureAccountAsync(name, [Role.SystemAdmin], null);
        var key = await app.EnableTwoFactorAsync(id);
        var sys = await app.ClientFromLoginAsync(name, ZerenFactory.TestPassword, Totp.NextCode(key));

        var from = new DateOnly(Today.Year + 9, 1, 1).AddMonths(Random.Shared.Next(0, 60));
        var message = "测试失败" + Guid.NewGuid().ToString("N")[..6];
        await using (var scope = app.Scope())
        {
            await scope.Get<CadenceService>().AddVersionAsync(new CadenceInput(MeetingType.OrgLife, OrgDomain.Agency, 2, PeriodKind.Year, from));
            await scope.Get<JobLog>().RecordFailureAsync(MeetingReminders.JobName, Today, new InvalidOperationException(message));
        }

        var home = await HomeAsync(sys);
        var cadences = Card(home, "cadences");
        int.Parse(cadences.Figure, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
        cadences.Text.Should().Contain("组织生活会").And.Contain(from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var jobs = Card(home, "jobs");
        int.Parse(jobs.Figure, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
        jobs.Text.Should().Contain("会议提醒 失败").And.Contain(message);
        home.Should().NotContain("data-zr-card=\"branches-behind").And.NotContain("data-zr-card=\"accounts-");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SecurityAdministrator_SeesLockedAccounts_PasswordsToChange_AndAdminsWithoutTwoFactor(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var locked = Accounts.UniqueName("locked");
        var change = Accounts.UniqueName("change");
        var auditor = Accounts.UniqueName("no2fa");
        var lockedId = await app.EnsureAccountAsync(locked, [Role.TownshipAdmin], township.Id);
        var changeId = await app.EnsureAccountAsync(change, [Role.TownshipAdmin], township.Id);
        await app.EnsureAccountAsync(auditor, [Role.AuditAdmin], county.Id);
        await using (var scope = app.Scope())
        {
            var users = scope.Get<UserManager<Account>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(lockedId.ToString()))!, DateTimeOffset.UtcNow.AddMinutes(10));
            var account = (await users.FindByIdAsync(changeId.ToString()))!;
            account.MustChangePassword = true;
            await users.UpdateAsync(account);
        }

        var home = await HomeAsync(sec);
        var lockedCard = Card(home, "accounts-locked");
        lockedCard.Figure.Should().Be("1");
        lockedCard.Text.Should().Contain(locked).And.Contain($"/admin/accounts/{lockedId}");
        var passwordCard = Card(home, "accounts-password");
        passwordCard.Figure.Should().Be("1");
        passwordCard.Text.Should().Contain(change);
        var twoFactor = Card(home, "accounts-two-factor");
        twoFactor.Figure.Should().Be("1", "the auditor has not set up two-factor; the security administrator has");
        twoFactor.Text.Should().Contain(auditor);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Auditor_SeesTheLatestEntries_AndTheChainsState(string provider)
    {
        var app = ZerenFactory.For(provider);
        var auditor = app.AuditorClient();
        await app.AdminClient().CreateCounty();
        var home = await HomeAsync(auditor);
        var latest = Card(home, "audit-latest");
        int.Parse(latest.Figure, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
        latest.Text.Should().Contain("新增").And.Contain("/audit?user=");
        var chain = Card(home, "audit-chain");
        chain.Figure.Should().Be("完整");
        chain.Text.Should().Contain("校验通过");
        home.Should().NotContain("data-zr-card=\"branches-behind");
    }

    [GeneratedRegex("<span class=\"zr-home-figure\">([^<]*)</span>")]
    private static partial Regex Figure();
}
