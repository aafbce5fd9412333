using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Zeren.Core.Demo;
using Zeren.Core.Inspections;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Problems;

/// <summary>
/// The problem pages without JavaScript: raising a problem directly on /problems/new (a refusal names every fault and raises
/// nothing), pushing a common problem as a self-check from its page, the asked organization answering on /self-checks/{id}
/// (found raises its own linked problem, not found does not), the lists; and the demo county's inspections and problems:
/// a year of weekly visits, problems in every state, a 举一反三 round with answers, and next week's plan secret from a township.
/// On both databases.
/// </summary>
public class ProblemPagesTests
{
    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RaiseForm_RaisesTheProblem_AndARefusalNamesEveryFault_AndRaisesNothing(string provider)
    {
        var w = await ProblemsApiTests.CreateWorld(provider);
        var county = await w.App.NewPageClientAsync("pp-c", Role.CountyAdmin, w.County.Id);
        var url = $"/problems/new?org={w.Village.Id}";

        var picker = await county.PageTextAsync("/problems/new");
        picker.Should().Contain("id=\"problem-pick-org\"").And.Contain("测试村党支部").And.Contain("邻村党支部");
        var form = await county.PageTextAsync(url);
        form.Should().Contain("id=\"problem-org\">测试村党支部");

        var refused = await county.PostFormAsync(url, "problem", new Dictionary<string, string>
        {
            ["org"] = w.Village.Id.ToString(),
            ["Model.Source"] = nameof(ProblemSource.PublicReport),
            ["Model.Title"] = " ",
            ["Model.Description"] = "",
            ["Model.Severity"] = nameof(ProblemSeverity.Serious),
            ["Model.DueOn"] = Date(ProblemsApiTests.Today.AddDays(-1)),
        }, tokenFrom: url);
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        var shown = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        shown.Should().Contain("alert-danger");
        var none = await w.CountyUser.GetFromJson<Paged<ProblemRow>>($"/api/v1/problems?orgId={w.Village.Id}");
        none.Total.Should().Be(0, "a refusal raises nothing");

        var raised = await county.PostFormAsync(url, "problem", new Dictionary<string, string>
        {
            ["org"] = w.Village.Id.ToString(),
            ["Model.Source"] = nameof(ProblemSource.PublicReport),
            ["Model.IsCommon"] = "true",
            ["Model.Title"] = "群众反映村务公开不及时",
            ["Model.Description"] = "三季度财务未公开。\n群众多次反映。",
            ["Model.Category"] = "村务公开",
            ["Model.Severity"] = nameof(ProblemSeverity.Serious),
            ["Model.DueOn"] = Date(ProblemsApiTests.Today.AddDays(30)),
        }, tokenFrom: url);
        raised.StatusCode.Should().Be(HttpStatusCode.Redirect, await raised.Content.ReadAsStringAsync());
        var id = Guid.Parse(raised.Headers.Location!.OriginalString.Split('?')[0].Split('/')[^1]);
        var detail = await w.CountyUser.GetFromJson<ProblemDetail>($"/api/v1/problems/{id}");
        detail.Problem.Title.Should().Be("群众反映村务公开不及时");
        detail.Problem.Source.Should().Be(ProblemSource.PublicReport);
        detail.Problem.IsCommon.Should().BeTrue();
        detail.Problem.Severity.Should().Be(ProblemSeverity.Serious);
        detail.Problem.State.Should().Be(ProblemState.Listed);
        detail.IssuerName.Should().Be("测试县委");
        detail.Description.Should().Be("三季度财务未公开。\n群众多次反映。");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SelfCheck_PushedFromTheProblemPage_IsAnsweredOnItsPage_FoundRaisingALinkedProblem(string provider)
    {
        var w = await ProblemsApiTests.CreateWorld(provider);
        var county = await w.App.NewPageClientAsync("pp-c", Role.CountyAdmin, w.County.Id);
        var neighbour = await w.App.NewPageClientAsync("pp-n", Role.BranchClerk, w.Neighbour.Id);
        var third = await w.App.NewPageClientAsync("pp-3", Role.BranchClerk, w.Third.Id);
        var common = await ProblemsApiTests.Raise(w.CountyUser, ProblemsApiTests.Draft(w.Village.Id, "党员活动室挪作他用", category: "阵地建设", common: true));
        var problemUrl = $"/problems/{common.Problem.Id}";

        (await county.PageTextAsync(problemUrl)).Should().Contain("id=\"self-check-push\"");
        (await neighbour.PageTextAsync("/problems")).Should().NotContain("id=\"problems-new\"", "a branch raises no problems");
        var pushed = await county.PostFormAsync(problemUrl, "self-check", new Dictionary<string, string>
        {
            ["Push.Kind"] = nameof(OrgKind.Branch),
            ["Push.Domain"] = nameof(OrgDomain.Rural),
            ["Push.Level"] = "",
            ["Push.DueOn"] = Date(ProblemsApiTests.Today.AddDays(10)),
            ["Push.Instructions"] = "对照检查活动室使用情况。",
        }, tokenFrom: problemUrl);
        pushed.StatusCode.Should().Be(HttpStatusCode.Redirect, await pushed.Content.ReadAsStringAsync());
        var checkUrl = pushed.Headers.Location!.OriginalString.Split('?')[0];
        var checkId = Guid.Parse(checkUrl.Split('/')[^1]);

        var issuerView = await county.PageTextAsync(checkUrl);
        issuerView.Should().Contain("邻村党支部").And.Contain("三村党支部").And.NotContain("id=\"self-check-answer\"");
        (await county.PageTextAsync("/self-checks")).Should().Contain(checkUrl);
        (await neighbour.PageTextAsync("/self-checks")).Should().Contain("党员活动室挪作他用");
        (await neighbour.PageTextAsync(checkUrl)).Should().Contain("id=\"self-check-answer\"");

        // Found without a deadline: refused, nothing answered.
        var noDue = await neighbour.PostFormAsync(checkUrl, "answer", new Dictionary<string, string>
        {
            ["Model.Result"] = "Found",
            ["Model.Note"] = "活动室堆放杂物。",
            ["Model.DueOn"] = "",
        }, tokenFrom: checkUrl);
        noDue.StatusCode.Should().Be(HttpStatusCode.OK);
        (await w.CountyUser.GetFromJson<SelfCheckDetail>($"/api/v1/self-checks/{checkId}")).Pending.Should().Be(2);

        var found = await neighbour.PostFormAsync(checkUrl, "answer", new Dictionary<string, string>
        {
            ["Model.Result"] = "Found",
            ["Model.Note"] = "活动室堆放杂物。",
            ["Model.DueOn"] = Date(ProblemsApiTests.Today.AddDays(20)),
        }, tokenFrom: checkUrl);
        found.StatusCode.Should().Be(HttpStatusCode.Redirect, await found.Content.ReadAsStringAsync());
        var notFound = await third.PostFormAsync(checkUrl, "answer", new Dictionary<string, string>
        {
            ["Model.Result"] = "NotFound",
            ["Model.Note"] = "逐项检查，未发现。",
        }, tokenFrom: checkUrl);
        notFound.StatusCode.Should().Be(HttpStatusCode.Redirect, await notFound.Content.ReadAsStringAsync());

        var check = await w.CountyUser.GetFromJson<SelfCheckDetail>($"/api/v1/self-checks/{checkId}");
        check.Found.Should().Be(1);
        check.NotFound.Should().Be(1);
        check.Pending.Should().Be(0);
        var linked = check.Answers.Single(a => a.OrgId == w.Neighbour.Id).FoundProblemId!.Value;
        var own = await w.CountyUser.GetFromJson<ProblemDetail>($"/api/v1/problems/{linked}");
        own.Problem.OriginProblemId.Should().Be(common.Problem.Id);
        own.Problem.Source.Should().Be(ProblemSource.SelfCheck);
        own.Problem.OrgId.Should().Be(w.Neighbour.Id);
        check.Answers.Single(a => a.OrgId == w.Third.Id).FoundProblemId.Should().BeNull();
        (await neighbour.PageTextAsync(checkUrl)).Should().Contain($"/problems/{linked}").And.NotContain("id=\"self-check-answer\"");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCounty_HasAYearOfInspections_ProblemsInEveryState_ASelfCheckRound_AndASecretPlan(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var county = app.CreateClient();
        county.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.LoginAsync("county", DemoAccounts.Password));
        var today = ChinaTime.Today(TimeProvider.System);

        var year = await county.GetFromJson<Coverage>($"/api/v1/inspections/coverage?from={Date(today.AddYears(-1))}&to={Date(today)}");
        year.Inspections.Should().BeGreaterThanOrEqualTo(200, "four villages a week for a year");
        year.Townships.Should().Be(15);
        var lastMonth = await county.GetFromJson<Coverage>($"/api/v1/inspections/coverage?from={Date(today.AddDays(-28))}&to={Date(today)}");
        lastMonth.Townships.Should().Be(15, "every township is visited every four weeks");

        var problems = await county.GetFromJson<Paged<ProblemRow>>("/api/v1/problems?pageSize=1");
        problems.Total.Should().BeGreaterThan(50);
        foreach (var state in Enum.GetValues<ProblemState>())
        {
            (await county.GetFromJson<Paged<ProblemRow>>($"/api/v1/problems?state={state}&pageSize=1")).Total.Should().BeGreaterThan(0, $"some are {state}");
        }
        var overdue = await county.GetFromJson<Paged<ProblemRow>>("/api/v1/problems?overdue=true&pageSize=100");
        overdue.Total.Should().BeGreaterThan(0);
        var open = await county.GetFromJson<Paged<ProblemRow>>("/api/v1/problems?open=true&pageSize=100");
        open.Items.Should().Contain(p => p.ReturnCount > 0 && p.State == ProblemState.Rectifying, "some were returned (退回)");
        var sample = (await county.GetFromJson<Paged<ProblemRow>>($"/api/v1/problems?state={ProblemState.Closed}&pageSize=1")).Items[0];
        var closed = await county.GetFromJson<ProblemDetail>($"/api/v1/problems/{sample.Id}");
        closed.History.Select(h => h.Action).Should().StartWith([ProblemAction.Raise, ProblemAction.Start]).And.EndWith(ProblemAction.Verify);
        var owed = await county.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?kind={ProblemService.ObligationKind}&pageSize=1");
        owed.Total.Should().Be(problems.Total, "each problem opened its obligation");

        var checks = await county.GetFromJson<Paged<SelfCheckDetail>>("/api/v1/self-checks");
        var round = checks.Items.Should().ContainSingle().Subject;
        round.Found.Should().BeGreaterThan(0);
        round.NotFound.Should().BeGreaterThan(0);
        round.Pending.Should().BeGreaterThan(0);
        var linked = await county.GetFromJson<ProblemDetail>($"/api/v1/problems/{round.Answers.First(a => a.FoundProblemId is not null).FoundProblemId}");
        linked.Problem.OriginProblemId.Should().Be(round.ProblemId);
        (await county.GetFromJson<ProblemDetail>($"/api/v1/problems/{round.ProblemId}")).Problem.IsCommon.Should().BeTrue();

        var plans = await county.GetFromJson<Paged<PlanRow>>("/api/v1/inspection-plans");
        var secret = plans.Items.Should().ContainSingle(p => p.IsSecret).Subject;
        secret.VisitOn.Should().BeAfter(today);
        (await county.GetFromJson<DrawCheck>($"/api/v1/inspection-plans/{secret.Id}/draw")).Same.Should().BeTrue();
        var township = app.CreateClient();
        township.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.LoginAsync("township1", DemoAccounts.Password));
        (await township.GetAsync(new Uri($"/api/v1/inspection-plans/{secret.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await township.GetFromJson<Paged<PlanRow>>("/api/v1/inspection-plans")).Items.Should().NotContain(p => p.Id == secret.Id);
    }
}
