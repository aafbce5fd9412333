using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;
using Zeren.Core.Security;
using Zeren.Core.Supervision;
using Zeren.Web.Tests.Infrastructure;
using Refusal = Zeren.Web.Tests.Infrastructure.Problem;

namespace Zeren.Web.Tests.Problems;

/// <summary>
/// 问题清单 and 整改 through /api/v1/problems and /api/v1/self-checks: every transition and who may take it, refusals that
/// change nothing, the rectification obligation following the steps, 转督办, 举一反三 fan-out, statistics, the board and
/// the scope; on both databases.
/// </summary>
public class ProblemsApiTests
{
    /// <summary>
    /// 县委 → 镇党委 → 村党支部, 邻村党支部, 三村党支部; and 邻镇党委 beside the township. Accounts: the county's administrator and
    /// inspector, the township's administrator, a clerk of the village and of the neighbour, the other township's administrator.
    /// </summary>
    internal sealed record World(ZerenFactory App, OrgSummary County, OrgSummary Township, OrgSummary Village, OrgSummary Neighbour, OrgSummary Third,
        OrgSummary OtherTownship, HttpClient CountyUser, HttpClient Inspector, HttpClient TownshipUser, HttpClient Clerk, HttpClient NeighbourClerk,
        HttpClient OtherTownshipUser);

    internal static async Task<World> CreateWorld(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var (county, township, village) = await admin.CreateCounty();
        var neighbour = await admin.CreateOrg(township.Id, "邻村党支部", OrgKind.Branch, OrgDomain.Rural);
        var third = await admin.CreateOrg(township.Id, "三村党支部", OrgKind.Branch, OrgDomain.Rural);
        var other = await admin.CreateOrg(county.Id, "邻镇党委");
        var tag = Guid.NewGuid().ToString("N")[..8];
        return new World(app, county, township, village, neighbour, third, other,
            app.ClientAs($"pr-c-{tag}", [Role.CountyAdmin], county.Id),
            app.ClientAs($"pr-i-{tag}", [Role.Inspector], county.Id),
            app.ClientAs($"pr-t-{tag}", [Role.TownshipAdmin], township.Id),
            app.ClientAs($"pr-v-{tag}", [Role.BranchClerk], village.Id),
            app.ClientAs($"pr-n-{tag}", [Role.BranchClerk], neighbour.Id),
            app.ClientAs($"pr-o-{tag}", [Role.TownshipAdmin], other.Id));
    }

    internal static DateOnly Today => ChinaTime.Today(TimeProvider.System);

    internal static ProblemDraft Draft(Guid orgId, string title = "三会一课记录不全", ProblemSource source = ProblemSource.Inspection,
        string? category = "组织生活", bool common = false, DateOnly? dueOn = null) =>
        new(orgId, source, title, "十月份支部委员会无记录。\n学习会签到表缺失。", dueOn ?? Today.AddDays(30), category, ProblemSeverity.Serious, common);

    internal static async Task<ProblemDetail> Raise(HttpClient client, ProblemDraft draft)
    {
        var response = await client.PostJson("/api/v1/problems", draft);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<ProblemDetail>();
    }

