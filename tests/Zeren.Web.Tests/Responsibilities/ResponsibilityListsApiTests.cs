using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Responsibilities;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Responsibilities;

public class ResponsibilityListsApiTests
{
    /// <summary>A county with two townships (each with a secretary and a deputy) and a village branch under the first.</summary>
    internal sealed record World(OrgSummary County, OrgSummary TownA, OrgSummary TownB, OrgSummary Village, PersonRow SecretaryA,
        PersonRow DeputyA, PersonRow SecretaryB, PersonRow BranchSecretary);

    internal static DateOnly Today => ChinaTime.Today(TimeProvider.System);

    internal static async Task<World> CreateWorld(HttpClient admin)
    {
        var county = await admin.CreateOrg(null, "清单测试县委");
        var a = await admin.CreateOrg(county.Id, "甲镇党委");
        var b = await admin.CreateOrg(county.Id, "乙镇党委");
        var village = await admin.CreateOrg(a.Id, "甲镇某村党支部", OrgKind.Branch, OrgDomain.Rural);
        var since = new DateOnly(2024, 1, 1);
        async Task<PersonRow> Appoint(Guid org, string name, PositionTitle title)
        {
            var person = await admin.CreatePerson(TestData.Member(org, name));
            var r = await admin.PostJson("/api/v1/positions", new { orgId = org, personId = person.Id, title, startOn = since });
            r.StatusCode.Should().Be(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
            return person;
        }
        return new World(county, a, b, village,
            await Appoint(a.Id, "甲书记", PositionTitle.Secretary), await Appoint(a.Id, "甲副书记", PositionTitle.DeputySecretary),
            await Appoint(b.Id, "乙书记", PositionTitle.Secretary), await Appoint(village.Id, "村书记", PositionTitle.Secretary));
    }

    internal static ItemInput Item(string content, ResponsibilityRole? role = ResponsibilityRole.First, Guid? person = null, int days = 30) =>
        new(content, "有记录、有佐证", Today.AddDays(days), role, person);

    /// <summary>A common list of the county with two items, issued to every township committee.</summary>
    internal static async Task<ListDetail> IssueCommonList(HttpClient admin, World w, string title)
    {
        var created = await admin.PostJson("/api/v1/responsibility-lists", new ListInput(w.County.Id, ListKind.Common, title, "全县统一",
            [Item("落实党建工作述职"), Item("每季度研究党建工作", ResponsibilityRole.Direct)]));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var list = await created.ReadAs<ListDetail>();
        var issued = await admin.PostJson($"/api/v1/responsibility-lists/{list.List.Id}/issue",
            new IssueInput([new AudienceRule(OrgKind.Committee, 1, null)]));
        issued.StatusCode.Should().Be(HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
        (await issued.ReadAs<IssueResult>()).Should().Be(new IssueResult(2, 2));
        return await admin.GetFromJson<ListDetail>($"/api/v1/responsibility-lists/{list.List.Id}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task CommonList_IsIssuedToEveryTownship_NamesTheHolders_AndIsReportedConfirmedAndReturned(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var w = await CreateWorld(admin);
        var list = await IssueCommonList(admin, w, "2026年度乡镇党委书记抓党建责任清单");
        list.List.IsIssued.Should().BeTrue();
        list.Manage.Should().BeTrue();
        list.List.Progress.Should().Be(new ListProgress(2, 4, 0, 0, 4, 0, 0));

        var matrix = await admin.GetFromJson<Paged<ReceiverRow>>($"/api/v1/responsibility-lists/{list.List.Id}/receivers");
        matrix.Items.Select(r => r.OrgName).Should().BeEquivalentTo(["甲镇党委", "乙镇党委"]);
        matrix.Items.Should().OnlyContain(r => r.Cells.Count == 2 && r.Open == 2);

        // The township sees the county's list through its receiver row, with its own items named to its holders.
        var town = factory.ClientAs(Accounts.UniqueName("list-town"), [Role.TownshipAdmin], w.TownA.Id);
        var received = await town.GetFromJson<Paged<ListSummary>>("/api/v1/responsibility-lists?side=Received");
        received.Items.Should().Contain(l => l.Id == list.List.Id);
        var mine = await town.GetFromJson<ReceiverDetail>($"/api/v1/responsibility-lists/{list.List.Id}/receivers/{w.TownA.Id}");
        mine.Report.Should().BeTrue();
        mine.Manage.Should().BeFalse();
        mine.Items.Select(i => i.PersonName).Should().Equal("甲书记", "甲副书记");
        var first = mine.Items[0];

        // Each item at each receiver is an obligation of the receiver, due on the item's deadline, naming its person.
        async Task<ObligationRow> Owed() => (await admin.GetFromJson<Paged<ObligationRow>>(
            $"/api/v1/obligations?kind=responsibility.item&orgId={w.TownA.Id}&pageSize=200")).Items.Single(o => o.SourceId == first.Item.Id);
        var owed = await Owed();
        owed.State.Should().Be(ObligationState.Open);
        owed.DueOn.Should().Be(first.Item.DueOn);
        owed.PersonId.Should().Be(w.SecretaryA.Id);
        owed.IssuerOrgId.Should().Be(w.County.Id);
        owed.Link.Should().Be($"/lists/{list.List.Id}/orgs/{w.TownA.Id}#item-1");
        (await admin.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?kind=responsibility.item&under={w.County.Id}&pageSize=200")).Total.Should().Be(4);

        var done = await town.PostJson($"/api/v1/responsibility-lists/completions/{first.Id}/done", new DoneInput("已于3月召开述职评议会"));
        done.StatusCode.Should().Be(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        (await done.ReadAs<CompletionView>()).State.Should().Be(CompletionState.Done);
        (await Owed()).State.Should().Be(ObligationState.Submitted);
        var again = await town.PostJson($"/api/v1/responsibility-lists/completions/{first.Id}/done", new DoneInput("再报一次"));
        again.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await again.ReadAs<Problem>()).Code.Should().Be("item_already_done");

        // Evidence files go with the completion, as files of the receiving township.
        using var form = new MultipartFormDataContent();
        var png = new ByteArrayContent(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="));
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(png, "file", "会议照片.png");
        var upload = await town.PostAsync(new Uri($"/api/v1/responsibility-lists/completions/{first.Id}/files", UriKind.Relative), form);
        upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());

        // Only the issuer confirms or returns.
        (await town.PostJson($"/api/v1/responsibility-lists/completions/{first.Id}/confirm", new { })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var returned = await admin.PostJson($"/api/v1/responsibility-lists/completions/{first.Id}/return", new ReturnInput("缺少评议结果"));
        returned.StatusCode.Should().Be(HttpStatusCode.OK, await returned.Content.ReadAsStringAsync());
        var view = await town.GetFromJson<CompletionView>($"/api/v1/responsibility-lists/completions/{first.Id}");
        view.State.Should().Be(CompletionState.Returned);
        view.ReturnComment.Should().Be("缺少评议结果");
        view.Files.Should().ContainSingle().Which.FileName.Should().Be("会议照片.png");
        (await Owed()).State.Should().Be(ObligationState.Open, "a returned item is owed again");
        (await town.PostJson($"/api/v1/responsibility-lists/completions/{first.Id}/done", new DoneInput("补充了评议结果"))).EnsureSuccessStatusCode();
        var confirmed = await admin.PostJson($"/api/v1/responsibility-lists/completions/{first.Id}/confirm", new { });
        confirmed.StatusCode.Should().Be(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        (await confirmed.ReadAs<CompletionView>()).State.Should().Be(CompletionState.Confirmed);
        (await Owed()).State.Should().Be(ObligationState.Closed);

        var progress = (await admin.GetFromJson<ListDetail>($"/api/v1/responsibility-lists/{list.List.Id}")).List.Progress;
        progress.Should().Be(new ListProgress(2, 4, 0, 1, 3, 0, 0));
        progress.DonePercent.Should().Be(25);
        var open = await admin.GetFromJson<Paged<ReceiverRow>>($"/api/v1/responsibility-lists/{list.List.Id}/receivers?filter=Open");
        open.Total.Should().Be(2);
        var row = open.Items.Single(r => r.OrgId == w.TownA.Id);
        row.Confirmed.Should().Be(1);
        row.DonePercent.Should().Be(50);

        // The other township sees neither the first township's items nor its completion.
        var other = factory.ClientAs(Accounts.UniqueName("list-townb"), [Role.TownshipAdmin], w.TownB.Id);
        (await other.GetAsync(new Uri($"/api/v1/responsibility-lists/completions/{first.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetAsync(new Uri($"/api/v1/responsibility-lists/{list.List.Id}/receivers/{w.TownA.Id}", UriKind.Relative))).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
        var theirs = await other.GetFromJson<Paged<ReceiverRow>>($"/api/v1/responsibility-lists/{list.List.Id}/receivers");
        theirs.Items.Should().ContainSingle().Which.OrgId.Should().Be(w.TownB.Id);

        var xlsx = await admin.GetAsync(new Uri($"/api/v1/responsibility-lists/{list.List.Id}/export.xlsx", UriKind.Relative));
        xlsx.StatusCode.Should().Be(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.Content.ReadAsByteArrayAsync()).Length.Should().BeGreaterThan(1000);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OwnList_OfATownship_GoesToItsBranches_AndAnItemAddedLaterReachesThem(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var w = await CreateWorld(admin);
        var town = factory.ClientAs(Accounts.UniqueName("list-own"), [Role.TownshipAdmin], w.TownA.Id);
        var created = await town.PostJson("/api/v1/responsibility-lists", new ListInput(w.TownA.Id, ListKind.Own, "甲镇村党支部书记责任清单", null,
            [Item("规范开展主题党日", ResponsibilityRole.Specific)]));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var list = await created.ReadAs<ListDetail>();
        var issued = await town.PostJson($"/api/v1/responsibility-lists/{list.List.Id}/issue", new IssueInput([new AudienceRule(OrgKind.Branch, null, null)]));
        (await issued.ReadAs<IssueResult>()).Should().Be(new IssueResult(1, 1));
        var added = await town.PostJson($"/api/v1/responsibility-lists/{list.List.Id}/items", Item("发展党员", person: w.BranchSecretary.Id, role: null));
        added.StatusCode.Should().Be(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        var detail = await town.GetFromJson<ReceiverDetail>($"/api/v1/responsibility-lists/{list.List.Id}/receivers/{w.Village.Id}");
        detail.Items.Select(i => (i.Item.Number, i.PersonName)).Should().Equal((1, "村书记"), (2, "村书记"));
        detail.Manage.Should().BeTrue();
        // The county sees the township's list too; the other township does not.
        (await admin.GetFromJson<ListDetail>($"/api/v1/responsibility-lists/{list.List.Id}")).List.IssuerName.Should().Be("甲镇党委");
        var other = factory.ClientAs(Accounts.UniqueName("list-own-b"), [Role.TownshipAdmin], w.TownB.Id);
        (await other.GetAsync(new Uri($"/api/v1/responsibility-lists/{list.List.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BadInput_IsRefusedInChinese_EveryFaultAtOnce_AndSavesNothing(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var w = await CreateWorld(admin);
        var title = "坏清单" + Guid.NewGuid().ToString("N")[..6];
        var bad = await admin.PostJson("/api/v1/responsibility-lists", new ListInput(w.County.Id, ListKind.Common, title, null,
        [
            new ItemInput("", "", Today.AddDays(-1), ResponsibilityRole.First, null),
            new ItemInput("内容", "标准", Today, ResponsibilityRole.First, w.SecretaryA.Id),
            new ItemInput("内容", "标准", Today, null, null),
        ]));
        bad.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await bad.ReadAs<Problem>();
        problem.Errors!.Select(e => e.Field).Should().Contain(["items[0].content", "items[0].standard", "items[0].dueOn", "items[1].personId", "items[2].role"]);
        problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        (await admin.GetFromJson<Paged<ListSummary>>($"/api/v1/responsibility-lists?q={title}")).Total.Should().Be(0);

        var list = await IssueCommonList(admin, w, "清单" + Guid.NewGuid().ToString("N")[..6]);
        var nobody = await admin.PostJson($"/api/v1/responsibility-lists/{list.List.Id}/issue", new IssueInput([]));
        (await nobody.ReadAs<Problem>()).Code.Should().Be("issue_receivers_required");
        var above = await admin.PostJson($"/api/v1/responsibility-lists/{list.List.Id}/issue", new IssueInput(null, [w.County.Id]));
        (await above.ReadAs<Problem>()).Code.Should().Be("issue_org_outside");
        var row = (await admin.GetFromJson<Paged<ReceiverRow>>($"/api/v1/responsibility-lists/{list.List.Id}/receivers")).Items[0];
        var blank = await admin.PostJson($"/api/v1/responsibility-lists/completions/{row.Cells[0].CompletionId}/done", new DoneInput("  "));
        blank.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await blank.ReadAs<Problem>()).Code.Should().Be("completion_evidence_required");
        var early = await admin.PostJson($"/api/v1/responsibility-lists/completions/{row.Cells[0].CompletionId}/confirm", new { });
        (await early.ReadAs<Problem>()).Code.Should().Be("completion_not_done");
        var noComment = await admin.PostJson($"/api/v1/responsibility-lists/completions/{row.Cells[0].CompletionId}/return", new ReturnInput(""));
        noComment.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await admin.GetFromJson<CompletionView>($"/api/v1/responsibility-lists/completions/{row.Cells[0].CompletionId}")).State.Should().Be(CompletionState.Open);
    }
}
