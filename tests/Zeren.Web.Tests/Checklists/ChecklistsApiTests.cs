using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Assessment;
using Zeren.Core.Checklists;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Checklists;

/// <summary>
/// 标准化建设清单 through /api/v1/checklists on both databases: the default items from the seeds; a village claims with a
/// note and the photos the item requires (every fault at once), a township above verifies or returns with a reason
/// (claimable again), the village itself and the claimant never verify; every step in the history; a template frozen at
/// the first claim (a new version instead); 达标 when every item is verified; another township neither sees, claims
/// nor verifies; the assessment's sources (share verified, not-达标 villages as a veto).
/// </summary>
public class ChecklistsApiTests
{
    private sealed record World(ZerenFactory App, OrgSummary County, OrgSummary A, OrgSummary B, OrgSummary A1, OrgSummary A2, OrgSummary B1,
        HttpClient CountyUser, HttpClient AUser, HttpClient BUser, HttpClient A1Clerk, HttpClient B1Clerk);

    private static int Year => ChinaTime.Today(TimeProvider.System).Year;

    private static async Task<World> CreateWorld(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var county = await admin.CreateOrg(null, "达标县委");
        var a = await admin.CreateOrg(county.Id, "甲镇党委");
        var b = await admin.CreateOrg(county.Id, "乙镇党委");
        var a1 = await admin.CreateOrg(a.Id, "甲一村党支部", OrgKind.Branch, OrgDomain.Rural);
        var a2 = await admin.CreateOrg(a.Id, "甲二社区党支部", OrgKind.Branch, OrgDomain.Community);
        var b1 = await admin.CreateOrg(b.Id, "乙一村党支部", OrgKind.Branch, OrgDomain.Rural);
        var tag = Guid.NewGuid().ToString("N")[..8];
        return new World(app, county, a, b, a1, a2, b1,
            app.ClientAs($"ck-c-{tag}", [Role.CountyAdmin], county.Id),
            app.ClientAs($"ck-a-{tag}", [Role.TownshipAdmin], a.Id),
            app.ClientAs($"ck-b-{tag}", [Role.TownshipAdmin], b.Id),
            app.ClientAs($"ck-a1-{tag}", [Role.BranchClerk], a1.Id),
            app.ClientAs($"ck-b1-{tag}", [Role.BranchClerk], b1.Id));
    }

