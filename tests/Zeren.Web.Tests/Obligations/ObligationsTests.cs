using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Data;
using Zeren.Core.Notifications;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Obligations;

/// <summary>
/// The obligation engine (待办事项) on apps of their own with a clock the test sets, on both databases: the daily job opens
/// the calendar's obligations and a capability's generator's, once; submitting, returning, closing and cancelling and
/// their refusals; overdue and late; the township × month grid; once-a-day reminders across two app instances; and
/// another township neither sees nor submits a township's obligations.
/// </summary>
public sealed class ObligationsTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>2026-12-31T16:30Z: already 1 January 2027 in China.</summary>
    private static readonly DateTimeOffset NewYearInChina = new(2026, 12, 31, 16, 30, 0, TimeSpan.Zero);

    /// <summary>A capability's generator as a test registers one: the monthly reconciliation of every branch (standing in for its projects).</summary>
    private sealed class BranchReconciliations(ZerenDbContext db) : IObligationGenerator
    {
        public async Task<IReadOnlyList<ObligationDraft>> DraftsAsync(ObligationDay day, CancellationToken ct)
        {
            var branches = await db.Set<Organization>().AsNoTracking().Where(o => o.Kind == OrgKind.Branch)
                .Select(o => new { o.Id, o.ParentId }).ToListAsync(ct);
            return day.For(ScheduleDefaults.ProjectReconciliation)
                .SelectMany(p => branches.Select(b => new ObligationDraft(ScheduleDefaults.ProjectReconciliation, p.FullTitle, b.Id, p.DueOn,
                    "TestProject", b.Id, p.Period.Key, IssuerOrgId: b.ParentId, Link: $"/orgs/{b.Id}")))
                .ToList();
        }
    }

    private sealed record World(ZerenFactory App, TestClock Clock, OrgSummary County, OrgSummary A, OrgSummary AVillage, OrgSummary B);

    private static ZerenFactory NewApp(string provider, TestClock clock, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(provider, settings: settings, clock: clock, services: s => s.AddScoped<IObligationGenerator, BranchReconciliations>());

    private static async Task<World> WorldAsync(string provider, DateTimeOffset at)
    {
        var clock = new TestClock();
        clock.Set(at);
        var app = NewApp(provider, clock);
        var admin = app.AdminClient();
        var (county, a, village) = await admin.CreateCounty();
        var b = await admin.CreateOrg(county.Id, "西岭镇党委");
        return new World(app, clock, county, a, village, b);
    }

    private static async Task<ObligationRun> RunAsync(ZerenFactory app)
    {
        await using var scope = app.Scope();
        return await scope.Get<ObligationJob>().RunAsync();
    }

    private static Task<HttpClient> Township(World w, OrgSummary town, string who) =>
        TestAccounts.SignedInAsync(w.App, $"obl-{who}", [Role.TownshipAdmin], town.Id);

    private static Task<HttpClient> County(World w) => TestAccounts.SignedInAsync(w.App, "obl-county", [Role.CountyAdmin], w.County.Id);

    private static async Task<ObligationRow> FindAsync(HttpClient client, Guid org, string kind)
    {
        var list = await client.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?orgId={org}&kind={kind}");
        return list.Items.Should().ContainSingle().Which;
    }

    private static async Task<string> ShouldRefuse(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        body.Should().Contain(code);
        return body;
    }

    private static object Evidence(string? text) => new { text, fileIds = (Guid[]?)null };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DailyJob_OpensTheCalendarsAndTheGeneratorsObligations_OnceAndIdempotently(string provider)
    {
        var w = await WorldAsync(provider, NewYearInChina);
        await using var _ = w.App;

        var first = await RunAsync(w.App);
        // Each township: the fourth quarter's report, the second half-year's report, the year's assessment (the year-end
        // reconciliation was due on 31 December, a China day already past) and its plan for 2027 (the projects
        // capability's, due 31 January); the branch: December's reconciliation.
        (first.Ran, first.Day, first.Opened).Should().Be((true, new DateOnly(2027, 1, 1), 9));
        (await RunAsync(w.App)).Ran.Should().BeFalse("the day's run is done");

        var county = await County(w);
        var all = await county.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?under={w.County.Id}&pageSize=50");
        all.Total.Should().Be(9);
        all.Items.Where(o => o.OrgId == w.A.Id).Select(o => (o.Kind, o.Period, o.DueOn, o.Title, o.IssuerOrgId, o.HandledAtSource)).Should().BeEquivalentTo(new[]
        {
            (ScheduleDefaults.QuarterlyReport, (string?)"2026-Q4", new DateOnly(2027, 1, 10), "2026年第四季度党建工作季度报告", (Guid?)w.County.Id, false),
            (ScheduleDefaults.HalfYearReport, "2026-H2", new DateOnly(2027, 1, 15), "2026年下半年党建工作半年汇报", w.County.Id, false),
            (ScheduleDefaults.YearEndAssessment, "2026", new DateOnly(2027, 1, 15), "2026年年底大考评述职材料", w.County.Id, false),
            (ScheduleDefaults.PlanSubmission, "2027", new DateOnly(2027, 1, 31), "2027年党建思路报送", w.County.Id, true),
        });
        var reconciliation = all.Items.Single(o => o.OrgId == w.AVillage.Id);
        (reconciliation.Kind, reconciliation.Period, reconciliation.DueOn, reconciliation.HandledAtSource, reconciliation.Link)
            .Should().Be((ScheduleDefaults.ProjectReconciliation, "2026-12", new DateOnly(2027, 1, 5), true, $"/orgs/{w.AVillage.Id}"));
        // Nearest due first.
        all.Items.Select(o => o.DueOn).Should().BeInAscendingOrder();

        // Generating again, the same day or the next, finds them all there.
        await using (var scope = w.App.Scope())
        {
            (await scope.Get<ObligationJob>().GenerateAsync(new DateOnly(2027, 1, 1))).Should().Be((0, 0));
        }
        w.Clock.Advance(TimeSpan.FromDays(1));
        var next = await RunAsync(w.App);
        (next.Ran, next.Opened).Should().Be((true, 0));
        // Opening a draft already there returns its id; a capability's OpenAsync is idempotent on the key.
        await using (var scope = w.App.Scope())
        {
            var service = scope.Get<ObligationService>();
            var again = await service.OpenAsync(new ObligationDraft(ScheduleDefaults.ProjectReconciliation, "2026年12月项目月度对账", w.AVillage.Id,
                new DateOnly(2027, 1, 5), "TestProject", w.AVillage.Id, "2026-12", IssuerOrgId: w.A.Id));
            again.Should().Be(reconciliation.Id);
            var bad = () => service.OpenAsync(new ObligationDraft("", "", w.AVillage.Id, new DateOnly(2027, 1, 5), "TestProject", w.AVillage.Id, "2026-13"));
            (await bad.Should().ThrowAsync<DomainException>()).Which.Should().BeAssignableTo<DomainException>();
            (await scope.Get<ZerenDbContext>().Set<Obligation>().CountAsync()).Should().Be(9, "nothing was doubled and nothing bad was saved");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SubmitReturnCloseCancel_AndTheirRefusals(string provider)
    {
        var w = await WorldAsync(provider, NewYearInChina);
        await using var _ = w.App;
        await RunAsync(w.App);
        var town = await Township(w, w.A, "a");
        var county = await County(w);
        var q4 = await FindAsync(town, w.A.Id, ScheduleDefaults.QuarterlyReport);
        var url = $"/api/v1/obligations/{q4.Id}";

        // The evidence text is required; nothing changes when it is missing.
        await ShouldRefuse(await town.PostJson($"{url}/submit", Evidence("  ")), HttpStatusCode.UnprocessableEntity, "obligation_evidence_required");
        await ShouldRefuse(await town.PostJson($"{url}/submit", new { text = "报告", fileIds = new[] { Guid.NewGuid() } }),
            HttpStatusCode.UnprocessableEntity, "obligation_file_not_found");
        (await town.GetFromJson<ObligationDetail>(url)).Obligation.State.Should().Be(ObligationState.Open);

        var submitted = await town.PostJson($"{url}/submit", Evidence("第四季度党建工作报告已报送。\n附：重点工作清单"));
        submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        var detail = await submitted.ReadAs<ObligationDetail>();
        (detail.Obligation.State, detail.Obligation.SubmittedLate, detail.Evidence, detail.SubmittedBy)
            .Should().Be((ObligationState.Submitted, false, "第四季度党建工作报告已报送。\n附：重点工作清单", "obl-a"));
        await ShouldRefuse(await town.PostJson($"{url}/submit", Evidence("再报")), HttpStatusCode.UnprocessableEntity, "obligation_not_open");

        // Closing and returning are the issuer's (the county): the township is refused.
        await ShouldRefuse(await town.PostAsync(new Uri($"{url}/close", UriKind.Relative), null), HttpStatusCode.Forbidden, "obligation_issuer_only");
        await ShouldRefuse(await town.PostJson($"{url}/return", new { reason = "不合格" }), HttpStatusCode.Forbidden, "obligation_issuer_only");
        // A return takes a reason.
        (await county.PostJson($"{url}/return", new { reason = "  " })).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var returned = await (await county.PostJson($"{url}/return", new { reason = "缺少数据，请补充" })).ReadAs<ObligationDetail>();
        (returned.Obligation.State, returned.Reason, returned.Obligation.SubmittedAt).Should().Be((ObligationState.Open, "缺少数据，请补充", null));

        // Handed in again after the due day (10 January, China): late.
        w.Clock.Set(new DateTimeOffset(2027, 1, 11, 9, 0, 0, China));
        town = await Township(w, w.A, "a");
        county = await County(w);
        var late = await (await town.PostJson($"{url}/submit", Evidence("补充后重新报送"))).ReadAs<ObligationDetail>();
        (late.Obligation.State, late.Obligation.SubmittedLate).Should().Be((ObligationState.Submitted, true));
        var closed = await county.PostAsync(new Uri($"{url}/close", UriKind.Relative), null);
        closed.StatusCode.Should().Be(HttpStatusCode.OK, await closed.Content.ReadAsStringAsync());
        (await closed.ReadAs<ObligationDetail>()).Obligation.State.Should().Be(ObligationState.Closed);
        await ShouldRefuse(await county.PostAsync(new Uri($"{url}/close", UriKind.Relative), null), HttpStatusCode.UnprocessableEntity, "obligation_not_submitted");
        await ShouldRefuse(await county.PostJson($"{url}/cancel", new { reason = "不再需要" }), HttpStatusCode.UnprocessableEntity, "obligation_ended");

        // Cancelling an open one takes a reason.
        var h2 = await FindAsync(town, w.A.Id, ScheduleDefaults.HalfYearReport);
        (await county.PostJson($"/api/v1/obligations/{h2.Id}/cancel", new { reason = "" })).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await town.GetFromJson<ObligationDetail>($"/api/v1/obligations/{h2.Id}")).Obligation.State.Should().Be(ObligationState.Open);
        var cancelled = await (await county.PostJson($"/api/v1/obligations/{h2.Id}/cancel", new { reason = "与年终述职合并报送" })).ReadAs<ObligationDetail>();
        (cancelled.Obligation.State, cancelled.Reason).Should().Be((ObligationState.Cancelled, "与年终述职合并报送"));
        await ShouldRefuse(await town.PostJson($"/api/v1/obligations/{h2.Id}/submit", Evidence("报")), HttpStatusCode.UnprocessableEntity, "obligation_not_open");

        // A capability's obligation is done by the capability's own action, not here.
        var village = await FindAsync(county, w.AVillage.Id, ScheduleDefaults.ProjectReconciliation);
        await ShouldRefuse(await county.PostJson($"/api/v1/obligations/{village.Id}/submit", Evidence("对账")), HttpStatusCode.UnprocessableEntity,
            "obligation_handled_at_source");
        await using (var scope = w.App.Scope())
        {
            var service = scope.Get<ObligationService>();
            (await service.SubmitForSourceAsync(ScheduleDefaults.ProjectReconciliation, w.AVillage.Id, "2026-12", w.AVillage.Id, ObligationEvidence.None))
                .Should().Be(village.Id);
            // Done again: already done, the same id.
            (await service.SubmitForSourceAsync(ScheduleDefaults.ProjectReconciliation, w.AVillage.Id, "2026-12", w.AVillage.Id, ObligationEvidence.None))
                .Should().Be(village.Id);
            var row = (await service.GetAsync(village.Id)).Obligation;
            (row.State, row.SubmittedLate).Should().Be((ObligationState.Submitted, true), "due on 5 January, done on the 11th");
            (await service.CloseForSourceAsync(ScheduleDefaults.ProjectReconciliation, w.AVillage.Id)).Should().Be(1);
            (await service.CancelForSourceAsync(ScheduleDefaults.YearEndAssessment, Guid.NewGuid(), "无此来源")).Should().Be(0);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Overdue_IsOpenPastItsChinaDueDay_CountedAndGridded(string provider)
    {
        var w = await WorldAsync(provider, NewYearInChina);
        await using var _ = w.App;
        await RunAsync(w.App);
        var town = await Township(w, w.A, "a");
        var q4 = await FindAsync(town, w.A.Id, ScheduleDefaults.QuarterlyReport);
        (await town.PostJson($"/api/v1/obligations/{(await FindAsync(town, w.A.Id, ScheduleDefaults.HalfYearReport)).Id}/submit", Evidence("半年汇报")))
            .EnsureSuccessStatusCode();

        // 10 January 23:30 in China (15:30Z): the due day itself, not yet overdue.
        w.Clock.Set(new DateTimeOffset(2027, 1, 10, 15, 30, 0, TimeSpan.Zero));
        var county = await County(w);
        (await county.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?under={w.County.Id}&overdue=true")).Items
            .Select(o => o.Kind).Should().Equal(ScheduleDefaults.ProjectReconciliation);
        // Half an hour later it is 11 January in China.
        w.Clock.Set(new DateTimeOffset(2027, 1, 10, 16, 30, 0, TimeSpan.Zero));
        county = await County(w);
        var overdue = await county.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?under={w.A.Id}&overdue=true");
        overdue.Items.Select(o => (o.OrgId, o.Kind, o.Overdue)).Should().BeEquivalentTo(new[]
        {
            (w.AVillage.Id, ScheduleDefaults.ProjectReconciliation, true),
            (w.A.Id, ScheduleDefaults.QuarterlyReport, true),
        });
        overdue.Items.Should().Contain(o => o.Id == q4.Id);

        var counts = await county.GetFromJson<ObligationCounts>($"/api/v1/obligations/counts?under={w.A.Id}");
        // Due: the assessment (the 15th) and the plan for 2027 (the 31st).
        (counts.Due, counts.Overdue, counts.Submitted, counts.SubmittedLate, counts.Closed, counts.Cancelled).Should().Be((2, 2, 1, 0, 0, 0));

        // The grid: each township a row, January the month their obligations fall due.
        var grid = await county.GetFromJson<ObligationGrid>($"/api/v1/obligations/grid?org={w.County.Id}&year=2027");
        grid.Rows.Select(r => r.OrgId).Should().BeEquivalentTo([w.A.Id, w.B.Id]);
        var jan = grid.Rows.Single(r => r.OrgId == w.A.Id).Months[0];
        (jan.Month, jan.Total, jan.Open, jan.Overdue, jan.Done, jan.Late).Should().Be((1, 5, 2, 2, 1, 0), "the plan for 2027 is due in January too");
        grid.Rows.Single(r => r.OrgId == w.B.Id).Months[0].Should().Be(new ObligationGridCell(1, 4, 3, 1, 0, 0));
        var plans = await county.GetFromJson<ObligationGrid>($"/api/v1/obligations/grid?org={w.County.Id}&year=2027&kind={ScheduleDefaults.PlanSubmission}");
        plans.Rows.Select(r => (r.Months[0].Total, r.Months[0].Open)).Should().Equal((1, 1), (1, 1));
        grid.Rows.SelectMany(r => r.Months.Skip(1)).Should().OnlyContain(c => c.Total == 0);
        var quarterly = await county.GetFromJson<ObligationGrid>($"/api/v1/obligations/grid?org={w.County.Id}&year=2027&kind={ScheduleDefaults.QuarterlyReport}");
        quarterly.Rows.Sum(r => r.Months[0].Total).Should().Be(2);
        (await county.GetAsync(new Uri($"/api/v1/obligations/grid?org={w.County.Id}&year=1999", UriKind.Relative))).StatusCode
            .Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reminders_DueWithinThreeDaysAndOverdue_OnceADay_AcrossTwoInstances(string provider)
    {
        // The obligations are opened on 1 January; nothing falls due within three days of it.
        var w = await WorldAsync(provider, NewYearInChina);
        await using var _ = w.App;
        (await RunAsync(w.App)).Should().Match<ObligationRun>(r => r.Opened == 9 && r.OwnersReminded == 0 && r.IssuersReminded == 0);

        // 8 January 2027, 09:00 in China: the branch's reconciliation (due the 5th) is overdue; the quarterly report (due
        // the 10th) falls due within three days; the half-year report and the assessment (the 15th) do not yet.
        w.Clock.Set(new DateTimeOffset(2027, 1, 8, 9, 0, 0, China));
        var config = w.App.Services.GetRequiredService<IConfiguration>();
        var shared = new Dictionary<string, string?> { ["Zeren:DataFolder"] = config["Zeren:DataFolder"] };
        if (provider == TestDatabases.Postgres)
        {
            shared["ConnectionStrings:Zeren"] = config.GetConnectionString("Zeren");
        }
        await using var second = NewApp(provider, w.Clock, shared);
        await using (var scope = second.Scope())
        {
            (await scope.Get<ZerenDbContext>().Set<Organization>().AnyAsync(o => o.Id == w.A.Id)).Should().BeTrue("the second instance has the same database");
        }

        var both = await Task.WhenAll(RunAsync(w.App), RunAsync(second));
        both.Count(r => r.Ran).Should().Be(1);
        both.Single(r => !r.Ran).Skipped.Should().Contain("其他实例");
        var ran = both.Single(r => r.Ran);
        (ran.Opened, ran.OwnersReminded, ran.IssuersReminded).Should().Be((0, 3, 1), "townships A and B and the branch; the branch's township is its issuer");

        async Task<List<Notification>> NotesAsync()
        {
            await using var scope = w.App.Scope();
            return await scope.Get<ZerenDbContext>().Set<Notification>().AsNoTracking().OrderBy(n => n.Kind).ToListAsync();
        }
        var notes = await NotesAsync();
        notes.Where(n => n.OrgId == w.A.Id).Select(n => n.Kind).Should().Equal(NotificationKind.ObligationDue, NotificationKind.ObligationOverdueIssued);
        notes.Single(n => n.OrgId == w.A.Id && n.Kind == NotificationKind.ObligationDue).Body.Should().Contain("2026年第四季度党建工作季度报告")
            .And.Contain("1月10日").And.NotContain("半年汇报");
        notes.Single(n => n.OrgId == w.A.Id && n.Kind == NotificationKind.ObligationOverdueIssued).Body.Should().Contain("测试村党支部")
            .And.Contain("2026年12月项目月度对账");
        notes.Where(n => n.OrgId == w.AVillage.Id).Select(n => n.Kind).Should().Equal(NotificationKind.ObligationOverdue);
        notes.Where(n => n.OrgId == w.County.Id).Should().BeEmpty("nothing owed to the county is overdue yet");
        notes.Should().OnlyContain(n => n.DedupKey == "2027-01-08");

        // The same day again (the job's claim lifted, as by a retry): nothing is sent twice.
        await using (var scope = second.Scope())
        {
            (await scope.Get<ObligationJob>().RemindAsync(new DateOnly(2027, 1, 8))).Should().Be((0, 0));
        }
        (await NotesAsync()).Should().HaveCount(notes.Count);

        // 11 January: the quarterly reports are overdue; the townships are told, and so is the county, once.
        w.Clock.Set(new DateTimeOffset(2027, 1, 11, 9, 0, 0, China));
        var eleventh = await Task.WhenAll(RunAsync(second), RunAsync(w.App));
        eleventh.Count(r => r.Ran).Should().Be(1);
        var county = (await NotesAsync()).Where(n => n.OrgId == w.County.Id).ToList();
        county.Should().ContainSingle().Which.Kind.Should().Be(NotificationKind.ObligationOverdueIssued);
        county[0].Title.Should().Be("下达的 2 项待办事项已逾期");
        county[0].Body.Should().Contain("测试镇党委").And.Contain("西岭镇党委");
        (await NotesAsync()).Where(n => n.OrgId == w.B.Id).Select(n => (n.Kind, n.DedupKey))
            .Should().BeEquivalentTo([(NotificationKind.ObligationDue, "2027-01-08"), (NotificationKind.ObligationOverdue, "2027-01-11")],
                "the half-year report and the assessment (the 15th) are not within three days of the 11th");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherTownship_NeitherSeesNorSubmits_AndTheHomeCardListsTheAccountsOwn(string provider)
    {
        var w = await WorldAsync(provider, NewYearInChina);
        await using var _ = w.App;
        await RunAsync(w.App);
        var a = await Township(w, w.A, "a");
        var b = await Township(w, w.B, "b");
        var q4 = await FindAsync(a, w.A.Id, ScheduleDefaults.QuarterlyReport);

        (await b.GetAsync(new Uri($"/api/v1/obligations/{q4.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var seen = await b.GetFromJson<Paged<ObligationRow>>("/api/v1/obligations?pageSize=100");
        seen.Items.Should().OnlyContain(o => o.OrgId == w.B.Id).And.HaveCount(4, "B's three reports of the calendar and its plan for 2027");
        (await b.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?orgId={w.A.Id}")).Total.Should().Be(0);
        // A county account's list (its scope said as a conjunct of the query) holds every obligation of the county's tree.
        var county = await TestAccounts.SignedInAsync(w.App, "obl-county", [Role.CountyAdmin], w.County.Id);
        var countyList = await county.GetFromJson<Paged<ObligationRow>>("/api/v1/obligations?pageSize=100");
        await using (var scope = w.App.Scope())
        {
            var db = scope.Get<ZerenDbContext>();
            var tree = db.Set<Organization>().InSubtree(db, await db.Set<Organization>().Where(o => o.Id == w.County.Id).Select(o => o.Path).SingleAsync());
            var expected = await db.Set<Obligation>().Where(o => tree.Any(t => t.Id == o.OrgId)).Select(o => o.Id).ToListAsync();
            countyList.Items.Select(o => o.Id).Should().BeEquivalentTo(expected);
            countyList.Items.Should().Contain(o => o.OrgId == w.A.Id).And.Contain(o => o.OrgId == w.B.Id);
        }
        (await b.GetAsync(new Uri($"/api/v1/obligations?under={w.A.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await b.GetFromJson<ObligationCounts>($"/api/v1/obligations/counts?orgId={w.A.Id}")).Total.Should().Be(0);
        (await b.GetAsync(new Uri($"/api/v1/obligations/grid?org={w.A.Id}&year=2027", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await ShouldRefuse(await b.PostJson($"/api/v1/obligations/{q4.Id}/submit", Evidence("代报")), HttpStatusCode.NotFound, "not_found");
        await ShouldRefuse(await b.PostJson($"/api/v1/obligations/{q4.Id}/return", new { reason = "退回" }), HttpStatusCode.NotFound, "not_found");
        await ShouldRefuse(await b.PostAsync(new Uri($"/api/v1/obligations/{q4.Id}/close", UriKind.Relative), null), HttpStatusCode.NotFound, "not_found");
        await ShouldRefuse(await b.PostJson($"/api/v1/obligations/{q4.Id}/cancel", new { reason = "取消" }), HttpStatusCode.NotFound, "not_found");
        (await a.GetFromJson<ObligationDetail>($"/api/v1/obligations/{q4.Id}")).Obligation.State.Should().Be(ObligationState.Open, "B changed nothing");
        // A reader without ObligationsWrite cannot submit its own.
        var reader = await TestAccounts.SignedInAsync(w.App, "obl-read", [Role.ReadOnly], w.A.Id);
        (await reader.PostJson($"/api/v1/obligations/{q4.Id}/submit", Evidence("报"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // The home card: the township's own open obligations, nearest due first.
        var home = WebUtility.HtmlDecode(await a.GetStringAsync(new Uri("/", UriKind.Relative)));
        var start = home.IndexOf("data-zr-card=\"obligations\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0);
        var card = home[start..home.IndexOf("</section>", start, StringComparison.Ordinal)];
        card.Should().Contain("2026年第四季度党建工作季度报告").And.Contain("2027-01-10").And.NotContain("测试村党支部");
        card.IndexOf("季度报告", StringComparison.Ordinal).Should().BeLessThan(card.IndexOf("半年汇报", StringComparison.Ordinal));
    }
}
