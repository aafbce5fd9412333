using System.Net;
using Microsoft.Extensions.DependencyInjection;
using FluentAssertions;
using Zeren.Core.Decisions;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using static Zeren.Web.Tests.Decisions.MattersApiTests;

namespace Zeren.Web.Tests.Decisions;

/// <summary>
/// What a matter owes, through the obligation engine on both databases: while it waits at a step its village owes that
/// step (matter.step, owed to the township, due 15 days on), closed when the step is recorded, cancelled when a vote
/// rejects the run, owed again from 提议 after a restart; the village's 我的待办 shows it, and the daily job opens it for a
/// matter that has none.
/// </summary>
public class MatterObligationsTests
{
    /// <summary>The matter's obligations, each with the run and step it is for, in the order they were owed.</summary>
    private static async Task<List<(int Run, MatterStep Step, ObligationRow Row)>> OwedAsync(ZerenFactory app, Guid matterId, Guid villageId)
    {
        await using var scope = app.Scope();
        var rows = (await scope.Get<ObligationService>().ListAsync(new ObligationFilter(OrgId: villageId, Kind: MatterObligations.Kind), new PageRequest(1, 100))).Items;
        var slots = (from run in Enumerable.Range(1, 3) from step in MatterRules.Order select (run, step))
            .ToDictionary(x => MatterObligations.SourceOf(matterId, x.run, x.step));
        rows.Should().OnlyContain(r => slots.ContainsKey(r.SourceId) && r.SourceType == MatterObligations.Source);
        return rows.Select(r => (slots[r.SourceId].run, slots[r.SourceId].step, r)).OrderBy(x => x.run).ThenBy(x => x.step).ToList();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EachStep_IsOwedWhileTheMatterWaits_ClosedWhenRecorded_AndTheLastClosesAll(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var started = Today.AddDays(-40);
        var id = (await Start(client, v, on: started)).Matter.Id;

        var first = (await OwedAsync(app, id, v.Org.Id)).Should().ContainSingle().Which;
        (first.Run, first.Step).Should().Be((1, MatterStep.Proposal));
        var owed = first.Row;
        (owed.Kind, owed.Period, owed.OrgId, owed.IssuerOrgId, owed.State, owed.DueOn, owed.HandledAtSource)
            .Should().Be((MatterObligations.Kind, (string?)null, v.Org.Id, (Guid?)v.Township.Id, ObligationState.Open, started.AddDays(15), true));
        owed.Title.Should().Be("村级事务提议：村集体鱼塘对外发包");
        owed.Link.Should().Be($"/matters/{id}#next-step");
        owed.Overdue.Should().BeTrue("forty days have passed since the matter started");

        var days = new[] { -30, -28, -25, -20, -12 };
        for (var i = 0; i < days.Length; i++)
        {
            await Record(client, id, Step(v, MatterRules.Order[i], Today.AddDays(days[i]), ledger: false));
        }
        var all = await OwedAsync(app, id, v.Org.Id);
        all.Select(o => (o.Run, o.Step)).Should().Equal(MatterRules.Order.Select(s => (1, s)));
        all.Take(5).Should().OnlyContain(o => o.Row.State == ObligationState.Closed);
        var notice = all[^1].Row;
        notice.State.Should().Be(ObligationState.Open);
        // 一知晓 cannot be done before the disclosure ends (day -6): due fifteen days after that.
        notice.DueOn.Should().Be(Today.AddDays(-12 + 6 + 1 + 15));
        all[1].Row.DueOn.Should().Be(Today.AddDays(-30 + 15), "商议 is due fifteen days after 提议");

        await Record(client, id, Step(v, MatterStep.Notice, Today.AddDays(-2)));
        (await OwedAsync(app, id, v.Org.Id)).Should().HaveCount(6).And.OnlyContain(o => o.Row.State == ObligationState.Closed);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ARejectedRun_CancelsWhatItOwed_AndARestartOwesProposalAgain(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var id = (await Start(client, v)).Matter.Id;
        var on = Today.AddDays(-20);
        await Record(client, id, Step(v, MatterStep.Proposal, on, false));
        await Record(client, id, Step(v, MatterStep.Deliberation, on, false));
        await Record(client, id, Step(v, MatterStep.Review, on, false) with { VotesFor = 5 });

        var owed = await OwedAsync(app, id, v.Org.Id);
        owed.Should().HaveCount(3);
        var review = owed.Single(o => o.Step == MatterStep.Review).Row;
        review.State.Should().Be(ObligationState.Cancelled, "the vote ended the run: nothing more is owed in it");
        owed.Should().NotContain(o => o.Row.State == ObligationState.Open);
        await using (var scope = app.Scope())
        {
            (await scope.Get<ObligationService>().GetAsync(review.Id)).Reason.Should().Contain("表决未通过");
        }

        var restart = await client.PostJson($"/api/v1/matters/{id}/restart", new RestartInput(on.AddDays(2), null));
        restart.StatusCode.Should().Be(HttpStatusCode.OK, await restart.Content.ReadAsStringAsync());
        var again = (await OwedAsync(app, id, v.Org.Id)).Where(o => o.Row.State == ObligationState.Open).Should().ContainSingle().Which;
        (again.Run, again.Step, again.Row.DueOn).Should().Be((2, MatterStep.Proposal, on.AddDays(2 + 15)));
        again.Row.Title.Should().Be("村级事务提议（第2轮）：村集体鱼塘对外发包");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ARefusedStep_LeavesItsObligationOpen(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var v = await CreateVillage(client);
        var id = (await Start(client, v)).Matter.Id;
        var refused = await client.PostJson($"/api/v1/matters/{id}/steps", Step(v, MatterStep.Proposal, Today.AddDays(-3)) with { ChairPersonId = v.VillageCadre.Id });
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await OwedAsync(app, id, v.Org.Id)).Should().ContainSingle().Which.Row.State.Should().Be(ObligationState.Open);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheVillage_SeesTheStepInItsObligations_OnItsHomePage(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var v = await CreateVillage(admin, OrgKind.GeneralBranch);
        var id = (await Start(admin, v)).Matter.Id;
        await Record(admin, id, Step(v, MatterStep.Proposal, Today.AddDays(-3), false));

        var clerk = app.ClientAs("matter-owed-" + Guid.NewGuid().ToString("N")[..8], [Role.BranchClerk], v.Org.Id);
        var home = WebUtility.HtmlDecode(await clerk.GetStringAsync(new Uri("/", UriKind.Relative)));
        home.Should().Contain("村级事务商议：村集体鱼塘对外发包").And.Contain($"/matters/{id}#next-step");
        var mine = await clerk.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?orgId={v.Org.Id}&state=Open&kind={MatterObligations.Kind}");
        mine.Items.Should().ContainSingle().Which.SourceId.Should().Be(MatterObligations.SourceOf(id, 1, MatterStep.Deliberation));
        // The township it is owed to sees it in its grid of the year.
        var grid = await admin.GetFromJson<ObligationGrid>($"/api/v1/obligations/grid?org={v.County.Id}&year={mine.Items[0].DueOn.Year}&kind={MatterObligations.Kind}");
        grid.Rows.Single(r => r.OrgId == v.Township.Id).Months[mine.Items[0].DueOn.Month - 1].Total.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheDailyJob_ListsEveryWaitingStep_WithoutDoublingIt(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var id = (await Start(client, v)).Matter.Id;
        await Record(client, id, Step(v, MatterStep.Proposal, Today.AddDays(-3), false));
        await using (var scope = app.Scope())
        {
            // The job's generator lists the step a matter waits for (for matters recorded before obligations were kept).
            var generator = scope.ServiceProvider.GetServices<IObligationGenerator>().OfType<MatterObligationGenerator>().Single();
            var draft = (await generator.DraftsAsync(new ObligationDay(Today, []), default)).Should().ContainSingle(d => d.SourceId == MatterObligations.SourceOf(id, 1, MatterStep.Deliberation)).Which;
            (draft.Kind, draft.Period, draft.OrgId, draft.IssuerOrgId, draft.DueOn)
                .Should().Be((MatterObligations.Kind, (string?)null, v.Org.Id, (Guid?)v.Township.Id, Today.AddDays(-3 + 15)));
            await scope.Get<ObligationJob>().GenerateAsync(Today);
        }
        var owed = await OwedAsync(app, id, v.Org.Id);
        owed.Should().HaveCount(2);
        owed.Should().ContainSingle(o => o.Row.State == ObligationState.Open).Which.Step.Should().Be(MatterStep.Deliberation);
    }
}
