using System.Net;
using FluentAssertions;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>
/// A large subtree's heat map and branches behind are snapshots (ADR 0050): a meeting recorded after one was taken
/// shows when it is older than its age, not before, and the answer says when it was counted. A county's are judged at
/// each request.
/// </summary>
public class ComplianceSnapshotTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ALargeSubtreesJudgements_AreKeptForTheirAge_ThenShowWhatWasRecorded(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var branch = await MeetingsApiTests.CreateBranch(client);
        var county = branch.County.Id;
        var held = MeetingsApiTests.Yesterday();
        var (year, month) = (held.Year, held.Month);
        var clock = new TestClock();
        // Noon of today in China: the snapshots' keys hold the day, and the minutes advanced below must not cross midnight
        // (run at 23:56 China time, they did, and a new day's key was a new snapshot).
        clock.Set(new DateTimeOffset(DateTime.SpecifyKind(DateTime.UtcNow.AddHours(8).Date.AddHours(12), DateTimeKind.Unspecified), TimeSpan.FromHours(8)));
        var snapshots = new ComplianceSnapshots(clock) { MaxAge = TimeSpan.FromMinutes(5) };

        async Task<(Heatmap Map, BehindSummary Behind)> AskAsync()
        {
            await using var scope = app.Scope();
            // Every subtree counts as large here: the county's one branch is judged as a province's 60 000 would be.
            var compliance = new ComplianceService(scope.Get<ZerenDbContext>(), scope.Get<OrganizationService>(), clock, snapshots)
            {
                SnapshotBranchesAbove = 0,
                ProbeBranchesUpTo = 0,
            };
            var (map, behind) = (await compliance.HeatmapAsync(county, year), await compliance.BehindSummaryAsync(county, year, month, 5));
            // The compliance page's list of the month's branches behind is the same snapshot's, paged.
            var list = await compliance.BehindInMonthAsync(county, year, month, new PageRequest(1, 20));
            list.Total.Should().Be(behind.Count);
            list.Items.Select(b => b.OrgId).Should().Equal(behind.First.Select(b => b.OrgId));
            return (map, behind);
        }
        static int Held(Heatmap map, int month) => map.Total!.Months[month - 1] is var c ? c.Due - c.Missing - c.Pending : 0;

        var before = await AskAsync();
        before.Map.SnapshotAt.Should().Be(clock.GetUtcNow());
        before.Behind.SnapshotAt.Should().Be(clock.GetUtcNow());
        before.Behind.Count.Should().Be(1, "the new branch has held nothing");
        before.Behind.First.Single().OrgId.Should().Be(branch.Village.Id);

        var response = await client.PostJson("/api/v1/meetings", MeetingsApiTests.Input(branch, held,
            [MeetingType.Study, MeetingType.Committee, MeetingType.ThemeDay, MeetingType.Congress]));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

        clock.Advance(TimeSpan.FromMinutes(4));
        var kept = await AskAsync();
        kept.Map.SnapshotAt.Should().Be(before.Map.SnapshotAt, "younger than its age, the snapshot is served");
        Held(kept.Map, month).Should().Be(Held(before.Map, month));

        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await AskAsync();
        after.Map.SnapshotAt.Should().Be(clock.GetUtcNow());
        after.Behind.SnapshotAt.Should().Be(clock.GetUtcNow());
        Held(after.Map, month).Should().BeGreaterThan(Held(before.Map, month), "the meeting recorded is counted once the snapshot is old");

        // Over the API, a county (fewer branches than a snapshot is kept for) is judged at each request: no instant.
        var live = await client.GetFromJson<Heatmap>($"/api/v1/compliance/heatmap?org={county}&year={year}");
        live.SnapshotAt.Should().BeNull();
        Held(live, month).Should().Be(Held(after.Map, month));
    }
}
