using System.Net;
using FluentAssertions;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// A county with two townships, A (东坡镇) and B (西岭镇), each with a village, an empty village, people, a position, a
/// village-cadre link, a reserve, a grid and a meeting (recorded yesterday, chaired by the village's secretary; B's with a photo); B belongs to a region, and the
/// county has a second region no township belongs to; two county leaders, one linked to each township.
/// Made through the API by a county-wide administrator. <see cref="A"/> is a TownshipAdmin of A, <see cref="B"/> one of B.
/// Placeholders like <c>{Bv}</c> in a route or query stand for the id of B's record of that kind (see <see cref="Fill"/>).
/// </summary>
public sealed class ScopeWorld
{
    public const string CountyName = "青松县委";
    public const string RegionName = "西部片区";
    public const string EmptyRegionName = "北部片区";
    public const string AName = "东坡镇党委";
    public const string AvName = "东坡村党支部";
    public const string AvLeafName = "东坡新村党支部";
    public const string BName = "西岭镇党委";
    public const string BvName = "西岭村党支部";
    public const string BvLeafName = "西岭新村党支部";
    public const string APersonName = "东方明";
    public const string ACadreName = "东郭亮";
    public const string BPersonName = "西门雪";
    public const string BCadreName = "西乡远";
    public const string BLonerName = "西施华";
    public const string LeaderAName = "北堂远";
    public const string LeaderBName = "南宫岳";
    public const string AGridName = "东坡一组网格";
    public const string BGridName = "西岭一组网格";
    public const string AMeetingTopic = "东坡秋季学习会";
    public const string BMeetingTopic = "西岭秋季学习会";
    // Plans and projects
    public const string APlanText = "东坡镇年度党建思路：红色驿站";
    public const string BPlanText = "西岭镇年度党建思路：党建引领";
    public const string AProjectName = "东坡红色驿站项目";
    public const string BProjectName = "西岭产业党建项目";

    // Responsibility lists (责任清单)
    public const string AListTitle = "东坡镇村党支部书记责任清单";
    public const string BListTitle = "西岭镇村党支部书记责任清单";
    public const string AMatterTitle = "东坡鱼塘发包";
    public const string BMatterTitle = "西岭鱼塘发包";
    public const string BClerkName = "西门清";

    // Inspections (暗访)
    public const string AInspectionTeam = "东坡暗访组";

    // Supervision orders (督办单).
    public const string AOrderTitle = "东坡督办事项";
    public const string BOrderTitle = "西岭督办事项";

    // Assessment (考核): township B's schemes for its villages.
    public const string ASchemeName = "东坡村党组织考核";
    public const string BSchemeName = "西岭村党组织考核";
    public const string BSchemeFreeName = "西岭村党组织专项考核";
    // Problems (问题清单) and 举一反三: A's own, and B's in each state B's steps start from.
    public const string AProblemTitle = "东坡村记录不全";
    public const string ACommonTitle = "东坡村活动室挪用";
    public const string BProblemTitle = "西岭镇挂牌问题";
    public const string BRectifyingTitle = "西岭镇整改中问题";
    public const string BAppliedTitle = "西岭镇待销号问题";
    public const string BCommonTitle = "西岭村共性问题";

    private static readonly string[] OutsideKeys =
        ["Region", "EmptyRegion", "B", "Bv", "BvLeaf", "BGrid", "BPerson", "BCadre", "BLoner", "BPosition", "BLink", "BReserve", "LeaderB", "LeaderBLink", "BFile", "BMeeting", "BMeetingPhoto",
            "BOrder", "BOrderAcked", "BOrderAnswered",
        // assessment
        "BScheme", "BSchemeFree", "BRun", "BRunPublished", "BBonusItem",
            // inspections
            "BInspection", "CInspectionPlan", "CInspectionRound", "CInspectionGroup",
            // problems, self-checks and party-building audits
            "BProblem", "BProblemRectifying", "BProblemApplied", "BCommon", "BSelfCheck", "BEvidence", "BAuditUnit", "BAuditBranch",
        // Responsibility lists (责任清单)
        "BList", "BListOpen", "BListDone", "BListItem", "BDraftList",
        "BMatter", "BMatterStep",
        // Plans and projects
        "BPlan", "BProject", "BProgress"];

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    /// <summary>What the village-matters fixtures add to B (its 文书).</summary>
    private string[] OutsideMatters { get; set; } = [];

    private ScopeWorld(ZerenFactory app, string tag)
    {
        App = app;
        Tag = tag;
    }

    public ZerenFactory App { get; }
    public string Tag { get; }
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public OrgSummary County { get; private set; } = default!;
    public OrgSummary TownshipA { get; private set; } = default!;
    public OrgSummary TownshipB { get; private set; } = default!;
    public OrgSummary Av { get; private set; } = default!;
    public OrgSummary Bv { get; private set; } = default!;
    public PersonRow APerson { get; private set; } = default!;
    public PersonRow BPerson { get; private set; } = default!;
    public PersonRow BCadre { get; private set; } = default!;
    public PersonRow BLoner { get; private set; } = default!;

    /// <summary>The id (or other value) a placeholder stands for.</summary>
    public string this[string key] => values[key];

    public Guid Id(string key) => Guid.Parse(values[key]);

    /// <summary>What a TownshipAdmin of A must never see: B's names, codes and ids, the county above A, the region, B's county leader.</summary>
    public IReadOnlyList<string> OutsideA { get; private set; } = [];

