using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Zeren.Core.Decisions;
using Zeren.Core.Meetings;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Projects;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Security;

namespace Zeren.Web.Tests.Input;

/// <summary>
/// The input contract (ADR 0015), generated over every write route with a JSON body in /openapi/v1.json. Each route has
/// one valid request below; from it and the route's schema the test makes every kind of malformed body, one fault at a
/// time, at every field the document describes (nested ones too): broken JSON, a wrong type, an undefined enum number or
/// name, a required field left out, null where there is none, control characters and direction overrides in text, text
/// too long, a number that overflows, an unknown and a repeated field. Each is refused with 4xx (never 5xx), 422 naming
/// the field and the kind of problem where the body is JSON, and no table changes. Leaving out a field the document does
/// not list as required is never refused as missing: so the document's required lists and the server agree. Last, the
/// valid request itself succeeds, so the refusals were about the faults.
/// </summary>
public sealed class MalformedBodyTests(InputContractApps apps) : IClassFixture<InputContractApps>
{
    /// <summary>Who sends a route's request.</summary>
    private enum Caller
    {
        Anonymous,
        Admin,
        SecurityAdmin,
        SystemAdmin,
        Own,
    }

    private sealed record Sample(Caller Caller, string Path, object Body, HttpClient? Own = null);

    private static DateOnly Today => ScopeWorld.Today;

    // Party-building audits (党建审计)
    private static Zeren.Core.PartyAudits.AuditRoundInput PartyAudit(ContractWorld w) =>
        new(Today.Year, "东坡党建审计" + Guid.NewGuid().ToString("N")[..6], [w.Scope.TownshipA.Id], new Zeren.Core.PartyAudits.AuditSamplingRules(0, 0, 1, 1),
            [new("抓党建责任落实", 60), new("基层组织规范化运行", 40)], w.Scope.County.Id);

