using System.Net;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>The ledger's calendar view: each meeting on its day in China time, counts per day, months to step through.</summary>
public sealed class MeetingCalendarTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Calendar_PutsEachMeetingOnItsChinaDay_AndStepsThroughMonths(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var china = TimeSpan.FromHours(8);
        // 2026-03-01 07:30 in China is still 28 February in UTC: the calendar goes by the China day.
        var early = new DateTimeOffset(2026, 3, 1, 7, 30, 0, china);
        var late = new DateTimeOffset(2026, 3, 31, 20, 0, 0, china);
        foreach (var (start, topic) in new[] { (early, "三月第一天的学习会"), (late, "三月最后一天的主题党日"), (late.AddHours(-8), "三月最后一天的支委会") })
        {
            var input = MeetingsApiTests.Input(b, start) with { Topic = topic, EndsAt = start.AddHours(1) };
            var response = await client.PostJson("/api/v1/meetings", input);
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        var html = await client.GetStringAsync(new Uri($"/meetings?org={b.Village.Id}&view=calendar&period=2026-03", UriKind.Relative));
        html.Should().Contain("2026年3月");
        Day(html, "2026-03-01").Should().Contain("三月第一天的学习会");
        Day(html, "2026-02-28").Should().NotContain("三月第一天的学习会", "the meeting was on 1 March in China");
        var lastDay = Day(html, "2026-03-31");
        lastDay.Should().Contain("三月最后一天的主题党日").And.Contain("三月最后一天的支委会").And.Contain(">2</a>", "a phone shows the day's count, a link to the month's list");
        // 2026-03-01 is a Sunday: the first week (from Monday) starts on 23 February.
        html.Should().Contain("data-day=\"2026-02-23\"").And.NotContain("data-day=\"2026-02-22\"");
        html.Should().Contain("period=2026-02").And.Contain("period=2026-04");

        var april = await client.GetStringAsync(new Uri($"/meetings?org={b.Village.Id}&view=calendar&period=2026-04", UriKind.Relative));
        april.Should().Contain("2026年4月").And.NotContain("三月最后一天的主题党日");

        // The service counts in the database, whole township at once.
        var calendar = await CalendarOf(provider, b.Township.Id, 2026, 3);
        calendar.Counts.Should().BeEquivalentTo(new Dictionary<DateOnly, int> { [new(2026, 3, 1)] = 1, [new(2026, 3, 31)] = 2 });
        calendar.Entries.Should().HaveCount(3);
        calendar.Truncated.Should().BeFalse();
    }

    private static async Task<MeetingCalendar> CalendarOf(string provider, Guid under, int year, int month)
    {
        await using var scope = ZerenFactory.For(provider).Scope();
        scope.Get<ActorAccessor>().Current = new Actor(Guid.NewGuid(), "zhang", "198.51.100.1", [Role.CountyAdmin], DataScope.Everything);
        return await scope.Get<MeetingService>().CalendarAsync(new MeetingFilter(Under: under), Zeren.Core.Platform.Period.Month(year, month));
    }

    /// <summary>The markup of one day's cell.</summary>
    private static string Day(string html, string day)
    {
        var start = html.IndexOf($"data-day=\"{day}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, $"the calendar has a cell for {day}");
        var end = html.IndexOf("</td>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
