using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.PartyAudits;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using Refusal = Zeren.Web.Tests.Infrastructure.Problem;

namespace Zeren.Web.Tests.PartyAudits;

/// <summary>
/// 党建审计 through /api/v1/audits: sampling per kind and its reproducibility, the refusal of a unit with too few branches,
/// scoring validation, the ranking with ties, closing (problems with a two-month deadline, report obligations, once only)
/// and the scope of a township account; on both databases.
/// </summary>
public class PartyAuditsApiTests
{
    /// <summary>
    /// 县委 → 甲镇 (机关支部 ×2; 村 ×3, 社区 ×1), 乙镇 (机关支部 ×1; 村 ×3), 丙镇 (村 ×1 only). Accounts: the county's administrator
    /// and inspector, 甲镇's and 乙镇's administrators.
    /// </summary>
    private sealed record World(ZerenFactory App, OrgSummary County, OrgSummary A, OrgSummary B, OrgSummary Poor,
        HttpClient CountyUser, HttpClient Inspector, HttpClient AUser, HttpClient BUser);

    private static async Task<World> CreateWorld(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var county = await admin.CreateOrg(null, "审计测试县委");
        var a = await admin.CreateOrg(county.Id, "甲镇党委");
        var b = await admin.CreateOrg(county.Id, "乙镇党委");
        var poor = await admin.CreateOrg(county.Id, "丙镇党委");
        await admin.CreateOrg(a.Id, "甲镇机关第一党支部", OrgKind.Branch, OrgDomain.Agency);
        await admin.CreateOrg(a.Id, "甲镇机关第二党支部", OrgKind.Branch, OrgDomain.Agency);
        foreach (var n in new[] { "甲一村", "甲二村", "甲三村" })
        {
            await admin.CreateOrg(a.Id, n + "党支部", OrgKind.Branch, OrgDomain.Rural);
        }
        await admin.CreateOrg(a.Id, "甲镇社区党总支", OrgKind.GeneralBranch, OrgDomain.Community);
        await admin.CreateOrg(b.Id, "乙镇机关党支部", OrgKind.Branch, OrgDomain.Agency);
        foreach (var n in new[] { "乙一村", "乙二村", "乙三村" })
        {
            await admin.CreateOrg(b.Id, n + "党支部", OrgKind.Branch, OrgDomain.Rural);
        }
        await admin.CreateOrg(poor.Id, "丙一村党支部", OrgKind.Branch, OrgDomain.Rural);
        var tag = Guid.NewGuid().ToString("N")[..8];
        return new World(app, county, a, b, poor,
            app.ClientAs($"pa-c-{tag}", [Role.CountyAdmin], county.Id),
            app.ClientAs($"pa-i-{tag}", [Role.Inspector], county.Id),
            app.ClientAs($"pa-a-{tag}", [Role.TownshipAdmin], a.Id),
            app.ClientAs($"pa-b-{tag}", [Role.TownshipAdmin], b.Id));
    }

    private static DateOnly Today => ChinaTime.Today(TimeProvider.System);

    private static async Task<AuditRoundDetail> Create(HttpClient client, IReadOnlyList<Guid> units, AuditSamplingRules? rules = null, string name = "年度党建审计")
    {
        var response = await client.PostJson("/api/v1/audits", new AuditRoundInput(Today.Year, name, units, rules));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<AuditRoundDetail>();
    }

    private static async Task<AuditRoundDetail> Draw(HttpClient client, Guid id, int seed)
    {
        var response = await client.PostJson($"/api/v1/audits/{id}/draw", new AuditDrawInput(seed));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<AuditRoundDetail>();
    }

    /// <summary>Scores reaching <paramref name="total"/>: items filled to their points in order; the first item failed when asked.</summary>
    private static AuditScoreInput ScoresFor(AuditRoundDetail round, int total, bool failFirst = false)
    {
        var left = total;
        var scores = new List<AuditItemScoreInput>();
        foreach (var item in round.Items)
        {
            var points = Math.Min(item.MaxPoints, left);
            left -= points;
            var fail = failFirst && scores.Count == 0;
            scores.Add(new AuditItemScoreInput(item.Id, points, !fail, fail ? "支部委员会会议记录缺失。" : null));
        }
        return new AuditScoreInput(scores);
    }