    public string UserA => $"ta-{Tag}";
    public string UserB => $"tb-{Tag}";

    public HttpClient A => App.ClientAs(UserA, [Role.TownshipAdmin], TownshipA.Id);
    public HttpClient B => App.ClientAs(UserB, [Role.TownshipAdmin], TownshipB.Id);
    public HttpClient CountyAdmin => App.AdminClient();

    /// <summary>Replaces every {Key} by its value.</summary>
    public string Fill(string template)
    {
        foreach (var (key, value) in values)
        {
            template = template.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }
        return template;
    }

    /// <summary>The markers of <see cref="OutsideA"/> found in <paramref name="text"/>.</summary>
    public IReadOnlyList<string> OutsideAIn(string text) =>
        OutsideA.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)).ToList();

    public static async Task<ScopeWorld> CreateAsync(ZerenFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var world = new ScopeWorld(app, Guid.NewGuid().ToString("N")[..8]);
        await world.BuildAsync(app.AdminClient());
        return world;
    }

    private async Task BuildAsync(HttpClient admin)
    {
        var today = Today;
        County = await admin.CreateOrg(null, CountyName, code: TestData.Code("C"));
        var region = await Ok<RegionView>(admin.PostJson("/api/v1/regions", new OrgsApi.RegionInput(County.Id, RegionName, 1)));
        var emptyRegion = await Ok<RegionView>(admin.PostJson("/api/v1/regions", new OrgsApi.RegionInput(County.Id, EmptyRegionName, 2)));
        TownshipA = await admin.CreateOrg(County.Id, AName, code: TestData.Code("A"));
        TownshipB = await Created<OrgSummary>(admin.PostJson("/api/v1/orgs",
            new OrgInput(County.Id, TestData.Code("B"), BName, OrgKind.Committee, OrgDomain.Comprehensive, RegionId: region.Id)));
        Av = await admin.CreateOrg(TownshipA.Id, AvName, OrgKind.Branch, OrgDomain.Rural, TestData.Code("A"));
        var avLeaf = await admin.CreateOrg(TownshipA.Id, AvLeafName, OrgKind.Branch, OrgDomain.Rural, TestData.Code("A"));
        Bv = await admin.CreateOrg(TownshipB.Id, BvName, OrgKind.Branch, OrgDomain.Rural, TestData.Code("B"));

        var aGrid = await Ok<GridView>(admin.PostJson($"/api/v1/orgs/{Av.Id}/grids", new OrgsApi.GridInput(AGridName, 40, null)));
        var bGrid = await Ok<GridView>(admin.PostJson($"/api/v1/orgs/{Bv.Id}/grids", new OrgsApi.GridInput(BGridName, 50, null)));

        var aPersonIn = TestData.Member(Av.Id, APersonName);
        APerson = await admin.CreatePerson(aPersonIn);
        var aCadre = await admin.CreatePerson(TestData.Member(TownshipA.Id, ACadreName, new DateOnly(1995, 3, 1)));
        var bPersonIn = TestData.Member(Bv.Id, BPersonName);
        BPerson = await admin.CreatePerson(bPersonIn);
        var bCadreIn = TestData.Member(TownshipB.Id, BCadreName, new DateOnly(1996, 4, 2));
        BCadre = await admin.CreatePerson(bCadreIn);
        var bLonerIn = TestData.Member(Bv.Id, BLonerName, new DateOnly(1997, 5, 3));
        BLoner = await admin.CreatePerson(bLonerIn);
        var leaderA = await admin.CreatePerson(TestData.Member(County.Id, LeaderAName, new DateOnly(1968, 1, 1)));
        var leaderBIn = TestData.Member(County.Id, LeaderBName, new DateOnly(1969, 2, 2));
        var leaderB = await admin.CreatePerson(leaderBIn);

        var aPosition = await Ok<PositionView>(admin.PostJson("/api/v1/positions", new PeopleApi.PositionInput(Av.Id, APerson.Id, PositionTitle.Secretary, today.AddYears(-1))));
        var bPosition = await Ok<PositionView>(admin.PostJson("/api/v1/positions", new PeopleApi.PositionInput(Bv.Id, BPerson.Id, PositionTitle.Secretary, today.AddYears(-1))));
        await Ok<PositionView>(admin.PostJson("/api/v1/positions", new PeopleApi.PositionInput(County.Id, leaderA.Id, PositionTitle.CountyLeader, today.AddYears(-2))));
        await Ok<PositionView>(admin.PostJson("/api/v1/positions", new PeopleApi.PositionInput(County.Id, leaderB.Id, PositionTitle.CountyLeader, today.AddYears(-2))));

        var leaderALink = await Ok<LinkView>(admin.PostJson("/api/v1/links", new PeopleApi.LinkInput(LinkKind.CountyLeaderTownship, leaderA.Id, TownshipA.Id, today.AddYears(-1))));
        var leaderBLink = await Ok<LinkView>(admin.PostJson("/api/v1/links", new PeopleApi.LinkInput(LinkKind.CountyLeaderTownship, leaderB.Id, TownshipB.Id, today.AddYears(-1))));
        var aLink = await Ok<LinkView>(admin.PostJson("/api/v1/links", new PeopleApi.LinkInput(LinkKind.VillageCadre, aCadre.Id, Av.Id, today.AddMonths(-6))));
        var bLink = await Ok<LinkView>(admin.PostJson("/api/v1/links", new PeopleApi.LinkInput(LinkKind.VillageCadre, BCadre.Id, Bv.Id, today.AddMonths(-6))));

        var aReserve = await Ok<ReserveView>(admin.PostJson("/api/v1/reserves", new PeopleApi.ReserveInput(aCadre.Id, Av.Id, PositionTitle.Secretary, today.AddMonths(-1), null)));
        var bReserve = await Ok<ReserveView>(admin.PostJson("/api/v1/reserves", new PeopleApi.ReserveInput(BCadre.Id, Bv.Id, PositionTitle.Secretary, today.AddMonths(-1), null)));

        var bFile = await UploadAsync(admin, Bv.Id, BvName);
        var aMeeting = await MeetingAsync(admin, Av.Id, APerson.Id, [APerson.Id], AMeetingTopic);
        var bMeeting = await MeetingAsync(admin, Bv.Id, BPerson.Id, [BPerson.Id], BMeetingTopic);
        var bMeetingPhoto = await AttachAsync(admin, bMeeting, "西岭会议照片");
        // Responsibility lists (责任清单): each township's own list to its branches; B's has one item open, one reported done.
        var (aList, _, aItems) = await OwnListAsync(admin, TownshipA.Id, Av.Id, AListTitle);
        var (bList, bCells, bItems) = await OwnListAsync(admin, TownshipB.Id, Bv.Id, BListTitle);
        // A draft list of each township (never issued: it may be deleted).
        var aDraft = (await Created<Zeren.Core.Responsibilities.ListDetail>(admin.PostJson("/api/v1/responsibility-lists",
            new Zeren.Core.Responsibilities.ListInput(TownshipA.Id, Zeren.Core.Responsibilities.ListKind.Own, "东坡镇草稿清单", null, [ListItem("东坡草稿事项")])))).List.Id;
        var bDraft = (await Created<Zeren.Core.Responsibilities.ListDetail>(admin.PostJson("/api/v1/responsibility-lists",
            new Zeren.Core.Responsibilities.ListInput(TownshipB.Id, Zeren.Core.Responsibilities.ListKind.Own, "西岭镇草稿清单", null, [ListItem("西岭草稿事项")])))).List.Id;
        (await admin.PostJson($"/api/v1/responsibility-lists/completions/{bCells[1]}/done", new Zeren.Core.Responsibilities.DoneInput("西岭已完成"))).EnsureSuccessStatusCode();

        // 村级事务: one in each village; B's has its 提议 recorded (a 支委会 in B's ledger).
        var aMatter = await MatterAsync(admin, Av.Id, AMatterTitle);
        var bMatter = await MatterAsync(admin, Bv.Id, BMatterTitle);
        // Recorded by B's 文书, who is in no other record (BCadre stays deletable for the people routes' controls).
        var bClerkIn = TestData.Member(Bv.Id, BClerkName, new DateOnly(1990, 7, 7));
        var bClerk = await admin.CreatePerson(bClerkIn);
        await Ok<PositionView>(admin.PostJson("/api/v1/positions", new PeopleApi.PositionInput(Bv.Id, bClerk.Id, PositionTitle.Clerk, today.AddYears(-1))));
        var bMatterStep = await ProposalAsync(admin, bMatter, BPerson.Id, bClerk.Id, [BPerson.Id, BLoner.Id]);
        OutsideMatters = [BClerkName, bClerkIn.IdNumber!, bClerk.IdNumber!];

        // Supervision orders (督办单): township A's to its village; the county's to township B, one in each state B's
        // steps start from (B answers them, the county decides).
        var aOrder = await OrderAsync(admin, TownshipA.Id, Av.Id, AOrderTitle);
        var bOrder = await OrderAsync(admin, County.Id, TownshipB.Id, BOrderTitle);
        var bOrderAcked = await OrderAsync(admin, County.Id, TownshipB.Id, BOrderTitle);
        var bOrderAnswered = await OrderAsync(admin, County.Id, TownshipB.Id, BOrderTitle);
        await Ok<Zeren.Core.Supervision.OrderDetail>(B.PostJson($"/api/v1/supervision-orders/{bOrderAcked}/acknowledge", new { }));
        await Ok<Zeren.Core.Supervision.OrderDetail>(B.PostJson($"/api/v1/supervision-orders/{bOrderAnswered}/acknowledge", new { }));
        await Ok<Zeren.Core.Supervision.OrderDetail>(B.PostJson($"/api/v1/supervision-orders/{bOrderAnswered}/respond",
            new Zeren.Core.Supervision.RespondInput("西岭已整改", [])));

        // Problems (问题清单): township A's problem of its village.
        var aProblem = await Created<Zeren.Core.Rectification.ProblemDetail>(admin.PostJson("/api/v1/problems",
            new Zeren.Core.Rectification.ProblemDraft(Av.Id, Zeren.Core.Rectification.ProblemSource.Inspection, AProblemTitle, "记录不全。", Today.AddDays(20),
                IssuerOrgId: TownshipA.Id)));
        // 举一反三: A's common problem pushed to A's other branch.
        var aCommon = await Created<Zeren.Core.Rectification.ProblemDetail>(admin.PostJson("/api/v1/problems",
            new Zeren.Core.Rectification.ProblemDraft(Av.Id, Zeren.Core.Rectification.ProblemSource.Inspection, ACommonTitle, "挪作仓库。", Today.AddDays(20),
                IsCommon: true, IssuerOrgId: TownshipA.Id)));
        var aSelfCheck = await Created<Zeren.Core.Rectification.SelfCheckDetail>(admin.PostJson("/api/v1/self-checks",
            new Zeren.Core.Rectification.SelfCheckInput(aCommon.Problem.Id, Today.AddDays(10), OrgKind.Branch, UnderOrgId: TownshipA.Id)));
        // The county's problems of township B, one in each state B's steps (start, apply) and the county's (verify, return,
        // 转督办) start from, a file of B's kept for nothing (evidence for an application), and B's village's common problem
        // pushed by the county to township B itself (B answers it).
        var bProblem = await ProblemAsync(admin, TownshipB.Id, BProblemTitle);
        var bRectifying = await ProblemAsync(admin, TownshipB.Id, BRectifyingTitle);
        var bApplied = await ProblemAsync(admin, TownshipB.Id, BAppliedTitle);
        await Ok<Zeren.Core.Rectification.ProblemDetail>(B.PostJson($"/api/v1/problems/{bRectifying}/start", new Zeren.Core.Rectification.ProblemStartInput("西岭原因", "西岭措施")));
        await Ok<Zeren.Core.Rectification.ProblemDetail>(B.PostJson($"/api/v1/problems/{bApplied}/start", new Zeren.Core.Rectification.ProblemStartInput("西岭原因", "西岭措施")));
        var bAppliedFile = await UploadAsync(admin, TownshipB.Id, "西岭整改材料");
        await Ok<Zeren.Core.Rectification.ProblemDetail>(B.PostJson($"/api/v1/problems/{bApplied}/apply", new Zeren.Core.Rectification.ProblemApplyInput("西岭已整改", [bAppliedFile])));
        var bEvidence = await UploadAsync(admin, TownshipB.Id, "西岭佐证材料");
        var bCommon = await ProblemAsync(admin, Bv.Id, BCommonTitle, common: true);
        var bSelfCheck = await Created<Zeren.Core.Rectification.SelfCheckDetail>(admin.PostJson("/api/v1/self-checks",
            new Zeren.Core.Rectification.SelfCheckInput(bCommon, Today.AddDays(10), OrgKind.Committee, UnderOrgId: TownshipB.Id)));
        // Inspections (暗访): a visit to each township's village, and the county's plan (for tomorrow and so secret; drawn by
        // the county, outside A's scope anyway).
        var aInspection = await Created<Zeren.Core.Inspections.InspectionDetail>(admin.PostJson("/api/v1/inspections",
            new Zeren.Core.Inspections.InspectionInput(Av.Id, today, AInspectionTeam, 3, 5, [aGrid.Id])));
        // B's visit is to a grid of its own: a visited grid is kept (the inspection ledger), and BGrid is the one the
        // route table deletes.
        var bVisitedGrid = await Ok<GridView>(admin.PostJson($"/api/v1/orgs/{Bv.Id}/grids", new OrgsApi.GridInput("西岭暗访网格", 20, null)));
        var bInspection = await Created<Zeren.Core.Inspections.InspectionDetail>(admin.PostJson("/api/v1/inspections",
            new Zeren.Core.Inspections.InspectionInput(Bv.Id, today, "西岭暗访组", 2, 4, [bVisitedGrid.Id])));
        var inspector = await App.EnsureAccountAsync($"scope-insp-{Guid.NewGuid():N}"[..24], [Role.Inspector], County.Id);
        var cInspectionPlan = await Created<Zeren.Core.Inspections.PlanDetail>(admin.PostJson("/api/v1/inspection-plans/draw",
            new Zeren.Core.Inspections.PlanInput(2, 1, 1, 0, [inspector], today.AddDays(1), OrgId: County.Id)));
        // Inspection rounds (督导轮次): the county's round, in progress, with a group given B's village (outside A's scope).
        var cRound = await Created<Zeren.Core.Inspections.RoundDetail>(admin.PostJson("/api/v1/inspection-rounds",
            new Zeren.Core.Inspections.RoundInput("第一轮督查", today, today.AddDays(30), County.Id)));
        var cGroup = await Created<Zeren.Core.Inspections.GroupDetail>(admin.PostJson($"/api/v1/inspection-rounds/{cRound.Round.Id}/groups",
            new Zeren.Core.Inspections.GroupInput("第一督查组", inspector, [], [Bv.Id])));
        // Party-building audits (党建审计): a closed round of the county over both townships (a village of each drawn, all
        // passed), so each sees its own released result and not the other's.
        var closedAudit = await Created<Zeren.Core.PartyAudits.AuditRoundDetail>(admin.PostJson("/api/v1/audits",
            new Zeren.Core.PartyAudits.AuditRoundInput(Today.Year, "县级党建审计", [TownshipA.Id, TownshipB.Id], new Zeren.Core.PartyAudits.AuditSamplingRules(0, 0, 1, 1),
                OrgId: County.Id)));
        var closedDrawn = await Ok<Zeren.Core.PartyAudits.AuditRoundDetail>(admin.PostJson($"/api/v1/audits/{closedAudit.Id}/draw",
            new Zeren.Core.PartyAudits.AuditDrawInput(1)));
        foreach (var branch in closedDrawn.Units.SelectMany(u => u.Branches))
        {
            await Ok<Zeren.Core.PartyAudits.AuditBranchDetail>(admin.PutJson($"/api/v1/audits/{closedAudit.Id}/branches/{branch.Id}/scores",
                new Zeren.Core.PartyAudits.AuditScoreInput(closedDrawn.Items.Select(i => new Zeren.Core.PartyAudits.AuditItemScoreInput(i.Id, i.MaxPoints, true)).ToList())));
        }
        await Ok<Zeren.Core.PartyAudits.AuditCloseResult>(admin.PostJson($"/api/v1/audits/{closedAudit.Id}/close", new { }));
        var aAuditUnit = closedDrawn.Units.Single(u => u.OrgId == TownshipA.Id);
        var bAuditUnit = closedDrawn.Units.Single(u => u.OrgId == TownshipB.Id);

        // Obligations (待办事项): a report each township owes the county, submitted on its own page.
        Guid aObligation, bObligation;
        await using (var scope = App.Scope())
        {
            var obligations = scope.Get<ObligationService>();
            aObligation = await obligations.OpenAsync(new ObligationDraft("test.scope-report", "东坡测试报告", TownshipA.Id, today.AddDays(10), "Test",
                TownshipA.Id, IssuerOrgId: County.Id, HandledAtSource: false));
            bObligation = await obligations.OpenAsync(new ObligationDraft("test.scope-report", "西岭测试报告", TownshipB.Id, today.AddDays(10), "Test",
                TownshipB.Id, IssuerOrgId: County.Id, HandledAtSource: false));
        }

        // Plans and projects: each township's plan for the year (B's returned once), and a project in each ledger
        // started two months ago, B's with a progress entry.
        var aPlan = await PlanAsync(admin, TownshipA.Id, APerson.Id, APlanText, AProjectName + "（拟办）");
        var bPlan = await PlanAsync(admin, TownshipB.Id, BPerson.Id, BPlanText, BProjectName + "（拟办）");
        (await admin.PostJson($"/api/v1/plans/{bPlan}/return", new Zeren.Core.Projects.PlanReview("请细化目标"))).EnsureSuccessStatusCode();
        var aProject = await ProjectAsync(admin, TownshipA.Id, APerson.Id, AProjectName);
        var bProject = await ProjectAsync(admin, TownshipB.Id, BPerson.Id, BProjectName);
        var bProgress = await Created<Zeren.Core.Projects.ProgressView>(admin.PostJson($"/api/v1/projects/{bProject}/progress",
            new Zeren.Core.Projects.ProgressInput(today, "西岭完成场地选址", 20)));

        // Assessment (考核): township A assesses its villages; a run of it in preview.
        var aScheme = await Created<Zeren.Core.Assessment.SchemeView>(admin.PostJson("/api/v1/assessment-schemes",
            new Zeren.Core.Assessment.SchemeInput(Today.Year, Zeren.Core.Assessment.AssessedKind.Village, ASchemeName,
                [new Zeren.Core.Assessment.ItemInput("工作实绩", Zeren.Core.Assessment.ItemType.Score, null, 100)], OrgId: TownshipA.Id)));
        var aRun = await Created<Zeren.Core.Assessment.RunView>(admin.PostJson("/api/v1/scoring-runs",
            new Zeren.Core.Assessment.RunInput(aScheme.Id, Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        // Township B assesses its villages: a scheme with a run published (first quarter) and one in preview (the year), and
        // a scheme not yet run.
        Zeren.Core.Assessment.ItemInput[] bSchemeItems =
        [
            new("党建项目完成率", Zeren.Core.Assessment.ItemType.Score, "projects.completion", 100),
            new("西岭创新加分", Zeren.Core.Assessment.ItemType.Bonus, null, 2, Cap: 2),
        ];
        var bScheme = await Created<Zeren.Core.Assessment.SchemeView>(admin.PostJson("/api/v1/assessment-schemes",
            new Zeren.Core.Assessment.SchemeInput(Today.Year, Zeren.Core.Assessment.AssessedKind.Village, BSchemeName, bSchemeItems, OrgId: TownshipB.Id)));
        var bRunPublished = await Created<Zeren.Core.Assessment.RunView>(admin.PostJson("/api/v1/scoring-runs",
            new Zeren.Core.Assessment.RunInput(bScheme.Id, $"{Today.Year}-Q1")));
        await Ok<Zeren.Core.Assessment.RunView>(admin.PostJson($"/api/v1/scoring-runs/{bRunPublished.Run.Id}/publish", new { }));
        var bRun = await Created<Zeren.Core.Assessment.RunView>(admin.PostJson("/api/v1/scoring-runs",
            new Zeren.Core.Assessment.RunInput(bScheme.Id, Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var bSchemeFree = await Created<Zeren.Core.Assessment.SchemeView>(admin.PostJson("/api/v1/assessment-schemes",
            new Zeren.Core.Assessment.SchemeInput(Today.Year, Zeren.Core.Assessment.AssessedKind.Village, BSchemeFreeName, bSchemeItems, OrgId: TownshipB.Id)));
        // B's second village comes after the draw and the assessment runs, so neither the plan (which keeps its villages) nor
        // a run's results hold the one the route table deletes.
        var bvLeaf = await admin.CreateOrg(TownshipB.Id, BvLeafName, OrgKind.Branch, OrgDomain.Rural, TestData.Code("B"));

        // Party-building audits (党建审计): the county audits township A, its village drawn (not closed).
        var aAudit = await Created<Zeren.Core.PartyAudits.AuditRoundDetail>(admin.PostJson("/api/v1/audits",
            new Zeren.Core.PartyAudits.AuditRoundInput(Today.Year, "东坡党建审计", [TownshipA.Id], new Zeren.Core.PartyAudits.AuditSamplingRules(0, 0, 1, 1),
                OrgId: County.Id)));
        var aAuditDrawn = await Ok<Zeren.Core.PartyAudits.AuditRoundDetail>(admin.PostJson($"/api/v1/audits/{aAudit.Id}/draw",
            new Zeren.Core.PartyAudits.AuditDrawInput(1)));

        // Competitions (擂台赛): township A's, its village branch competing (a draft).
        var aCompetition = await Created<Zeren.Core.Competitions.CompetitionDetail>(admin.PostJson("/api/v1/competitions",
            new Zeren.Core.Competitions.CompetitionInput("东坡擂台赛", Zeren.Core.Competitions.CompetitionTheme.PartyBuilding,
                Zeren.Core.Platform.Period.Containing(Today, Zeren.Core.Platform.PeriodKind.Quarter).ToString(), TownshipA.Id, ContestantOrgIds: [Av.Id])));

        // Standardization checklists (标准化建设清单): township A's 达标型 checklist of this year (default items).
        var aChecklist = await Created<Zeren.Core.Checklists.ChecklistTemplateDetail>(admin.PostJson("/api/v1/checklists/templates",
            new Zeren.Core.Checklists.ChecklistTemplateInput(Today.Year, Zeren.Core.Checklists.ChecklistKind.Standard, OrgId: TownshipA.Id)));

        var ids = new Dictionary<string, Guid>
        {
            ["C"] = County.Id, ["Region"] = region.Id, ["EmptyRegion"] = emptyRegion.Id,
            ["A"] = TownshipA.Id, ["Av"] = Av.Id, ["AvLeaf"] = avLeaf.Id, ["AGrid"] = aGrid.Id,
            ["APerson"] = APerson.Id, ["ACadre"] = aCadre.Id, ["APosition"] = aPosition.Id, ["ALink"] = aLink.Id, ["AReserve"] = aReserve.Id,
            ["LeaderA"] = leaderA.Id, ["LeaderALink"] = leaderALink.Id,
            ["B"] = TownshipB.Id, ["Bv"] = Bv.Id, ["BvLeaf"] = bvLeaf.Id, ["BGrid"] = bGrid.Id,
            ["BPerson"] = BPerson.Id, ["BCadre"] = BCadre.Id, ["BLoner"] = BLoner.Id, ["BPosition"] = bPosition.Id, ["BLink"] = bLink.Id,
            ["BReserve"] = bReserve.Id, ["LeaderB"] = leaderB.Id, ["LeaderBLink"] = leaderBLink.Id, ["BFile"] = bFile,
            ["AMeeting"] = aMeeting, ["BMeeting"] = bMeeting, ["BMeetingPhoto"] = bMeetingPhoto,
            ["AProblem"] = aProblem.Problem.Id, ["ASelfCheck"] = aSelfCheck.Id,
            ["BProblem"] = bProblem, ["BProblemRectifying"] = bRectifying, ["BProblemApplied"] = bApplied, ["BCommon"] = bCommon, ["BSelfCheck"] = bSelfCheck.Id,
            ["BEvidence"] = bEvidence, ["ClosedAudit"] = closedAudit.Id, ["AClosedAuditUnit"] = aAuditUnit.Id, ["BAuditUnit"] = bAuditUnit.Id,
            ["BAuditBranch"] = bAuditUnit.Branches[0].Id,
            ["AInspection"] = aInspection.Inspection.Id, ["BInspection"] = bInspection.Inspection.Id, ["CInspectionPlan"] = cInspectionPlan.Plan.Id,
            ["CInspectionRound"] = cRound.Round.Id, ["CInspectionGroup"] = cGroup.Group.Id,
            ["AOrder"] = aOrder, ["BOrder"] = bOrder, ["BOrderAcked"] = bOrderAcked, ["BOrderAnswered"] = bOrderAnswered,
            ["AList"] = aList, ["BList"] = bList, ["BListOpen"] = bCells[0], ["BListDone"] = bCells[1],
            ["AListItem"] = aItems[0], ["AListItem2"] = aItems[1], ["BListItem"] = bItems[0], ["ADraftList"] = aDraft, ["BDraftList"] = bDraft,
            ["AObligation"] = aObligation, ["BObligation"] = bObligation,
            ["AMatter"] = aMatter, ["BMatter"] = bMatter, ["BMatterStep"] = bMatterStep,
            ["APlan"] = aPlan, ["BPlan"] = bPlan, ["AProject"] = aProject, ["BProject"] = bProject, ["BProgress"] = bProgress.Id,
            // Assessment (考核)
            ["AScheme"] = aScheme.Id, ["ARun"] = aRun.Run.Id,
            ["BScheme"] = bScheme.Id, ["BSchemeFree"] = bSchemeFree.Id, ["BRun"] = bRun.Run.Id, ["BRunPublished"] = bRunPublished.Run.Id,
            ["BBonusItem"] = bScheme.Items.Single(i => i.Type == Zeren.Core.Assessment.ItemType.Bonus).Id,
            // Party-building audits (党建审计)
            ["AAudit"] = aAudit.Id, ["AAuditUnit"] = aAuditDrawn.Units[0].Id, ["AAuditBranch"] = aAuditDrawn.Units[0].Branches[0].Id,
            // Competitions (擂台赛)
            ["ACompetition"] = aCompetition.Id,
            // Standardization checklists (标准化建设清单)
            ["AChecklist"] = aChecklist.Id, ["AChecklistItem"] = aChecklist.Items[0].Id,
        };
        foreach (var (key, id) in ids)
        {
            values[key] = id.ToString();
        }
        values["ACode"] = TownshipA.Code;
        values["AvCode"] = Av.Code;
        values["BCode"] = TownshipB.Code;
        values["BvCode"] = Bv.Code;
        values["BvLeafCode"] = bvLeaf.Code;
        values["BPersonIdNumber"] = bPersonIn.IdNumber!;
        values["APersonIdNumber"] = aPersonIn.IdNumber!;
        values["Year"] = MeetingDay.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        values["Month"] = MeetingDay.Month.ToString(System.Globalization.CultureInfo.InvariantCulture);
        values["YearMonth"] = MeetingDay.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        values["PlanYear"] = PlanYear.ToString(System.Globalization.CultureInfo.InvariantCulture);
        values["LastMonth"] = Today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        OutsideA =
        [
            CountyName, RegionName, EmptyRegionName, BName, BvName, BvLeafName, BPersonName, BCadreName, BLonerName, LeaderBName, BGridName, BMeetingTopic, BOrderTitle, BListTitle, BMatterTitle,
            BPlanText, BProjectName, BSchemeName, BSchemeFreeName,
            BProblemTitle, BRectifyingTitle, BAppliedTitle, BCommonTitle,
            TownshipB.Code, Bv.Code, bvLeaf.Code, // B's ID numbers in full, and as lists show them masked.
            bPersonIn.IdNumber!, bCadreIn.IdNumber!, bLonerIn.IdNumber!, leaderBIn.IdNumber!,
            BPerson.IdNumber!, BCadre.IdNumber!, BLoner.IdNumber!, leaderB.IdNumber!,
            .. OutsideMatters,
            .. OutsideKeys.Select(k => values[k]),
        ];
    }

    /// <summary>A small upload that passes as a PNG (by its first bytes) and carries <paramref name="text"/>, so a download shows whose it is.</summary>
    public static MultipartFormDataContent Png(string text)
    {
        byte[] magic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        var file = new ByteArrayContent([.. magic, .. System.Text.Encoding.UTF8.GetBytes(" " + text + " ")]);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "file", "附件.png" } };
    }

    private static async Task<Guid> UploadAsync(HttpClient admin, Guid orgId, string text)
    {
        using var content = Png(text);
        var response = await admin.PostAsync(new Uri($"/api/v1/files?orgId={orgId}", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The day the world's meetings were held: yesterday in China, always in the past and inside the 7 days a meeting may still be deleted.</summary>
    public static DateOnly MeetingDay => Today.AddDays(-1);

    /// <summary>A study meeting (学习会) of a branch yesterday at 09:00 China time with these members present.</summary>
    public static Zeren.Core.Meetings.MeetingInput Meeting(Guid orgId, Guid chairId, IEnumerable<Guid> present, string topic)
    {
        var start = new DateTimeOffset(MeetingDay.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        return new(orgId, start, start.AddHours(2), "党群服务中心", [Zeren.Core.Meetings.MeetingType.Study], topic, chairId, null,
            present.Select(id => new Zeren.Core.Meetings.AttendeeInput(id, Zeren.Core.Meetings.AttendanceStatus.Present)).ToList());
    }

    /// <summary>A village matter (村级事务) started 30 days ago; returns its id.</summary>
    private static async Task<Guid> MatterAsync(HttpClient admin, Guid villageId, string title)
    {
        var response = await admin.PostJson("/api/v1/matters",
            new Zeren.Core.Decisions.MatterInput(villageId, title, Zeren.Core.Decisions.MatterCategory.CollectiveAssets, "村党支部", StartedOn: Today.AddDays(-30)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("matter").GetProperty("id").GetGuid();
    }

    /// <summary>The matter's 提议, chaired by the secretary and recorded by the 文书, yesterday; returns the step's id.</summary>
    private static async Task<Guid> ProposalAsync(HttpClient admin, Guid matterId, Guid secretaryId, Guid clerkId, IReadOnlyList<Guid> present)
    {
        var response = await admin.PostJson($"/api/v1/matters/{matterId}/steps", new Zeren.Core.Decisions.StepInput(
            Zeren.Core.Decisions.MatterStep.Proposal, MeetingDay, secretaryId, clerkId, "党群服务中心", "14:00", "15:00",
            present.Select(id => new Zeren.Core.Meetings.AttendeeInput(id, Zeren.Core.Meetings.AttendanceStatus.Present)).ToList(), Summary: "支委会提议"));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("steps")[0].GetProperty("id").GetGuid();
    }

    /// <summary>A meeting photo (会议照片) as the attachment upload takes it: <see cref="Png"/> with the field kind.</summary>
    public static MultipartFormDataContent MeetingPhoto(string text)
    {
        var content = Png(text);
        content.Add(new StringContent("Photo"), "kind");
        return content;
    }

    /// <summary>Keeps a photo with a meeting; returns the attachment's id.</summary>
    private static async Task<Guid> AttachAsync(HttpClient admin, Guid meetingId, string text)
    {
        using var content = MeetingPhoto(text);
        var response = await admin.PostAsync(new Uri($"/api/v1/meetings/{meetingId}/attachments", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> MeetingAsync(HttpClient admin, Guid orgId, Guid chairId, IEnumerable<Guid> present, string topic)
    {
        var meeting = await Created<Zeren.Core.Meetings.MeetingDetail>(admin.PostJson("/api/v1/meetings", Meeting(orgId, chairId, present, topic)));
        return meeting.Meeting.Id;
    }

    /// <summary>A problem of <paramref name="orgId"/> issued by the county (挂牌 by the county-wide administrator), due in twenty days; its id.</summary>
    private async Task<Guid> ProblemAsync(HttpClient admin, Guid orgId, string title, bool common = false)
    {
        var problem = await Created<Zeren.Core.Rectification.ProblemDetail>(admin.PostJson("/api/v1/problems",
            new Zeren.Core.Rectification.ProblemDraft(orgId, Zeren.Core.Rectification.ProblemSource.Inspection, title, title + "：请整改。", Today.AddDays(20),
                IsCommon: common, IssuerOrgId: County.Id)));
        return problem.Problem.Id;
    }

    /// <summary>An order (督办单) from <paramref name="issuerId"/> to <paramref name="orgId"/>, due in ten days; its id.</summary>
    private static async Task<Guid> OrderAsync(HttpClient admin, Guid issuerId, Guid orgId, string title)
    {
        var order = await Created<Zeren.Core.Supervision.OrderDetail>(admin.PostJson("/api/v1/supervision-orders",
            new Zeren.Core.Supervision.SupervisionOrderInput(orgId, title, title + "：请整改。", null, Today.AddDays(10), issuerId)));
        return order.Order.Id;
    }

    /// <summary>An item of a responsibility list: due in a month, answered for by each branch's secretary.</summary>
    public static Zeren.Core.Responsibilities.ItemInput ListItem(string content) =>
        new(content, "有记录、有佐证", Today.AddDays(30), ResponsibilityRole.Specific, null);

    /// <summary>
    /// A township's own list of two items issued to one of its branches (the other branch stays free to be deleted);
    /// returns the list and the two items' records there.
    /// </summary>
    private static async Task<(Guid List, Guid[] Cells, Guid[] Items)> OwnListAsync(HttpClient admin, Guid townshipId, Guid branchId, string title)
    {
        var list = await Created<Zeren.Core.Responsibilities.ListDetail>(admin.PostJson("/api/v1/responsibility-lists",
            new Zeren.Core.Responsibilities.ListInput(townshipId, Zeren.Core.Responsibilities.ListKind.Own, title, null, [ListItem(title + "一"), ListItem(title + "二")])));
        await Ok<Zeren.Core.Responsibilities.IssueResult>(admin.PostJson($"/api/v1/responsibility-lists/{list.List.Id}/issue",
            new Zeren.Core.Responsibilities.IssueInput(null, [branchId])));
        var rows = await admin.GetFromJson<Zeren.Core.Platform.Paged<Zeren.Core.Responsibilities.ReceiverRow>>($"/api/v1/responsibility-lists/{list.List.Id}/receivers");
        return (list.List.Id, rows.Items[0].Cells.Select(c => c.CompletionId).ToArray(), rows.Items[0].Cells.Select(c => c.ItemId).ToArray());
    }

    /// <summary>The year of the world's plans (this year in China).</summary>
    public static int PlanYear => Today.Year;

    /// <summary>A plan's intended project with all five 定, started two months ago and due in four.</summary>
    public static Zeren.Core.Projects.ProjectTerms Terms(Guid personId, string name) =>
        new(name, "建成并投入使用", "书记牵头，组织委员具体负责", personId, Today.AddMonths(-2), Today.AddMonths(4));

    private static async Task<Guid> PlanAsync(HttpClient admin, Guid orgId, Guid personId, string text, string project)
    {
        var plan = await Created<Zeren.Core.Projects.PlanDetail>(admin.PostJson("/api/v1/plans",
            new Zeren.Core.Projects.PlanInput(orgId, PlanYear, text, [Terms(personId, project)])));
        return plan.Plan.Id;
    }

    /// <summary>A project of a township's ledger with all five 定, started two months ago.</summary>
    public static Zeren.Core.Projects.ProjectInput Project(Guid orgId, Guid personId, string name) =>
        new(orgId, name, "建成并投入使用", "书记牵头，组织委员具体负责", personId, Today.AddMonths(-2), Today.AddMonths(4),
            [new Zeren.Core.Projects.MilestoneInput("完成方案", Today.AddMonths(-1))]);

    private static async Task<Guid> ProjectAsync(HttpClient admin, Guid orgId, Guid personId, string name)
    {
        var project = await Created<Zeren.Core.Projects.ProjectDetail>(admin.PostJson("/api/v1/projects", Project(orgId, personId, name)));
        return project.Project.Id;
    }

    private static async Task<T> Ok<T>(Task<HttpResponseMessage> request)
    {
        var response = await request;
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<T>();
    }

    private static async Task<T> Created<T>(Task<HttpResponseMessage> request)
    {
        var response = await request;
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<T>();
    }
}
