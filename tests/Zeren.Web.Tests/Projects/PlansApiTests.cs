using System.Net;
using FluentAssertions;
using Zeren.Core.Notifications;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Projects;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Projects;

/// <summary>党建思路 through the API: 三上三下 with every version kept, the third return flagged to the county, a fourth refused, approval making the ledger.</summary>
public class PlansApiTests
{
    internal sealed record Township(OrgSummary County, OrgSummary Town, PersonRow Secretary, PersonRow Member);

    internal static async Task<Township> CreateTownship(HttpClient admin)
    {
        var (county, town, village) = await admin.CreateCounty();
        var secretary = await admin.CreatePerson(TestData.Member(town.Id, "赵书记"));
        var member = await admin.CreatePerson(TestData.Member(village.Id, "钱委员"));
        return new Township(county, town, secretary, member);
    }

    internal static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    internal static ProjectTerms Terms(Guid person, string name, int startMonths = -1, int dueMonths = 6) =>
        new(name, $"{name}建成投用", "书记牵头、组织委员具体负责", person, Today.AddMonths(startMonths), Today.AddMonths(dueMonths));

    private static async Task<PlanDetail> Submit(HttpClient client, Township t, int year = 2026)
    {
        var response = await client.PostJson("/api/v1/plans", new PlanInput(t.Town.Id, year, "抓党建促振兴",
            [Terms(t.Secretary.Id, "红色驿站"), Terms(t.Member.Id, "党员积分制")]));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<PlanDetail>();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ThreeUpsThreeDowns_KeepsEveryVersion_FlagsTheThirdReturn_RefusesAFourth_AndApprovalMakesTheLedger(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var t = await CreateTownship(admin);
        var town = app.ClientAs($"ta-{Guid.NewGuid():N}"[..12], [Role.TownshipAdmin], t.Town.Id);
        var countyUser = app.ClientAs($"cl-{Guid.NewGuid():N}"[..12], [Role.CountyLeader], t.County.Id);

        var plan = await Submit(town, t);
        plan.Plan.Status.Should().Be(PlanStatus.Submitted);
        var id = plan.Plan.Id;

        // A township cannot review its own plan.
        (await town.PostJson($"/api/v1/plans/{id}/approve", new PlanReview(null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await town.PostJson($"/api/v1/plans/{id}/return", new PlanReview("改"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        for (var round = 1; round <= 3; round++)
        {
            var returned = await admin.PostJson($"/api/v1/plans/{id}/return", new PlanReview($"第{round}次意见：目标要量化"));
            returned.StatusCode.Should().Be(HttpStatusCode.OK, await returned.Content.ReadAsStringAsync());
            var after = await returned.ReadAs<PlanDetail>();
            after.Plan.Returns.Should().Be(round);
            after.Plan.Flagged.Should().Be(round == 3);
            if (round < 3)
            {
                (await countyUser.GetFromJson<Paged<NotificationView>>("/api/v1/notifications")).Items
                    .Should().NotContain(n => n.Kind == NotificationKind.PlanReturnedThrice);
            }
            var resubmitted = await town.PostJson($"/api/v1/plans/{id}/versions", new PlanRevision($"第{round + 1}版思路",
                [Terms(t.Secretary.Id, "红色驿站"), Terms(t.Member.Id, $"党员积分制第{round + 1}版")]));
            resubmitted.StatusCode.Should().Be(HttpStatusCode.OK, await resubmitted.Content.ReadAsStringAsync());
        }

        // The county (the department's leadership) is told once.
        var told = (await countyUser.GetFromJson<Paged<NotificationView>>("/api/v1/notifications")).Items
            .Where(n => n.Kind == NotificationKind.PlanReturnedThrice).Should().ContainSingle().Which;
        told.Title.Should().Contain("测试镇党委").And.Contain("退回三次");
        told.Link.Should().Be($"/plans/{id}");
        (await admin.GetFromJson<Paged<PlanRow>>($"/api/v1/plans?under={t.County.Id}&flagged=true")).Items.Should().ContainSingle(p => p.Id == id);

        // A fourth return: refused, nothing changes.
        var before = await admin.GetFromJson<PlanDetail>($"/api/v1/plans/{id}");
        var fourth = await admin.PostJson($"/api/v1/plans/{id}/return", new PlanReview("第4次意见"));
        fourth.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await fourth.Content.ReadAsStringAsync();
        problem.Should().Contain("plan_fourth_return").And.Contain("三上三下");
        (await admin.GetFromJson<PlanDetail>($"/api/v1/plans/{id}")).Should().BeEquivalentTo(before);

        // Every version is kept, with the department's comments.
        before.Versions.Select(v => v.Number).Should().Equal(1, 2, 3, 4);
        before.Versions.Take(3).Should().OnlyContain(v => v.Decision == PlanDecision.Returned);
        before.Versions[0].Projects.Select(p => p.Name).Should().Equal("红色驿站", "党员积分制");
        before.Versions[3].Projects.Select(p => p.Name).Should().Equal("红色驿站", "党员积分制第4版");
        (await admin.GetFromJson<Paged<ProjectRow>>($"/api/v1/projects?planId={id}")).Total.Should().Be(0, "nothing is in the ledger before approval");

        // Approval makes the ledger from the approved version, in one action.
        var approved = await admin.PostJson($"/api/v1/plans/{id}/approve", new PlanReview("同意"));
        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var done = await approved.ReadAs<PlanDetail>();
        done.Plan.Status.Should().Be(PlanStatus.Approved);
        done.Plan.Flagged.Should().BeTrue("the flag stays for assessment");
        done.LedgerProjects.Should().Be(2);
        var ledger = await town.GetFromJson<Paged<ProjectRow>>($"/api/v1/projects?orgId={t.Town.Id}&year=2026");
        ledger.Items.Select(p => p.Name).Should().BeEquivalentTo("红色驿站", "党员积分制第4版");
        ledger.Items.Should().OnlyContain(p => p.PlanId == id && p.Year == 2026 && p.Status == ProjectStatus.InProgress || p.Status == ProjectStatus.Planned);

        // An approved plan is not approved twice (no second ledger).
        (await admin.PostJson($"/api/v1/plans/{id}/approve", new PlanReview(null))).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await admin.GetFromJson<Paged<ProjectRow>>($"/api/v1/projects?planId={id}")).Total.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task APlan_MissingADing_OrWithADeadlineBeforeItsStart_IsRefusedWithEveryFault_AndNothingIsSaved(string provider)
    {
        var admin = ZerenFactory.For(provider).AdminClient();
        var t = await CreateTownship(admin);
        var response = await admin.PostJson("/api/v1/plans", new PlanInput(t.Town.Id, 2026, "思路",
        [
            new ProjectTerms("红色驿站", null, "书记牵头", null, Today, Today.AddMonths(3)),
            Terms(t.Secretary.Id, "积分制") with { DueOn = Today.AddMonths(-2) },
        ]));
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("projects[0].target").And.Contain("projects[0].personId").And.Contain("projects[1].dueOn")
            .And.Contain("定目标").And.Contain("早于开始日期");
        (await admin.GetFromJson<Paged<PlanRow>>($"/api/v1/plans?under={t.Town.Id}")).Total.Should().Be(0);

        // One plan per township and year.
        await Submit(admin, t);
        var twice = await admin.PostJson("/api/v1/plans", new PlanInput(t.Town.Id, 2026, "又一份", [Terms(t.Secretary.Id, "重复")]));
        twice.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await twice.Content.ReadAsStringAsync()).Should().Contain("plan_exists");
        // A plan belongs to a township, not a village or the county.
        var county = await admin.PostJson("/api/v1/plans", new PlanInput(t.County.Id, 2027, "县里", [Terms(t.Secretary.Id, "县项目")]));
        (await county.Content.ReadAsStringAsync()).Should().Contain("project_org_not_township");
        (await admin.GetFromJson<Paged<PlanRow>>($"/api/v1/plans?under={t.County.Id}")).Total.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AReturn_NeedsComments_AndAPlanUnderReviewIsNotResubmitted(string provider)
    {
        var admin = ZerenFactory.For(provider).AdminClient();
        var t = await CreateTownship(admin);
        var plan = await Submit(admin, t);
        var blank = await admin.PostJson($"/api/v1/plans/{plan.Plan.Id}/return", new PlanReview(" "));
        (await blank.Content.ReadAsStringAsync()).Should().Contain("plan_comments_required");
        var early = await admin.PostJson($"/api/v1/plans/{plan.Plan.Id}/versions", new PlanRevision("改", [Terms(t.Secretary.Id, "改")]));
        (await early.Content.ReadAsStringAsync()).Should().Contain("plan_not_returned");
        var after = await admin.GetFromJson<PlanDetail>($"/api/v1/plans/{plan.Plan.Id}");
        after.Versions.Should().ContainSingle();
        after.Plan.Returns.Should().Be(0);
    }
}
