using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// The meeting ledger's work as its users meet it in Chromium: a 支委会 expects the committee and the form names every
/// error beside its field; a township account picks the branch on a phone; the compliance page shows the recent months
/// on a phone; each role's home page shows its work.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingWorkTests(ZerenApp app)
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Guid? qingsong;
    private const string QingsongName = "青松村党支部";
    private const string Clerk = "qingsong";

    /// <summary>
    /// 青松村党支部 of 东山镇: five members, a secretary, a deputy secretary and an organization commissioner (the
    /// committee of three), and an account for its clerk. Made once for the tests of this class, apart from the seed.
    /// </summary>
    private async Task<Guid> QingsongAsync()
    {
        await Once.WaitAsync();
        try
        {
            qingsong ??= await app.WithServicesAsync(async sp =>
            {
                var orgs = sp.GetRequiredOrgs();
                var people = sp.GetRequiredPeople();
                var today = ChinaTime.Today(sp.GetRequiredService<TimeProvider>());
                var branch = await orgs.CreateAsync(new OrgInput(app.Seed.Dongshan.Id, "V0109", QingsongName, OrgKind.Branch, OrgDomain.Rural, SortOrder: 9));
                string[] names = ["松书记", "松副书记", "松委员", "松党员甲", "松党员乙"];
                var members = new List<PersonRow>();
                for (var i = 0; i < names.Length; i++)
                {
                    var birth = new DateOnly(1970 + i, 3, 3);
                    members.Add(await people.CreateAsync(new PersonInput(branch.Id, names[i], Gender.Male, PartyStatus.Full, "汉族", birth,
                        Education.SeniorHigh, Seed.IdNumber("330826", birth, 300 + i, Gender.Male), null, birth.AddYears(25))));
                }
                await people.AppointAsync(branch.Id, members[0].Id, PositionTitle.Secretary, today.AddYears(-1));
                await people.AppointAsync(branch.Id, members[1].Id, PositionTitle.DeputySecretary, today.AddYears(-1));
                await people.AppointAsync(branch.Id, members[2].Id, PositionTitle.OrganizationCommissioner, today.AddYears(-1));
                var (view, _) = await sp.GetRequiredService<AccountService>()
                    .CreateAsync(new AccountInput(Clerk, "青松村文书", branch.Id, [Role.BranchClerk], ZerenApp.Password));
                var users = sp.GetRequiredService<UserManager<Account>>();
                var account = (await users.FindByIdAsync(view.Id.ToString()))!;
                account.MustChangePassword = false;
                await users.UpdateAsync(account);
                return branch.Id;
            });
            return qingsong.Value;
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<DateOnly> TodayAsync() =>
        await app.WithServicesAsync(sp => Task.FromResult(ChinaTime.Today(sp.GetRequiredService<TimeProvider>())));

    [Fact]
    public async Task CommitteeMeeting_TicksTheCommittee_AndTheFormNamesEveryErrorBesideItsField()
    {
        var branch = await QingsongAsync();
        var today = await TodayAsync();
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/meetings/new?org={branch}");
        var expected = page.Locator("input.zr-expected");
        await Expect(expected).ToHaveCountAsync(5);
        await Expect(page.Locator("input.zr-expected:checked")).ToHaveCountAsync(5, new() { Timeout = 5_000 });

        // Ticking 支委会 alone ticks the committee: the secretary, the deputy and the commissioner.
        await page.Locator("#m-type-Committee").CheckAsync();
        await Expect(page.Locator("input.zr-expected:checked")).ToHaveCountAsync(3);
        await Expect(page.Locator("#m-expected-count")).ToHaveTextAsync("应到 3 人（共 5 名党员）");
        await Expect(page.Locator(".zr-attendees li.zr-not-expected")).ToHaveCountAsync(2);

        // Several faults at once: no day, the end before the start, no topic, no place.
        await page.FillAsync("#m-date", "");
        await page.FillAsync("#m-start", "10:00");
        await page.FillAsync("#m-end", "09:00");
        await page.Locator("#m-save").ClickAsync();
        await Expect(page.Locator(".alert-danger")).ToContainTextAsync("请填写会议日期");
        foreach (var (input, message) in new[] { ("#m-date", "请填写会议日期"), ("#m-end", "结束时间应晚于开始时间"), ("#m-topic", "会议主题不能为空"), ("#m-place", "会议地点不能为空") })
        {
            var beside = page.Locator($"{input} ~ .validation-message");
            await Expect(beside).ToContainTextAsync(message);
            await Expect(page.Locator(".alert-danger")).ToContainTextAsync(message);
        }
        // The ticks survive the refusal.
        await Expect(page.Locator("input.zr-expected:checked")).ToHaveCountAsync(3);
        await ZerenApp.ScreenshotAsync(page, "meeting-form-every-error");

        await page.FillAsync("#m-date", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.FillAsync("#m-start", "00:00");
        await page.FillAsync("#m-end", "00:40");
        await page.FillAsync("#m-topic", "研究本月党建工作安排");
        await page.FillAsync("#m-place", "青松村党员活动室");
        await page.Locator("#m-save").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/meetings/[0-9a-f-]{36}\?ok=1$"));
        await Expect(page.Locator("main")).ToContainTextAsync("应到 3 人");
    }

    [Fact]
    public async Task TownshipAccount_PicksTheBranchOnAPhone_InsteadOfADeadEnd()
    {
        await QingsongAsync();
        var page = await app.NewPageAsync(width: 390, height: 844, user: ZerenApp.DongshanAdmin);
        await page.GotoAsync("/meetings");
        await page.Locator("main a.btn", new() { HasText = "登记会议" }).ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/meetings/new", StringComparison.Ordinal));
        await Expect(page.Locator("#m-branch-q")).ToBeVisibleAsync();
        await Expect(page.Locator(".zr-branch-pick .zr-pick-items")).ToContainTextAsync("桃园村党支部");

        await page.RunAndWaitForResponseAsync(() => page.Locator("#m-branch-q").FillAsync("青松"),
            r => r.Url.Contains("/ui/pick/orgs", StringComparison.Ordinal));
        await Htmx.IdleAsync(page);
        var choice = page.Locator(".zr-branch-pick label", new() { HasText = QingsongName });
        await Expect(choice).ToBeVisibleAsync();
        await Expect(page.Locator(".zr-branch-pick .zr-pick-items label")).ToHaveCountAsync(1);
        await ZerenApp.ScreenshotAsync(page, "meeting-branch-picker-phone");
        await choice.Locator("input[type=radio]").CheckAsync();
        await page.Locator(".zr-branch-pick button[type=submit]").ClickAsync();

        await page.WaitForURLAsync(u => u.Contains("/meetings/new?", StringComparison.Ordinal) && u.Contains("org=", StringComparison.Ordinal));
        await Expect(page.Locator("main")).ToContainTextAsync(QingsongName);
        await Expect(page.Locator("form.zr-meeting-form")).ToBeVisibleAsync();
        var box = await page.Locator("#m-date").BoundingBoxAsync();
        box!.Width.Should().BeLessThanOrEqualTo(390, "the form fits the phone");

        // 西河镇's branch is not among the choices.
        await page.GotoAsync("/meetings/new?q=河口");
        await Expect(page.Locator(".zr-branch-pick")).Not.ToContainTextAsync("河口村党支部");
    }

    [Fact]
    public async Task CompliancePage_OnAPhone_ShowsTheRecentMonths_AndTakesAMonth()
    {
        var today = await TodayAsync();
        var page = await app.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync($"/compliance?org={app.Seed.Dongshan.Id}");
        var month = page.Locator("#c-month");
        (await month.GetAttributeAsync("type")).Should().Be("month");
        await Expect(month).ToHaveValueAsync(today.ToString("yyyy-MM", CultureInfo.InvariantCulture));

        // The chosen month's column is on screen, and so is the column of names beside it.
        var current = page.Locator("th.zr-heat-current");
        await Expect(current).ToContainTextAsync($"{today.Month}月");
        var cell = (await current.BoundingBoxAsync())!;
        cell.X.Should().BeGreaterThanOrEqualTo(0);
        (cell.X + cell.Width).Should().BeLessThanOrEqualTo(390, "the recent months show first on a phone");
        var name = (await page.Locator("tbody th.zr-org-cell").First.BoundingBoxAsync())!;
        name.X.Should().BeLessThan(40, "the names stay at the left edge");
        (await page.Locator("th.zr-heat-current").EvaluateAsync<double>("e => e.closest('.table-responsive').scrollLeft")).Should().BeGreaterThan(0,
            "a year of months is wider than a phone, so the table starts scrolled");
        await Expect(page.Locator("tr.zr-heat-total")).ToContainTextAsync("合计");
        await ZerenApp.ScreenshotAsync(page, "compliance-phone");

        // Another month through the picker: the list below is that month's.
        var earlier = today.AddMonths(-2);
        await month.FillAsync(earlier.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        await page.Locator("form.zr-filter button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains($"month={earlier:yyyy-MM}", StringComparison.Ordinal));
        await Expect(page.Locator("#behind")).ToContainTextAsync(Period.Month(earlier.Year, earlier.Month).Label);
        await Expect(page.Locator("th.zr-heat-current")).ToContainTextAsync($"{earlier.Month}月");
    }

    [Fact]
    public async Task HomePage_ShowsEachRolesWork()
    {
        await QingsongAsync();
        var branch = await app.NewPageAsync(width: 390, height: 844, user: Clerk);
        await branch.GotoAsync("/");
        var owed = branch.Locator("[data-zr-card='meetings-owed']");
        await Expect(owed).ToBeVisibleAsync();
        await Expect(owed.Locator(".zr-home-lines")).ToContainTextAsync("学习会");
        await Expect(branch.Locator("[data-zr-card='meetings-gaps']")).ToBeVisibleAsync();
        await ZerenApp.ScreenshotAsync(branch, "home-branch-phone");
        await owed.Locator("a", new() { HasText = "学习会" }).ClickAsync();
        await branch.WaitForURLAsync(u => u.Contains("type=Study", StringComparison.Ordinal));
        await Expect(branch.Locator("#m-type-Study")).ToBeCheckedAsync();

        var township = await app.NewPageAsync(user: ZerenApp.DongshanAdmin);
        await township.GotoAsync("/");
        var behind = township.Locator($"[data-zr-card='branches-behind-{app.Seed.Dongshan.Id}']");
        await Expect(behind).ToBeVisibleAsync();
        await Expect(behind.Locator(".zr-home-figure")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(township.Locator("[data-zr-card='notifications']")).ToBeVisibleAsync();
        await ZerenApp.ScreenshotAsync(township, "home-township");
        await behind.Locator(".card-footer a").ClickAsync();
        await township.WaitForURLAsync(u => u.Contains("/compliance?", StringComparison.Ordinal) && u.Contains("#behind", StringComparison.Ordinal));
        await Expect(township.Locator("#behind")).ToBeVisibleAsync();
    }
}
