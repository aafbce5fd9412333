using System.Net;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Notifications;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>
/// The daily meeting reminders (会议提醒) on an app of their own with a clock the test sets: nothing before the last
/// week of a month, then one notification per branch still owing and one for its township; once a day however many
/// instances run it, and once a month however many days it runs.
/// </summary>
public sealed class MeetingRemindersTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static async Task<ReminderRun> RunAsync(ZerenFactory app)
    {
        await using var scope = app.Scope();
        return await scope.Get<MeetingReminders>().RunAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reminders_ComeInTheMonthsLastWeek_OncePerDay_AndOncePerMonth(string provider)
    {
        var clock = new TestClock();
        clock.Set(new DateTimeOffset(2027, 3, 20, 10, 0, 0, China));
        await using var app = new ZerenFactory(provider, clock: clock);
        var admin = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(admin);
        // March's study meeting is held; the others due in March (a quarter's last month: the congress too) are not.
        var held = await admin.PostJson("/api/v1/meetings", MeetingsApiTests.Input(b, new DateTimeOffset(2027, 3, 10, 9, 0, 0, China), [MeetingType.Study]));
        held.StatusCode.Should().Be(HttpStatusCode.Created, await held.Content.ReadAsStringAsync());

        // 20 March: twelve days to go, no reminder; the day is claimed all the same.
        var early = await RunAsync(app);
        (early.Ran, early.Branches, early.Townships).Should().Be((true, 0, 0));
        (await RunAsync(app)).Ran.Should().BeFalse("the day's run is done");

        // 26 March: the last six days.
        clock.Advance(TimeSpan.FromDays(6));
        var due = await RunAsync(app);
        (due.Ran, due.Branches, due.Townships).Should().Be((true, 1, 1));

        // Signed in afresh after each move of the clock: a token lives 30 minutes.
        var clerkName = TestData.Code("remc").ToLowerInvariant();
        Task<HttpClient> Clerk() => TestAccounts.SignedInAsync(app, clerkName, [Role.BranchClerk], b.Village.Id);
        var clerk = await Clerk();
        var mine = await clerk.GetFromJson<Paged<NotificationView>>("/api/v1/notifications");
        var note = mine.Items.Should().ContainSingle().Which;
        note.Kind.Should().Be(NotificationKind.MeetingDue);
        note.Title.Should().Be("2027年3月尚有必开会议未开");
        note.Body.Should().Contain(MeetingLabels.Of(MeetingType.Congress)).And.NotContain(MeetingLabels.Of(MeetingType.Study)).And.Contain("3月31日");
        note.Link.Should().Be($"/meetings/new?org={b.Village.Id}");

        var town = await TestAccounts.SignedInAsync(app, TestData.Code("remt").ToLowerInvariant(), [Role.TownshipAdmin], b.Township.Id);
        var summary = (await town.GetFromJson<Paged<NotificationView>>("/api/v1/notifications")).Items.Should().ContainSingle().Which;
        summary.Kind.Should().Be(NotificationKind.MeetingDueSummary);
        summary.Title.Should().Contain("1 个支部");
        summary.Body.Should().Contain(b.Village.Name);
        summary.Link.Should().Be($"/compliance/cell?org={b.Township.Id}&year=2027&month=3");
        // The county's administrator is bound to no organization: no notifications of its own.
        admin = await TestAccounts.SignedInAsync(app, "test-admin", [Role.CountyAdmin], null);
        (await admin.GetFromJson<Paged<NotificationView>>("/api/v1/notifications")).Total.Should().Be(0);

        // 27 March: the job runs again, but a month's reminder is made once.
        clock.Advance(TimeSpan.FromDays(1));
        var again = await RunAsync(app);
        (again.Ran, again.Branches, again.Townships).Should().Be((true, 0, 0));
        clerk = await Clerk();
        (await clerk.GetFromJson<Paged<NotificationView>>("/api/v1/notifications")).Total.Should().Be(1);

        // 28 March: two instances at once; one does the day's work, the other finds it done.
        clock.Advance(TimeSpan.FromDays(1));
        var both = await Task.WhenAll(RunAsync(app), RunAsync(app));
        both.Count(r => r.Ran).Should().Be(1);
        both.Single(r => !r.Ran).Skipped.Should().Contain("其他实例");

        // Read by the clerk: read for the branch, and the bell goes quiet.
        clerk = await Clerk();
        town = await TestAccounts.SignedInAsync(app, TestData.Code("remt2").ToLowerInvariant(), [Role.TownshipAdmin], b.Township.Id);
        (await clerk.GetFromJson<CountResult>("/api/v1/notifications/unread-count")).Count.Should().Be(1);
        (await clerk.PostAsync(new Uri($"/api/v1/notifications/{note.Id}/read", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await clerk.GetFromJson<CountResult>("/api/v1/notifications/unread-count")).Count.Should().Be(0);
        // Someone else's notification is not found.
        (await town.PostAsync(new Uri($"/api/v1/notifications/{note.Id}/read", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // April: a new month, a new reminder in its last week.
        clock.Advance(TimeSpan.FromDays(29)); // 26 April
        var april = await RunAsync(app);
        april.Branches.Should().Be(1);
        clerk = await Clerk();
        (await clerk.GetFromJson<Paged<NotificationView>>("/api/v1/notifications?unread=true")).Items.Should().ContainSingle()
            .Which.Title.Should().StartWith("2027年4月");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task NotificationsPage_ListsAndMarksRead(string provider)
    {
        var clock = new TestClock();
        clock.Set(new DateTimeOffset(2027, 5, 27, 10, 0, 0, China));
        await using var app = new ZerenFactory(provider, clock: clock);
        var b = await MeetingsApiTests.CreateBranch(app.AdminClient());
        (await RunAsync(app)).Branches.Should().Be(1);
        var user = TestData.Code("remp").ToLowerInvariant();
        await app.EnsureAccountAsync(user, [Role.BranchClerk], b.Village.Id);
        var page = await app.PageClientAsync(user);

        var html = await page.GetStringAsync(new Uri("/notifications", UriKind.Relative));
        html.Should().Contain("2027年5月尚有必开会议未开").And.Contain("id=\"zr-bell-count\"");
        var id = (await app.ClientAs(user + "x", [Role.BranchClerk], b.Village.Id).GetFromJson<Paged<NotificationView>>("/api/v1/notifications")).Items.Single().Id;

        var posted = await page.PostFormAsync("/notifications", "read-notification", new Dictionary<string, string> { ["Read.Id"] = id.ToString() }, tokenFrom: "/notifications");
        posted.StatusCode.Should().Be(HttpStatusCode.Redirect, "marked, the page is loaded again");
        var after = await page.GetStringAsync(new Uri("/notifications", UriKind.Relative));
        after.Should().NotContain("id=\"zr-bell-count\"").And.Contain($"{user} 已读");
    }

    private sealed record CountResult(int Count);
}