    private static async Task<ProblemDetail> Step(HttpClient client, Guid id, string step, object body)
    {
        var response = await client.PostJson($"/api/v1/problems/{id}/{step}", body);
        response.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Created], await response.Content.ReadAsStringAsync());
        return await response.ReadAs<ProblemDetail>();
    }

    private static async Task<Refusal> Refused(HttpClient client, Guid id, string step, object body, HttpStatusCode status)
    {
        var response = await client.PostJson($"/api/v1/problems/{id}/{step}", body);
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<Refusal>();
    }

    internal static async Task<Guid> Upload(HttpClient client, Guid orgId, string text)
    {
        using var content = Security.ScopeWorld.Png(text);
        var response = await client.PostAsync(new Uri($"/api/v1/files?orgId={orgId}", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<ObligationState?> ObligationOf(World w, string kind, Guid sourceId, Guid orgId)
    {
        await using var scope = w.App.Scope();
        return await scope.Get<ZerenDbContext>().Set<Obligation>().Where(o => o.Kind == kind && o.SourceId == sourceId && o.OrgId == orgId)
            .Select(o => (ObligationState?)o.State).SingleOrDefaultAsync();
    }

    private static async Task MakeOverdue(World w, Guid id, int daysAgo = 3)
    {
        await using var scope = w.App.Scope();
        var due = Today.AddDays(-daysAgo);
        await scope.Get<ZerenDbContext>().Set<Core.Rectification.Problem>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.DueOn, due));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Problem_GoesFromListedThroughAReturnToClosed_EachSideTakingItsOwnSteps_AndTheObligationFollows(string provider)
    {
        var w = await CreateWorld(provider);
        var raised = await Raise(w.CountyUser, Draft(w.Township.Id));
        var id = raised.Problem.Id;
        raised.Problem.State.Should().Be(ProblemState.Listed);
        raised.IssuerName.Should().Be("测试县委", "the raising account's organization is the issuing side by default");
        raised.Steps.Should().Be(new ProblemSteps(false, false, false, false, true), "the issuer may only turn an open problem into an order");
        (await ObligationOf(w, ProblemService.ObligationKind, id, w.Township.Id)).Should().Be(ObligationState.Open);

        var seen = await w.TownshipUser.GetFromJson<ProblemDetail>($"/api/v1/problems/{id}");
        seen.Steps.Should().Be(new ProblemSteps(true, false, false, false, false), "the organization analyses first");

        // Cause analysis and measures are both required before work starts: both named at once, nothing changes.
        var empty = await Refused(w.TownshipUser, id, "start", new ProblemStartInput(" ", ""), HttpStatusCode.UnprocessableEntity);
        empty.Errors!.Select(e => e.Field).Should().BeEquivalentTo(["causeAnalysis", "measures"]);
        var started = await Step(w.TownshipUser, id, "start", new ProblemStartInput("支部书记对制度不熟悉。", "一、补齐记录；\n二、每月自查。"));
        started.Problem.State.Should().Be(ProblemState.Rectifying);
        started.CauseAnalysis.Should().Be("支部书记对制度不熟悉。");

        // Applying needs evidence text and files.
        var bare = await Refused(w.TownshipUser, id, "apply", new ProblemApplyInput("", []), HttpStatusCode.UnprocessableEntity);
        bare.Errors!.Select(e => e.Code).Should().BeEquivalentTo(["problem_evidence_required", "problem_files_required"]);
        var photo = await Upload(w.TownshipUser, w.Township.Id, "补开会议照片");
        var applied = await Step(w.TownshipUser, id, "apply", new ProblemApplyInput("已补开支部委员会，补齐记录。", [photo]));
        applied.Problem.State.Should().Be(ProblemState.Applied);
        (await ObligationOf(w, ProblemService.ObligationKind, id, w.Township.Id)).Should().Be(ObligationState.Submitted);

        // The rectifying organization never verifies itself.
        var self = await Refused(w.TownshipUser, id, "verify", new ProblemVerifyInput(null), HttpStatusCode.Forbidden);
        self.Code.Should().Be("problem_not_verifier");
        self.Detail.Should().Contain("不能").And.Contain("测试县委");

        var returned = await Step(w.CountyUser, id, "return", new ProblemReturnInput("照片不清晰"));
        returned.Problem.State.Should().Be(ProblemState.Rectifying);
        returned.Problem.ReturnCount.Should().Be(1);
        (await ObligationOf(w, ProblemService.ObligationKind, id, w.Township.Id)).Should().Be(ObligationState.Open, "a return makes it owed again");

        var second = await Upload(w.TownshipUser, w.Township.Id, "清晰照片");
        await Step(w.TownshipUser, id, "apply", new ProblemApplyInput("补充清晰照片。", [second]));
        // An inspector of the county is on the issuing side too.
        var closed = await Step(w.Inspector, id, "verify", new ProblemVerifyInput("已核实"));
        closed.Problem.State.Should().Be(ProblemState.Closed);
        closed.Steps.Any.Should().BeFalse();
        (await ObligationOf(w, ProblemService.ObligationKind, id, w.Township.Id)).Should().Be(ObligationState.Closed);
        closed.History.Select(h => h.Action).Should().Equal(ProblemAction.Raise, ProblemAction.Start, ProblemAction.Apply, ProblemAction.Return,
            ProblemAction.Apply, ProblemAction.Verify);
        closed.History[3].Text.Should().Be("照片不清晰");
        closed.History[2].ByOrgName.Should().Be("测试镇党委");
        closed.History[2].Files.Should().ContainSingle(f => f.FileId == photo);
        closed.History.Should().OnlyContain(h => h.By.Length > 0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TransitionsOutOfOrder_AndStepsByTheWrongSide_AreRefused_AndChangeNothing(string provider)
    {
        var w = await CreateWorld(provider);
        var id = (await Raise(w.TownshipUser, Draft(w.Village.Id))).Problem.Id;
        var file = await Upload(w.Clerk, w.Village.Id, "材料");

        var early = await Refused(w.Clerk, id, "apply", new ProblemApplyInput("直接申请", [file]), HttpStatusCode.UnprocessableEntity);
        early.Code.Should().Be("problem_transition");
        early.Detail.Should().Contain("挂牌").And.Contain("整改中");
        (await Refused(w.TownshipUser, id, "verify", new ProblemVerifyInput(null), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("problem_transition");
        (await Refused(w.TownshipUser, id, "return", new ProblemReturnInput("退回"), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("problem_transition");

        // The township above the village sees the problem, but rectifying it is the village's.
        (await Refused(w.TownshipUser, id, "start", new ProblemStartInput("原因", "措施"), HttpStatusCode.Forbidden)).Code.Should().Be("problem_not_rectifier");
        // The neighbouring village does not see it at all; a clerk may not verify.
        (await w.NeighbourClerk.PostJson($"/api/v1/problems/{id}/start", new ProblemStartInput("原因", "措施"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.Clerk.PostJson($"/api/v1/problems/{id}/verify", new ProblemVerifyInput(null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        await Step(w.Clerk, id, "start", new ProblemStartInput("原因", "措施"));
        await Step(w.Clerk, id, "apply", new ProblemApplyInput("已整改", [file]));
        // The county lies above the issuing township: it may verify too; the other township may not see it.
        (await w.OtherTownshipUser.PostJson($"/api/v1/problems/{id}/verify", new ProblemVerifyInput(null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var missing = await Refused(w.TownshipUser, id, "return", new ProblemReturnInput(" "), HttpStatusCode.UnprocessableEntity);
        missing.Errors!.Should().ContainSingle(e => e.Field == "reason");

        var after = await w.TownshipUser.GetFromJson<ProblemDetail>($"/api/v1/problems/{id}");
        after.Problem.State.Should().Be(ProblemState.Applied);
        after.History.Select(h => h.Action).Should().Equal(ProblemAction.Raise, ProblemAction.Start, ProblemAction.Apply);
        (await Step(w.CountyUser, id, "verify", new ProblemVerifyInput(null))).Problem.State.Should().Be(ProblemState.Closed);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Township_RectifiesForItsVillage_WhenTheCountyIssuedIt_RecordedAsActingForIt_ButNeverVerifiesIt(string provider)
    {
        var w = await CreateWorld(provider);
        var id = (await Raise(w.CountyUser, Draft(w.Village.Id))).Problem.Id;
        (await w.TownshipUser.GetFromJson<ProblemDetail>($"/api/v1/problems/{id}")).Steps.Should().Be(new ProblemSteps(true, false, false, false, false));

        // 代为整改: the township takes the village's steps, each recorded as its own, for the village.
        var started = await Step(w.TownshipUser, id, "start", new ProblemStartInput("村里无专人管理台账。", "镇党委派包村干部指导补齐记录。"));
        started.Problem.State.Should().Be(ProblemState.Rectifying);
        started.History[1].Should().Match<ProblemEventView>(h => h.Action == ProblemAction.Start && h.ByOrgId == w.Township.Id && h.ActingFor);
        var photo = await Upload(w.TownshipUser, w.Village.Id, "代村整改照片");
        var applied = await Step(w.TownshipUser, id, "apply", new ProblemApplyInput("已指导村里补齐记录。", [photo]));
        applied.Problem.State.Should().Be(ProblemState.Applied);
        applied.History[2].Should().Match<ProblemEventView>(h => h.Action == ProblemAction.Apply && h.ByOrgId == w.Township.Id && h.ActingFor);
        applied.History[0].ActingFor.Should().BeFalse();
        await using (var scope = w.App.Scope())
        {
            var owed = await scope.Get<ZerenDbContext>().Set<Obligation>().IgnoreQueryFilters().AsNoTracking()
                .SingleAsync(o => o.SourceId == id && o.Kind == ProblemService.ObligationKind);
            (owed.OrgId, owed.State).Should().Be((w.Village.Id, ObligationState.Submitted), "the village's obligation is handed in by the township acting for it");
        }

        // Neither the township that acted nor the village verifies or returns it; the other township does not see it.
        applied.Steps.Should().Be(new ProblemSteps(false, false, false, false, false));
        (await Refused(w.TownshipUser, id, "verify", new ProblemVerifyInput(null), HttpStatusCode.Forbidden)).Code.Should().Be("problem_not_verifier");
        (await Refused(w.TownshipUser, id, "return", new ProblemReturnInput("材料不全"), HttpStatusCode.Forbidden)).Code.Should().Be("problem_not_verifier");
        (await w.Clerk.PostJson($"/api/v1/problems/{id}/verify", new ProblemVerifyInput(null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await w.OtherTownshipUser.PostJson($"/api/v1/problems/{id}/apply", new ProblemApplyInput("代为整改", [photo]))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.TownshipUser.GetFromJson<ProblemDetail>($"/api/v1/problems/{id}")).Problem.State.Should().Be(ProblemState.Applied);

        // The county (the issuer) returns it; the township answers again for the village; the county closes it.
        await Step(w.CountyUser, id, "return", new ProblemReturnInput("照片不清晰"));
        var second = await Upload(w.TownshipUser, w.Village.Id, "清晰照片");
        await Step(w.TownshipUser, id, "apply", new ProblemApplyInput("补充清晰照片。", [second]));
        (await Step(w.CountyUser, id, "verify", new ProblemVerifyInput("同意销号"))).Problem.State.Should().Be(ProblemState.Closed);

        // A problem the township issued is the village's own to rectify: the issuer never takes the rectifying side.
        var own = (await Raise(w.TownshipUser, Draft(w.Village.Id, "活动室挪作他用"))).Problem.Id;
        (await Refused(w.TownshipUser, own, "start", new ProblemStartInput("原因", "措施"), HttpStatusCode.Forbidden)).Code.Should().Be("problem_not_rectifier");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Raising_NamesEveryFault_AndABatchRaisesAllOrNothing(string provider)
    {
        var w = await CreateWorld(provider);
        var bad = await w.CountyUser.PostJson("/api/v1/problems", Draft(w.Township.Id, title: " ", dueOn: Today.AddDays(-1)) with { Description = "" });
        bad.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await bad.ReadAs<Refusal>()).Errors!.Select(e => e.Code).Should().BeEquivalentTo(
            ["problem_title_required", "problem_description_required", "problem_due_past"]);

        // An organization never issues its own problem: the verifier must come from above.
        var own = await w.TownshipUser.PostJson("/api/v1/problems", Draft(w.Township.Id));
        own.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await own.ReadAs<Refusal>()).Code.Should().Be("problem_issuer_not_above");
        // A clerk may not raise.
        (await w.Clerk.PostJson("/api/v1/problems", Draft(w.Neighbour.Id))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var batch = await w.Inspector.PostJson("/api/v1/problems/batch", new ProblemBatchInput(
            [Draft(w.Village.Id, "批量一"), Draft(w.Neighbour.Id, "") , Draft(w.Third.Id, "批量三", dueOn: Today.AddDays(-2))]));
        batch.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await batch.ReadAs<Refusal>()).Errors!.Select(e => e.Field).Should().BeEquivalentTo(["drafts[1].title", "drafts[2].dueOn"]);
        (await w.CountyUser.GetFromJson<Paged<ProblemRow>>($"/api/v1/problems?under={w.Township.Id}")).Total.Should().Be(0, "nothing of a refused batch is raised");

        var ok = await w.Inspector.PostJson("/api/v1/problems/batch", new ProblemBatchInput([Draft(w.Village.Id, "批量一"), Draft(w.Neighbour.Id, "批量二")]));
        ok.StatusCode.Should().Be(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        (await ok.ReadAs<List<ProblemDetail>>()).Select(p => p.Problem.OrgName).Should().Equal("测试村党支部", "邻村党支部");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task CommonProblem_PushedAsASelfCheck_ReachesEveryOrganizationOfTheKind_AndFoundRaisesItsOwnLinkedProblem(string provider)
    {
        var w = await CreateWorld(provider);
        var individual = await Raise(w.CountyUser, Draft(w.Village.Id, "个性问题"));
        var notCommon = await w.CountyUser.PostJson("/api/v1/self-checks", new SelfCheckInput(individual.Problem.Id, Today.AddDays(10), OrgKind.Branch));
        notCommon.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await notCommon.ReadAs<Refusal>()).Code.Should().Be("self_check_not_common");

        var common = await Raise(w.CountyUser, Draft(w.Village.Id, "党员活动室挪作他用", category: "阵地建设", common: true));
        var pushed = await w.CountyUser.PostJson("/api/v1/self-checks",
            new SelfCheckInput(common.Problem.Id, Today.AddDays(10), OrgKind.Branch, Domain: OrgDomain.Rural, UnderOrgId: w.Township.Id, Instructions: "对照检查"));
        pushed.StatusCode.Should().Be(HttpStatusCode.Created, await pushed.Content.ReadAsStringAsync());
        var check = await pushed.ReadAs<SelfCheckDetail>();
        check.Answers.Select(a => a.OrgName).Should().BeEquivalentTo(["邻村党支部", "三村党支部"], "every rural branch in the township but the problem's own");
        check.Pending.Should().Be(2);
        (await ObligationOf(w, ProblemService.SelfCheckObligationKind, check.Id, w.Neighbour.Id)).Should().Be(ObligationState.Open);

        // The neighbour sees its own answer only, and answers found: its own problem, linked to the original.
        var mine = await w.NeighbourClerk.GetFromJson<SelfCheckDetail>($"/api/v1/self-checks/{check.Id}");
        mine.Answers.Should().ContainSingle().Which.OrgName.Should().Be("邻村党支部");
        var noDue = await w.NeighbourClerk.PostJson($"/api/v1/self-checks/{check.Id}/answer", new SelfCheckAnswerInput(true, "活动室堆放杂物。"));
        noDue.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var answered = await w.NeighbourClerk.PostJson($"/api/v1/self-checks/{check.Id}/answer", new SelfCheckAnswerInput(true, "活动室堆放杂物。", Today.AddDays(20)));
        answered.StatusCode.Should().Be(HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        var found = (await answered.ReadAs<SelfCheckDetail>()).Answers.Single();
        found.Result.Should().Be(SelfCheckResult.Found);
        var own = await w.NeighbourClerk.GetFromJson<ProblemDetail>($"/api/v1/problems/{found.FoundProblemId}");
        own.Problem.Source.Should().Be(ProblemSource.SelfCheck);
        own.Problem.OriginProblemId.Should().Be(common.Problem.Id);
        own.OriginTitle.Should().Be("党员活动室挪作他用");
        own.IssuerName.Should().Be("测试县委");
        own.Steps.Start.Should().BeTrue();
        (await ObligationOf(w, ProblemService.SelfCheckObligationKind, check.Id, w.Neighbour.Id)).Should().Be(ObligationState.Submitted);
        (await ObligationOf(w, ProblemService.ObligationKind, own.Problem.Id, w.Neighbour.Id)).Should().Be(ObligationState.Open);
        (await w.NeighbourClerk.PostJson($"/api/v1/self-checks/{check.Id}/answer", new SelfCheckAnswerInput(false, "再答")))
            .StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "an answer is given once");
        // The village with the original problem was not asked.
        (await w.Clerk.PostJson($"/api/v1/self-checks/{check.Id}/answer", new SelfCheckAnswerInput(false, "无")))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);

        var all = await w.CountyUser.GetFromJson<SelfCheckDetail>($"/api/v1/self-checks/{check.Id}");
        all.Found.Should().Be(1);
        all.Pending.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Statistics_CountFoundClosedAndOverdue_ByOrganizationCategorySourceAndState(string provider)
    {
        var w = await CreateWorld(provider);
        var a = await Raise(w.CountyUser, Draft(w.Village.Id, "一", category: "组织生活"));
        var b = await Raise(w.CountyUser, Draft(w.Village.Id, "二", category: "阵地建设", source: ProblemSource.Audit));
        await Raise(w.CountyUser, Draft(w.Neighbour.Id, "三", category: "组织生活"));
        await Raise(w.CountyUser, Draft(w.Township.Id, "四", category: null, source: ProblemSource.PublicReport));
        await Raise(w.CountyUser, Draft(w.OtherTownship.Id, "邻镇", category: "组织生活"));
        var file = await Upload(w.Clerk, w.Village.Id, "证明");
        await Step(w.Clerk, a.Problem.Id, "start", new ProblemStartInput("原因", "措施"));
        await Step(w.Clerk, a.Problem.Id, "apply", new ProblemApplyInput("已整改", [file]));
        await Step(w.CountyUser, a.Problem.Id, "verify", new ProblemVerifyInput(null));
        await MakeOverdue(w, b.Problem.Id);

        var stats = await w.CountyUser.GetFromJson<ProblemStats>($"/api/v1/problems/stats?orgId={w.Township.Id}&from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}");
        stats.Total.Should().BeEquivalentTo(new { Found = 4, Closed = 1, Overdue = 1 });
        stats.Total.ClosureRate.Should().Be(0.25);
        stats.ByOrg[0].Label.Should().Be("本级", "the township's own problems come first");
        stats.ByOrg.Select(o => (o.Label, o.Found, o.Closed, o.Overdue)).Should().BeEquivalentTo(
            [("本级", 1, 0, 0), ("测试村党支部", 2, 1, 1), ("邻村党支部", 1, 0, 0), ("三村党支部", 0, 0, 0)]);
        stats.ByCategory.Select(c => (c.Label, c.Found)).Should().BeEquivalentTo([("组织生活", 2), ("阵地建设", 1), ("未分类", 1)]);
        stats.BySource.Select(s => (s.Key, s.Found)).Should().Equal(("Inspection", 2), ("Audit", 1), ("PublicReport", 1));
        stats.ByState.Select(s => (s.Key, s.Found)).Should().Equal(("Listed", 3), ("Closed", 1));

        var before = await w.CountyUser.GetFromJson<ProblemStats>($"/api/v1/problems/stats?orgId={w.Township.Id}&to={Today.AddDays(-1):yyyy-MM-dd}");
        before.Total.Found.Should().Be(0, "nothing was raised before today");
        var county = await w.CountyUser.GetFromJson<ProblemStats>($"/api/v1/problems/stats?orgId={w.County.Id}");
        county.ByOrg.Select(o => (o.Label, o.Found)).Should().BeEquivalentTo([("测试镇党委", 4), ("邻镇党委", 1)]);

        var reversed = await w.CountyUser.GetAsync(new Uri($"/api/v1/problems/stats?orgId={w.Township.Id}&from={Today:yyyy-MM-dd}&to={Today.AddDays(-1):yyyy-MM-dd}", UriKind.Relative));
        reversed.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);

        // The board: open problems by organization, overdue first.
        var board = await w.TownshipUser.GetFromJson<ProblemBoard>($"/api/v1/problems/board?orgId={w.Township.Id}");
        board.Open.Should().Be(3);
        board.Overdue.Should().Be(1);
        board.ClosedThisYear.Should().Be(1);
        board.Orgs[0].OrgName.Should().Be("测试村党支部");
        board.Orgs[0].Problems.Should().ContainSingle().Which.IsOverdue.Should().BeTrue();

        // Overdue is a filter of the list, and an overdue problem becomes a supervision order in one step.
        (await w.CountyUser.GetFromJson<Paged<ProblemRow>>($"/api/v1/problems?under={w.Township.Id}&overdue=true")).Items.Should().ContainSingle()
            .Which.Id.Should().Be(b.Problem.Id);
        var supervised = await w.CountyUser.PostJson($"/api/v1/problems/{b.Problem.Id}/supervise", new ProblemSuperviseInput(Today.AddDays(7), "三日内反馈"));
        supervised.StatusCode.Should().Be(HttpStatusCode.Created, await supervised.Content.ReadAsStringAsync());
        var orderId = Guid.Parse(supervised.Headers.Location!.ToString().Split('/')[^1]);
        var order = await w.Clerk.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{orderId}");
        order.Order.SourceType.Should().Be(SupervisionSources.Problem);
        order.SourceId.Should().Be(b.Problem.Id.ToString());
        order.Order.OrgName.Should().Be("测试村党支部");
        var withOrder = await supervised.ReadAs<ProblemDetail>();
        withOrder.Orders.Should().ContainSingle().Which.Id.Should().Be(orderId);
        withOrder.History[^1].Action.Should().Be(ProblemAction.Supervise);
        (await w.Clerk.PostJson($"/api/v1/problems/{b.Problem.Id}/supervise", new ProblemSuperviseInput(Today.AddDays(7))))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var xlsx = await w.CountyUser.GetAsync(new Uri($"/api/v1/problems/export.xlsx?under={w.Township.Id}", UriKind.Relative));
        xlsx.StatusCode.Should().Be(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherTownship_NeitherSeesNorTouchesTheProblems_NorTheirCountsBoardOrSelfChecks(string provider)
    {
        var w = await CreateWorld(provider);
        var p = await Raise(w.CountyUser, Draft(w.Village.Id, "测试村问题", common: true));
        var check = await (await w.CountyUser.PostJson("/api/v1/self-checks", new SelfCheckInput(p.Problem.Id, Today.AddDays(5), OrgKind.Branch, UnderOrgId: w.Township.Id)))
            .ReadAs<SelfCheckDetail>();
        var o = w.OtherTownshipUser;
        (await o.GetAsync(new Uri($"/api/v1/problems/{p.Problem.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.GetFromJson<Paged<ProblemRow>>("/api/v1/problems")).Items.Should().NotContain(r => r.Id == p.Problem.Id);
        (await o.GetAsync(new Uri($"/api/v1/problems?under={w.Township.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.GetAsync(new Uri($"/api/v1/problems/stats?orgId={w.Township.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.GetAsync(new Uri($"/api/v1/problems/board?orgId={w.Township.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.GetAsync(new Uri($"/api/v1/self-checks/{check.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.GetFromJson<Paged<SelfCheckDetail>>("/api/v1/self-checks")).Items.Should().BeEmpty();
        (await o.PostJson($"/api/v1/problems/{p.Problem.Id}/supervise", new ProblemSuperviseInput(Today.AddDays(3)))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.PostJson("/api/v1/problems", Draft(w.Village.Id))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.PostJson("/api/v1/self-checks", new SelfCheckInput(p.Problem.Id, Today.AddDays(5), OrgKind.Branch))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreach (var (step, body) in new (string, object)[]
        {
            ("start", new ProblemStartInput("原因", "措施")), ("apply", new ProblemApplyInput("已整改", [])), ("verify", new ProblemVerifyInput(null)),
            ("return", new ProblemReturnInput("退回")),
        })
        {
            (await o.PostJson($"/api/v1/problems/{p.Problem.Id}/{step}", body)).StatusCode.Should().Be(HttpStatusCode.NotFound, step);
        }
        (await o.PostJson($"/api/v1/self-checks/{check.Id}/answer", new SelfCheckAnswerInput(false, "无"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.GetAsync(new Uri($"/api/v1/problems/export.xlsx?under={w.Township.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await o.GetFromJson<List<SelfCheckAnswerRow>>("/api/v1/self-checks/mine")).Should().BeEmpty();
        (await w.NeighbourClerk.GetFromJson<List<SelfCheckAnswerRow>>("/api/v1/self-checks/mine")).Should().ContainSingle(a => a.SelfCheckId == check.Id);
        var own = await o.GetFromJson<ProblemStats>($"/api/v1/problems/stats?orgId={w.OtherTownship.Id}");
        own.Total.Found.Should().Be(0);
    }
}
