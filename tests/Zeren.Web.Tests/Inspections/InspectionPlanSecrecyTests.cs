using System.Globalization;
using System.Net;
using FluentAssertions;
using Zeren.Core.Inspections;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Inspections;

/// <summary>The app on a clock the test moves (one per provider, for this class alone).</summary>
public sealed class ClockedApps : IDisposable
{
    private readonly Dictionary<string, (ZerenFactory App, TestClock Clock)> apps = [];

    public (ZerenFactory App, TestClock Clock) For(string provider)
    {
        lock (apps)
        {
            if (!apps.TryGetValue(provider, out var app))
            {
                var clock = new TestClock();
                // Administrators sign in without a second factor here: a code is computed on the real clock, not the test's.
                app = (new ZerenFactory(provider, settings: new Dictionary<string, string?> { ["Zeren:Security:RequireTwoFactorForAdmins"] = "false" },
                    clock: clock), clock);
                apps[provider] = app;
            }
            return app;
        }
    }

    public void Dispose()
    {
        foreach (var (app, _) in apps.Values)
        {
            app.Dispose();
        }
    }
}

/// <summary>
/// 暗访计划 through /api/v1/inspection-plans: drawing (stored seed and inputs, reproducible), bad draws refused, and secrecy
/// (三不): before its visit date a plan is seen only by its team and the department; every other account gets the same
/// 404 as for an unknown id, and finds it in no list, no audit entry, no notification, no home or org page. From its
/// visit date it is an ordinary record in scope. On both databases.
/// </summary>
public sealed class InspectionPlanSecrecyTests(ClockedApps apps) : IClassFixture<ClockedApps>
{
    internal sealed record World(ZerenFactory App, TestClock Clock, OrgSummary County, IReadOnlyList<OrgSummary> Townships,
        IReadOnlyList<OrgSummary> Villages, HttpClient Head, Guid TeamId, HttpClient Team, HttpClient OtherInspector, HttpClient CountyReader,
        HttpClient Township, string Tag);

    internal static async Task<World> CreateWorld(ZerenFactory app, TestClock clock)
    {
        var admin = app.AdminClient();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var county = await admin.CreateOrg(null, $"暗访县{tag}");
        var townships = new List<OrgSummary>();
        var villages = new List<OrgSummary>();
        for (var t = 0; t < 3; t++)
        {
            var township = await admin.CreateOrg(county.Id, $"第{t + 1}镇党委");
            townships.Add(township);
            for (var v = 0; v < 3; v++)
            {
                var village = await admin.CreateOrg(township.Id, $"{t + 1}镇{v + 1}村党支部", OrgKind.Branch, OrgDomain.Rural);
                villages.Add(village);
                for (var g = 0; g < 3; g++)
                {
                    var made = await admin.PostJson($"/api/v1/orgs/{village.Id}/grids", new { name = $"第{g + 1}网格", households = 30, leaderPersonId = (Guid?)null });
                    made.IsSuccessStatusCode.Should().BeTrue(await made.Content.ReadAsStringAsync());
                }
            }
        }
        var teamName = $"ip-team-{tag}";
        var teamId = await app.EnsureAccountAsync(teamName, [Role.Inspector], county.Id);
        return new World(app, clock, county, townships, villages,
            app.ClientAs($"ip-head-{tag}", [Role.CountyAdmin], county.Id), teamId, app.ClientAs(teamName, [Role.Inspector], county.Id),
            app.ClientAs($"ip-other-{tag}", [Role.Inspector], county.Id), app.ClientAs($"ip-read-{tag}", [Role.ReadOnly], county.Id),
            app.ClientAs($"ip-town-{tag}", [Role.TownshipAdmin], townships[0].Id), tag);
    }

    internal static async Task<PlanDetail> Draw(HttpClient head, object input)
    {
        var response = await head.PostJson("/api/v1/inspection-plans/draw", input);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<PlanDetail>();
    }

    private static DateOnly Today(TestClock clock) => ChinaTime.Today(clock);

    /// <summary>A 404's body without the id asked for and the request's trace id.</summary>
    private static string Same(string body, Guid id) =>
        System.Text.RegularExpressions.Regex.Replace(body.Replace(id.ToString(), "ID", StringComparison.Ordinal), "\"traceId\":\"[^\"]*\"", "");

