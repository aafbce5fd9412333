using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Notifications;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Obligations;

/// <summary>
/// The obligation engine's views on both databases: 我的待办 (the list and its filters), an obligation's page where the
/// township submits with evidence and the county closes, returns or cancels, the township × month grid, the Excel
/// exports, the links of the reminders and home cards (待审核的报送), and the calendar's API and page with their refusals.
/// </summary>
public sealed class ObligationPagesTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>2026-12-31T16:30Z: already 1 January 2027 in China.</summary>
    private static readonly DateTimeOffset NewYearInChina = new(2026, 12, 31, 16, 30, 0, TimeSpan.Zero);

    private sealed record World(ZerenFactory App, TestClock Clock, OrgSummary County, OrgSummary A, OrgSummary B);

    private static async Task<World> WorldAsync(string provider, DateTimeOffset? at = null)
    {
        var clock = new TestClock();
        clock.Set(at ?? NewYearInChina);
        var app = new ZerenFactory(provider, clock: clock);
        var admin = app.AdminClient();
        var (county, a, _) = await admin.CreateCounty();
        var b = await admin.CreateOrg(county.Id, "西岭镇党委");
        return new World(app, clock, county, a, b);
    }

    private static async Task RunJobAsync(ZerenFactory app)
    {
        await using var scope = app.Scope();
        (await scope.Get<ObligationJob>().RunAsync()).Ran.Should().BeTrue();
    }

    private static async Task<HttpClient> PageAsync(World w, string name, Role role, Guid org)
    {
        await w.App.EnsureAccountAsync(name, [role], org);
        return await w.App.PageClientAsync(name);
    }

    private static async Task<HttpClient> SystemAdminAsync(World w)
    {
        var name = Accounts.UniqueName("sys");
        var id = await w.App.EnsureAccountAsync(name, [Role.SystemAdmin], w.County.Id);
        var key = await w.App.EnableTwoFactorAsync(id);
        return await w.App.ClientFromLoginAsync(name, ZerenFactory.TestPassword, Totp.NextCode(key));
    }

    private static async Task<ObligationRow> QuarterlyAsync(World w, Guid org)
    {
        var list = await w.App.AdminClient().GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?orgId={org}&kind={ScheduleDefaults.QuarterlyReport}");
        return list.Items.Should().ContainSingle().Which;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TownshipSubmitsOnThePage_CountySeesItInTheGridAndTheCard_AndClosesIt(string provider)
    {
        var w = await WorldAsync(provider);
        await using var _ = w.App;
        await RunJobAsync(w.App);
        var q4 = await QuarterlyAsync(w, w.A.Id);
        var page = $"/obligations/{q4.Id}";
        q4.Link.Should().Be(page, "the calendar's obligations are done on their own page");

        var town = await PageAsync(w, "obp-a", Role.TownshipAdmin, w.A.Id);
        var other = await PageAsync(w, "obp-b", Role.TownshipAdmin, w.B.Id);
        var county = await PageAsync(w, "obp-county", Role.CountyAdmin, w.County.Id);

        // 我的待办: the township's three, linked to their pages, nearest due first; another township's are not there.
        var list = await town.GetStringAsync(new Uri("/obligations", UriKind.Relative));
        list.Should().Contain("2026年第四季度党建工作季度报告").And.Contain($"href=\"{page}\"").And.NotContain("西岭镇党委");
        list.IndexOf("2026年第四季度党建工作季度报告", StringComparison.Ordinal).Should().BeLessThan(list.IndexOf("2026年下半年党建工作半年汇报", StringComparison.Ordinal));
        (await town.GetStringAsync(new Uri("/obligations?state=Submitted", UriKind.Relative))).Should().NotContain("2026年第四季度党建工作季度报告");
        (await town.GetStringAsync(new Uri($"/obligations?kind={ScheduleDefaults.HalfYearReport}", UriKind.Relative)))
            .Should().Contain("2026年下半年党建工作半年汇报").And.NotContain("2026年第四季度党建工作季度报告");
        (await other.GetAsync(new Uri(page, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Submitting without the evidence text is refused on the page and changes nothing.
        var refused = await town.PostFormAsync(page, "submit", new Dictionary<string, string> { ["Submit.Evidence"] = "  " }, tokenFrom: page);
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("请填写报送说明");
        (await QuarterlyAsync(w, w.A.Id)).State.Should().Be(ObligationState.Open);
        // Another township cannot submit it.
        (await other.PostFormAsync(page, "submit", new Dictionary<string, string> { ["Submit.Evidence"] = "西岭代报" }, tokenFrom: "/obligations"))
            .StatusCode.Should().BeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        (await QuarterlyAsync(w, w.A.Id)).State.Should().Be(ObligationState.Open);

        var submitted = await town.PostFormAsync(page, "submit", new Dictionary<string, string> { ["Submit.Evidence"] = "第四季度党建工作报告\n重点工作已完成" }, tokenFrom: page);
        submitted.StatusCode.Should().Be(HttpStatusCode.Redirect, await submitted.Content.ReadAsStringAsync());
        submitted.Headers.Location!.ToString().Should().EndWith($"{page}?done=submitted");
        (await QuarterlyAsync(w, w.A.Id)).State.Should().Be(ObligationState.Submitted);
        var shown = await town.GetStringAsync(new Uri(page, UriKind.Relative));
        shown.Should().Contain("第四季度党建工作报告").And.NotContain("id=\"obligation-close\"", "closing is the issuer's");

        // The county: its card of submissions to review, the grid (January: 1 of 4 done, the plan for 2027 among them), then it closes.
        var home = await county.GetStringAsync(new Uri("/", UriKind.Relative));
        home.Should().Contain("data-zr-card=\"obligations-review\"").And.Contain("待审核的报送").And.Contain(page);
        var grid = await county.GetStringAsync(new Uri($"/obligations/grid?org={w.County.Id}&year=2027", UriKind.Relative));
        grid.Should().Contain(w.A.Name).And.Contain("西岭镇党委").And.Contain(">1/4<").And.Contain(">0/4<");
        grid.Should().Contain($"/obligations?org={w.A.Id}&amp;dueFrom=2027-01-01&amp;dueTo=2027-01-31");
        var closed = await county.PostFormAsync(page, "close", [], tokenFrom: page);
        closed.StatusCode.Should().Be(HttpStatusCode.Redirect, await closed.Content.ReadAsStringAsync());
        (await QuarterlyAsync(w, w.A.Id)).State.Should().Be(ObligationState.Closed);
        (await county.GetStringAsync(new Uri("/", UriKind.Relative))).Should().NotContain("data-zr-card=\"obligations-review\"");

        // Returning and cancelling take a reason.
        var h2 = (await w.App.AdminClient().GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?orgId={w.B.Id}&kind={ScheduleDefaults.HalfYearReport}")).Items.Single();
        var h2Page = $"/obligations/{h2.Id}";
        var noReason = await county.PostFormAsync(h2Page, "cancel", new Dictionary<string, string> { ["Cancel.Reason"] = "" }, tokenFrom: h2Page);
        noReason.StatusCode.Should().Be(HttpStatusCode.OK);
        (await w.App.AdminClient().GetFromJson<ObligationDetail>($"/api/v1/obligations/{h2.Id}")).Obligation.State.Should().Be(ObligationState.Open);
        var cancelled = await county.PostFormAsync(h2Page, "cancel", new Dictionary<string, string> { ["Cancel.Reason"] = "与年终述职合并" }, tokenFrom: h2Page);
        cancelled.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await w.App.AdminClient().GetFromJson<ObligationDetail>($"/api/v1/obligations/{h2.Id}")).Reason.Should().Be("与年终述职合并");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Exports_AndTheRemindersLinks(string provider)
    {
        var w = await WorldAsync(provider);
        await using var _ = w.App;
        await RunJobAsync(w.App);
        var county = w.App.AdminClient();
        var export = await county.GetAsync(new Uri($"/api/v1/obligations/export.xlsx?under={w.County.Id}&state=Open", UriKind.Relative));
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.Should().Be(SpreadsheetsApi.XlsxContentType);
        (await export.Content.ReadAsByteArrayAsync()).Length.Should().BeGreaterThan(1000);
        var gridExport = await county.GetAsync(new Uri($"/api/v1/obligations/grid/export.xlsx?org={w.County.Id}&year=2027", UriKind.Relative));
        gridExport.StatusCode.Should().Be(HttpStatusCode.OK);
        (await county.GetAsync(new Uri($"/api/v1/obligations/grid/export.xlsx?org={w.County.Id}&year=1999", UriKind.Relative)))
            .StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var readOnly = TestAccounts.SignedInAsync(w.App, "obp-ro", [Role.ReadOnly], w.County.Id);
        (await (await readOnly).GetAsync(new Uri($"/api/v1/obligations/export.xlsx?under={w.County.Id}", UriKind.Relative)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden, "exporting needs the export permission");

        // 13 January (China): the half-year report and the assessment are due within three days, the quarterly report overdue.
        var q4 = await QuarterlyAsync(w, w.A.Id);
        w.Clock.Set(new DateTimeOffset(2027, 1, 13, 9, 0, 0, China));
        await RunJobAsync(w.App);
        await using var scope = w.App.Scope();
        var db = scope.Get<ZerenDbContext>();
        var notes = await db.Set<Notification>().IgnoreQueryFilters().AsNoTracking().Where(n => n.OrgId == w.A.Id || n.OrgId == w.County.Id)
            .Select(n => new { n.OrgId, n.Kind, n.Link }).ToListAsync();
        notes.Should().ContainEquivalentOf(new { OrgId = w.A.Id, Kind = NotificationKind.ObligationDue, Link = (string?)$"/obligations?org={w.A.Id}&state=Open" });
        notes.Should().ContainEquivalentOf(new { OrgId = w.A.Id, Kind = NotificationKind.ObligationOverdue, Link = (string?)$"/obligations/{q4.Id}" });
        notes.Should().ContainEquivalentOf(new { OrgId = w.County.Id, Kind = NotificationKind.ObligationOverdueIssued,
            Link = (string?)$"/obligations?org={w.County.Id}&issuer={w.County.Id}&overdue=true" });
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Calendar_ChangedByTheSystemAdministrator_Audited_BadInputRefusedAllAtOnce(string provider)
    {
        // Today: the administrators' two-factor codes are of the real time.
        var w = await WorldAsync(provider, DateTimeOffset.UtcNow);
        await using var _ = w.App;
        w.Clock.Set(DateTimeOffset.UtcNow);
        var sys = await SystemAdminAsync(w);
        var entries = await sys.GetFromJson<List<ScheduleView>>("/api/v1/obligations/calendar");
        entries.Select(e => e.Kind).Should().Contain([ScheduleDefaults.QuarterlyReport, ScheduleDefaults.ProjectReconciliation, ScheduleDefaults.PlanSubmission]).And.HaveCount(6);
        var quarterly = entries.Single(e => e.Kind == ScheduleDefaults.QuarterlyReport);
        var url = $"/api/v1/obligations/calendar/{quarterly.Id}";

        var bad = await sys.PutJson(url, new ScheduleChange(" ", true, 13, 40, -1));
        var body = await bad.Content.ReadAsStringAsync();
        bad.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, body);
        body.Should().Contain("schedule_title").And.Contain("schedule_due_month").And.Contain("schedule_due_day").And.Contain("schedule_lead_days");
        (await sys.GetFromJson<List<ScheduleView>>("/api/v1/obligations/calendar")).Single(e => e.Id == quarterly.Id).Should().BeEquivalentTo(quarterly);
        (await sys.PutJson($"/api/v1/obligations/calendar/{Guid.NewGuid()}", new ScheduleChange("季度报告", true, 1, 10, 30))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var countyAdmin = w.App.AdminClient();
        (await countyAdmin.PutJson(url, new ScheduleChange("季度报告", false, 1, 10, 30))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await countyAdmin.GetFromJson<List<ScheduleView>>("/api/v1/obligations/calendar")).Should().HaveCount(6, "those who read the data read the calendar");

        // Switched off: the job opens no quarterly report, whatever the day; the change is audited.
        var changed = await sys.PutJson(url, new ScheduleChange("党建工作季度报告（暂停）", false, 1, 20, 30, "本年度暂停"));
        changed.StatusCode.Should().Be(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        (await changed.ReadAs<ScheduleView>()).Should().Match<ScheduleView>(v => !v.Active && v.DueDay == 20 && v.Title == "党建工作季度报告（暂停）");
        await RunJobAsync(w.App);
        (await countyAdmin.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?under={w.County.Id}&kind={ScheduleDefaults.QuarterlyReport}")).Total.Should().Be(0);
        await using (var scope = w.App.Scope())
        {
            (await scope.Get<ZerenDbContext>().Set<AuditEntry>().AsNoTracking()
                    .CountAsync(a => a.EntityType == nameof(ObligationSchedule) && a.EntityId == quarterly.Id.ToString() && a.Action == AuditAction.Update))
                .Should().Be(1, "the change is in the audit log, the refused ones are not");
        }

        // The page: the entry's form, its refusal beside the field, its save.
        w.Clock.Set(DateTimeOffset.UtcNow);
        var sysPage = await PageAsyncWithCode(w);
        var html = await sysPage.GetStringAsync(new Uri($"/obligations/calendar?edit={quarterly.Id}", UriKind.Relative));
        html.Should().Contain("党建工作季度报告（暂停）").And.Contain("id=\"schedule-save\"");
        var form = new Dictionary<string, string>
        {
            ["Model.Title"] = "党建工作季度报告", ["Model.Active"] = "true", ["Model.DueMonthsAfter"] = "1", ["Model.DueDay"] = "45", ["Model.LeadDays"] = "366",
        };
        var refused = await sysPage.PostFormAsync($"/obligations/calendar?edit={quarterly.Id}", "schedule", form, tokenFrom: $"/obligations/calendar?edit={quarterly.Id}");
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("截止日应在 1 到 31 之间");
        form["Model.DueDay"] = "10";
        var saved = await sysPage.PostFormAsync($"/obligations/calendar?edit={quarterly.Id}", "schedule", form, tokenFrom: $"/obligations/calendar?edit={quarterly.Id}");
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        (await sys.GetFromJson<List<ScheduleView>>("/api/v1/obligations/calendar")).Single(e => e.Id == quarterly.Id)
            .Should().Match<ScheduleView>(v => v.Active && v.DueDay == 10 && v.LeadDays == 366 && v.Title == "党建工作季度报告");
        // In use again and opened a year ahead: the next day's run opens each township's quarterly reports.
        w.Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync(w.App);
        await using (var scope = w.App.Scope())
        {
            (await scope.Get<ZerenDbContext>().Set<Obligation>().IgnoreQueryFilters().CountAsync(o => o.Kind == ScheduleDefaults.QuarterlyReport && o.OrgId == w.A.Id))
                .Should().BeGreaterThan(0);
        }
    }

    private static async Task<HttpClient> PageAsyncWithCode(World w)
    {
        var name = Accounts.UniqueName("syp");
        var id = await w.App.EnsureAccountAsync(name, [Role.SystemAdmin], w.County.Id);
        var key = await w.App.EnableTwoFactorAsync(id);
        return await w.App.PageClientAsync(name, code: Totp.NextCode(key));
    }
}
