using System.Net;
using FluentAssertions;
using Zeren.Core.Assessment;
using Zeren.Core.Data;
using Zeren.Core.Inspections;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.PartyAudits;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;
using Zeren.Core.Security;
using Problem = Zeren.Core.Rectification.Problem;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Assessment;

/// <summary>
/// The computed sources of problems, inspections and party-building audits on both databases, from known rows (some
/// outside the period, which must not count), and the 调整建议 of a published township ranking: the 组织委员 of the
/// bottom two townships, looked up in the people data.
/// </summary>
public class AssessmentSourcesTests
{
    private static int Year => AssessmentApiTests.World.Year;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ProblemInspectionAndAuditSources_CountTheSubtreesRowsOfThePeriod_AndSayWhichData(string provider)
    {
        var w = await AssessmentApiTests.CreateWorld(provider);
        var admin = w.App.AdminClient();
        var (jia, yi) = (w.Townships[0], w.Townships[1]);
        var jiaVillage = await admin.CreateOrg(jia.Id, "甲一村党支部", OrgKind.Branch, OrgDomain.Rural);
        var jiaVillage2 = await admin.CreateOrg(jia.Id, "甲二村党支部", OrgKind.Branch, OrgDomain.Rural);
        var yiVillage = await admin.CreateOrg(yi.Id, "乙一村党支部", OrgKind.Branch, OrgDomain.Rural);
        var yiVillage2 = await admin.CreateOrg(yi.Id, "乙二村党支部", OrgKind.Branch, OrgDomain.Rural);
        var now = DateTimeOffset.UtcNow;
        var today = ChinaTime.Today(TimeProvider.System);
        var lastYear = now.AddYears(-1);

        await using (var scope = w.App.Scope())
        {
            var db = scope.Get<ZerenDbContext>();
            // Problems of 甲's village: two raised and closed this year (one applied for in time, one late), one open and due
            // later, one of last year (closed: outside the period).
            Problem Add(DateTimeOffset raisedAt, DateOnly dueOn, bool closed, DateTimeOffset? appliedAt)
            {
                var draft = new ProblemDraft(jiaVillage.Id, ProblemSource.Inspection, "记录不全", "记录不全。", dueOn);
                var p = Problem.Demo(draft, w.County.Id, closed ? ProblemState.Closed : ProblemState.Listed, raisedAt, "test", null, null, null, appliedAt,
                    closed ? raisedAt.AddMinutes(30) : null, 0);
                db.Add(p);
                var owed = Obligation.Open(ProblemService.ObligationOf(p), raisedAt, "test");
                if (appliedAt is { } at)
                {
                    owed.Submit("已整改", [], at, "test");
                    owed.Close(at, "test", fromOpen: false);
                }
                db.Add(owed);
                return p;
            }
            Add(now.AddHours(-2), today, closed: true, appliedAt: now.AddHours(-1));
            Add(now.AddHours(-2), today, closed: true, appliedAt: now.AddDays(2));
            Add(now.AddHours(-2), today.AddDays(30), closed: false, appliedAt: null);
            Add(lastYear, DateOnly.FromDateTime(lastYear.UtcDateTime), closed: true, appliedAt: lastYear);

            // Inspections of 甲's village: today's (3 items passed, 1 failed, 2 findings) and last year's (outside).
            var visit = Inspection.Create(jiaVillage.Id, jia.Id, null, today, "暗访组", 3, 5, null, now, "test");
            var old = Inspection.Create(jiaVillage.Id, jia.Id, null, today.AddYears(-1), "暗访组", 3, 5, null, lastYear, "test");
            db.AddRange(visit, old);
            db.AddRange(
                InspectionCheck.Create(visit.Id, ChecklistKind.Common, "一徽一旗", true, null, 1),
                InspectionCheck.Create(visit.Id, ChecklistKind.Common, "一廊一牌", true, null, 2),
                InspectionCheck.Create(visit.Id, ChecklistKind.Common, "三会一课记录", false, "记录不全", 3),
                InspectionCheck.Create(visit.Id, ChecklistKind.Own, "网格走访", true, null, 4),
                InspectionCheck.Create(old.Id, ChecklistKind.Common, "一徽一旗", false, null, 1));
            db.AddRange(InspectionFinding.Create(visit.Id, "会议记录不全", 1), InspectionFinding.Create(visit.Id, "公开栏陈旧", 2),
                InspectionFinding.Create(old.Id, "去年的问题", 1));

            // Audits: this year's closed round (甲 85 on average of 80 and 90, 乙 70 with one branch unscored; full 100), and
            // last year's round of 乙 (10 points: outside the period).
            var rules = new AuditSamplingRules(0, 0, 1, 3);
            AuditRound Round(string name, DateTimeOffset closedAt, params (OrgSummary Unit, (OrgSummary Branch, int? Total)[] Samples)[] units)
            {
                var round = AuditRound.Create(w.County.Id, closedAt.Year, name, rules, closedAt.AddDays(-1), "test");
                round.Sampled(new AuditSampleInput(rules, 1, []), closedAt.AddHours(-2), "test");
                db.Add(round);
                db.AddRange(AuditItem.Create(round, 1, "抓党建责任落实", 60), AuditItem.Create(round, 2, "组织生活", 40));
                var position = 0;
                foreach (var (unit, samples) in units)
                {
                    var u = AuditUnit.Create(round, unit.Id, ++position);
                    db.Add(u);
                    foreach (var (branch, total) in samples)
                    {
                        var s = AuditSample.Create(u, branch.Id, AuditBranchKind.Grassroots, ++position);
                        if (total is { } t)
                        {
                            s.Scored(t, 0, closedAt.AddHours(-1), "test");
                        }
                        db.Add(s);
                    }
                }
                round.Close(DateOnly.FromDateTime(closedAt.UtcDateTime).AddMonths(2), closedAt, "test");
                return round;
            }
            Round("本年党建审计", now.AddHours(-1), (jia, [(jiaVillage, 80), (jiaVillage2, 90)]), (yi, [(yiVillage, 70), (yiVillage2, null)]));
            Round("上年党建审计", lastYear, (yi, [(yiVillage, 10)]));
            await db.SaveChangesAsync();
        }

        var sources = await w.CountyUser.GetFromJson<List<SourceInfo>>("/api/v1/assessment-schemes/sources");
        sources.Select(s => (s.Key, s.Measure)).Should().Contain([("problems.closure", SourceMeasure.Rate), ("problems.timeliness", SourceMeasure.Rate),
            ("inspections.pass-rate", SourceMeasure.Rate), ("inspections.findings", SourceMeasure.Count), ("audits.score", SourceMeasure.Rate)]);

        var scheme = await (await w.CountyUser.PostJson("/api/v1/assessment-schemes", new SchemeInput(Year, AssessedKind.Township, "数据来源考核",
        [
            new ItemInput("问题整改销号率", ItemType.Score, "problems.closure", 20),
            new ItemInput("问题按期整改率", ItemType.Score, "problems.timeliness", 20),
            new ItemInput("暗访清单通过率", ItemType.Score, "inspections.pass-rate", 20),
            new ItemInput("党建审计得分率", ItemType.Score, "audits.score", 40),
            new ItemInput("暗访发现问题", ItemType.Deduction, "inspections.findings", 1, Cap: 5),
        ], OrgId: w.County.Id))).ReadAs<SchemeView>();
        var response = await w.CountyUser.PostJson("/api/v1/scoring-runs", new RunInput(scheme.Id, $"{Year}"));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var run = await response.ReadAs<RunView>();

        EntryView Entry(OrgSummary org, string item) => run.Results.Single(r => r.OrgId == org.Id).Entries.Single(e => e.ItemName == item);
        (Entry(jia, "问题整改销号率").Value, Entry(jia, "问题整改销号率").Points, Entry(jia, "问题整改销号率").Data)
            .Should().Be((0.6667m, 13.33m, "期内发现问题 3 个，已销号 2 个（66.7%）"));
        (Entry(jia, "问题按期整改率").Value, Entry(jia, "问题按期整改率").Points, Entry(jia, "问题按期整改率").Data)
            .Should().Be((0.5m, 10m, "期内到期问题 2 个，按期整改销号 1 个（50%）"));
        (Entry(jia, "暗访清单通过率").Value, Entry(jia, "暗访清单通过率").Points, Entry(jia, "暗访清单通过率").Data)
            .Should().Be((0.75m, 15m, "暗访检查清单 4 项，通过 3 项（75%）"));
        (Entry(jia, "暗访发现问题").Value, Entry(jia, "暗访发现问题").Points, Entry(jia, "暗访发现问题").Data)
            .Should().Be((2m, 2m, "期内暗访 1 次，发现问题 2 个，清单未通过 1 项"));
        (Entry(jia, "党建审计得分率").Value, Entry(jia, "党建审计得分率").Points, Entry(jia, "党建审计得分率").Data)
            .Should().Be((0.85m, 34m, "本年党建审计：抽查支部 2 个，平均 85 分（满分 100）"));

        (Entry(yi, "问题整改销号率").Points, Entry(yi, "问题整改销号率").Data).Should().Be((20m, "期内未发现问题"));
        (Entry(yi, "问题按期整改率").Points, Entry(yi, "问题按期整改率").Data).Should().Be((20m, "期内无到期问题"));
        (Entry(yi, "暗访清单通过率").Points, Entry(yi, "暗访清单通过率").Data).Should().Be((20m, "期内未被暗访"));
        (Entry(yi, "暗访发现问题").Points, Entry(yi, "暗访发现问题").Data).Should().Be((0m, "期内未被暗访"));
        (Entry(yi, "党建审计得分率").Value, Entry(yi, "党建审计得分率").Points, Entry(yi, "党建审计得分率").Data)
            .Should().Be((0.7m, 28m, "本年党建审计：抽查支部 1 个，平均 70 分（满分 100）"), "the unscored branch and last year's round do not count");
        var bing = w.Townships[2];
        (Entry(bing, "党建审计得分率").Points, Entry(bing, "党建审计得分率").Data).Should().Be((0m, "期内未被党建审计抽中"));

        run.Results.Single(r => r.OrgId == jia.Id).Total.Should().Be(13.33m + 10m + 15m + 34m - 2m);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PublishedTownshipRanking_ProposesTheBottomTwoOrganizationCommitteeMembers(string provider)
    {
        var w = await AssessmentApiTests.CreateWorld(provider);
        var admin = w.App.AdminClient();
        var (jia, yi, bing, ding) = (w.Townships[0], w.Townships[1], w.Townships[2], w.Townships[3]);
        var today = ChinaTime.Today(TimeProvider.System);
        async Task<PersonRow> Commissioner(OrgSummary township, string name, PositionTitle title = PositionTitle.OrganizationCommissioner)
        {
            var person = await admin.CreatePerson(TestData.Member(township.Id, name));
            (await admin.PostJson("/api/v1/positions", new PeopleApi.PositionInput(township.Id, person.Id, title, today.AddYears(-2))))
                .EnsureSuccessStatusCode();
            return person;
        }
        var jiaMember = await Commissioner(jia, "甲组织委员");
        await Commissioner(jia, "甲宣传委员", PositionTitle.PropagandaCommissioner);
        await Commissioner(yi, "乙组织委员");
        // 丁 has no 组织委员: the post is vacant.

        var scheme = await (await w.CountyUser.PostJson("/api/v1/assessment-schemes", new SchemeInput(Year, AssessedKind.Township, "乡镇党委考核",
            [new ItemInput("工作实绩", ItemType.Score, null, 100)], BottomCount: 3, OrgId: w.County.Id))).ReadAs<SchemeView>();
        var run = await (await w.CountyUser.PostJson("/api/v1/scoring-runs", new RunInput(scheme.Id, $"{Year}"))).ReadAs<RunView>();
        var item = run.Scheme.Items.Single().Id;
        foreach (var (org, points) in new[] { (yi, 90m), (bing, 80m), (ding, 70m), (jia, 60m) })
        {
            (await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/scores", new ManualScoreInput(org.Id, item, points, "述职评议"))).EnsureSuccessStatusCode();
        }
        (await w.CountyUser.GetFromJson<RunView>($"/api/v1/scoring-runs/{run.Run.Id}")).Proposals.Should().BeEmpty("nothing is proposed before publishing");

        var published = await (await w.CountyUser.PostJson($"/api/v1/scoring-runs/{run.Run.Id}/publish", new { })).ReadAs<RunView>();
        published.Results.Count(r => r.Bottom).Should().Be(3, "three owe rectification");
        published.Proposals.Select(p => (p.Rank, p.OrgName, p.PersonId, p.PersonName, p.Post)).Should().Equal(
            (3, "丁镇党委", (Guid?)null, (string?)null, "组织委员"),
            (4, "甲镇党委", jiaMember.Id, "甲组织委员", "组织委员"));
        published.Proposals[1].InPostSince.Should().Be(today.AddYears(-2));

        var pages = await w.App.NewPageClientAsync("as-prop", Role.CountyAdmin, w.County.Id);
        var page = await pages.PageTextAsync($"/assessment/runs/{run.Run.Id}");
        page.Should().Contain("调整建议").And.Contain("甲组织委员").And.NotContain("乙组织委员").And.NotContain("甲宣传委员");

        // A village ranking proposes no one.
        await admin.CreateOrg(yi.Id, "乙一村党支部", OrgKind.Branch, OrgDomain.Rural);
        var villages = await (await w.CountyUser.PostJson("/api/v1/assessment-schemes", new SchemeInput(Year, AssessedKind.Village, "村党组织考核",
            [new ItemInput("党建项目完成率", ItemType.Score, "projects.completion", 100)], OrgId: w.County.Id))).ReadAs<SchemeView>();
        var villageRun = await (await w.CountyUser.PostJson("/api/v1/scoring-runs", new RunInput(villages.Id, $"{Year}"))).ReadAs<RunView>();
        (await (await w.CountyUser.PostJson($"/api/v1/scoring-runs/{villageRun.Run.Id}/publish", new { })).ReadAs<RunView>()).Proposals.Should().BeEmpty();
    }
}