    private static readonly string[] SidePages = ["/", "/inspections", "/notifications", "/api/v1/notifications"];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SecretPlan_IsNotFoundForEveryoneButItsTeamAndTheDepartment_UntilItsDate_ThroughNoSideDoor(string provider)
    {
        var (app, clock) = apps.For(provider);
        var w = await CreateWorld(app, clock);
        var plan = await Draw(w.Head, new { villages = 3, gridsPerVillage = 1, cycleWeeks = 1, excludeWeeks = 0, teamAccountIds = new[] { w.TeamId },
            orgId = w.County.Id, visitOn = Today(clock).AddDays(1), note = $"秘密备注{w.Tag}" });
        var url = $"/api/v1/inspection-plans/{plan.Plan.Id}";
        var visitText = plan.Plan.VisitOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sampled = plan.Sample.Select(s => s.VillageId.ToString()).ToList();

        (await w.Head.GetAsync(new Uri(url, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await w.Team.GetAsync(new Uri(url, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await w.Team.GetFromJson<Paged<PlanRow>>("/api/v1/inspection-plans?pageSize=200")).Items.Should().Contain(p => p.Id == plan.Plan.Id);

        // Everyone else: the very answer an unknown id gets (but for the id), on the plan and its draw.
        var unknown = Guid.NewGuid();
        foreach (var (client, who) in new[] { (w.OtherInspector, "an inspector not on the team"), (w.CountyReader, "a county reader"), (w.Township, "a township") })
        {
            var hidden = await client.GetAsync(new Uri(url, UriKind.Relative));
            hidden.StatusCode.Should().Be(HttpStatusCode.NotFound, who);
            var missing = await client.GetAsync(new Uri($"/api/v1/inspection-plans/{unknown}", UriKind.Relative));
            Same(await hidden.Content.ReadAsStringAsync(), plan.Plan.Id).Should().Be(Same(await missing.Content.ReadAsStringAsync(), unknown), who);
            (await client.GetAsync(new Uri(url + "/draw", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound, who);
            var list = await client.GetAsync(new Uri("/api/v1/inspection-plans?pageSize=200", UriKind.Relative));
            (await list.Content.ReadAsStringAsync()).Should().NotContain(plan.Plan.Id.ToString(), who);
            // Pages: the plan's page, the register, the home page, the drawn villages' org pages, notifications.
            (await client.GetAsync(new Uri($"/inspections/plans/{plan.Plan.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound, who);
            foreach (var page in SidePages.Concat(plan.Sample.Select(s => $"/orgs/{s.VillageId}")))
            {
                var html = await (await client.GetAsync(new Uri(page, UriKind.Relative))).Content.ReadAsStringAsync();
                html.Should().NotContain(plan.Plan.Id.ToString(), $"{who} on {page}").And.NotContain($"秘密备注{w.Tag}", $"{who} on {page}");
            }
        }

        // The audit log records the draw, but neither the day nor the villages nor the note.
        var auditor = app.ClientAs($"ip-aud-{w.Tag}", [Role.AuditAdmin], w.County.Id);
        var entries = await (await auditor.GetAsync(new Uri($"/api/v1/audit?entityType={nameof(InspectionPlan)}&entityId={plan.Plan.Id}", UriKind.Relative)))
            .Content.ReadAsStringAsync();
        entries.Should().Contain(plan.Plan.Id.ToString()).And.NotContain(visitText).And.NotContain($"秘密备注{w.Tag}");
        var villageRows = await (await auditor.GetAsync(new Uri($"/api/v1/audit?entityType={nameof(InspectionPlanVillage)}&pageSize=200", UriKind.Relative)))
            .Content.ReadAsStringAsync();
        villageRows.Should().Contain("***");
        foreach (var id in sampled)
        {
            villageRows.Should().NotContain(id);
        }

        // On its visit date it is an ordinary record of the county: readers in scope see it (new sign-ins on the new day).
        clock.Advance(TimeSpan.FromDays(1));
        var reader = app.ClientAs($"ip-read2-{w.Tag}", [Role.ReadOnly], w.County.Id);
        (await reader.GetAsync(new Uri(url, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var other = app.ClientAs($"ip-other2-{w.Tag}", [Role.Inspector], w.County.Id);
        (await other.GetFromJson<PlanDetail>(url)).Plan.IsSecret.Should().BeFalse();
        var township = app.ClientAs($"ip-town2-{w.Tag}", [Role.TownshipAdmin], w.Townships[0].Id);
        (await township.GetAsync(new Uri(url, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound, "out of the township's scope, as any county record");
    }
}

/// <summary>Drawing plans through /api/v1/inspection-plans on the shared app: the rules, reproducibility, refusals. On both databases.</summary>
public sealed class InspectionPlanDrawTests
{
    private static Task<PlanDetail> Draw(HttpClient head, object input) => InspectionPlanSecrecyTests.Draw(head, input);

    private static Task<InspectionPlanSecrecyTests.World> CreateWorld(ZerenFactory app, TestClock clock) => InspectionPlanSecrecyTests.CreateWorld(app, clock);

    private static DateOnly Today(TestClock clock) => ChinaTime.Today(clock);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Plan_IsDrawnByTheRules_AndDrawingAgainFromItsSeedGivesTheSameSample(string provider)
    {
        var app = ZerenFactory.For(provider);
        var clock = new TestClock();
        var w = await CreateWorld(app, clock);
        var plan = await Draw(w.Head, new { villages = 4, gridsPerVillage = 2, cycleWeeks = 2, excludeWeeks = 4, teamAccountIds = new[] { w.TeamId },
            orgId = w.County.Id, seed = 20261208 });

        plan.Plan.VisitOn.DayOfWeek.Should().Be(DayOfWeek.Tuesday, "the day defaults to the next 周二无会日");
        plan.Plan.IsSecret.Should().BeTrue();
        plan.Sample.Should().HaveCount(4);
        plan.Sample.Select(s => s.VillageId).Should().OnlyHaveUniqueItems();
        plan.Sample.Select(s => s.TownshipId).Distinct().Should().HaveCount(3, "every township gets one before any gets a second");
        plan.Sample.Should().OnlyContain(s => s.Grids.Count == 2 && s.Grids.Select(g => g.Id).Distinct().Count() == 2);
        plan.Team.Select(t => t.AccountId).Should().Equal(w.TeamId);

        var again = await w.Head.GetFromJson<DrawCheck>($"/api/v1/inspection-plans/{plan.Plan.Id}/draw");
        again.Same.Should().BeTrue();
        again.Seed.Should().Be(20261208);
        again.Sample.Select(s => s.VillageId).Should().Equal(plan.Sample.Select(s => s.VillageId));

        // The same seed over the same villages, another day apart from the first plan's: the first plan's villages are now
        // recently planned and left out.
        var second = await Draw(w.Head, new { villages = 4, gridsPerVillage = 1, cycleWeeks = 2, excludeWeeks = 4, teamAccountIds = new[] { w.TeamId },
            orgId = w.County.Id, seed = 20261208, visitOn = plan.Plan.VisitOn.AddDays(7) });
        second.Sample.Select(s => s.VillageId).Should().NotIntersectWith(plan.Sample.Select(s => s.VillageId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AVisitedGrid_IsKept_ItsDeletionRefusedWithTheReason(string provider)
    {
        var app = ZerenFactory.For(provider);
        var clock = new TestClock();
        var w = await CreateWorld(app, clock);
        var admin = app.AdminClient();
        var village = w.Villages[0];
        var grids = await (await admin.GetAsync($"/api/v1/orgs/{village.Id}/grids")).ReadAs<List<GridView>>();
        var visited = grids[0].Id;
        var recorded = await w.Head.PostJson("/api/v1/inspections",
            new InspectionInput(village.Id, Today(clock), "网格暗访组", 2, 3, [visited]));
        recorded.StatusCode.Should().Be(HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());

        var refused = await admin.DeleteAsync($"/api/v1/orgs/{village.Id}/grids/{visited}");
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await refused.Content.ReadAsStringAsync());
        (await refused.ReadAs<Problem>()).Code.Should().Be("grid_has_inspections");
        (await (await admin.GetAsync($"/api/v1/orgs/{village.Id}/grids")).ReadAs<List<GridView>>()).Select(g => g.Id).Should().Contain(visited);

        // A grid nobody visited goes as before.
        (await admin.DeleteAsync($"/api/v1/orgs/{village.Id}/grids/{grids[1].Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BadDraws_AreRefusedWithEveryFault_AndSaveNothing(string provider)
    {
        var app = ZerenFactory.For(provider);
        var clock = new TestClock();
        var w = await CreateWorld(app, clock);
        var response = await w.Head.PostJson("/api/v1/inspection-plans/draw", new { villages = 10, gridsPerVillage = 1, cycleWeeks = 2, excludeWeeks = 0,
            teamAccountIds = Array.Empty<Guid>(), orgId = w.County.Id, visitOn = Today(clock) });
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Errors!.Select(e => e.Code).Should().Contain(["sample_too_many", "inspection_team_size", "inspection_plan_past"]);
        problem.Title.Should().NotBeNullOrEmpty();

        // A cycle too short to reach every township.
        var shortCycle = await w.Head.PostJson("/api/v1/inspection-plans/draw", new { villages = 1, gridsPerVillage = 0, cycleWeeks = 2, excludeWeeks = 0,
            teamAccountIds = new[] { w.TeamId }, orgId = w.County.Id });
        (await shortCycle.ReadAs<Problem>()).Errors!.Select(e => e.Code).Should().Contain("sample_cycle_short");

        // Only the department draws: an inspector is refused before anything is read.
        var byInspector = await w.Team.PostJson("/api/v1/inspection-plans/draw", new { villages = 1, gridsPerVillage = 0, cycleWeeks = 4, excludeWeeks = 0,
            teamAccountIds = new[] { w.TeamId }, orgId = w.County.Id });
        byInspector.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var list = await w.Head.GetFromJson<Paged<PlanRow>>("/api/v1/inspection-plans?pageSize=200");
        await using var scope = app.Scope();
        (await w.Head.GetFromJson<Paged<PlanRow>>("/api/v1/inspection-plans?pageSize=200")).Total.Should().Be(list.Total);
        list.Items.Should().NotContain(p => p.VisitOn == Today(clock));
    }
}
