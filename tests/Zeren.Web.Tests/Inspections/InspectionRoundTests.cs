using System.IO.Compression;
using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Inspections;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using Refusal = Zeren.Web.Tests.Infrastructure.Problem;

namespace Zeren.Web.Tests.Inspections;

/// <summary>
/// 督导轮次 through /api/v1/inspection-rounds: a round and its groups, one group per village, a visit recorded in the
/// round, progress counted, 一村一清单 and its export, and the assignments' secrecy (ADR 0033): before its visit (or the
/// round's end) a village's assignment is found only by the department and the group's members. On both databases.
/// </summary>
public sealed class InspectionRoundTests
{
    private static async Task<T> Ok<T>(Task<HttpResponseMessage> request, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await request;
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<T>();
    }

    private static async Task<Refusal> Refused(Task<HttpResponseMessage> request, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
    {
        var response = await request;
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<Refusal>();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Round_AssignsEachVillageToOneGroup_CountsProgress_ListsEachVillage_AndKeepsTheVisitSecretUntilItIsRecorded(string provider)
    {
        var app = ZerenFactory.For(provider);
        var w = await InspectionPlanSecrecyTests.CreateWorld(app, new TestClock());
        var today = ChinaTime.Today(TimeProvider.System);
        var v = w.Villages; // 3 per township: v[0..2] in the first township (w.Township's)
        var otherId = await app.EnsureAccountAsync($"ip-other-{w.Tag}", [Role.Inspector], w.County.Id);

        var round = await Ok<RoundDetail>(w.Head.PostJson("/api/v1/inspection-rounds",
            new RoundInput($"双整第一轮{w.Tag}", today.AddDays(-1), today.AddDays(20), w.County.Id, "一周一通报。\n一村一清单。")), HttpStatusCode.Created);
        round.Round.Status.Should().Be(RoundStatus.Planned);
        var url = $"/api/v1/inspection-rounds/{round.Round.Id}";
        var a = await Ok<GroupDetail>(w.Head.PostJson($"{url}/groups", new GroupInput("第一督查组", w.TeamId, [], [v[0].Id, v[3].Id])), HttpStatusCode.Created);
        a.Group.Members.Select(m => m.AccountId).Should().Equal(w.TeamId);
        a.Villages.Select(x => x.VillageId).Should().BeEquivalentTo([v[0].Id, v[3].Id]);

        // One group per village in a round: every fault at once, nothing saved.
        var taken = await Refused(w.Head.PostJson($"{url}/groups", new GroupInput("第一督查组", otherId, [Guid.NewGuid()], [v[0].Id, v[1].Id])));
        taken.Errors!.Select(e => e.Code).Should().Contain(["round_village_taken", "round_group_name", "round_group_member"]);
        var b = await Ok<GroupDetail>(w.Head.PostJson($"{url}/groups", new GroupInput("第二督查组", otherId, [], [v[1].Id, v[4].Id])), HttpStatusCode.Created);
        (await Refused(w.Head.PutJson($"{url}/groups/{b.Group.Id}", new GroupInput("第二督查组", otherId, [], [v[1].Id, v[3].Id]))))
            .Code.Should().Be("round_village_taken");
        (await w.Team.PostJson($"{url}/groups", new GroupInput("第三组", w.TeamId, [], [v[2].Id]))).StatusCode.Should().Be(HttpStatusCode.Forbidden,
            "groups are arranged by the department");

        // Secrecy before the visit: a township gets the 404 of an unknown village for its own village's assignment; readers
        // in the county's scope who are neither the department nor on the group find the villages nowhere.
        var hidden = await w.Township.GetAsync(new Uri($"{url}/villages/{v[0].Id}", UriKind.Relative));
        hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var unknown = await w.Township.GetAsync(new Uri($"{url}/villages/{Guid.NewGuid()}", UriKind.Relative));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.Township.GetAsync(new Uri($"{url}/villages", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreach (var (client, who) in new[] { (w.CountyReader, "a county reader"), (w.OtherInspector, "an inspector of the other group") })
        {
            var lists = await client.GetFromJson<List<VillageList>>($"{url}/villages");
            lists.Should().NotContain(l => l.VillageId == v[0].Id, who);
            (await client.GetFromJson<GroupDetail>($"{url}/groups/{a.Group.Id}")).Villages.Should().BeEmpty(who);
            (await client.GetFromJson<RoundDetail>(url)).Round.Assigned.Should().Be(who == "a county reader" ? 0 : 2, who);
        }
        (await w.Team.GetFromJson<GroupDetail>($"{url}/groups/{a.Group.Id}")).Villages.Should().HaveCount(2, "the group's members see its villages");

        // Recording in a round: only once it is in progress, by the group, within the period, once per village.
        var visit = new InspectionInput(v[0].Id, today, "张三、李四", 3, 8,
            Findings: [new FindingInput($"党群服务中心无人值守{w.Tag}"), new FindingInput($"党员先锋岗未上墙{w.Tag}")], RoundId: round.Round.Id);
        (await Refused(w.Team.PostJson("/api/v1/inspections", visit))).Code.Should().Be("round_not_in_progress");
        await Ok<RoundDetail>(w.Head.PostJson($"{url}/status", new RoundStatusInput(RoundStatus.InProgress)));
        (await Refused(w.Team.PostJson("/api/v1/inspections", visit with { VillageId = v[1].Id }))).Code.Should().Be("round_village", "v[1] is the other group's");
        (await Refused(w.Team.PostJson("/api/v1/inspections", visit with { VisitedOn = today.AddDays(-3) }))).Code.Should().Be("round_period");
        var record = await Ok<InspectionDetail>(w.Team.PostJson("/api/v1/inspections", visit), HttpStatusCode.Created);
        (await Refused(w.Team.PostJson("/api/v1/inspections", visit with { Findings = [] }))).Code.Should().Be("round_village_recorded");
        var problem = await Ok<InspectionsApiRaised>(w.Head.PostJson($"/api/v1/inspections/{record.Inspection.Id}/findings/{record.Findings[0].Id}/raise",
            new RaiseInput(today.AddMonths(1))), HttpStatusCode.Created);

        // Progress, counted in the database.
        var detail = await w.Head.GetFromJson<RoundDetail>(url);
        detail.Round.Should().Match<RoundRow>(r => r.Groups == 2 && r.Assigned == 4 && r.Visited == 1 && r.Status == RoundStatus.InProgress);
        var first = detail.Groups.Single(g => g.Id == a.Group.Id);
        (first.Assigned, first.Visited, first.Findings, first.ProblemsRaised, first.ProblemsClosed).Should().Be((2, 1, 2, 1, 0));
        var second = detail.Groups.Single(g => g.Id == b.Group.Id);
        (second.Assigned, second.Visited, second.Findings).Should().Be((2, 0, 0));

        // Once recorded, the village's 一村一清单 is the township's to read: the findings and the problem they became.
        var list = await w.Township.GetFromJson<VillageList>($"{url}/villages/{v[0].Id}");
        list.GroupName.Should().Be("第一督查组");
        list.InspectionId.Should().Be(record.Inspection.Id);
        list.Findings.Select(f => f.Text).Should().Equal($"党群服务中心无人值守{w.Tag}", $"党员先锋岗未上墙{w.Tag}");
        list.Findings[0].ProblemId.Should().Be(problem.ProblemId);
        list.Findings[0].State.Should().Be(ProblemState.Listed);
        list.Findings[1].ProblemId.Should().BeNull();
        (await w.Township.GetAsync(new Uri($"{url}/villages/{v[1].Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound,
            "the other group's village is still unvisited");

        // The export opens and holds the lists.
        var export = await w.Head.GetAsync(new Uri($"{url}/export.xlsx", UriKind.Relative));
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using (var zip = new ZipArchive(await export.Content.ReadAsStreamAsync(), ZipArchiveMode.Read))
        {
            using var reader = new StreamReader(zip.GetEntry("xl/sharedStrings.xml")!.Open());
            var strings = await reader.ReadToEndAsync();
            strings.Should().Contain($"党群服务中心无人值守{w.Tag}").And.Contain("挂牌").And.Contain("（未督查）").And.Contain("第二督查组");
        }

        // Finishing reveals the rest; a finished round moves no further and its groups stay as they are.
        await Ok<RoundDetail>(w.Head.PostJson($"{url}/status", new RoundStatusInput(RoundStatus.Finished)));
        var revealed = await w.Township.GetFromJson<VillageList>($"{url}/villages/{v[1].Id}");
        revealed.InspectionId.Should().BeNull();
        revealed.GroupName.Should().Be("第二督查组");
        (await w.CountyReader.GetFromJson<RoundDetail>(url)).Round.Assigned.Should().Be(4);
        // One statement reveals them, and one entry of the audit log says so for the round: the three not visited.
        await using (var scope = app.Scope())
        {
            var entries = await scope.Get<Zeren.Core.Data.ZerenDbContext>().Set<Zeren.Core.Audit.AuditEntry>().AsNoTracking()
                .Where(e => e.EntityType == nameof(InspectionRound) && e.EntityId == round.Round.Id.ToString() && e.Summary.StartsWith("结束督导轮次"))
                .Select(e => e.Summary).ToListAsync();
            entries.Should().Equal("结束督导轮次，公开督导村 3 个");
        }
        (await Refused(w.Head.PostJson($"{url}/status", new RoundStatusInput(RoundStatus.InProgress)))).Code.Should().Be("round_status_order");
        (await Refused(w.Head.PutJson($"{url}/groups/{b.Group.Id}", new GroupInput("第二督查组", otherId, [], [v[1].Id])))).Code.Should().Be("round_finished");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Pages_ShowTheRoundTheGroupAndTheLists_AndTheInspectorsHomeNamesTheVillagesToVisit(string provider)
    {
        var app = ZerenFactory.For(provider);
        var w = await InspectionPlanSecrecyTests.CreateWorld(app, new TestClock());
        var today = ChinaTime.Today(TimeProvider.System);
        var round = await Ok<RoundDetail>(w.Head.PostJson("/api/v1/inspection-rounds",
            new RoundInput($"页面轮次{w.Tag}", today, today.AddDays(7), w.County.Id)), HttpStatusCode.Created);
        var url = $"/api/v1/inspection-rounds/{round.Round.Id}";
        var group = await Ok<GroupDetail>(w.Head.PostJson($"{url}/groups", new GroupInput($"页面组{w.Tag}", w.TeamId, [], [w.Villages[0].Id])),
            HttpStatusCode.Created);
        await Ok<RoundDetail>(w.Head.PostJson($"{url}/status", new RoundStatusInput(RoundStatus.InProgress)));

        var pages = await app.PageClientAsync($"ip-team-{w.Tag}");
        var home = await pages.GetStringAsync(new Uri("/", UriKind.Relative));
        home.Should().Contain("data-zr-card=\"inspection-rounds\"").And.Contain(w.Villages[0].Name);
        var groupPage = await pages.GetStringAsync(new Uri($"/inspections/rounds/{round.Round.Id}/groups/{group.Group.Id}", UriKind.Relative));
        groupPage.Should().Contain(w.Villages[0].Name).And.Contain($"/inspections/new?round={round.Round.Id}&amp;village={w.Villages[0].Id}");
        var roundPage = await pages.GetStringAsync(new Uri($"/inspections/rounds/{round.Round.Id}", UriKind.Relative));
        roundPage.Should().Contain($"页面组{w.Tag}").And.Contain("progress-bar");
        var record = await pages.GetStringAsync(new Uri($"/inspections/new?round={round.Round.Id}&village={w.Villages[0].Id}", UriKind.Relative));
        record.Should().Contain($"name=\"round\" value=\"{round.Round.Id}\"");
        (await pages.GetStringAsync(new Uri($"/inspections/rounds/{round.Round.Id}/villages", UriKind.Relative))).Should().Contain(w.Villages[0].Name);
        (await pages.GetStringAsync(new Uri("/inspections/rounds", UriKind.Relative))).Should().Contain($"页面轮次{w.Tag}");
    }

    private sealed record InspectionsApiRaised(Guid ProblemId);
}