    private static async Task<Guid> PartyAuditAsync(ContractWorld w, bool draw)
    {
        var response = await w.Admin.PostJson("/api/v1/audits", PartyAudit(w));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.ReadAs<Zeren.Core.PartyAudits.AuditRoundDetail>()).Id;
        if (draw)
        {
            var drawn = await w.Admin.PostJson($"/api/v1/audits/{id}/draw", new Zeren.Core.PartyAudits.AuditDrawInput(1));
            drawn.StatusCode.Should().Be(HttpStatusCode.OK, await drawn.Content.ReadAsStringAsync());
        }
        return id;
    }

    // Assessment (考核)
    private static Zeren.Core.Assessment.SchemeInput AssessmentScheme(ContractWorld w) =>
        new(Today.Year, Zeren.Core.Assessment.AssessedKind.Village, "东坡村党组织考核" + Guid.NewGuid().ToString("N")[..6],
            [
                new("基础工作", Zeren.Core.Assessment.ItemType.Score, null, 0),
                new("工作实绩", Zeren.Core.Assessment.ItemType.Score, null, 100, null, "述职评议\n现场察看", 0),
                new("现场会", Zeren.Core.Assessment.ItemType.Bonus, null, 2, 2),
            ],
            [new("一等奖", 1, 6000)], 5, 10, 3, w.Scope.TownshipA.Id);

    private static async Task<Guid> AssessmentSchemeAsync(ContractWorld w)
    {
        var response = await w.Admin.PostJson("/api/v1/assessment-schemes", AssessmentScheme(w));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAs<Zeren.Core.Assessment.SchemeView>()).Id;
    }

    private static async Task<Zeren.Core.Assessment.RunView> AssessmentRunAsync(ContractWorld w, bool publish = false)
    {
        var response = await w.Admin.PostJson("/api/v1/scoring-runs",
            new Zeren.Core.Assessment.RunInput(await AssessmentSchemeAsync(w), Today.Year.ToString(CultureInfo.InvariantCulture)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var run = await response.ReadAs<Zeren.Core.Assessment.RunView>();
        if (publish)
        {
            foreach (var r in run.Results)
            {
                (await w.Admin.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/scores", new Zeren.Core.Assessment.ManualScoreInput(r.OrgId,
                    run.Scheme.Items.Single(i => i.Name == "工作实绩").Id, 90, "述职评议"))).EnsureSuccessStatusCode();
            }
            (await w.Admin.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/publish", new { })).EnsureSuccessStatusCode();
        }
        return run;
    }

    // Competitions (擂台赛): township A's, its village branch and a leaf competing.
    private static Zeren.Core.Competitions.CompetitionInput Competition(ContractWorld w) =>
        new("东坡擂台赛" + Guid.NewGuid().ToString("N")[..6], Zeren.Core.Competitions.CompetitionTheme.Development,
            Period.Containing(Today, PeriodKind.Quarter).ToString(), w.Scope.TownshipA.Id, 100, 1, 1, 1, [w.Scope.Av.Id], []);

    private static Zeren.Core.Checklists.ChecklistTemplateInput ChecklistInput(Guid township) =>
        new(Today.Year, Zeren.Core.Checklists.ChecklistKind.Venue, "七个一清单", township, [new("一个宣传栏", "宣传栏", false)]);

    private static async Task<(Guid Township, Guid Village, Guid County)> ChecklistTownshipAsync(ContractWorld w)
    {
        // A county of its own: another township under the scope world's county would change what other samples count.
        var county = await w.Admin.CreateOrg(null, "清单县委");
        var township = await w.Admin.CreateOrg(county.Id, "清单镇党委");
        var village = await w.Admin.CreateOrg(township.Id, "清单村党支部", Zeren.Core.Organizations.OrgKind.Branch, Zeren.Core.Organizations.OrgDomain.Rural);
        return (township.Id, village.Id, county.Id);
    }

    private static async Task<(Guid Template, Guid Village, Guid Item)> ChecklistAsync(ContractWorld w) =>
        (await ChecklistInCountyAsync(w)).Checklist;

    private static async Task<((Guid Template, Guid Village, Guid Item) Checklist, Guid County)> ChecklistInCountyAsync(ContractWorld w)
    {
        var (township, village, county) = await ChecklistTownshipAsync(w);
        var response = await w.Admin.PostJson("/api/v1/checklists/templates", ChecklistInput(township));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var t = await response.ReadAs<Zeren.Core.Checklists.ChecklistTemplateDetail>();
        return ((t.Id, village, t.Items[0].Id), county);
    }

    private static async Task<(Guid Template, Guid Village, Guid Item)> ClaimedChecklistAsync(ContractWorld w)
    {
        var ((t, v, i), countyId) = await ChecklistInCountyAsync(w);
        var county = w.App.ClientAs(Accounts.UniqueName("ckc"), [Zeren.Core.Security.Role.CountyAdmin], countyId);
        var response = await county.PostJson($"/api/v1/checklists/templates/{t}/orgs/{v}/items/{i}/claim", new Zeren.Core.Checklists.ChecklistClaimInput("已建成", []));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (t, v, i);
    }

    private static async Task<Guid> CompetitionAsync(ContractWorld w)
    {
        var response = await w.Admin.PostJson("/api/v1/competitions", Competition(w));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAs<Zeren.Core.Competitions.CompetitionDetail>()).Id;
    }

    /// <summary>One valid request per JSON write route of the document ("METHOD path" as the document spells it).</summary>
    private static readonly Dictionary<string, Func<ContractWorld, Task<Sample>>> Samples = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/auth/login"] = async w =>
        {
            var (user, _, _) = await w.AccountAsync();
            return new(Caller.Anonymous, "/api/v1/auth/login", new LoginRequest(user, ZerenFactory.TestPassword));
        },
        ["POST /api/v1/auth/refresh"] = async w =>
        {
            var (user, _, _) = await w.AccountAsync();
            return new(Caller.Anonymous, "/api/v1/auth/refresh", new RefreshRequest(await w.RefreshTokenAsync(user)));
        },
        ["POST /api/v1/auth/password"] = async w =>
        {
            var (_, _, client) = await w.AccountAsync();
            return new(Caller.Own, "/api/v1/auth/password", new ChangePasswordRequest(ZerenFactory.TestPassword, "Another#2026pass"), client);
        },
        ["POST /api/v1/accounts"] = w => Task.FromResult(new Sample(Caller.SecurityAdmin, "/api/v1/accounts",
            new AccountInput(Accounts.UniqueName("new"), "新账号", w.Scope.County.Id, [Role.ReadOnly]))),
        ["PUT /api/v1/accounts/{id}"] = async w =>
        {
            var (_, id, _) = await w.AccountAsync();
            return new(Caller.SecurityAdmin, $"/api/v1/accounts/{id}", new AccountUpdate("改名账号", w.Scope.County.Id));
        },
        ["PUT /api/v1/accounts/{id}/roles"] = async w =>
        {
            var (_, id, _) = await w.AccountAsync();
            return new(Caller.SecurityAdmin, $"/api/v1/accounts/{id}/roles", new AccountRoles([Role.ReadOnly, Role.Inspector]));
        },
        ["POST /api/v1/orgs"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/orgs",
            new OrgInput(w.Scope.TownshipA.Id, TestData.Code("N"), "新设村党支部", OrgKind.Branch, OrgDomain.Rural))),
        // The issue's case: a PUT without kind turned a branch into another kind.
        ["PUT /api/v1/orgs/{id}"] = w => Task.FromResult(new Sample(Caller.Admin, $"/api/v1/orgs/{w.Scope.Av.Id}",
            new OrgInput(w.Scope.TownshipA.Id, w.Scope.Av.Code, ScopeWorld.AvName, OrgKind.Branch, OrgDomain.Rural, StrengthClass.Strong, null, 3, null, 2))),
        ["POST /api/v1/orgs/{id}/grids"] = w => Task.FromResult(new Sample(Caller.Admin, $"/api/v1/orgs/{w.Scope.Av.Id}/grids",
            new OrgsApi.GridInput("东坡三组网格", 30, w.Scope.APerson.Id))),
        ["PUT /api/v1/orgs/{orgId}/grids/{gridId}"] = w => Task.FromResult(new Sample(Caller.Admin, w.Scope.Fill("/api/v1/orgs/{Av}/grids/{AGrid}"),
            new OrgsApi.GridInput(ScopeWorld.AGridName, 41, null))),
        ["POST /api/v1/regions"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/regions",
            new OrgsApi.RegionInput(w.Scope.County.Id, "南部片区", 3))),
        ["PUT /api/v1/regions/{id}"] = w => Task.FromResult(new Sample(Caller.Admin, w.Scope.Fill("/api/v1/regions/{Region}"),
            new OrgsApi.RegionUpdate(ScopeWorld.RegionName, 5))),
        ["POST /api/v1/people"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/people",
            TestData.Member(w.Scope.Av.Id, "新党员") with { Mobile = "13800138000" })),
        ["PUT /api/v1/people/{id}"] = w => Task.FromResult(new Sample(Caller.Admin, $"/api/v1/people/{w.Scope.APerson.Id}",
            new PersonInput(w.Scope.Av.Id, ScopeWorld.APersonName, Gender.Male, PartyStatus.Full, "汉族", new DateOnly(1980, 5, 17),
                Education.Bachelor, null, "13900139000", new DateOnly(2002, 5, 17)))),
        ["POST /api/v1/positions"] = async w =>
        {
            var person = await w.Admin.CreatePerson(TestData.Member(w.Scope.Av.Id, "任职人"));
            return new(Caller.Admin, "/api/v1/positions", new PeopleApi.PositionInput(w.Scope.Av.Id, person.Id, PositionTitle.OrganizationCommissioner, Today.AddMonths(-2)));
        },
        ["POST /api/v1/positions/{id}/end"] = w => Task.FromResult(new Sample(Caller.Admin, w.Scope.Fill("/api/v1/positions/{APosition}/end"),
            new PeopleApi.EndInput(Today, "任期届满"))),
        ["POST /api/v1/links"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/links",
            new PeopleApi.LinkInput(LinkKind.VillageCadre, w.Scope.Id("ACadre"), w.Scope.Id("AvLeaf"), Today.AddMonths(-1)))),
        ["POST /api/v1/links/{id}/end"] = w => Task.FromResult(new Sample(Caller.Admin, w.Scope.Fill("/api/v1/links/{ALink}/end"),
            new PeopleApi.EndInput(Today, "任期届满"))),
        ["POST /api/v1/reserves"] = async w =>
        {
            var person = await w.Admin.CreatePerson(TestData.Member(w.Scope.Av.Id, "后备人", new DateOnly(1998, 1, 1)));
            return new(Caller.Admin, "/api/v1/reserves", new PeopleApi.ReserveInput(person.Id, w.Scope.Av.Id, PositionTitle.Secretary, Today.AddDays(-3), "群众基础好\n致富带头人"));
        },
        ["POST /api/v1/meetings"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/meetings", ScopeWorld.Meeting(w.Scope.Av.Id, w.Scope.APerson.Id,
            [w.Scope.APerson.Id], "东坡冬季学习会") with { Content = "学习\n讨论", Resolutions = "一、…\n二、…" })),
        ["PUT /api/v1/meetings/{id}"] = w => Task.FromResult(new Sample(Caller.Admin, w.Scope.Fill("/api/v1/meetings/{AMeeting}"),
            ScopeWorld.Meeting(w.Scope.Av.Id, w.Scope.APerson.Id, [w.Scope.APerson.Id], ScopeWorld.AMeetingTopic) with
            {
                Attendees = [new AttendeeInput(w.Scope.APerson.Id, AttendanceStatus.Present, null)],
            })),
        // Inspections (暗访): a plan drawn for next week with a team of one inspector; a village visit with a checklist and a finding.
        ["POST /api/v1/inspection-plans/draw"] = async w =>
        {
            var inspector = await w.App.EnsureAccountAsync("contract-inspector", [Role.Inspector], w.Scope.County.Id);
            return new(Caller.Admin, "/api/v1/inspection-plans/draw",
                new Zeren.Core.Inspections.PlanInput(2, 1, 1, 0, [inspector], Today.AddDays(7), DayOfWeek.Tuesday, 42, w.Scope.County.Id, "三不三直。\n直奔网格。"));
        },
        ["POST /api/v1/inspections"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/inspections",
            new Zeren.Core.Inspections.InspectionInput(w.Scope.Av.Id, Today, "张三、李四", 5, 12, [w.Scope.Id("AGrid")],
                [new Zeren.Core.Inspections.CheckInput(Zeren.Core.Inspections.ChecklistKind.Common, "党群服务中心正常开放", false, "无人值守。\n门锁。")],
                [new Zeren.Core.Inspections.FindingInput("党群服务中心无人值守。\n群众反映多次。")], [], null, "总体较好。\n个别问题。"))),
        // Inspection rounds (督导轮次): a round; its next status; a group of one inspector with a village; the same group changed.
        ["POST /api/v1/inspection-rounds"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/inspection-rounds",
            new Zeren.Core.Inspections.RoundInput("双整督查第二轮", Today, Today.AddDays(30), w.Scope.County.Id, "一周一通报。\n一村一清单。"))),
        ["POST /api/v1/inspection-rounds/{id}/status"] = async w =>
        {
            var round = await (await w.Admin.PostJson("/api/v1/inspection-rounds", new Zeren.Core.Inspections.RoundInput("状态轮次", Today, Today.AddDays(9),
                w.Scope.County.Id))).ReadAs<Zeren.Core.Inspections.RoundDetail>();
            return new(Caller.Admin, $"/api/v1/inspection-rounds/{round.Round.Id}/status", new Zeren.Core.Inspections.RoundStatusInput(Zeren.Core.Inspections.RoundStatus.InProgress));
        },
        ["POST /api/v1/inspection-rounds/{id}/groups"] = async w =>
        {
            var inspector = await w.App.EnsureAccountAsync($"mb-round-{Guid.NewGuid():N}"[..20], [Role.Inspector], w.Scope.County.Id);
            var round = await (await w.Admin.PostJson("/api/v1/inspection-rounds", new Zeren.Core.Inspections.RoundInput("分组轮次", Today, Today.AddDays(9),
                w.Scope.County.Id))).ReadAs<Zeren.Core.Inspections.RoundDetail>();
            return new(Caller.Admin, $"/api/v1/inspection-rounds/{round.Round.Id}/groups",
                new Zeren.Core.Inspections.GroupInput("第二督查组", inspector, [], [w.Scope.Av.Id]));
        },
        ["PUT /api/v1/inspection-rounds/{id}/groups/{groupId}"] = async w =>
        {
            var inspector = await w.App.EnsureAccountAsync($"mb-round-{Guid.NewGuid():N}"[..20], [Role.Inspector], w.Scope.County.Id);
            var round = await (await w.Admin.PostJson("/api/v1/inspection-rounds", new Zeren.Core.Inspections.RoundInput("改组轮次", Today, Today.AddDays(9),
                w.Scope.County.Id))).ReadAs<Zeren.Core.Inspections.RoundDetail>();
            var group = await (await w.Admin.PostJson($"/api/v1/inspection-rounds/{round.Round.Id}/groups",
                new Zeren.Core.Inspections.GroupInput("第三督查组", inspector, [], []))).ReadAs<Zeren.Core.Inspections.GroupDetail>();
            return new(Caller.Admin, $"/api/v1/inspection-rounds/{round.Round.Id}/groups/{group.Group.Id}",
                new Zeren.Core.Inspections.GroupInput("第三督查组", inspector, [], [w.Scope.Av.Id]));
        },
        ["POST /api/v1/inspections/{id}/findings/{findingId}/raise"] = async w =>
        {
            var made = await w.Admin.PostJson("/api/v1/inspections", new Zeren.Core.Inspections.InspectionInput(w.Scope.Av.Id, Today, "张三", 1, 2,
                Findings: [new Zeren.Core.Inspections.FindingInput("党员活动室堆放杂物")]));
            var record = await made.ReadAs<Zeren.Core.Inspections.InspectionDetail>();
            return new(Caller.Admin, $"/api/v1/inspections/{record.Inspection.Id}/findings/{record.Findings[0].Id}/raise",
                new Zeren.Core.Inspections.RaiseInput(Today.AddMonths(1), "阵地建设", Zeren.Core.Rectification.ProblemSeverity.General));
        },
        // Supervision orders (督办单): each sample on an order of its own, in the state its step starts from.
        ["POST /api/v1/supervision-orders"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/supervision-orders",
            new Zeren.Core.Supervision.SupervisionOrderInput(w.Scope.Av.Id, "东坡督办新事项", "请整改。\n限期反馈。", "附照片\n附记录", Today.AddDays(5), w.Scope.TownshipA.Id,
                "meetings.compliance", "x", "十月三会一课", "/meetings"))),
        ["POST /api/v1/supervision-orders/bulk"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/supervision-orders/bulk",
            new Zeren.Core.Supervision.BulkOrderInput("东坡批量督办", "请整改。\n限期反馈。", null, Today.AddDays(5),
                [new Zeren.Core.Supervision.OrderTarget(w.Scope.Av.Id, "task", "1", "事项", "/meetings"), new Zeren.Core.Supervision.OrderTarget(w.Scope.Id("AvLeaf"))],
                w.Scope.TownshipA.Id))),
        ["POST /api/v1/supervision-orders/{id}/respond"] = async w =>
        {
            var (id, clerk) = await OrderAsync(w, Zeren.Core.Supervision.SupervisionState.Acknowledged);
            return new(Caller.Own, $"/api/v1/supervision-orders/{id}/respond", new Zeren.Core.Supervision.RespondInput("已整改。\n附记录。", []), clerk);
        },
        ["POST /api/v1/supervision-orders/{id}/verify"] = async w =>
            new(Caller.Admin, $"/api/v1/supervision-orders/{(await OrderAsync(w, Zeren.Core.Supervision.SupervisionState.Responded)).Id}/verify",
                new Zeren.Core.Supervision.VerifyInput("已核实\n同意办结")),
        ["POST /api/v1/supervision-orders/{id}/return"] = async w =>
            new(Caller.Admin, $"/api/v1/supervision-orders/{(await OrderAsync(w, Zeren.Core.Supervision.SupervisionState.Responded)).Id}/return",
                new Zeren.Core.Supervision.ReturnInput("材料不全")),
        ["POST /api/v1/supervision-orders/{id}/escalate"] = async w =>
            new(Caller.Admin, $"/api/v1/supervision-orders/{(await OrderAsync(w, Zeren.Core.Supervision.SupervisionState.Issued)).Id}/escalate",
                new Zeren.Core.Supervision.EscalateInput("逾期未办\n列为重点")),
        // Problems and rectification (问题清单, 整改, 挂牌销号, 举一反三)
        ["POST /api/v1/problems"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/problems", ProblemDraftFor(w, common: false))),
        ["POST /api/v1/problems/batch"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/problems/batch",
            new Zeren.Core.Rectification.ProblemBatchInput([ProblemDraftFor(w, common: false), ProblemDraftFor(w, common: true)]))),
        ["POST /api/v1/problems/{id}/start"] = async w =>
        {
            var (id, clerk) = await ProblemAsync(w, Zeren.Core.Rectification.ProblemState.Listed);
            return new(Caller.Own, $"/api/v1/problems/{id}/start", new Zeren.Core.Rectification.ProblemStartInput("制度不熟。\n督促不力。", "一、补记录；\n二、每月自查。"), clerk);
        },
        ["POST /api/v1/problems/{id}/apply"] = async w =>
        {
            var (id, clerk) = await ProblemAsync(w, Zeren.Core.Rectification.ProblemState.Rectifying);
            var file = await Zeren.Web.Tests.Problems.ProblemsApiTests.Upload(clerk, w.Scope.Av.Id, "整改照片");
            return new(Caller.Own, $"/api/v1/problems/{id}/apply", new Zeren.Core.Rectification.ProblemApplyInput("已整改。\n附照片。", [file]), clerk);
        },
        ["POST /api/v1/problems/{id}/verify"] = async w =>
            new(Caller.Admin, $"/api/v1/problems/{(await ProblemAsync(w, Zeren.Core.Rectification.ProblemState.Applied)).Id}/verify",
                new Zeren.Core.Rectification.ProblemVerifyInput("已核实\n同意销号")),
        ["POST /api/v1/problems/{id}/return"] = async w =>
            new(Caller.Admin, $"/api/v1/problems/{(await ProblemAsync(w, Zeren.Core.Rectification.ProblemState.Applied)).Id}/return",
                new Zeren.Core.Rectification.ProblemReturnInput("材料不全")),
        ["POST /api/v1/problems/{id}/supervise"] = async w =>
            new(Caller.Admin, $"/api/v1/problems/{(await ProblemAsync(w, Zeren.Core.Rectification.ProblemState.Listed)).Id}/supervise",
                new Zeren.Core.Rectification.ProblemSuperviseInput(Today.AddDays(5), "三日内反馈\n附材料")),
        ["POST /api/v1/self-checks"] = async w =>
            new(Caller.Admin, "/api/v1/self-checks", new Zeren.Core.Rectification.SelfCheckInput(
                (await ProblemAsync(w, Zeren.Core.Rectification.ProblemState.Listed, common: true, orgId: w.Scope.TownshipA.Id)).Id,
                Today.AddDays(5), OrgKind.Branch, null, null, w.Scope.TownshipA.Id, "对照检查\n如实答复")),
        ["POST /api/v1/self-checks/{id}/answer"] = async w =>
        {
            var (problem, _) = await ProblemAsync(w, Zeren.Core.Rectification.ProblemState.Listed, common: true, orgId: w.Scope.TownshipA.Id);
            var pushed = await w.Admin.PostJson("/api/v1/self-checks", new Zeren.Core.Rectification.SelfCheckInput(problem, Today.AddDays(5), OrgKind.Branch,
                UnderOrgId: w.Scope.TownshipA.Id));
            pushed.StatusCode.Should().Be(HttpStatusCode.Created, await pushed.Content.ReadAsStringAsync());
            var id = (await pushed.ReadAs<Zeren.Core.Rectification.SelfCheckDetail>()).Id;
            var clerk = w.App.ClientAs("mb-av-clerk-" + w.Scope.Tag, [Role.BranchClerk], w.Scope.Av.Id);
            return new(Caller.Own, $"/api/v1/self-checks/{id}/answer", new Zeren.Core.Rectification.SelfCheckAnswerInput(true, "发现同类问题。\n已登记。", Today.AddDays(9)), clerk);
        },
        // Party-building audits (党建审计): each sample on a round of its own over township A (its village drawn).
        ["POST /api/v1/audits"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/audits", PartyAudit(w))),
        ["POST /api/v1/audits/{id}/draw"] = async w => new(Caller.Admin, $"/api/v1/audits/{await PartyAuditAsync(w, draw: false)}/draw",
            new Zeren.Core.PartyAudits.AuditDrawInput(42)),
        ["PUT /api/v1/audits/{id}/branches/{sampleId}/scores"] = async w =>
        {
            var round = await w.Admin.GetFromJson<Zeren.Core.PartyAudits.AuditRoundDetail>($"/api/v1/audits/{await PartyAuditAsync(w, draw: true)}");
            return new(Caller.Admin, $"/api/v1/audits/{round.Id}/branches/{round.Units[0].Branches[0].Id}/scores",
                new Zeren.Core.PartyAudits.AuditScoreInput(round.Items.Select((i, n) =>
                    new Zeren.Core.PartyAudits.AuditItemScoreInput(i.Id, i.MaxPoints - 1, n > 0, n > 0 ? null : "记录缺失。\n第二行")).ToList()));
        },
        // Assessment (考核): each sample on a scheme of its own (township A assessing its villages).
        ["POST /api/v1/assessment-schemes"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/assessment-schemes", AssessmentScheme(w))),
        ["PUT /api/v1/assessment-schemes/{id}"] = async w =>
            new(Caller.Admin, $"/api/v1/assessment-schemes/{await AssessmentSchemeAsync(w)}", AssessmentScheme(w)),
        ["POST /api/v1/scoring-runs"] = async w => new(Caller.Admin, "/api/v1/scoring-runs",
            new Zeren.Core.Assessment.RunInput(await AssessmentSchemeAsync(w), Today.Year.ToString(CultureInfo.InvariantCulture))),
        ["POST /api/v1/scoring-runs/{id}/scores"] = async w =>
        {
            var run = await AssessmentRunAsync(w);
            return new(Caller.Admin, $"/api/v1/scoring-runs/{run.Run.Id}/scores", new Zeren.Core.Assessment.ManualScoreInput(run.Results[0].OrgId,
                run.Scheme.Items.Single(i => i.Name == "工作实绩").Id, 88.5m, "述职评议\n现场察看"));
        },
        ["POST /api/v1/scoring-runs/{id}/corrections"] = async w =>
        {
            var run = await AssessmentRunAsync(w, publish: true);
            return new(Caller.Admin, $"/api/v1/scoring-runs/{run.Run.Id}/corrections", new Zeren.Core.Assessment.CorrectionInput("漏记加分"));
        },
        // Competitions (擂台赛): each sample on a competition of its own; the score by a judge of three, the event started.
        ["POST /api/v1/competitions"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/competitions", Competition(w))),
        ["PUT /api/v1/competitions/{id}/contestants"] = async w =>
            new(Caller.Admin, $"/api/v1/competitions/{await CompetitionAsync(w)}/contestants",
                new Zeren.Core.Competitions.CompetitionContestantsInput([w.Scope.Av.Id])),
        ["PUT /api/v1/competitions/{id}/judges"] = async w =>
        {
            var judges = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                judges.Add((await w.AccountAsync()).Id);
            }
            return new(Caller.Admin, $"/api/v1/competitions/{await CompetitionAsync(w)}/judges", new Zeren.Core.Competitions.CompetitionJudgesInput(judges));
        },
        ["POST /api/v1/competitions/{id}/scores"] = async w =>
        {
            var (_, one, client) = await w.AccountAsync();
            var (_, two, _) = await w.AccountAsync();
            var (_, three, _) = await w.AccountAsync();
            var response = await w.Admin.PostJson("/api/v1/competitions", Competition(w) with
            {
                ContestantOrgIds = [w.Scope.Av.Id, w.Scope.Id("AvLeaf")], JudgeAccountIds = [one, two, three],
            });
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var id = (await response.ReadAs<Zeren.Core.Competitions.CompetitionDetail>()).Id;
            (await w.Admin.PostJson($"/api/v1/competitions/{id}/start", new { })).EnsureSuccessStatusCode();
            return new(Caller.Own, $"/api/v1/competitions/{id}/scores", new Zeren.Core.Competitions.CompetitionScoreInput(w.Scope.Av.Id, 88.5m), client);
        },
        // Standardization checklists (标准化建设清单): each sample on a township and village of its own; 验收 and 退回 of a
        // claim by a county account.
        ["POST /api/v1/checklists/templates"] = async w =>
            new(Caller.Admin, "/api/v1/checklists/templates", ChecklistInput((await ChecklistTownshipAsync(w)).Township)),
        ["PUT /api/v1/checklists/templates/{id}"] = async w =>
            new(Caller.Admin, $"/api/v1/checklists/templates/{(await ChecklistAsync(w)).Template}",
                new Zeren.Core.Checklists.ChecklistTemplateUpdate("改名清单", [new("一个宣传栏", "宣传栏\n内容更新", false)])),
        ["POST /api/v1/checklists/templates/{id}/copy"] = async w =>
            new(Caller.Admin, $"/api/v1/checklists/templates/{(await ChecklistAsync(w)).Template}/copy", new Zeren.Core.Checklists.ChecklistCopyInput(2030)),
        ["POST /api/v1/checklists/templates/{id}/orgs/{orgId}/items/{itemId}/claim"] = async w =>
        {
            var (t, v, i) = await ChecklistAsync(w);
            return new(Caller.Admin, $"/api/v1/checklists/templates/{t}/orgs/{v}/items/{i}/claim", new Zeren.Core.Checklists.ChecklistClaimInput("已建成\n见照片", []));
        },
        ["POST /api/v1/checklists/templates/{id}/orgs/{orgId}/items/{itemId}/verify"] = async w =>
        {
            var (t, v, i) = await ClaimedChecklistAsync(w);
            return new(Caller.Admin, $"/api/v1/checklists/templates/{t}/orgs/{v}/items/{i}/verify", new Zeren.Core.Checklists.ChecklistVerifyInput("符合\n标准"));
        },
        ["POST /api/v1/checklists/templates/{id}/orgs/{orgId}/items/{itemId}/return"] = async w =>
        {
            var (t, v, i) = await ClaimedChecklistAsync(w);
            return new(Caller.Admin, $"/api/v1/checklists/templates/{t}/orgs/{v}/items/{i}/return", new Zeren.Core.Checklists.ChecklistReturnInput("照片不清楚"));
        },
        ["POST /api/v1/star-ratings"] = async w =>
            new(Caller.Admin, "/api/v1/star-ratings", new Zeren.Core.Assessment.StarRatingInput((await AssessmentRunAsync(w, publish: true)).Run.Id)),
        ["PUT /api/v1/star-ratings/bands"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/star-ratings/bands",
            new Zeren.Core.Assessment.StarBandsInput(Today.Year, Zeren.Core.Assessment.StarBands.Default, w.Scope.TownshipA.Id))),
        // Responsibility lists (责任清单)
        ["POST /api/v1/responsibility-lists"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/responsibility-lists",
            new Zeren.Core.Responsibilities.ListInput(w.Scope.TownshipA.Id, Zeren.Core.Responsibilities.ListKind.Own, "东坡新清单", "说明\n第二行",
                [ScopeWorld.ListItem("东坡事项\n第二行") with { Role = null, PersonId = w.Scope.APerson.Id }]))),
        ["POST /api/v1/responsibility-lists/{id}/items"] = w => Task.FromResult(new Sample(Caller.Admin, w.Scope.Fill("/api/v1/responsibility-lists/{AList}/items"),
            ScopeWorld.ListItem("东坡追加事项"))),
        ["PUT /api/v1/responsibility-lists/{id}/items/{itemId}"] = w => Task.FromResult(new Sample(Caller.Admin,
            w.Scope.Fill("/api/v1/responsibility-lists/{AList}/items/{AListItem}"), ScopeWorld.ListItem("东坡改写事项\n第二行"))),
        ["POST /api/v1/responsibility-lists/{id}/items/{itemId}/revoke"] = w => Task.FromResult(new Sample(Caller.Admin,
            w.Scope.Fill("/api/v1/responsibility-lists/{AList}/items/{AListItem2}/revoke"), new Zeren.Core.Responsibilities.RevokeInput("不再要求"))),
        ["POST /api/v1/responsibility-lists/{id}/issue"] = w => Task.FromResult(new Sample(Caller.Admin, w.Scope.Fill("/api/v1/responsibility-lists/{AList}/issue"),
            new Zeren.Core.Responsibilities.IssueInput([new Zeren.Core.Responsibilities.AudienceRule(OrgKind.Branch, 1, OrgDomain.Rural)], [w.Scope.Id("AvLeaf")]))),
        ["POST /api/v1/responsibility-lists/completions/{id}/done"] = w => Task.FromResult(new Sample(Caller.Admin,
            w.Scope.Fill("/api/v1/responsibility-lists/completions/{BListOpen}/done"), new Zeren.Core.Responsibilities.DoneInput("已完成\n附佐证"))),
        ["POST /api/v1/responsibility-lists/completions/{id}/return"] = w => Task.FromResult(new Sample(Caller.Admin,
            w.Scope.Fill("/api/v1/responsibility-lists/completions/{BListDone}/return"), new Zeren.Core.Responsibilities.ReturnInput("缺少佐证\n请补充"))),
        // 村级事务 (三议一会一公开一知晓)
        ["POST /api/v1/matters"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/matters",
            new MatterInput(w.Scope.Av.Id, "东坡村道硬化", MatterCategory.Projects, "东坡村党支部", 35000, null, Today.AddDays(-5)))),
        ["POST /api/v1/matters/{id}/steps"] = async w =>
        {
            var matter = await NewMatterAsync(w);
            return new(Caller.Admin, $"/api/v1/matters/{matter}/steps", ProposalInA(w));
        },
        ["POST /api/v1/matters/{id}/steps/{stepId}/amendments"] = async w =>
        {
            var matter = await NewMatterAsync(w);
            var step = await StepAsync(w, matter, ProposalInA(w));
            return new(Caller.Admin, $"/api/v1/matters/{matter}/steps/{step}/amendments", new AmendmentInput("参会人员补记：\n东方明", "登记遗漏"));
        },
        ["POST /api/v1/matters/{id}/restart"] = async w =>
        {
            // A matter whose 审议 was voted down (every member present, none in favour).
            var matter = await NewMatterAsync(w);
            await StepAsync(w, matter, ProposalInA(w));
            await StepAsync(w, matter, new StepInput(MatterStep.Deliberation, Today.AddDays(-2), w.Scope.Id("ACadre"), w.Scope.Id("ACadre"), "村委会", Summary: "商议"));
            var officers = await w.Admin.GetFromJson<BranchOfficers>($"/api/v1/meetings/officers?orgId={w.Scope.Av.Id}");
            var everyone = officers.Members.Select(m => new AttendeeInput(m.PersonId, AttendanceStatus.Present)).ToList();
            await StepAsync(w, matter, ProposalInA(w) with { Step = MatterStep.Review, On = Today.AddDays(-2), Attendees = everyone, VotesFor = 0 });
            return new(Caller.Admin, $"/api/v1/matters/{matter}/restart", new RestartInput(Today, null));
        },
        // Plans and projects (党建思路, 党建项目): each sample on a plan or project of its own, in the state its route needs.
        ["POST /api/v1/plans"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/plans", new PlanInput(w.Scope.TownshipA.Id, NextPlanYear(), "思路\n第二段",
            [ScopeWorld.Terms(w.Scope.APerson.Id, "红色驿站") with { Target = "目标一\n目标二" }]))),
        ["POST /api/v1/plans/{id}/versions"] = async w =>
        {
            var plan = await PlanAsync(w);
            (await w.Admin.PostJson($"/api/v1/plans/{plan}/return", new PlanReview("请修改"))).EnsureSuccessStatusCode();
            return new(Caller.Admin, $"/api/v1/plans/{plan}/versions", new PlanRevision("思路第二版\n细化", [ScopeWorld.Terms(w.Scope.APerson.Id, "红色驿站")]));
        },
        ["POST /api/v1/plans/{id}/return"] = async w => new(Caller.Admin, $"/api/v1/plans/{await PlanAsync(w)}/return", new PlanReview("目标不具体\n请细化")),
        ["POST /api/v1/plans/{id}/approve"] = async w => new(Caller.Admin, $"/api/v1/plans/{await PlanAsync(w)}/approve", new PlanReview("同意")),
        ["POST /api/v1/projects"] = w => Task.FromResult(new Sample(Caller.Admin, "/api/v1/projects", ScopeWorld.Project(w.Scope.TownshipA.Id, w.Scope.APerson.Id, "新建项目"))),
        ["PUT /api/v1/projects/{id}"] = async w =>
        {
            var p = ScopeWorld.Project(w.Scope.TownshipA.Id, w.Scope.APerson.Id, "修改项目");
            return new(Caller.Admin, $"/api/v1/projects/{await ProjectAsync(w)}", new ProjectRevision(p.Name, "目标\n细化", p.Responsibility, p.PersonId, p.StartOn, p.DueOn,
                [new MilestoneInput("完成方案", Today.AddMonths(-1), Today.AddDays(-3))]));
        },
        ["POST /api/v1/projects/{id}/progress"] = async w => new(Caller.Admin, $"/api/v1/projects/{await ProjectAsync(w)}/progress",
            new ProgressInput(Today, "完成选址\n开始施工", 30)),
        ["POST /api/v1/projects/{id}/reconciliations"] = async w => new(Caller.Admin, $"/api/v1/projects/{await ProjectAsync(w)}/reconciliations",
            new ReconciliationInput(Today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture), "进展\n顺利", "资金\n不足", "下月\n完工", 50)),
        ["POST /api/v1/projects/{id}/complete"] = async w => new(Caller.Admin, $"/api/v1/projects/{await ProjectAsync(w)}/complete", new CompletionInput(Today)),
        ["POST /api/v1/projects/{id}/cancel"] = async w => new(Caller.Admin, $"/api/v1/projects/{await ProjectAsync(w)}/cancel", new CancellationInput("与其他项目合并")),
        ["POST /api/v1/meeting-cadences"] = w => Task.FromResult(new Sample(Caller.SystemAdmin, "/api/v1/meeting-cadences",
            new CadenceInput(MeetingType.Study, OrgDomain.Rural, 2, PeriodKind.Month, new DateOnly(Today.Year, Today.Month, 1).AddMonths(1), null, false, "试行"))),

        // Obligations (待办事项): each sample on an obligation of its own, owed by township A to the county.
        ["POST /api/v1/obligations/{id}/submit"] = async w => new(Caller.Admin, $"/api/v1/obligations/{await ObligationAsync(w, submitted: false)}/submit",
            new ObligationEvidence("季度报告已报送\n附重点工作清单", null)),
        ["POST /api/v1/obligations/{id}/return"] = async w => new(Caller.Admin, $"/api/v1/obligations/{await ObligationAsync(w, submitted: true)}/return",
            new ObligationReasonInput("请补充数据")),
        ["POST /api/v1/obligations/{id}/cancel"] = async w => new(Caller.Admin, $"/api/v1/obligations/{await ObligationAsync(w, submitted: false)}/cancel",
            new ObligationReasonInput("与年终述职合并")),
        // Obligations stage 2: the calendar's entries (the quarterly report, as the migration writes it).
        ["PUT /api/v1/obligations/calendar/{id}"] = w => Task.FromResult(new Sample(Caller.SystemAdmin,
            $"/api/v1/obligations/calendar/{ScheduleDefaults.All.Single(d => d.Entry.Kind == ScheduleDefaults.QuarterlyReport).Id}",
            new ScheduleChange("党建工作季度报告", true, 1, 10, 30, "各乡镇（街道）于季度结束后次月 10 日前报送"))),
    };

    /// <summary>
    /// A supervision order from township A to its village, taken to <paramref name="state"/> by a clerk of the village (the
    /// receiver, whose client is returned for the receiver's steps).
    /// </summary>
    private static async Task<(Guid Id, HttpClient Clerk)> OrderAsync(ContractWorld w, Zeren.Core.Supervision.SupervisionState state)
    {
        var clerk = w.App.ClientAs("mb-av-clerk-" + w.Scope.Tag, [Role.BranchClerk], w.Scope.Av.Id);
        var issued = await w.Admin.PostJson("/api/v1/supervision-orders",
            new Zeren.Core.Supervision.SupervisionOrderInput(w.Scope.Av.Id, "东坡督办", "请整改。", null, Today.AddDays(5), w.Scope.TownshipA.Id));
        issued.StatusCode.Should().Be(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var id = (await issued.ReadAs<Zeren.Core.Supervision.OrderDetail>()).Order.Id;
        if (state >= Zeren.Core.Supervision.SupervisionState.Acknowledged)
        {
            (await clerk.PostJson($"/api/v1/supervision-orders/{id}/acknowledge", new { })).EnsureSuccessStatusCode();
        }
        if (state >= Zeren.Core.Supervision.SupervisionState.Responded)
        {
            (await clerk.PostJson($"/api/v1/supervision-orders/{id}/respond", new Zeren.Core.Supervision.RespondInput("已整改。", []))).EnsureSuccessStatusCode();
        }
        return (id, clerk);
    }

    private static Zeren.Core.Rectification.ProblemDraft ProblemDraftFor(ContractWorld w, bool common) =>
        new(w.Scope.Av.Id, Zeren.Core.Rectification.ProblemSource.Inspection, "东坡村记录不全", "会议记录缺失。\n签到表缺失。", Today.AddDays(20), "组织生活",
            Zeren.Core.Rectification.ProblemSeverity.Serious, common, w.Scope.APerson.Id, "inspection", Guid.NewGuid(), "第12周暗访", w.Scope.TownshipA.Id);

    /// <summary>
    /// A problem township A raised for its village (or for <paramref name="orgId"/>), taken to <paramref name="state"/> by a
    /// clerk of the village (whose client is returned for the rectifying steps).
    /// </summary>
    private static async Task<(Guid Id, HttpClient Clerk)> ProblemAsync(ContractWorld w, Zeren.Core.Rectification.ProblemState state, bool common = false,
        Guid? orgId = null)
    {
        var clerk = w.App.ClientAs("mb-av-clerk-" + w.Scope.Tag, [Role.BranchClerk], w.Scope.Av.Id);
        var raised = await w.Admin.PostJson("/api/v1/problems", new Zeren.Core.Rectification.ProblemDraft(orgId ?? w.Scope.Av.Id,
            Zeren.Core.Rectification.ProblemSource.Inspection, "东坡问题", "记录不全。", Today.AddDays(20), IsCommon: common,
            IssuerOrgId: orgId is null ? w.Scope.TownshipA.Id : w.Scope.County.Id));
        raised.StatusCode.Should().Be(HttpStatusCode.Created, await raised.Content.ReadAsStringAsync());
        var id = (await raised.ReadAs<Zeren.Core.Rectification.ProblemDetail>()).Problem.Id;
        if (state >= Zeren.Core.Rectification.ProblemState.Rectifying)
        {
            (await clerk.PostJson($"/api/v1/problems/{id}/start", new Zeren.Core.Rectification.ProblemStartInput("原因", "措施"))).EnsureSuccessStatusCode();
        }
        if (state >= Zeren.Core.Rectification.ProblemState.Applied)
        {
            var file = await Zeren.Web.Tests.Problems.ProblemsApiTests.Upload(clerk, w.Scope.Av.Id, "照片");
            (await clerk.PostJson($"/api/v1/problems/{id}/apply", new Zeren.Core.Rectification.ProblemApplyInput("已整改。", [file]))).EnsureSuccessStatusCode();
        }
        return (id, clerk);
    }

    /// <summary>A new obligation of township A owed to the county, submitted when asked.</summary>
    private static async Task<Guid> ObligationAsync(ContractWorld w, bool submitted)
    {
        await using var scope = w.App.Scope();
        var service = scope.Get<ObligationService>();
        var id = await service.OpenAsync(new ObligationDraft("test.report", "测试报告", w.Scope.TownshipA.Id, Today.AddDays(10), "Test", Guid.NewGuid(),
            IssuerOrgId: w.Scope.County.Id, HandledAtSource: false));
        if (submitted)
        {
            await service.SubmitAsync(id, new ObligationEvidence("报告", null));
        }
        return id;
    }

    private static async Task<Guid> NewMatterAsync(ContractWorld w)
    {
        var response = await w.Admin.PostJson("/api/v1/matters", new MatterInput(w.Scope.Av.Id, "东坡路灯安装", MatterCategory.Projects, "东坡村党支部", StartedOn: Today.AddDays(-5)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAs<MatterDetail>()).Matter.Id;
    }

    /// <summary>提议 in A's village: its secretary chairs, the 包村干部 records, the secretary attends (a 支委会 in the ledger).</summary>
    private static StepInput ProposalInA(ContractWorld w) =>
        new(MatterStep.Proposal, Today.AddDays(-3), w.Scope.APerson.Id, w.Scope.Id("ACadre"), "党群服务中心", "09:00", "10:00",
            [new AttendeeInput(w.Scope.APerson.Id, AttendanceStatus.Present)], Summary: "提议\n第二行");

    private static async Task<Guid> StepAsync(ContractWorld w, Guid matter, StepInput input)
    {
        var response = await w.Admin.PostJson($"/api/v1/matters/{matter}/steps", input);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAs<MatterDetail>()).Steps[^1].Id;
    }

    private static int planYear = 2040;

    /// <summary>A year no plan of township A has yet: each sample's plan is its own.</summary>
    private static int NextPlanYear() => Interlocked.Increment(ref planYear);

    private static async Task<Guid> PlanAsync(ContractWorld w)
    {
        var response = await w.Admin.PostJson("/api/v1/plans", new PlanInput(w.Scope.TownshipA.Id, NextPlanYear(), "思路",
            [ScopeWorld.Terms(w.Scope.APerson.Id, "红色驿站")]));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAs<PlanDetail>()).Plan.Id;
    }

    private static async Task<Guid> ProjectAsync(ContractWorld w)
    {
        var response = await w.Admin.PostJson("/api/v1/projects", ScopeWorld.Project(w.Scope.TownshipA.Id, w.Scope.APerson.Id, "样例项目"));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAs<ProjectDetail>()).Project.Id;
    }

    public static TheoryData<string, string> Routes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var provider in TestDatabases.Providers)
            {
                foreach (var route in Samples.Keys)
                {
                    data.Add(provider, route);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EveryJsonWriteRoute_OfTheDocument_HasAValidRequestHere(string provider)
    {
        var world = await apps.WorldAsync(provider);
        var document = await world.OpenApiAsync();
        var routes = JsonWriteRoutes(document).Select(r => r.Key).ToList();
        routes.Should().NotBeEmpty();
        routes.Except(Samples.Keys).Should().BeEmpty("every write route with a JSON body needs a valid request in Samples");
        Samples.Keys.Except(routes).Should().BeEmpty("every sample names a route the document has");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task MalformedBodies_AreRefusedNamingTheField_AndChangeNothing(string provider, string route)
    {
        var world = await apps.WorldAsync(provider);
        var document = await world.OpenApiAsync();
        var operation = JsonWriteRoutes(document).Single(r => r.Key == route).Value;
        var schema = Resolve(document, operation["requestBody"]!["content"]!["application/json"]!["schema"]!.AsObject());
        var sample = await Samples[route](world);
        var client = ClientFor(world, sample);
        var method = new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]);
        var valid = JsonSerializer.SerializeToNode(sample.Body, ZerenFactory.Json)!.AsObject();

        var cases = Cases(document, schema, valid).ToList();
        cases.Should().Contain(c => c.Expect.Code == "required", "every body has a required field");

        var before = await DatabaseSnapshot.TakeAsync(world.App);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            using var request = new HttpRequestMessage(method, new Uri(sample.Path, UriKind.Relative))
            {
                Content = new StringContent(c.Body, Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (Check(c, response.StatusCode, text) is { } failure)
            {
                failures.Add($"{c.Name}: {failure}");
            }
        }
        failures.Should().BeEmpty();
        (await DatabaseSnapshot.TakeAsync(world.App)).Should().Be(before, "no refused body may change a table");

        // The valid request is accepted: the refusals above were about their faults.
        using (var request = new HttpRequestMessage(method, new Uri(sample.Path, UriKind.Relative)) { Content = new StringContent(valid.ToJsonString(), Encoding.UTF8, "application/json") })
        {
            using var response = await client.SendAsync(request);
            ((int)response.StatusCode).Should().BeInRange(200, 299, await response.Content.ReadAsStringAsync());
        }
    }

    // ---- the cases ----

    /// <summary>What a case expects: a status, and for 422 an error of <see cref="Code"/> at <see cref="Field"/>; or, for a left-out optional field, no "required" error there.</summary>
    private sealed record Expectation(int Status, string? Field = null, string? Code = null, string? NotRequired = null);

    private sealed record Case(string Name, string Body, Expectation Expect);

    private const string Unknown = "zzNotAField";

    private static IEnumerable<Case> Cases(JsonObject document, JsonObject schema, JsonObject valid)
    {
        var text = valid.ToJsonString();
        yield return new("broken JSON", text[..^1], new(400, Code: "json_malformed"));
        yield return new("not JSON", "{'name': 1}", new(400, Code: "json_malformed"));
        yield return new("empty body", "", new(400, Code: "body_missing"));
        yield return new("a body over the limit", With(valid, o => o[Unknown] = new string('x', 2_000_000)), new(413, Code: "body_too_large"));
        yield return new("too deep", new string('[', 200) + new string(']', 200), new(400, Code: "json_malformed"));
        yield return new("an array for the body", "[" + text + "]", new(422, "", "type"));
        yield return new("an unknown field", With(valid, o => o[Unknown] = 1), new(422, Unknown, "unknown"));
        var first = valid.First().Key;
        yield return new("a repeated field", "{" + JsonSerializer.Serialize(first) + ":" + valid[first]!.ToJsonString() + "," + text[1..], new(422, first, "duplicate"));
        foreach (var field in Fields(document, schema, valid, ""))
        {
            foreach (var c in FieldCases(document, valid, field))
            {
                yield return c;
            }
        }
    }

    /// <summary>A field of the body the schema describes and the valid body has: where it is, its schema, whether required.</summary>
    private sealed record Field(string Path, Func<JsonObject, JsonObject> Parent, string Name, JsonObject Schema, bool Required, bool IsNullable, bool InArray);

    private static IEnumerable<Field> Fields(JsonObject document, JsonObject schema, JsonObject valid, string path, Func<JsonObject, JsonObject>? parent = null)
    {
        parent ??= root => root;
        var required = (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, node) in schema["properties"]?.AsObject() ?? [])
        {
            var property = Resolve(document, node!.AsObject());
            var fieldPath = path.Length == 0 ? name : $"{path}.{name}";
            yield return new Field(fieldPath, parent, name, property, required.Contains(name), Nullable(node.AsObject()), false);
            if (valid[name] is JsonArray { Count: > 0 } array && Type(property).Contains("array") && property["items"] is JsonObject items)
            {
                var item = Resolve(document, items);
                var itemPath = $"{fieldPath}[0]";
                var arrayOf = parent;
                Func<JsonObject, JsonArray> arrayIn = root => arrayOf(root)[name]!.AsArray();
                if (Type(item).Contains("object") && array[0] is JsonObject firstItem)
                {
                    foreach (var nested in Fields(document, item, firstItem, itemPath, root => arrayIn(root)[0]!.AsObject()))
                    {
                        yield return nested;
                    }
                }
                else
                {
                    // A scalar item (an enum of a list): changed in place, never left out.
                    yield return new Field(itemPath, parent, "0", item, true, Nullable(items), true);
                }
            }
        }
    }

    private static IEnumerable<Case> FieldCases(JsonObject document, JsonObject valid, Field f)
    {
        var kind = Kind(document, f.Schema);
        var nullable = f.IsNullable;
        string Set(JsonNode? value) => Replace(valid, f, value);

        if (!f.InArray)
        {
            // Left out: refused when the document says required; never refused as missing otherwise (an unknown field
            // is added so that the body is refused all the same and nothing is saved).
            var without = Mutate(valid, f, (parent, name) => parent.Remove(name));
            yield return f.Required
                ? new($"{f.Path} left out", without, new(422, f.Path, "required"))
                : new($"{f.Path} (optional) left out", With(JsonNode.Parse(without)!.AsObject(), o => o[Unknown] = 1), new(422, Unknown, "unknown", NotRequired: f.Path));
        }
        if (!nullable)
        {
            yield return new($"{f.Path} null", Set(null), new(422, f.Path, "null"));
        }
        switch (kind)
        {
            case "enum":
                var names = EnumNames(document, f.Schema);
                yield return new($"{f.Path} an undefined number", Set(7), new(422, f.Path, "enum"));
                yield return new($"{f.Path} a negative number", Set(-3), new(422, f.Path, "enum"));
                yield return new($"{f.Path} a number as text", Set("7"), new(422, f.Path, "enum"));
                yield return new($"{f.Path} an unknown name", Set("NoSuchName"), new(422, f.Path, "enum"));
                yield return new($"{f.Path} a name with spaces", Set(" " + names[0] + " "), new(422, f.Path, "enum"));
                if (names.Count > 1)
                {
                    yield return new($"{f.Path} two names", Set(names[0] + "," + names[1]), new(422, f.Path, "enum"));
                }
                yield return new($"{f.Path} an object", Set(new JsonObject()), new(422, f.Path, "enum"));
                break;
            case "integer":
                yield return new($"{f.Path} a number as text", Set("12"), new(422, f.Path, "type"));
                yield return new($"{f.Path} overflow", Set(JsonNode.Parse("99999999999999999999")), new(422, f.Path, "type"));
                yield return new($"{f.Path} just over int32", Set(JsonNode.Parse("2147483648")), new(422, f.Path, "type"));
                yield return new($"{f.Path} a fraction", Set(1.5), new(422, f.Path, "type"));
                yield return new($"{f.Path} a boolean", Set(true), new(422, f.Path, "type"));
                break;
            case "number":
                // Decimal numbers (assessment points): never quoted, never beyond what decimal holds.
                yield return new($"{f.Path} a number as text", Set("12.5"), new(422, f.Path, "type"));
                yield return new($"{f.Path} overflow", Set(JsonNode.Parse("1e400")), new(422, f.Path, "type"));
                yield return new($"{f.Path} a boolean", Set(true), new(422, f.Path, "type"));
                break;
            case "boolean":
                yield return new($"{f.Path} text", Set("yes"), new(422, f.Path, "type"));
                yield return new($"{f.Path} a number", Set(1), new(422, f.Path, "type"));
                break;
            case "uuid":
                yield return new($"{f.Path} not a uuid", Set("not-a-uuid"), new(422, f.Path, "type"));
                yield return new($"{f.Path} a number", Set(42), new(422, f.Path, "type"));
                break;
            case "date":
                yield return new($"{f.Path} month 13", Set("2026-13-01"), new(422, f.Path, "type"));
                yield return new($"{f.Path} a number", Set(20260101), new(422, f.Path, "type"));
                break;
            case "date-time":
                yield return new($"{f.Path} not a time", Set("yesterday"), new(422, f.Path, "type"));
                yield return new($"{f.Path} without a zone", Set("2026-11-01T09:00:00"), new(422, f.Path, "type"));
                break;
            case "array":
                yield return new($"{f.Path} an object", Set(new JsonObject()), new(422, f.Path, "type"));
                yield return new($"{f.Path} a string", Set("x"), new(422, f.Path, "type"));
                yield return new($"{f.Path} a null item", Set(new JsonArray(null, null)), new(422, f.Path + "[0]", "null"));
                break;
            case "object":
                yield return new($"{f.Path} an array", Set(new JsonArray()), new(422, f.Path, "type"));
                break;
            case "string":
                var textKind = f.Schema["x-zeren-text"]?.GetValue<string>();
                textKind.Should().NotBeNull($"{f.Path} is text, so the document says its kind");
                yield return new($"{f.Path} a number", Set(12345), new(422, f.Path, "type"));
                yield return new($"{f.Path} NUL", Set("甲\u0000乙"), new(422, f.Path, "text"));
                yield return new($"{f.Path} a control character", Set("甲\u001B乙"), new(422, f.Path, "text"));
                yield return new($"{f.Path} DEL", Set("甲\u007F乙"), new(422, f.Path, "text"));
                yield return new($"{f.Path} too long", Set(new string('x', 300_000)), new(422, f.Path, "length"));
                if (textKind != "verbatim")
                {
                    yield return new($"{f.Path} a direction override", Set("甲\u202E乙"), new(422, f.Path, "text"));
                    yield return new($"{f.Path} a direction isolate", Set("甲\u2067乙"), new(422, f.Path, "text"));
                }
                if (textKind == "single-line")
                {
                    yield return new($"{f.Path} a line break", Set("甲\n乙"), new(422, f.Path, "text"));
                    yield return new($"{f.Path} a tab", Set("甲\t乙"), new(422, f.Path, "text"));
                    yield return new($"{f.Path} a zero-width space", Set("甲\u200B乙"), new(422, f.Path, "text"));
                    yield return new($"{f.Path} a byte order mark", Set("甲\uFEFF乙"), new(422, f.Path, "text"));
                }
                break;
            default:
                throw new InvalidOperationException($"{f.Path}: the test does not know the schema {f.Schema.ToJsonString()}");
        }
    }

    private static string? Check(Case c, HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code >= 500)
        {
            return $"server error {code}: {body}";
        }
        if (code != c.Expect.Status)
        {
            return $"expected {c.Expect.Status}, got {code}: {Short(body)}";
        }
        using var problem = JsonDocument.Parse(body);
        var root = problem.RootElement;
        var title = root.GetProperty("title").GetString() ?? "";
        if (!title.Any(ch => ch >= '\u4E00' && ch <= '\u9FFF'))
        {
            return $"the title is not Chinese: {title}";
        }
        if (c.Expect.Field is null)
        {
            return root.TryGetProperty("code", out var codeProperty) && codeProperty.GetString() == c.Expect.Code ? null : $"expected code {c.Expect.Code}: {Short(body)}";
        }
        var errors = root.TryGetProperty("errors", out var e) ? e.EnumerateArray().Select(x => (Field: x.GetProperty("field").GetString(), Code: x.TryGetProperty("code", out var k) ? k.GetString() : null)).ToList() : [];
        if (!errors.Contains((c.Expect.Field, c.Expect.Code)))
        {
            return $"expected an error {c.Expect.Code} at “{c.Expect.Field}”: {Short(body)}";
        }
        if (c.Expect.NotRequired is { } optional && errors.Contains((optional, "required")))
        {
            return $"{optional} is not required in the document, but the server says it is missing";
        }
        return null;
    }

    private static string Short(string body) => body.Length <= 600 ? body : body[..600] + "…";

    // ---- the document ----

    private static IEnumerable<KeyValuePair<string, JsonObject>> JsonWriteRoutes(JsonObject document)
    {
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (method is "post" or "put" or "patch" or "delete" && operation?["requestBody"]?["content"]?["application/json"] is not null)
                {
                    yield return new($"{method.ToUpperInvariant()} {path}", operation.AsObject());
                }
            }
        }
    }

    private static JsonObject Resolve(JsonObject document, JsonObject schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(document, document["components"]!["schemas"]![reference.Split('/')[^1]]!.AsObject());
        }
        // A nullable reference: oneOf [null, $ref].
        if (schema["oneOf"] is JsonArray oneOf && oneOf.FirstOrDefault(s => s?["$ref"] is not null) is JsonObject target)
        {
            return Resolve(document, target);
        }
        return schema;
    }

    private static bool Nullable(JsonObject schema) =>
        Type(schema).Contains("null") || (schema["oneOf"] is JsonArray oneOf && oneOf.Any(s => s?["type"]?.ToString() == "null"));

    private static List<string> Type(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => [.. types.Select(t => t!.GetValue<string>())],
        JsonValue type => [type.GetValue<string>()],
        _ => [],
    };

    private static string Kind(JsonObject document, JsonObject schema)
    {
        var resolved = Resolve(document, schema);
        if (resolved["enum"] is not null)
        {
            return "enum";
        }
        var types = Type(resolved);
        var format = resolved["format"]?.GetValue<string>();
        return types.Contains("string") && format is "uuid" or "date" or "date-time" ? format
            : types.Contains("integer") ? "integer"
            : types.Contains("number") ? "number"
            : types.Contains("boolean") ? "boolean"
            : types.Contains("array") ? "array"
            : types.Contains("object") ? "object"
            : types.Contains("string") ? "string"
            : "unknown";
    }

    private static List<string> EnumNames(JsonObject document, JsonObject schema) =>
        [.. Resolve(document, schema)["enum"]!.AsArray().OfType<JsonNode>().Select(n => n.GetValue<string>())];

    // ---- building bodies ----

    private static string With(JsonObject valid, Action<JsonObject> change)
    {
        var copy = valid.DeepClone().AsObject();
        change(copy);
        return copy.ToJsonString();
    }

    private static string Mutate(JsonObject valid, Field f, Action<JsonObject, string> change)
    {
        var copy = valid.DeepClone().AsObject();
        change(f.Parent(copy), f.Name);
        return copy.ToJsonString();
    }

    private static string Replace(JsonObject valid, Field f, JsonNode? value)
    {
        var copy = valid.DeepClone().AsObject();
        if (f.InArray)
        {
            // The path is "…name[0]": the array is found from the parent of the array field.
            var arrayPath = f.Path[..^3];
            var array = Navigate(copy, arrayPath).AsArray();
            array[0] = value?.DeepClone();
        }
        else
        {
            f.Parent(copy)[f.Name] = value?.DeepClone();
        }
        return copy.ToJsonString();
    }

    private static JsonNode Navigate(JsonObject root, string path)
    {
        JsonNode node = root;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                node = node[part]!;
            }
            else
            {
                node = node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture)]!;
            }
        }
        return node;
    }

    private static HttpClient ClientFor(ContractWorld world, Sample sample) => sample.Caller switch
    {
        Caller.Anonymous => world.App.CreateClient(),
        Caller.SecurityAdmin => world.SecurityAdmin,
        Caller.SystemAdmin => world.SystemAdmin,
        Caller.Own => sample.Own!,
        _ => world.Admin,
    };
}
