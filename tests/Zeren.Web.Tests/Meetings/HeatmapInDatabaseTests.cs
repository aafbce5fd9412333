using System.Net;
using System.Text.Json;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>
/// The heat map judged in the database (HeatmapQuery, ADR 0038) is exactly the heat map the cadence engine gives
/// branch by branch in memory (ComplianceService.JudgeInMemory), on both databases: over the demo county (hundreds of
/// branches, 党小组, leaders and their 党课, a year of meetings) and over a county of its own whose cadence rules change
/// during the year (a domain's own minimum, a quarterly rule turned monthly, two 党课 per leader), with a 民主评议 held
/// outside its expected quarter (late) and a branch with 党小组 beside one without.
/// </summary>
public class HeatmapInDatabaseTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCounty_TheDatabaseJudgesAsTheEngine(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var client = app.AdminClient();
        var county = (await client.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        var township = (await client.GetFromJson<Paged<OrgSummary>>($"/api/v1/orgs?parentId={county.Id}&pageSize=50")).Items
            .First(o => o.Kind != OrgKind.Branch && o.ChildCount > 3);
        var branch = (await client.GetFromJson<Paged<OrgSummary>>($"/api/v1/orgs?under={township.Id}&kind=Branch&pageSize=1")).Items.Single();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        foreach (var year in new[] { today.Year - 1, today.Year })
        {
            foreach (var org in new[] { county.Id, township.Id, branch.Id })
            {
                var (database, engine) = await BothAsync(app, org, year);
                Same(database, engine, $"{year}, {org}");
                database.Rows.Should().NotBeEmpty();
            }
        }
        var heat = (await BothAsync(app, county.Id, today.Year)).Database;
        heat.Rows.Sum(r => r.Branches).Should().BeGreaterThan(300);
        heat.Rows.Should().Contain(r => r.Months.Any(c => c.Missing > 0), "weak villages fall behind");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RulesThatChangeDuringTheYear_TheDatabaseJudgesAsTheEngine(string provider)
    {
        await using var app = new ZerenFactory(provider);
        var client = app.AdminClient();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var last = today.Year - 1;
        var a = await MeetingsApiTests.CreateBranch(client);
        var b = await MeetingsApiTests.CreateBranch(client);
        // Branch a has a 党小组: 党小组会 falls due for it, not for b.
        await client.CreateOrg(a.Village.Id, "第一党小组", OrgKind.Group, OrgDomain.Rural);

        // Versions of the rules dated in the past (the service refuses those; the rows are what a history of changes leaves).
        async Task Rule(CadenceInput input)
        {
            await using var scope = app.Scope();
            var db = scope.Get<Zeren.Core.Data.ZerenDbContext>();
            db.Add(MeetingCadence.Create(input, DateTimeOffset.UtcNow, "test"));
            await db.SaveChangesAsync();
        }
        await Rule(new CadenceInput(MeetingType.Study, OrgDomain.Rural, 2, PeriodKind.Month, new DateOnly(last, 3, 1)));
        await Rule(new CadenceInput(MeetingType.Congress, null, 1, PeriodKind.Month, new DateOnly(last, 8, 1)));
        await Rule(new CadenceInput(MeetingType.Lecture, null, 2, PeriodKind.Year, new DateOnly(today.Year, 1, 1), PerLeader: true));

        async Task Meeting(MeetingsApiTests.Branch branch, DateOnly day, MeetingType[] types, Guid? lecturer = null)
        {
            var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
            var response = await client.PostJson("/api/v1/meetings", MeetingsApiTests.Input(branch, start, types, lecturer: lecturer));
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        for (var m = 1; m <= 12; m += 2)
        {
            await Meeting(a, new DateOnly(last, m, 5), [MeetingType.Study, MeetingType.Committee, MeetingType.GroupMeeting]);
            await Meeting(b, new DateOnly(last, m + 1, 6), [MeetingType.Study, MeetingType.ThemeDay, MeetingType.Congress]);
        }
        await Meeting(a, new DateOnly(last, 4, 20), [MeetingType.Study, MeetingType.Congress]);
        await Meeting(a, new DateOnly(last, 9, 10), [MeetingType.Congress, MeetingType.Lecture], a.Secretary.Id);
        // 民主评议 is expected in the fourth quarter: held in May, the year's requirement is met late.
        await Meeting(a, new DateOnly(last, 5, 12), [MeetingType.MemberReview, MeetingType.OrgLife]);
        await Meeting(b, new DateOnly(last, 11, 12), [MeetingType.MemberReview, MeetingType.Lecture], b.FirstSecretary.Id);
        var recent = today.AddDays(-1);
        await Meeting(a, new DateOnly(recent.Year, recent.Month, 1), [MeetingType.Study, MeetingType.Lecture], a.FirstSecretary.Id);
        await Meeting(b, recent, [MeetingType.Study, MeetingType.Lecture], b.Secretary.Id);

        var late = false;
        foreach (var year in new[] { last, today.Year })
        {
            foreach (var org in new[] { a.County.Id, a.Township.Id, a.Village.Id, b.County.Id, b.Village.Id })
            {
                var (database, engine) = await BothAsync(app, org, year);
                Same(database, engine, $"{year}, {org}");
                database.Rows.Should().ContainSingle().Which.Months.Sum(c => c.Due).Should().BePositive();
                late |= database.Rows.Any(r => r.Months.Any(c => c.Late > 0));
            }
        }
        late.Should().BeTrue("a 民主评议 held in May is late");
    }

    /// <summary>The heat map as the database judges it, and as the engine judges it from the same summaries.</summary>
    private static async Task<(Heatmap Database, Heatmap Engine)> BothAsync(ZerenFactory app, Guid org, int year)
    {
        await using var s1 = app.Scope();
        await using var s2 = app.Scope();
        var engine = s2.Get<ComplianceService>();
        engine.JudgeInMemory = true;
        return (await s1.Get<ComplianceService>().HeatmapAsync(org, year), await engine.HeatmapAsync(org, year));
    }

    private static void Same<T>(T actual, T expected, string because) =>
        JsonSerializer.Serialize(actual, ZerenFactory.Json).Should().Be(JsonSerializer.Serialize(expected, ZerenFactory.Json), because);
}
