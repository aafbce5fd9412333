using System.Globalization;
using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Supervision;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Supervision;

/// <summary>
/// 督办单 through /api/v1/supervision-orders: numbering (督办〔年〕N号, per issuer and year, without gaps or duplicates, also
/// when many issue at once), the steps and who may take them, refused transitions, overdue and 重点督办, bulk issuance
/// all or nothing, and the register's export; on both databases.
/// </summary>
public class SupervisionOrdersApiTests
{
    /// <summary>
    /// 县委 → 镇党委 → 村党支部 and a second village (邻村), with accounts: the county's administrator, the township's, a clerk
    /// of each village.
    /// </summary>
    internal sealed record World(ZerenFactory App, OrgSummary County, OrgSummary Township, OrgSummary Village, OrgSummary Neighbour,
        HttpClient CountyUser, HttpClient TownshipUser, HttpClient Clerk, HttpClient NeighbourClerk)
    {
        public static int Year => ChinaTime.Today(TimeProvider.System).Year;

        public static string Number(int n) => SupervisionOrder.Format(Year, n);
    }

    internal static async Task<World> CreateWorld(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var (county, township, village) = await admin.CreateCounty();
        var neighbour = await admin.CreateOrg(township.Id, "邻村党支部", OrgKind.Branch, OrgDomain.Rural);
        var tag = Guid.NewGuid().ToString("N")[..8];
        return new World(app, county, township, village, neighbour,
            app.ClientAs($"so-c-{tag}", [Role.CountyAdmin], county.Id),
            app.ClientAs($"so-t-{tag}", [Role.TownshipAdmin], township.Id),
            app.ClientAs($"so-v-{tag}", [Role.BranchClerk], village.Id),
            app.ClientAs($"so-n-{tag}", [Role.BranchClerk], neighbour.Id));
    }

    internal static DateOnly Today => ChinaTime.Today(TimeProvider.System);

    internal static SupervisionOrderInput Order(Guid orgId, string title = "整改三会一课落实不到位问题", DateOnly? dueOn = null) =>
        new(orgId, title, "十月份支部委员会未按期召开。\n请说明原因并补开。", "附会议记录照片", dueOn ?? Today.AddDays(10),
            SourceType: SupervisionSources.MeetingCompliance, SourceId: orgId.ToString(), SourceTitle: "2026年10月三会一课");

    internal static async Task<OrderDetail> Issue(HttpClient client, SupervisionOrderInput input)
    {
        var response = await client.PostJson("/api/v1/supervision-orders", input);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<OrderDetail>();
    }

    private static async Task<OrderDetail> Step(HttpClient client, Guid id, string step, object? body = null)
    {
        var response = await client.PostJson($"/api/v1/supervision-orders/{id}/{step}", body ?? new { });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<OrderDetail>();
    }

