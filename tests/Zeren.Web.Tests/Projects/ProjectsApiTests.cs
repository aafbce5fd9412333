using System.Globalization;
using System.Net;
using FluentAssertions;
using Zeren.Core.Platform;
using Zeren.Core.Projects;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Projects;

/// <summary>党建项目 through the API: 五定, progress with evidence, 一月一对账 with lateness, completion and cancellation.</summary>
public class ProjectsApiTests
{
    private static DateOnly Today => PlansApiTests.Today;

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static ProjectInput Input(PlansApiTests.Township t, string name = "红色驿站") =>
        new(t.Town.Id, name, "建成投用", "书记牵头", t.Secretary.Id, Today.AddMonths(-3), Today.AddMonths(3),
            [new MilestoneInput("完成选址", Today.AddMonths(-2), Today.AddMonths(-2)), new MilestoneInput("建成", Today.AddMonths(2))]);

    private static async Task<ProjectDetail> Create(HttpClient client, PlansApiTests.Township t, string name = "红色驿站")
    {
        var response = await client.PostJson("/api/v1/projects", Input(t, name));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<ProjectDetail>();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AProject_MissingAnyOfTheFiveDing_OrEndingBeforeItStarts_IsRefused_AndNothingIsSaved(string provider)
    {
        var admin = ZerenFactory.For(provider).AdminClient();
        var t = await PlansApiTests.CreateTownship(admin);
        var cases = new (ProjectInput Input, string Field, string Code)[]
        {
            (Input(t) with { PersonId = null }, "personId", "project_person_required"),
            (Input(t) with { Name = "" }, "name", "project_matter_required"),
            (Input(t) with { Target = " " }, "target", "project_target_required"),
            (Input(t) with { Responsibility = null }, "responsibility", "project_responsibility_required"),
            (Input(t) with { DueOn = null }, "dueOn", "project_deadline_required"),
            (Input(t) with { DueOn = Today.AddMonths(-4) }, "dueOn", "project_deadline_before_start"),
        };
        foreach (var (input, field, code) in cases)
        {
            var response = await admin.PostJson("/api/v1/projects", input);
            response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, code);
            var text = await response.Content.ReadAsStringAsync();
            text.Should().Contain($"\"field\":\"{field}\"").And.Contain($"\"code\":\"{code}\"");
        }
        var all = await admin.PostJson("/api/v1/projects", new ProjectInput(t.Town.Id, null, null, null, null, null, null));
        (await all.Content.ReadAsStringAsync()).Should().Contain("定人员").And.Contain("定事项").And.Contain("定目标").And.Contain("定责任").And.Contain("定时限");
        (await admin.GetFromJson<Paged<ProjectRow>>($"/api/v1/projects?orgId={t.Town.Id}")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Progress_Reconciliation_Lateness_AndAClosedProjectTakesNoMore(string provider)
    {
        var admin = ZerenFactory.For(provider).AdminClient();
        var t = await PlansApiTests.CreateTownship(admin);
        var project = await Create(admin, t);
        var id = project.Project.Id;
        project.Project.Status.Should().Be(ProjectStatus.Planned);
        project.Milestones.Select(m => m.Title).Should().Equal("完成选址", "建成");
        project.MonthsUnreconciled.Should().HaveCount(3, "the months since it started, through last month");

        var progress = await admin.PostJson($"/api/v1/projects/{id}/progress", new ProgressInput(Today, "完成选址", 30));
        progress.StatusCode.Should().Be(HttpStatusCode.Created, await progress.Content.ReadAsStringAsync());
        var entry = await progress.ReadAs<ProgressView>();
        using (var photo = Security.ScopeWorld.Png("现场照片"))
        {
            var evidence = await admin.PostAsync(new Uri($"/api/v1/projects/{id}/progress/{entry.Id}/evidence", UriKind.Relative), photo);
            evidence.StatusCode.Should().Be(HttpStatusCode.Created, await evidence.Content.ReadAsStringAsync());
        }

        // Two months ago: its due day (the 5th of last month) has passed, so it is late.
        var late = await admin.PostJson($"/api/v1/projects/{id}/reconciliations",
            new ReconciliationInput(Month(Today.AddMonths(-2)), "完成选址", null, "开工", 40));
        late.StatusCode.Should().Be(HttpStatusCode.Created, await late.Content.ReadAsStringAsync());
        var rec = await late.ReadAs<ReconciliationView>();
        rec.Late.Should().BeTrue();
        rec.DueOn.Should().Be(new DateOnly(Today.AddMonths(-1).Year, Today.AddMonths(-1).Month, 5));
        var twice = await admin.PostJson($"/api/v1/projects/{id}/reconciliations", new ReconciliationInput(Month(Today.AddMonths(-2)), "又一次", null, "又", 40));
        (await twice.Content.ReadAsStringAsync()).Should().Contain("reconciliation_exists");
        var future = await admin.PostJson($"/api/v1/projects/{id}/reconciliations", new ReconciliationInput(Month(Today.AddMonths(1)), "未来", null, "未来", 40));
        (await future.Content.ReadAsStringAsync()).Should().Contain("reconciliation_month_future");

        var detail = await admin.GetFromJson<ProjectDetail>($"/api/v1/projects/{id}");
        detail.Project.Status.Should().Be(ProjectStatus.InProgress);
        detail.Project.Percent.Should().Be(40);
        detail.Project.LastReconciled.Should().Be(Month(Today.AddMonths(-2)));
        detail.Progress.Should().ContainSingle().Which.Evidence.Should().ContainSingle();
        detail.MonthsUnreconciled.Should().HaveCount(2);

        // Cancelled with a reason; a closed project takes no reconciliation, progress or change: nothing saved.
        var noReason = await admin.PostJson($"/api/v1/projects/{id}/cancel", new CancellationInput(""));
        noReason.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var cancelled = await admin.PostJson($"/api/v1/projects/{id}/cancel", new CancellationInput("与其他项目合并"));
        cancelled.StatusCode.Should().Be(HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());
        (await cancelled.ReadAs<ProjectDetail>()).CancelReason.Should().Be("与其他项目合并");
        var closed = await admin.PostJson($"/api/v1/projects/{id}/reconciliations", new ReconciliationInput(Month(Today.AddMonths(-1)), "进展", null, "措施", 50));
        closed.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await closed.Content.ReadAsStringAsync();
        problem.Should().Contain("reconciliation_project_closed").And.Contain("已取消");
        (await admin.PostJson($"/api/v1/projects/{id}/progress", new ProgressInput(Today, "再报", 60))).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var after = await admin.GetFromJson<ProjectDetail>($"/api/v1/projects/{id}");
        after.Reconciliations.Should().ContainSingle();
        after.Progress.Should().ContainSingle();
        after.Project.Status.Should().Be(ProjectStatus.Cancelled);
        after.Project.Percent.Should().Be(40);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheLedger_CountsEachStatus_AndExports(string provider)
    {
        var admin = ZerenFactory.For(provider).AdminClient();
        var t = await PlansApiTests.CreateTownship(admin);
        var done = await Create(admin, t, "已完成的项目");
        (await admin.PostJson($"/api/v1/projects/{done.Project.Id}/complete", new CompletionInput(Today))).EnsureSuccessStatusCode();
        var overdue = await admin.PostJson("/api/v1/projects", Input(t, "逾期的项目") with { DueOn = Today.AddDays(-1), Milestones = [] });
        overdue.StatusCode.Should().Be(HttpStatusCode.Created);
        await Create(admin, t, "未开始的项目");

        var ledgers = await admin.GetFromJson<List<LedgerSummary>>($"/api/v1/projects/ledgers?under={t.County.Id}&year={Today.AddMonths(-3).Year}");
        var mine = ledgers.Should().ContainSingle().Which;
        (mine.Total, mine.Done, mine.Overdue, mine.Planned).Should().Be((3, 1, 1, 1));
        (await admin.GetFromJson<Paged<ProjectRow>>($"/api/v1/projects?orgId={t.Town.Id}&status=Overdue")).Items
            .Should().ContainSingle().Which.Name.Should().Be("逾期的项目");

        var export = await admin.GetAsync(new Uri($"/api/v1/projects/export.xlsx?orgId={t.Town.Id}", UriKind.Relative));
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var zip = new System.IO.Compression.ZipArchive(await export.Content.ReadAsStreamAsync());
        var strings = zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .Select(e => new StreamReader(e.Open()).ReadToEnd()).Aggregate("", (a, b) => a + b);
        strings.Should().Contain("逾期的项目").And.Contain("已逾期").And.Contain("已完成").And.Contain("项目账单");
    }
}
