using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Obligations;
using Zeren.Core.Platform;
using Zeren.Core.Projects;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Projects;

/// <summary>
/// What plans and projects owe, through the obligation engine: the daily job opens a month's reconciliation of every open
/// project by the calendar's due day (the 5th of the next month, China dates) and a township's plan for the coming year;
/// saving a reconciliation submits it (late after the due day), a plan's submission, return and approval move its
/// obligation, and a cancelled project's open obligations are cancelled.
/// </summary>
public sealed class ProjectObligationsTests
{
    /// <summary>2026-11-30T16:30Z: already 1 December 2026 in China.</summary>
    private static readonly DateTimeOffset DecemberInChina = new(2026, 11, 30, 16, 30, 0, TimeSpan.Zero);

    private static async Task<IReadOnlyList<ObligationRow>> OwedAsync(ZerenFactory app, Guid sourceId)
    {
        await using var scope = app.Scope();
        return (await scope.Get<ObligationService>().ListAsync(new ObligationFilter(SourceId: sourceId), new PageRequest(1, 100))).Items;
    }

    private static async Task GenerateAsync(ZerenFactory app, DateOnly day)
    {
        await using var scope = app.Scope();
        await scope.Get<ObligationJob>().GenerateAsync(day);
    }

    private static async Task<ProjectDetail> ProjectAsync(HttpClient admin, PlansApiTests.Township t, string name)
    {
        var response = await admin.PostJson("/api/v1/projects", new ProjectInput(t.Town.Id, name, "建成投用", "书记牵头", t.Secretary.Id,
            new DateOnly(2026, 10, 8), new DateOnly(2027, 3, 31)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<ProjectDetail>();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task MonthlyReconciliation_IsOwedByTheFifth_SubmittedWhenSaved_LateAfterIt_AndCancelledWithItsProject(string provider)
    {
        var clock = new TestClock();
        clock.Set(DecemberInChina);
        await using var app = new ZerenFactory(provider, clock: clock);
        var admin = app.AdminClient();
        var t = await PlansApiTests.CreateTownship(admin);
        var kept = await ProjectAsync(admin, t, "红色驿站");
        var dropped = await ProjectAsync(admin, t, "党员积分制");

        // 1 December: November's reconciliation is open (from 25 November), due 5 December.
        await GenerateAsync(app, new DateOnly(2026, 12, 1));
        var owed = (await OwedAsync(app, kept.Project.Id)).Should().ContainSingle().Which;
        (owed.Kind, owed.Period, owed.DueOn, owed.State, owed.OrgId, owed.IssuerOrgId, owed.HandledAtSource)
            .Should().Be((ScheduleDefaults.ProjectReconciliation, (string?)"2026-11", new DateOnly(2026, 12, 5), ObligationState.Open, t.Town.Id, (Guid?)t.County.Id, true));
        owed.Title.Should().Be("2026年11月项目月度对账：红色驿站");
        owed.Link.Should().Be($"/projects/{kept.Project.Id}#project-reconcile");

        var november = await admin.PostJson($"/api/v1/projects/{kept.Project.Id}/reconciliations", new ReconciliationInput("2026-11", "完成选址", null, "开工", 20));
        november.StatusCode.Should().Be(HttpStatusCode.Created, await november.Content.ReadAsStringAsync());
        (await november.ReadAs<ReconciliationView>()).Should().Match<ReconciliationView>(r => !r.Late && r.DueOn == new DateOnly(2026, 12, 5));
        var submitted = (await OwedAsync(app, kept.Project.Id)).Single();
        (submitted.State, submitted.SubmittedLate).Should().Be((ObligationState.Submitted, false));

        // 6 December in China (5 December 16:00 UTC): October's, never opened by the job, saved now is late; it counts all the same.
        clock.Set(new DateTimeOffset(2026, 12, 5, 16, 0, 0, TimeSpan.Zero));
        admin = app.ClientAs("po-admin-6", [Zeren.Core.Security.Role.CountyAdmin], null); // a session of this day
        var october = await admin.PostJson($"/api/v1/projects/{kept.Project.Id}/reconciliations", new ReconciliationInput("2026-10", "立项", null, "选址", 10));
        october.StatusCode.Should().Be(HttpStatusCode.Created, await october.Content.ReadAsStringAsync());
        (await october.ReadAs<ReconciliationView>()).Late.Should().BeTrue();
        (await OwedAsync(app, kept.Project.Id)).Single(o => o.Period == "2026-10").Should().Match<ObligationRow>(o => o.State == ObligationState.Submitted && o.SubmittedLate);
        (await OwedAsync(app, dropped.Project.Id)).Single(o => o.Period == "2026-11").Overdue.Should().BeTrue();

        // 26 December: December's opens for both; cancelling one cancels its open ones, and it owes no more.
        clock.Set(new DateTimeOffset(2026, 12, 26, 2, 0, 0, TimeSpan.Zero));
        admin = app.ClientAs("po-admin-26", [Zeren.Core.Security.Role.CountyAdmin], null);
        await GenerateAsync(app, new DateOnly(2026, 12, 26));
        (await OwedAsync(app, kept.Project.Id)).Should().Contain(o => o.Period == "2026-12" && o.DueOn == new DateOnly(2027, 1, 5));
        (await admin.PostJson($"/api/v1/projects/{dropped.Project.Id}/cancel", new CancellationInput("与红色驿站合并"))).EnsureSuccessStatusCode();
        (await OwedAsync(app, dropped.Project.Id)).Should().OnlyContain(o => o.State == ObligationState.Cancelled).And.HaveCount(2);
        var before = await OwedAsync(app, dropped.Project.Id);
        var closed = await admin.PostJson($"/api/v1/projects/{dropped.Project.Id}/reconciliations", new ReconciliationInput("2026-12", "进展", null, "措施", 30));
        closed.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await closed.Content.ReadAsStringAsync()).Should().Contain("reconciliation_project_closed");
        (await OwedAsync(app, dropped.Project.Id)).Should().BeEquivalentTo(before, "a refused reconciliation changes nothing");
        await GenerateAsync(app, new DateOnly(2026, 12, 27));
        (await OwedAsync(app, dropped.Project.Id)).Should().HaveCount(2, "a cancelled project is not owed again");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task APlan_IsOwedFromTheCalendar_SubmittedWithThePlan_OwedAgainWhenReturned_AndClosedWhenApproved(string provider)
    {
        var clock = new TestClock();
        clock.Set(DecemberInChina);
        await using var app = new ZerenFactory(provider, clock: clock);
        var admin = app.AdminClient();
        var t = await PlansApiTests.CreateTownship(admin);

        // 30 November: the plan for 2027 is not owed yet (the calendar opens it on 1 December).
        await GenerateAsync(app, new DateOnly(2026, 11, 30));
        (await OwedAsync(app, t.Town.Id)).Should().BeEmpty("the calendar opens the plan 61 days before 31 January");
        // 1 December: every township owes it, before submitting anything, due 31 January.
        await GenerateAsync(app, new DateOnly(2026, 12, 1));
        var before = (await OwedAsync(app, t.Town.Id)).Should().ContainSingle().Which;
        (before.Kind, before.Period, before.DueOn, before.State, before.IssuerOrgId, before.Title, before.Link).Should().Be(
            (ProjectObligations.PlanSubmission, (string?)"2027", new DateOnly(2027, 1, 31), ObligationState.Open, (Guid?)t.County.Id, "2027年党建思路报送",
                (string?)$"/plans/new?org={t.Town.Id}&year=2027"));
        var other = await admin.CreateOrg(t.County.Id, "未报镇党委");
        await GenerateAsync(app, new DateOnly(2026, 12, 2));
        (await OwedAsync(app, other.Id)).Should().ContainSingle().Which.State.Should().Be(ObligationState.Open, "a township that never submits owes it too");

        var plan = await admin.PostJson("/api/v1/plans", new PlanInput(t.Town.Id, 2027, "思路", [new ProjectTerms("红色驿站", "建成", "书记牵头", t.Secretary.Id,
            new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31))]));
        plan.StatusCode.Should().Be(HttpStatusCode.Created, await plan.Content.ReadAsStringAsync());
        var id = (await plan.ReadAs<PlanDetail>()).Plan.Id;
        var owed = (await OwedAsync(app, t.Town.Id)).Should().ContainSingle().Which;
        (owed.Id, owed.Kind, owed.Period, owed.DueOn, owed.State, owed.IssuerOrgId, owed.SubmittedLate).Should().Be(
            (before.Id, ProjectObligations.PlanSubmission, (string?)"2027", new DateOnly(2027, 1, 31), ObligationState.Submitted, (Guid?)t.County.Id, false));
        await GenerateAsync(app, new DateOnly(2026, 12, 3));
        (await OwedAsync(app, t.Town.Id)).Single().State.Should().Be(ObligationState.Submitted, "the calendar leaves a submitted plan alone");

        (await admin.PostJson($"/api/v1/plans/{id}/return", new PlanReview("目标要量化"))).EnsureSuccessStatusCode();
        (await OwedAsync(app, t.Town.Id)).Single().State.Should().Be(ObligationState.Open);
        (await admin.PostJson($"/api/v1/plans/{id}/versions", new PlanRevision("思路二", [new ProjectTerms("红色驿站", "建成 3 处", "书记牵头", t.Secretary.Id,
            new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31))]))).EnsureSuccessStatusCode();
        (await OwedAsync(app, t.Town.Id)).Single().State.Should().Be(ObligationState.Submitted);
        (await admin.PostJson($"/api/v1/plans/{id}/approve", new PlanReview(null))).EnsureSuccessStatusCode();
        (await OwedAsync(app, t.Town.Id)).Single().State.Should().Be(ObligationState.Closed);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ThePlansDueDay_IsTheCalendars(string provider)
    {
        var clock = new TestClock();
        clock.Set(DecemberInChina);
        await using var app = new ZerenFactory(provider, clock: clock);
        var admin = app.AdminClient();
        var t = await PlansApiTests.CreateTownship(admin);
        await using (var scope = app.Scope())
        {
            var db = scope.Get<Zeren.Core.Data.ZerenDbContext>();
            var entry = await db.Set<ObligationSchedule>().SingleAsync(s => s.Kind == ScheduleDefaults.PlanSubmission);
            entry.Update(ScheduleDefaults.PlanSubmissionEntry.Entry with { DueDay = 15, LeadDays = 30 }, clock.GetUtcNow(), "t");
            await db.SaveChangesAsync();
        }
        // Due 15 January now, opened 30 days before: not yet on 1 December, on 16 December.
        await GenerateAsync(app, new DateOnly(2026, 12, 1));
        (await OwedAsync(app, t.Town.Id)).Should().BeEmpty();
        await GenerateAsync(app, new DateOnly(2026, 12, 16));
        (await OwedAsync(app, t.Town.Id)).Should().ContainSingle().Which.DueOn.Should().Be(new DateOnly(2027, 1, 15));
        var plan = await admin.PostJson("/api/v1/plans", new PlanInput(t.Town.Id, 2028, "后年思路", [new ProjectTerms("红色驿站", "建成", "书记牵头", t.Secretary.Id,
            new DateOnly(2028, 1, 1), new DateOnly(2028, 12, 31))]));
        plan.StatusCode.Should().Be(HttpStatusCode.Created, await plan.Content.ReadAsStringAsync());
        (await OwedAsync(app, t.Town.Id)).Single(o => o.Period == "2028").DueOn.Should().Be(new DateOnly(2028, 1, 15), "a plan handed in early is due by the calendar's day too");
    }
}