    private static async Task<Problem> Refused(HttpClient client, Guid id, string step, object? body, HttpStatusCode status)
    {
        var response = await client.PostJson($"/api/v1/supervision-orders/{id}/{step}", body ?? new { });
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<Problem>();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Order_GoesFromIssuedThroughAReturnToClosed_EachSideTakingItsOwnSteps(string provider)
    {
        var w = await CreateWorld(provider);

        var issued = await Issue(w.CountyUser, Order(w.Village.Id));
        issued.Order.NumberText.Should().Be(World.Number(1));
        issued.Order.State.Should().Be(SupervisionState.Issued);
        issued.Order.IssuerName.Should().Be("测试县委");
        issued.Order.OrgName.Should().Be("测试村党支部");
        issued.Steps.Should().Be(new OrderSteps(false, false, false, false, true), "the issuer may only escalate an issued order");
        var id = issued.Order.Id;

        var seen = await w.Clerk.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{id}");
        seen.Steps.Should().Be(new OrderSteps(true, false, false, false, false), "the receiver acknowledges first");
        seen.Order.IssuerName.Should().Be("测试县委", "the receiver sees who asks, though the county lies above its scope");

        (await Step(w.Clerk, id, "acknowledge")).Order.State.Should().Be(SupervisionState.Acknowledged);
        var answered = await Step(w.Clerk, id, "respond", new RespondInput("已于11月补开支部委员会。", []));
        answered.Order.State.Should().Be(SupervisionState.Responded);
        answered.Order.RespondedLate.Should().BeFalse();

        var returned = await Step(w.CountyUser, id, "return", new ReturnInput("未附会议记录"));
        returned.Order.State.Should().Be(SupervisionState.Acknowledged);
        returned.Order.ReturnCount.Should().Be(1);
        (await w.Clerk.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{id}")).Steps.Respond.Should().BeTrue("a returned order is the receiver's to answer again");

        await Step(w.Clerk, id, "respond", new RespondInput("补充会议记录。", []));
        var closed = await Step(w.CountyUser, id, "verify", new VerifyInput("已核实"));
        closed.Order.State.Should().Be(SupervisionState.Closed);
        closed.Steps.Any.Should().BeFalse();
        closed.History.Select(h => h.Action).Should().Equal(
            SupervisionAction.Issue, SupervisionAction.Acknowledge, SupervisionAction.Respond, SupervisionAction.Return,
            SupervisionAction.Respond, SupervisionAction.Verify);
        closed.History[3].Text.Should().Be("未附会议记录");
        closed.History[2].ByOrgName.Should().Be("测试村党支部");

        (await Issue(w.CountyUser, Order(w.Neighbour.Id))).Order.NumberText.Should().Be(World.Number(2), "numbers run on per issuer and year");
        (await Issue(w.TownshipUser, Order(w.Neighbour.Id))).Order.NumberText.Should().Be(World.Number(1), "each issuer counts on its own");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Response_BySomeoneOutsideTheReceivingOrganization_IsRefused_AndSavesNothing(string provider)
    {
        var w = await CreateWorld(provider);
        var id = (await Issue(w.CountyUser, Order(w.Village.Id))).Order.Id;
        await Step(w.Clerk, id, "acknowledge");
        var before = await w.CountyUser.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{id}");
        var answer = new RespondInput("由上级代为反馈。", []);

        // The township above the village sees the order, but it is not the village's to answer for.
        var township = await Refused(w.TownshipUser, id, "respond", answer, HttpStatusCode.Forbidden);
        township.Code.Should().Be("order_not_receiver");
        township.Detail.Should().Contain("测试村党支部").And.Contain("承办单位");
        (await Refused(w.CountyUser, id, "respond", answer, HttpStatusCode.Forbidden)).Code.Should().Be("order_not_receiver");
        // The neighbouring village does not see it at all.
        (await w.NeighbourClerk.PostJson($"/api/v1/supervision-orders/{id}/respond", answer)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var after = await w.CountyUser.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{id}");
        after.Order.State.Should().Be(SupervisionState.Acknowledged);
        after.History.Should().HaveCount(before.History.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task IllegalTransitions_AreRefusedInChinese_AndChangeNothing(string provider)
    {
        var w = await CreateWorld(provider);
        var id = (await Issue(w.CountyUser, Order(w.Village.Id))).Order.Id;

        var early = await Refused(w.Clerk, id, "respond", new RespondInput("直接反馈", []), HttpStatusCode.UnprocessableEntity);
        early.Code.Should().Be("order_transition");
        early.Detail.Should().Contain("已下发").And.Contain("已签收");
        (await Refused(w.CountyUser, id, "verify", new VerifyInput(null), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("order_transition");
        (await Refused(w.CountyUser, id, "return", new ReturnInput("退回"), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("order_transition");
        (await Refused(w.CountyUser, id, "acknowledge", null, HttpStatusCode.Forbidden)).Code.Should().Be("order_not_receiver");
        (await Refused(w.Clerk, id, "escalate", new EscalateInput(null), HttpStatusCode.Forbidden)).Status.Should().Be(403);

        await Step(w.Clerk, id, "acknowledge");
        (await Refused(w.Clerk, id, "acknowledge", null, HttpStatusCode.UnprocessableEntity)).Code.Should().Be("order_transition");
        var blank = await Refused(w.Clerk, id, "respond", new RespondInput("   ", []), HttpStatusCode.UnprocessableEntity);
        blank.Code.Should().Be("order_response_required");
        await Step(w.Clerk, id, "respond", new RespondInput("已整改。", []));
        (await Refused(w.CountyUser, id, "return", new ReturnInput(" "), HttpStatusCode.UnprocessableEntity)).Errors!.Should().Contain(e => e.Field == "reason");
        (await Refused(w.Clerk, id, "verify", new VerifyInput(null), HttpStatusCode.Forbidden)).Status.Should().Be(403);

        await Step(w.CountyUser, id, "escalate", new EscalateInput("多次督促未果"));
        (await Refused(w.CountyUser, id, "escalate", new EscalateInput(null), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("order_already_escalated");
        await Step(w.CountyUser, id, "verify", new VerifyInput(null));
        (await Refused(w.Clerk, id, "respond", new RespondInput("再反馈", []), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("order_transition");
        (await Refused(w.CountyUser, id, "return", new ReturnInput("再退回"), HttpStatusCode.UnprocessableEntity)).Code.Should().Be("order_transition");

        var final = await w.CountyUser.GetFromJson<OrderDetail>($"/api/v1/supervision-orders/{id}");
        final.Order.State.Should().Be(SupervisionState.Closed);
        final.History.Select(h => h.Action).Should().Equal(
            SupervisionAction.Issue, SupervisionAction.Acknowledge, SupervisionAction.Respond, SupervisionAction.Escalate, SupervisionAction.Verify);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Issue_WithBadInput_NamesEveryFault_AndIssuesNothing(string provider)
    {
        var w = await CreateWorld(provider);
        var bad = Order(w.Village.Id, title: " ", dueOn: Today.AddDays(-1)) with { Content = "", SourceType = "Bad Type", SourceLink = "https://elsewhere.example/x" };

        var response = await w.CountyUser.PostJson("/api/v1/supervision-orders", bad);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Errors!.Select(e => e.Code).Should().Equal("order_title_required", "order_content_required", "order_due_past", "order_source_type", "order_source_link");
        problem.Title.Should().NotBeNullOrEmpty();

        // A township issues to the organizations below it only; a branch issues none.
        var self = await w.TownshipUser.PostJson("/api/v1/supervision-orders", Order(w.Township.Id));
        self.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await self.ReadAs<Problem>()).Code.Should().Be("order_receiver_not_below");
        (await w.Clerk.PostJson("/api/v1/supervision-orders", Order(w.Neighbour.Id))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var inAnotherName = await w.TownshipUser.PostJson("/api/v1/supervision-orders", Order(w.Village.Id) with { IssuerOrgId = w.County.Id });
        inAnotherName.StatusCode.Should().Be(HttpStatusCode.NotFound, "the county lies outside the township's scope");

        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}")).Total.Should().Be(0);
        (await Issue(w.CountyUser, Order(w.Village.Id))).Order.NumberText.Should().Be(World.Number(1), "a refusal takes no number");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BulkIssue_IsAllOrNothing_OneOrderPerReceiver_NumberedInTurn(string provider)
    {
        var w = await CreateWorld(provider);
        var bad = new BulkOrderInput("补开十月支部委员会", "十月支部委员会缺项。", null, Today.AddDays(7),
            [new OrderTarget(w.Village.Id, "meetings.compliance", "a", "十月"), new OrderTarget(w.County.Id), new OrderTarget(w.Neighbour.Id, SourceLink: "//evil")]);

        var refused = await w.CountyUser.PostJson("/api/v1/supervision-orders/bulk", bad);

        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.ReadAs<Problem>();
        problem.Errors!.Select(e => e.Field).Should().BeEquivalentTo(["targets[1].orgId", "targets[2].sourceLink"]);
        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}")).Total.Should().Be(0, "nothing is issued");

        var good = bad with { Targets = [new OrderTarget(w.Village.Id, "meetings.compliance", "a", "十月"), new OrderTarget(w.Neighbour.Id, "meetings.compliance", "b", "十月")] };
        var response = await w.CountyUser.PostJson("/api/v1/supervision-orders/bulk", good);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var result = await response.ReadAs<BulkIssueResult>();
        result.Orders.Select(o => o.NumberText).Should().Equal(World.Number(1), World.Number(2));
        result.Orders.Select(o => o.OrgId).Should().Equal(w.Village.Id, w.Neighbour.Id);
        var batch = await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?batchId={result.BatchId}");
        batch.Total.Should().Be(2);
        (await w.Clerk.GetFromJson<Paged<OrderRow>>("/api/v1/supervision-orders?side=Received")).Items.Should().ContainSingle()
            .Which.OrgId.Should().Be(w.Village.Id, "each receiver sees its own order only");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ManyIssuingAtOnce_GetEveryNumberOnce_WithoutGaps(string provider)
    {
        var w = await CreateWorld(provider);
        const int count = 16;
        var clients = Enumerable.Range(0, count).Select(_ => w.App.ClientAs("so-c-" + w.County.Id.ToString("N")[..10], [Role.CountyAdmin], w.County.Id)).ToList();

        var responses = await Task.WhenAll(clients.Select((c, i) =>
            c.PostJson("/api/v1/supervision-orders", Order(i % 2 == 0 ? w.Village.Id : w.Neighbour.Id, $"并发下发 {i}"))));

        foreach (var r in responses)
        {
            r.StatusCode.Should().Be(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        }
        var numbers = new List<int>();
        foreach (var r in responses)
        {
            numbers.Add((await r.ReadAs<OrderDetail>()).Order.Number);
        }
        numbers.Order().Should().Equal(Enumerable.Range(1, count));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PastItsDeadline_AnOpenOrderIsOverdue_UntilClosed_AndEscalationIsFiltered(string provider)
    {
        var w = await CreateWorld(provider);
        var late = (await Issue(w.CountyUser, Order(w.Village.Id, "逾期的督办"))).Order.Id;
        var onTime = (await Issue(w.CountyUser, Order(w.Neighbour.Id, "未到期的督办"))).Order.Id;
        await MoveDeadline(w.App, late, Today.AddDays(-2));

        var overdue = await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}&overdue=true");
        overdue.Items.Select(o => o.Id).Should().Equal(late);
        overdue.Items[0].IsOverdue.Should().BeTrue();
        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}&overdue=false")).Items.Select(o => o.Id).Should().Equal(onTime);

        await Step(w.CountyUser, late, "escalate", new EscalateInput("逾期未办"));
        var register = await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}");
        register.Items[0].Id.Should().Be(late, "open 重点督办 orders head the register");
        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}&escalated=true")).Items.Select(o => o.Id).Should().Equal(late);

        await Step(w.Clerk, late, "acknowledge");
        var answered = await Step(w.Clerk, late, "respond", new RespondInput("已补办。", []));
        answered.Order.RespondedLate.Should().BeTrue();
        answered.Order.IsOverdue.Should().BeTrue("an answer the issuer has not verified does not stop the clock");
        var closed = await Step(w.CountyUser, late, "verify", new VerifyInput(null));
        closed.Order.IsOverdue.Should().BeFalse();
        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}&overdue=true")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Register_FiltersByStateYearAndNumber_AndExportsToExcel(string provider)
    {
        var w = await CreateWorld(provider);
        var first = (await Issue(w.CountyUser, Order(w.Village.Id, "第一份督办"))).Order;
        await Issue(w.CountyUser, Order(w.Neighbour.Id, "第二份督办"));
        await Step(w.Clerk, first.Id, "acknowledge");
        var year = World.Year.ToString(CultureInfo.InvariantCulture);

        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}&state=Acknowledged")).Items.Select(o => o.Id).Should().Equal(first.Id);
        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}&year={year}")).Total.Should().Be(2);
        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}&year={World.Year - 1}")).Total.Should().Be(0);
        var byNumber = await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?under={w.County.Id}&q={Uri.EscapeDataString(World.Number(1))}");
        byNumber.Items.Select(o => o.Id).Should().Equal(first.Id);
        (await w.CountyUser.GetFromJson<Paged<OrderRow>>($"/api/v1/supervision-orders?orgId={w.Neighbour.Id}")).Items.Single().Title.Should().Be("第二份督办");

        var export = await w.CountyUser.GetAsync(new Uri($"/api/v1/supervision-orders/export.xlsx?under={w.County.Id}", UriKind.Relative));
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        var table = Zeren.Core.Spreadsheets.XlsxReader.Read(new MemoryStream(await export.Content.ReadAsByteArrayAsync()), 1000);
        table.Rows.Select(r => table.Cell(r, "编号")).Should().Equal(World.Number(1), World.Number(2));
        table.Rows.Select(r => table.Cell(r, "状态")).Should().Equal("已签收", "已下发");
        table.Rows.Select(r => table.Cell(r, "督办单位")).Should().Equal("测试县委", "测试县委");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EachOrder_OpensTheReceiversObligation_WhichItsStepsSubmitReopenAndClose(string provider)
    {
        var w = await CreateWorld(provider);
        var id = (await Issue(w.CountyUser, Order(w.Village.Id, "待办的督办"))).Order.Id;
        async Task<ObligationRow> Owed() => (await w.Clerk.GetFromJson<Paged<ObligationRow>>(
            $"/api/v1/obligations?orgId={w.Village.Id}&kind={SupervisionService.ObligationKind}")).Items.Should().ContainSingle().Subject;

        var owed = await Owed();
        owed.State.Should().Be(ObligationState.Open);
        owed.Title.Should().Be($"{World.Number(1)}：待办的督办");
        owed.DueOn.Should().Be(Today.AddDays(10));
        owed.IssuerOrgId.Should().Be(w.County.Id);
        owed.SourceId.Should().Be(id);
        owed.Link.Should().Be($"/supervision/{id}");

        await Step(w.Clerk, id, "acknowledge");
        (await Owed()).State.Should().Be(ObligationState.Open, "signing for it is not answering it");
        await Step(w.Clerk, id, "respond", new RespondInput("已整改。", []));
        (await Owed()).State.Should().Be(ObligationState.Submitted);
        await Step(w.CountyUser, id, "return", new ReturnInput("材料不全"));
        (await Owed()).State.Should().Be(ObligationState.Open, "a return makes it owed again");
        await Step(w.Clerk, id, "respond", new RespondInput("补充材料。", []));
        await Step(w.CountyUser, id, "verify", new VerifyInput(null));
        (await Owed()).State.Should().Be(ObligationState.Closed);

        // A bulk issuance opens one per receiver.
        var bulk = await w.CountyUser.PostJson("/api/v1/supervision-orders/bulk", new BulkOrderInput("批量待办", "请整改。", null, Today.AddDays(4),
            [new OrderTarget(w.Village.Id), new OrderTarget(w.Neighbour.Id)]));
        bulk.StatusCode.Should().Be(HttpStatusCode.Created, await bulk.Content.ReadAsStringAsync());
        (await w.CountyUser.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?under={w.Township.Id}&kind={SupervisionService.ObligationKind}&state=Open"))
            .Items.Select(o => o.OrgId).Should().BeEquivalentTo([w.Village.Id, w.Neighbour.Id]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnOrganizationWithOrders_IsKept(string provider)
    {
        var w = await CreateWorld(provider);
        var admin = w.App.AdminClient();
        var empty = await admin.CreateOrg(w.Township.Id, "空村党支部", OrgKind.Branch, OrgDomain.Rural);
        await Issue(w.CountyUser, Order(empty.Id));

        var refused = await admin.DeleteAsync(new Uri($"/api/v1/orgs/{empty.Id}?reason=撤并", UriKind.Relative));

        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await refused.ReadAs<Problem>()).Code.Should().Be("org_has_supervision_orders");
        (await admin.GetAsync(new Uri($"/api/v1/orgs/{empty.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The deadline of an order moved into the past, as if the days had gone by (the rule refuses a past deadline on issuing).</summary>
    internal static async Task MoveDeadline(ZerenFactory app, Guid id, DateOnly dueOn)
    {
        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        await db.Set<SupervisionOrder>().IgnoreQueryFilters().Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DueOn, dueOn));
    }
}