    private static async Task<T> Ok<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<T>();
    }

    private static async Task<Problem> Refused(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<Problem>();
    }

    private static Task<HttpResponseMessage> Step(HttpClient client, Guid t, Guid org, Guid item, string step, object body) =>
        client.PostJson($"/api/v1/checklists/templates/{t}/orgs/{org}/items/{item}/{step}", body);

    private static async Task<ChecklistTemplateDetail> Standard(World w) =>
        await Ok<ChecklistTemplateDetail>(await w.CountyUser.PostJson("/api/v1/checklists/templates",
            new ChecklistTemplateInput(Year, ChecklistKind.Standard)), HttpStatusCode.Created);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task VillageClaimsWithPhotos_TownshipVerifiesOrReturns_TemplateFreezes_AndTheVillageIsUpToStandardWhenAllAreVerified(string provider)
    {
        var w = await CreateWorld(provider);
        var t = await Standard(w);
        t.Items.Select(i => i.Name).Should().Equal("屋顶树党徽", "室内挂党旗", "室外建党建长廊", "党员家门前贴共产党员牌");
        t.Items.Should().OnlyContain(i => i.PhotoRequired);
        t.Frozen.Should().BeFalse();
        t.CanEdit.Should().BeTrue();
        var venue = await Ok<ChecklistTemplateDetail>(await w.CountyUser.PostJson("/api/v1/checklists/templates",
            new ChecklistTemplateInput(Year, ChecklistKind.Venue)), HttpStatusCode.Created);
        venue.Items.Should().HaveCount(7).And.Contain(i => i.Name == "一个简易文化戏台");
        (await Refused(await w.CountyUser.PostJson("/api/v1/checklists/templates", new ChecklistTemplateInput(Year, ChecklistKind.Standard)),
            HttpStatusCode.UnprocessableEntity)).Code.Should().Be("checklist_exists");

        var item = t.Items[0].Id;
        // No note and no photo: both at once, nothing saved.
        var refused = await Refused(await Step(w.A1Clerk, t.Id, w.A1.Id, item, "claim", new ChecklistClaimInput(" ", [])), HttpStatusCode.UnprocessableEntity);
        refused.Errors!.Select(e => e.Code).Should().BeEquivalentTo("checklist_note_required", "checklist_photo_required");
        (await Ok<ChecklistTemplateDetail>(await w.CountyUser.GetAsync($"/api/v1/checklists/templates/{t.Id}"))).Frozen.Should().BeFalse();
        // A photo of another organization is not the village's evidence.
        var foreign = await Problems.ProblemsApiTests.Upload(w.CountyUser, w.B1.Id, "乙村照片");
        (await Refused(await Step(w.A1Clerk, t.Id, w.A1.Id, item, "claim", new ChecklistClaimInput("已树党徽", [foreign])), HttpStatusCode.UnprocessableEntity))
            .Errors!.Select(e => e.Code).Should().Equal("checklist_file_unusable");

        var photo = await Problems.ProblemsApiTests.Upload(w.A1Clerk, w.A1.Id, "党徽照片");
        var village = await Ok<VillageChecklist>(await Step(w.A1Clerk, t.Id, w.A1.Id, item, "claim", new ChecklistClaimInput("屋顶已树党徽", [photo])));
        village.Items[0].State.Should().Be(ChecklistItemState.Claimed);
        village.Items[0].Files.Select(f => f.Id).Should().Equal(photo);
        village.Items[0].CanVerify.Should().BeFalse("the village never verifies its own claim");
        // Frozen: the items cannot change; a copy is the new current version.
        (await Refused(await w.CountyUser.PutJson($"/api/v1/checklists/templates/{t.Id}", new ChecklistTemplateUpdate("改", [new("新条目", null, false)])),
            HttpStatusCode.UnprocessableEntity)).Code.Should().Be("checklist_frozen");
        // The village cannot verify (no permission), a claim twice is refused.
        (await Refused(await Step(w.A1Clerk, t.Id, w.A1.Id, item, "verify", new ChecklistVerifyInput(null)), HttpStatusCode.Forbidden))
            .Code.Should().Be("checklist_verify_forbidden");
        (await Refused(await Step(w.A1Clerk, t.Id, w.A1.Id, item, "claim", new ChecklistClaimInput("再报", [photo])), HttpStatusCode.UnprocessableEntity))
            .Errors!.Select(e => e.Code).Should().Contain("checklist_not_claimable");

        // The township above returns with a reason; the village claims again; the township verifies.
        (await Refused(await Step(w.AUser, t.Id, w.A1.Id, item, "return", new ChecklistReturnInput(" ")), HttpStatusCode.UnprocessableEntity))
            .Errors!.Select(e => e.Code).Should().Equal("reason_required");
        village = await Ok<VillageChecklist>(await Step(w.AUser, t.Id, w.A1.Id, item, "return", new ChecklistReturnInput("照片看不清党徽")));
        village.Items[0].State.Should().Be(ChecklistItemState.Returned);
        village.Items[0].ReturnReason.Should().Be("照片看不清党徽");
        var photo2 = await Problems.ProblemsApiTests.Upload(w.A1Clerk, w.A1.Id, "党徽近照");
        await Ok<VillageChecklist>(await Step(w.A1Clerk, t.Id, w.A1.Id, item, "claim", new ChecklistClaimInput("补拍近照", [photo2])));
        village = await Ok<VillageChecklist>(await Step(w.AUser, t.Id, w.A1.Id, item, "verify", new ChecklistVerifyInput("符合")));
        village.Items[0].State.Should().Be(ChecklistItemState.Verified);
        village.Items[0].History.Select(h => (h.Action, h.Text)).Should().Equal(
            (ChecklistAction.Claim, "屋顶已树党徽"), (ChecklistAction.Return, "照片看不清党徽"), (ChecklistAction.Claim, "补拍近照"), (ChecklistAction.Verify, "符合"));
        village.Items[0].History.Should().OnlyContain(h => h.By.Length > 0);
        village.Passed.Should().BeFalse();

        // The rest verified by the county: 达标.
        foreach (var other in t.Items.Skip(1))
        {
            var p = await Problems.ProblemsApiTests.Upload(w.A1Clerk, w.A1.Id, other.Name);
            await Ok<VillageChecklist>(await Step(w.A1Clerk, t.Id, w.A1.Id, other.Id, "claim", new ChecklistClaimInput("已完成", [p])));
            await Ok<VillageChecklist>(await Step(w.CountyUser, t.Id, w.A1.Id, other.Id, "verify", new ChecklistVerifyInput(null)));
        }
        (await Ok<VillageChecklist>(await w.A1Clerk.GetAsync($"/api/v1/checklists/templates/{t.Id}/orgs/{w.A1.Id}"))).Passed.Should().BeTrue();
        var board = await Ok<ChecklistBoard>(await w.CountyUser.GetAsync($"/api/v1/checklists/templates/{t.Id}/board"));
        board.Rows.Select(r => (r.Name, r.Passed)).Should().BeEquivalentTo([("甲一村党支部", true), ("甲二社区党支部", false), ("乙一村党支部", false)]);
        board.Townships.Single(x => x.OrgId == w.A.Id).Should().Match<BoardTownship>(x => x.Villages == 2 && x.Passed == 1);
        board.Townships.Single(x => x.OrgId == w.B.Id).Passed.Should().Be(0);
        // One township's board (its entries picked in the database) is the whole board narrowed to it.
        var boardA = await Ok<ChecklistBoard>(await w.CountyUser.GetAsync($"/api/v1/checklists/templates/{t.Id}/board?townshipId={w.A.Id}"));
        boardA.Rows.Should().BeEquivalentTo(board.OfTownship(w.A.Id).Rows, o => o.WithStrictOrdering());
        boardA.Should().Match<ChecklistBoard>(x => x.Villages == 2 && x.Passed == 1 && x.Townships.Count == 1);
        board.OfTownship(w.A.Id).Should().Match<ChecklistBoard>(x => x.Villages == 2 && x.Passed == 1 && x.Claimed == boardA.Claimed);

        // A copy is the new current version, editable; the old one is superseded and takes no more claims.
        var copy = await Ok<ChecklistTemplateDetail>(await w.CountyUser.PostJson($"/api/v1/checklists/templates/{t.Id}/copy", new ChecklistCopyInput(null)),
            HttpStatusCode.Created);
        (copy.Version, copy.Current, copy.Frozen, copy.CopiedFromId).Should().Be((2, true, false, t.Id));
        (await Ok<ChecklistTemplateDetail>(await w.CountyUser.GetAsync($"/api/v1/checklists/templates/{t.Id}"))).Current.Should().BeFalse();
        var a2Photo = await Problems.ProblemsApiTests.Upload(w.CountyUser, w.A2.Id, "社区照片");
        (await Refused(await Step(w.CountyUser, t.Id, w.A2.Id, t.Items[0].Id, "claim", new ChecklistClaimInput("已完成", [a2Photo])), HttpStatusCode.UnprocessableEntity))
            .Errors!.Select(e => e.Code).Should().Equal("checklist_superseded");
        await Ok<ChecklistTemplateDetail>(await w.CountyUser.PutJson($"/api/v1/checklists/templates/{copy.Id}",
            new ChecklistTemplateUpdate("新版清单", [.. copy.Items.Select(i => new ChecklistItemInput(i.Name, i.Description, i.PhotoRequired)), new("党员户挂牌率", null, false)])));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheClaimingOrganization_NeverVerifiesItsOwnClaim(string provider)
    {
        var w = await CreateWorld(provider);
        var t = await Ok<ChecklistTemplateDetail>(await w.CountyUser.PostJson("/api/v1/checklists/templates",
            new ChecklistTemplateInput(Year, ChecklistKind.Model)), HttpStatusCode.Created);
        var noPhoto = t.Items.Single(i => !i.PhotoRequired);
        // The township claims for its village (it may), then cannot verify that claim itself: the county does.
        await Ok<VillageChecklist>(await Step(w.AUser, t.Id, w.A1.Id, noPhoto.Id, "claim", new ChecklistClaimInput("村干部轮流值班", [])));
        (await Refused(await Step(w.AUser, t.Id, w.A1.Id, noPhoto.Id, "verify", new ChecklistVerifyInput(null)), HttpStatusCode.Forbidden))
            .Code.Should().Be("checklist_not_verifier");
        (await Ok<VillageChecklist>(await Step(w.CountyUser, t.Id, w.A1.Id, noPhoto.Id, "verify", new ChecklistVerifyInput(null)))).Items
            .Single(i => i.ItemId == noPhoto.Id).State.Should().Be(ChecklistItemState.Verified);
        // A verifier bound to the village itself (an inspector of the village) cannot verify it.
        var tag = Guid.NewGuid().ToString("N")[..6];
        var own = w.App.ClientAs($"ck-own-{tag}", [Role.Inspector], w.A1.Id);
        var centre = t.Items.Single(i => i.PhotoRequired);
        var photo = await Problems.ProblemsApiTests.Upload(w.A1Clerk, w.A1.Id, "服务中心");
        await Ok<VillageChecklist>(await Step(w.A1Clerk, t.Id, w.A1.Id, centre.Id, "claim", new ChecklistClaimInput("已建成", [photo])));
        (await Refused(await Step(own, t.Id, w.A1.Id, centre.Id, "verify", new ChecklistVerifyInput(null)), HttpStatusCode.Forbidden))
            .Code.Should().Be("checklist_not_verifier");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherTownship_NeitherSeesNorClaimsNorVerifies(string provider)
    {
        var w = await CreateWorld(provider);
        var county = await Standard(w);
        var ownA = await Ok<ChecklistTemplateDetail>(await w.AUser.PostJson("/api/v1/checklists/templates",
            new ChecklistTemplateInput(Year, ChecklistKind.Venue, OrgId: w.A.Id)), HttpStatusCode.Created);
        var photo = await Problems.ProblemsApiTests.Upload(w.A1Clerk, w.A1.Id, "党徽");
        await Ok<VillageChecklist>(await Step(w.A1Clerk, county.Id, w.A1.Id, county.Items[0].Id, "claim", new ChecklistClaimInput("已树", [photo])));

        // B sees the county's standard, not A's own template; not A's villages on the board or their page.
        (await Ok<List<ChecklistTemplateRow>>(await w.BUser.GetAsync($"/api/v1/checklists/templates?year={Year}"))).Select(r => r.Id)
            .Should().Equal(county.Id);
        (await w.BUser.GetAsync($"/api/v1/checklists/templates/{ownA.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.BUser.GetAsync($"/api/v1/checklists/templates/{ownA.Id}/board")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.BUser.PutJson($"/api/v1/checklists/templates/{ownA.Id}", new ChecklistTemplateUpdate("改", [new("x", null, false)])))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.BUser.PostJson($"/api/v1/checklists/templates/{ownA.Id}/copy", new ChecklistCopyInput(null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await w.BUser.PostJson($"/api/v1/checklists/templates/{county.Id}/copy", new ChecklistCopyInput(null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Ok<ChecklistBoard>(await w.BUser.GetAsync($"/api/v1/checklists/templates/{county.Id}/board"))).Rows.Select(r => r.OrgId).Should().Equal(w.B1.Id);

        // The database itself hides A's own template from B, not only the service (the visibility rule along the line,
        // ADR 0042); A's village sees both its township's and the county's, which are above it.
        await using (var scope = w.App.Services.CreateAsyncScope())
        {
            var db = scope.Get<ZerenDbContext>();
            var paths = await db.Set<Organization>().IgnoreQueryFilters().Where(o => o.Id == w.B.Id || o.Id == w.A1.Id)
                .ToDictionaryAsync(o => o.Id, o => o.Path);
            var both = new[] { county.Id, ownA.Id };
            scope.Get<ActorAccessor>().Current = new Actor(Guid.NewGuid(), "b", null, [Role.TownshipAdmin], DataScope.Of([paths[w.B.Id]]),
                orgId: w.B.Id, orgPath: paths[w.B.Id]);
            (await db.Set<ChecklistTemplate>().Where(t => both.Contains(t.Id)).Select(t => t.Id).ToListAsync()).Should().Equal(county.Id);
            scope.Get<ActorAccessor>().Current = new Actor(Guid.NewGuid(), "a1", null, [Role.BranchClerk], DataScope.Of([paths[w.A1.Id]]),
                orgId: w.A1.Id, orgPath: paths[w.A1.Id]);
            (await db.Set<ChecklistTemplate>().Where(t => both.Contains(t.Id)).Select(t => t.Id).ToListAsync()).Should().BeEquivalentTo(both);
        }
        (await w.BUser.GetAsync($"/api/v1/checklists/templates/{county.Id}/orgs/{w.A1.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Step(w.BUser, county.Id, w.A1.Id, county.Items[0].Id, "verify", new ChecklistVerifyInput(null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Step(w.BUser, county.Id, w.A1.Id, county.Items[0].Id, "return", new ChecklistReturnInput("不行"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Step(w.B1Clerk, county.Id, w.A1.Id, county.Items[1].Id, "claim", new ChecklistClaimInput("代报", []))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        // A's village sees its township's and the county's templates.
        (await Ok<List<ChecklistTemplateRow>>(await w.A1Clerk.GetAsync($"/api/v1/checklists/templates?year={Year}"))).Select(r => r.Id)
            .Should().BeEquivalentTo([county.Id, ownA.Id]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AssessmentSources_ShareVerifiedAndNotStandardVillagesAsAVeto(string provider)
    {
        var w = await CreateWorld(provider);
        var t = await Standard(w);
        // 甲一 verifies every item (达标), 甲二 one of four, 乙一 none.
        foreach (var item in t.Items)
        {
            var p = await Problems.ProblemsApiTests.Upload(w.A1Clerk, w.A1.Id, item.Name);
            await Ok<VillageChecklist>(await Step(w.A1Clerk, t.Id, w.A1.Id, item.Id, "claim", new ChecklistClaimInput("已完成", [p])));
            await Ok<VillageChecklist>(await Step(w.AUser, t.Id, w.A1.Id, item.Id, "verify", new ChecklistVerifyInput(null)));
        }
        var a2Photo = await Problems.ProblemsApiTests.Upload(w.AUser, w.A2.Id, "社区");
        await Ok<VillageChecklist>(await Step(w.AUser, t.Id, w.A2.Id, t.Items[0].Id, "claim", new ChecklistClaimInput("已完成", [a2Photo])));
        await Ok<VillageChecklist>(await Step(w.CountyUser, t.Id, w.A2.Id, t.Items[0].Id, "verify", new ChecklistVerifyInput(null)));
        // A claim not yet verified does not count.
        var a2Photo2 = await Problems.ProblemsApiTests.Upload(w.AUser, w.A2.Id, "社区二");
        await Ok<VillageChecklist>(await Step(w.AUser, t.Id, w.A2.Id, t.Items[1].Id, "claim", new ChecklistClaimInput("已完成", [a2Photo2])));

        var sources = await w.CountyUser.GetFromJson<List<SourceInfo>>("/api/v1/assessment-schemes/sources");
        sources.Select(s => (s.Key, s.Measure)).Should().Contain([("checklists.standard", SourceMeasure.Rate), ("checklists.not-standard", SourceMeasure.Count)]);
        var scheme = await Ok<SchemeView>(await w.CountyUser.PostJson("/api/v1/assessment-schemes", new SchemeInput(Year, AssessedKind.Township, "标准化考核",
        [
            new ItemInput("标准化达标率", ItemType.Score, "checklists.standard", 100),
            new ItemInput("标准化未达标", ItemType.Veto, "checklists.not-standard", 0),
        ], OrgId: w.County.Id)), HttpStatusCode.Created);
        var run = await Ok<RunView>(await w.CountyUser.PostJson("/api/v1/scoring-runs", new RunInput(scheme.Id, $"{Year}")), HttpStatusCode.Created);
        EntryView Entry(OrgSummary org, string item) => run.Results.Single(r => r.OrgId == org.Id).Entries.Single(e => e.ItemName == item);
        (Entry(w.A, "标准化达标率").Value, Entry(w.A, "标准化达标率").Points, Entry(w.A, "标准化达标率").Data)
            .Should().Be((0.625m, 62.5m, "达标型条目 8 项（村×条目），已验收 5 项（62.5%）"));
        (Entry(w.A, "标准化未达标").Value, Entry(w.A, "标准化未达标").Data).Should().Be((1m, "2 个村（社区）中 1 个未达标"));
        run.Results.Single(r => r.OrgId == w.A.Id).Vetoed.Should().BeTrue();
        (Entry(w.B, "标准化达标率").Value, Entry(w.B, "标准化未达标").Value).Should().Be((0m, 1m));

        // Once 甲二 is up to standard too, 甲 is no longer vetoed.
        foreach (var item in t.Items.Skip(1))
        {
            if (item.Id != t.Items[1].Id)
            {
                var p = await Problems.ProblemsApiTests.Upload(w.AUser, w.A2.Id, item.Name);
                await Ok<VillageChecklist>(await Step(w.AUser, t.Id, w.A2.Id, item.Id, "claim", new ChecklistClaimInput("已完成", [p])));
            }
            await Ok<VillageChecklist>(await Step(w.CountyUser, t.Id, w.A2.Id, item.Id, "verify", new ChecklistVerifyInput(null)));
        }
        var scheme2 = await Ok<SchemeView>(await w.CountyUser.PostJson("/api/v1/assessment-schemes", new SchemeInput(Year, AssessedKind.Township, "标准化复核",
        [
            new ItemInput("标准化达标率", ItemType.Score, "checklists.standard", 100),
            new ItemInput("标准化未达标", ItemType.Veto, "checklists.not-standard", 0),
        ], OrgId: w.County.Id)), HttpStatusCode.Created);
        var again = await Ok<RunView>(await w.CountyUser.PostJson("/api/v1/scoring-runs", new RunInput(scheme2.Id, $"{Year}")), HttpStatusCode.Created);
        var a = again.Results.Single(r => r.OrgId == w.A.Id);
        (a.Vetoed, a.Entries.Single(e => e.ItemName == "标准化达标率").Value).Should().Be((false, 1m));
    }
}