    private static async Task Score(HttpClient client, AuditRoundDetail round, AuditSampleView branch, int total, bool failFirst = false)
    {
        var response = await client.PutJson($"/api/v1/audits/{round.Id}/branches/{branch.Id}/scores", ScoresFor(round, total, failFirst));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<Refusal> Refused(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<Refusal>();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Draw_TakesEachKindWithinTheRuleUnderEveryUnit_AndTheSameSeedGivesTheSameSample(string provider)
    {
        var w = await CreateWorld(provider);
        var round = await Create(w.CountyUser, [w.A.Id, w.B.Id]);
        round.Rules.Should().Be(AuditSamplingRules.Default, "seed 002: 机关支部 1–2, 村、社区、两新 2–3");
        round.Items.Sum(i => i.MaxPoints).Should().Be(100, "the default checklist is seed 002's six aspects, 100 points");
        var drawn = await Draw(w.CountyUser, round.Id, 20261205);

        var children = await ChildrenAsync(w, [w.A.Id, w.B.Id]);
        foreach (var unit in drawn.Units)
        {
            unit.Branches.Select(b => b.OrgId).Should().OnlyHaveUniqueItems();
            unit.Branches.Should().OnlyContain(b => children[b.OrgId].ParentId == unit.OrgId, "branches are drawn under their own unit");
            unit.Branches.Should().OnlyContain(b => AuditSampler.KindOf(children[b.OrgId].Domain) == b.Kind);
            unit.Branches.Count(b => b.Kind == AuditBranchKind.Agency).Should().BeInRange(1, 2);
            unit.Branches.Count(b => b.Kind == AuditBranchKind.Grassroots).Should().BeInRange(2, 3);
        }
        drawn.Units.Single(u => u.OrgId == w.B.Id).Branches.Count(b => b.Kind == AuditBranchKind.Agency).Should().Be(1, "乙镇 has one agency branch");
        drawn.State.Should().Be(AuditRoundState.Sampled);
        drawn.Seed.Should().Be(20261205);

        var redraw = await w.CountyUser.GetFromJson<AuditRedraw>($"/api/v1/audits/{round.Id}/draw");
        redraw.Same.Should().BeTrue("the stored seed and inputs give the stored sample");

        // Another round over the same units with the same seed draws the same branches.
        var again = await Draw(w.CountyUser, (await Create(w.CountyUser, [w.A.Id, w.B.Id], name: "复核")).Id, 20261205);
        static IEnumerable<(Guid, Guid)> Picks(AuditRoundDetail d) => d.Units.SelectMany(u => u.Branches.Select(b => (u.OrgId, b.OrgId))).OrderBy(p => p.Item2);
        Picks(again).Should().Equal(Picks(drawn));

        // A drawn round is not drawn again.
        var twice = await Refused(await w.CountyUser.PostJson($"/api/v1/audits/{round.Id}/draw", new AuditDrawInput(1)), HttpStatusCode.UnprocessableEntity);
        twice.Code.Should().Be("audit_already_sampled");
    }

    private static async Task<Dictionary<Guid, (Guid? ParentId, OrgDomain Domain)>> ChildrenAsync(World w, Guid[] parents)
    {
        await using var scope = w.App.Scope();
        return await scope.Get<ZerenDbContext>().Set<Organization>().IgnoreQueryFilters().Where(o => parents.Contains(o.ParentId!.Value))
            .ToDictionaryAsync(o => o.Id, o => (o.ParentId, o.Domain));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Draw_IsRefused_WhenAUnitHasFewerBranchesOfAKindThanAsked_NamingEachAndDrawingNothing(string provider)
    {
        var w = await CreateWorld(provider);
        var round = await Create(w.CountyUser, [w.A.Id, w.Poor.Id]);

        var refused = await Refused(await w.CountyUser.PostJson($"/api/v1/audits/{round.Id}/draw", new AuditDrawInput(7)), HttpStatusCode.UnprocessableEntity);
        refused.Errors!.Select(e => e.Code).Should().Equal("audit_too_few_branches", "audit_too_few_branches");
        refused.Errors!.Should().OnlyContain(e => e.Message.Contains("丙镇党委"));
        refused.Errors!.Select(e => e.Message).Should().Contain(m => m.Contains("机关支部")).And.Contain(m => m.Contains("村、社区、两新支部"));

        var after = await w.CountyUser.GetFromJson<AuditRoundDetail>($"/api/v1/audits/{round.Id}");
        after.State.Should().Be(AuditRoundState.Draft);
        after.Units.Should().OnlyContain(u => u.Branches.Count == 0);

        // With no agency branch asked, 丙镇's one village is enough for "at least one".
        var lenient = await Create(w.CountyUser, [w.Poor.Id], new AuditSamplingRules(0, 0, 1, 3));
        var drawn = await Draw(w.CountyUser, lenient.Id, 7);
        drawn.Units.Single().Branches.Should().ContainSingle().Which.OrgName.Should().Be("丙一村党支部");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Score_RefusesPointsOverTheItemsMax_AFailWithoutANote_AndMissingItems_SavingNothing(string provider)
    {
        var w = await CreateWorld(provider);
        var round = await Draw(w.CountyUser, (await Create(w.CountyUser, [w.B.Id])).Id, 3);
        var branch = round.Units[0].Branches[0];
        var url = $"/api/v1/audits/{round.Id}/branches/{branch.Id}/scores";
        var first = round.Items[0];

        var scores = ScoresFor(round, 100).Scores.ToList();
        scores[0] = new AuditItemScoreInput(first.Id, first.MaxPoints + 1, true);
        scores[1] = scores[1] with { Passed = false, Note = " " };
        var over = await Refused(await w.Inspector.PutJson(url, new AuditScoreInput(scores)), HttpStatusCode.UnprocessableEntity);
        over.Errors!.Select(e => (e.Field, e.Code)).Should().Equal(("scores[0].points", "audit_points_over_max"), ("scores[1].note", "audit_note_required"));
        over.Detail.Should().Contain(first.Title).And.Contain($"最多 {first.MaxPoints} 分");

        var missing = await Refused(await w.Inspector.PutJson(url, new AuditScoreInput(ScoresFor(round, 100).Scores.Skip(1).ToList())), HttpStatusCode.UnprocessableEntity);
        missing.Code.Should().Be("audit_items_missing");

        var seen = await w.Inspector.GetFromJson<AuditBranchDetail>($"/api/v1/audits/{round.Id}/branches/{branch.Id}");
        seen.Branch.Total.Should().BeNull("nothing was saved");
        seen.Scores.Should().BeEmpty();

        // The inspector (an auditor) scores; scoring again replaces the scores.
        await Score(w.Inspector, round, branch, 90);
        await Score(w.Inspector, round, branch, 85, failFirst: true);
        var scored = await w.Inspector.GetFromJson<AuditBranchDetail>($"/api/v1/audits/{round.Id}/branches/{branch.Id}");
        scored.Branch.Total.Should().Be(85);
        scored.Branch.Failed.Should().Be(1);
        scored.Scores.Should().HaveCount(round.Items.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Ranking_OrdersUnitsByTheMeanOfTheirBranches_EqualMeansSharingAPlace_UnscoredLast(string provider)
    {
        var w = await CreateWorld(provider);
        var admin = w.App.AdminClient();
        var d = await admin.CreateOrg(w.County.Id, "丁镇党委");
        await admin.CreateOrg(d.Id, "丁镇机关党支部", OrgKind.Branch, OrgDomain.Agency);
        await admin.CreateOrg(d.Id, "丁一村党支部", OrgKind.Branch, OrgDomain.Rural);
        await admin.CreateOrg(d.Id, "丁二村党支部", OrgKind.Branch, OrgDomain.Rural);
        var round = await Draw(w.CountyUser, (await Create(w.CountyUser, [w.A.Id, w.B.Id, d.Id], new AuditSamplingRules(1, 1, 2, 2))).Id, 11);
        var units = round.Units.ToDictionary(u => u.OrgId);

        // 甲镇: 90, 70, 80 → mean 80; 乙镇: 80, 80, 80 → 80 (a tie); 丁镇: one branch scored, 95.
        var a = units[w.A.Id].Branches;
        await Score(w.CountyUser, round, a[0], 90);
        await Score(w.CountyUser, round, a[1], 70);
        await Score(w.CountyUser, round, a[2], 80);
        foreach (var b in units[w.B.Id].Branches)
        {
            await Score(w.CountyUser, round, b, 80);
        }
        var ranking = await w.CountyUser.GetFromJson<List<AuditRankRow>>($"/api/v1/audits/{round.Id}/ranking");
        // Equal means share the place, in name order (the database's collation decides which name comes first).
        ranking.Take(2).Select(r => (r.OrgName, r.Rank, r.Score)).Should().BeEquivalentTo([("甲镇党委", (int?)1, (double?)80d), ("乙镇党委", 1, 80d)]);
        ranking[2].Should().Match<AuditRankRow>(r => r.OrgName == "丁镇党委" && r.Rank == null && r.Score == null && r.Scored == 0);

        await Score(w.CountyUser, round, units[d.Id].Branches[0], 95);
        ranking = await w.CountyUser.GetFromJson<List<AuditRankRow>>($"/api/v1/audits/{round.Id}/ranking");
        ranking.Select(r => (r.Rank, r.Score)).Should().Equal((1, 95d), (2, 80d), (2, 80d));
        ranking[0].OrgName.Should().Be("丁镇党委");
        ranking[0].Scored.Should().Be(1);
        ranking[0].Branches.Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Close_OpensAProblemPerFailedItemDueInTwoMonths_AndAReportPerUnit_Once(string provider)
    {
        var w = await CreateWorld(provider);
        var round = await Draw(w.CountyUser, (await Create(w.CountyUser, [w.A.Id, w.B.Id])).Id, 5);
        var branches = round.Units.SelectMany(u => u.Branches).ToList();
        await Score(w.CountyUser, round, branches[0], 60, failFirst: true);

        var early = await Refused(await w.CountyUser.PostJson($"/api/v1/audits/{round.Id}/close", new { }), HttpStatusCode.UnprocessableEntity);
        early.Code.Should().Be("audit_unscored");
        early.Detail.Should().Contain($"{branches.Count - 1} 个");

        foreach (var b in branches.Skip(1))
        {
            await Score(w.CountyUser, round, b, b == branches[1] ? 70 : 95, failFirst: b == branches[1]);
        }
        var closed = await w.CountyUser.PostJson($"/api/v1/audits/{round.Id}/close", new { });
        closed.StatusCode.Should().Be(HttpStatusCode.OK, await closed.Content.ReadAsStringAsync());
        var result = await closed.ReadAs<AuditCloseResult>();
        var due = Today.AddMonths(2);
        result.Should().Be(new AuditCloseResult(round.Id, 2, 2, due));

        await using (var scope = w.App.Scope())
        {
            var db = scope.Get<ZerenDbContext>();
            var problems = await db.Set<Core.Rectification.Problem>().Where(p => p.SourceType == AuditService.ProblemSourceType
                && (p.OrgId == branches[0].OrgId || p.OrgId == branches[1].OrgId)).ToListAsync();
            problems.Should().HaveCount(2);
            problems.Should().OnlyContain(p => p.Source == ProblemSource.Audit && p.DueOn == due && p.IssuerOrgId == w.County.Id
                && p.State == ProblemState.Listed && p.Title.Contains(round.Items[0].Title));
            problems.Select(p => p.OrgId).Should().BeEquivalentTo([branches[0].OrgId, branches[1].OrgId], "the problem is the failing branch's");
            var reports = await db.Set<Obligation>().Where(o => o.Kind == AuditService.ReportObligationKind && o.SourceId == round.Id).ToListAsync();
            reports.Select(o => o.OrgId).Should().BeEquivalentTo([w.A.Id, w.B.Id]);
            reports.Should().OnlyContain(o => o.DueOn == due && o.IssuerOrgId == w.County.Id && !o.HandledAtSource && o.State == ObligationState.Open);
        }

        var twice = await Refused(await w.CountyUser.PostJson($"/api/v1/audits/{round.Id}/close", new { }), HttpStatusCode.UnprocessableEntity);
        twice.Code.Should().Be("audit_round_closed");
        var rescore = await Refused(await w.CountyUser.PutJson($"/api/v1/audits/{round.Id}/branches/{branches[2].Id}/scores", ScoresFor(round, 10)),
            HttpStatusCode.UnprocessableEntity);
        rescore.Code.Should().Be("audit_round_closed");
        await using (var scope = w.App.Scope())
        {
            (await scope.Get<ZerenDbContext>().Set<Core.Rectification.Problem>().CountAsync(p => p.SourceType == AuditService.ProblemSourceType
                && (p.OrgId == branches[0].OrgId || p.OrgId == branches[1].OrgId))).Should().Be(2, "closing twice opens nothing more");
        }
        var detail = await w.CountyUser.GetFromJson<AuditRoundDetail>($"/api/v1/audits/{round.Id}");
        detail.State.Should().Be(AuditRoundState.Closed);
        detail.Problems.Should().Be(2);
        detail.RectifyBy.Should().Be(due);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TownshipAccount_CannotSeeOrScoreTheRound_AndSeesOnlyItsOwnResultOnceClosed(string provider)
    {
        var w = await CreateWorld(provider);
        var round = await Draw(w.CountyUser, (await Create(w.CountyUser, [w.A.Id, w.B.Id])).Id, 9);
        var unitA = round.Units.Single(u => u.OrgId == w.A.Id);
        var unitB = round.Units.Single(u => u.OrgId == w.B.Id);
        var own = unitA.Branches[0];

        (await w.AUser.GetAsync(new Uri($"/api/v1/audits/{round.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.AUser.GetAsync(new Uri($"/api/v1/audits/{round.Id}/ranking", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.AUser.GetAsync(new Uri($"/api/v1/audits/results/{unitA.Id}", UriKind.Relative))).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "before the round closes the sample is not shown to the unit (no notice)");
        (await w.AUser.GetFromJson<Paged<AuditRoundRow>>("/api/v1/audits/")).Items.Should().NotContain(r => r.Id == round.Id);
        var scoring = await Refused(await w.AUser.PutJson($"/api/v1/audits/{round.Id}/branches/{own.Id}/scores", ScoresFor(round, 90)), HttpStatusCode.Forbidden);
        scoring.Status.Should().Be(403);
        (await w.AUser.PostJson("/api/v1/audits", new AuditRoundInput(Today.Year, "自审", [own.OrgId]))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        foreach (var b in round.Units.SelectMany(u => u.Branches))
        {
            await Score(w.Inspector, round, b, 88);
        }
        (await w.CountyUser.PostJson($"/api/v1/audits/{round.Id}/close", new { })).StatusCode.Should().Be(HttpStatusCode.OK);

        var mine = await w.AUser.GetFromJson<AuditUnitResult>($"/api/v1/audits/results/{unitA.Id}");
        mine.OrgName.Should().Be("甲镇党委");
        mine.Score.Should().Be(88);
        mine.Rank.Should().Be(1);
        mine.RankedUnits.Should().Be(2);
        mine.Branches.Should().HaveCount(unitA.Branches.Count);
        (await w.AUser.GetAsync(new Uri($"/api/v1/audits/results/{unitB.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var listed = await w.AUser.GetFromJson<Paged<AuditUnitResultRow>>("/api/v1/audits/results");
        listed.Items.Should().ContainSingle(r => r.RoundId == round.Id).Which.OrgId.Should().Be(w.A.Id);
        (await w.AUser.GetAsync(new Uri($"/api/v1/audits/{round.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound, "the round itself stays the county's");
    }
}
