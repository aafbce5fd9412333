using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>Compliance over the generated demo county gives the same answers on both databases.</summary>
public class DemoComplianceTests
{
    private static readonly Dictionary<string, string> Fingerprints = [];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCounty_HasAYearOfMeetings_AndWeakVillagesFallBehind(string provider)
    {
        var client = ZerenFactory.WithDemo(provider).AdminClient();
        var county = (await client.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        var year = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).Year;

        var meetings = await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?under={county.Id}&pageSize=1");
        meetings.Total.Should().BeGreaterThan(5000);
        var one = await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meetings.Items[0].Id}");
        one.Attendees.Should().HaveCount(one.Meeting.ExpectedCount).And.OnlyContain(a => a.Name.Length > 0);

        var report = await client.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={county.Id}&period={year}&pageSize=200");
        report.Branches.Total.Should().BeGreaterThan(300);
        report.Branches.Items.Should().Contain(b => b.Missing > 0).And.Contain(b => b.Missing == 0);

        var behind = await client.GetFromJson<List<BranchCompliance>>($"/api/v1/compliance/behind?org={county.Id}&period={year}&take=10");
        behind.Should().HaveCount(10);
        behind.Select(b => b.Missing).Should().BeInDescendingOrder();

        var heat = await client.GetFromJson<Heatmap>($"/api/v1/compliance/heatmap?org={county.Id}&year={year}");
        heat.Rows.Should().HaveCount(17, "15 townships, the agency committee and the new-economy committee");

        // The same county on every database gives the same counts.
        var fingerprint = string.Join(";", heat.Rows.Select(r => $"{r.Name}:{string.Join(",", r.Months.Select(c => $"{c.Due}/{c.Missing}/{c.Pending}"))}"))
            + $"|{meetings.Total}|{string.Join(",", behind.Select(b => $"{b.Code}:{b.Missing}"))}";
        lock (Fingerprints)
        {
            Fingerprints[provider] = fingerprint;
            Fingerprints.Values.Distinct().Should().ContainSingle("SQLite and PostgreSQL must agree");
        }
    }
}
