using System.Net;
using FluentAssertions;
using Zeren.Core.Audit;
using Zeren.Core.Obligations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Responsibilities;
using Zeren.Core.Security;
using Zeren.Web.Tests.Audit;
using Zeren.Web.Tests.Infrastructure;
using static Zeren.Web.Tests.Responsibilities.ResponsibilityListsApiTests;

namespace Zeren.Web.Tests.Responsibilities;

/// <summary>Changes to a list after it is made (ADR 0034): editing and revoking items, deleting drafts, adding items after issue.</summary>
public class ListChangesTests
{
    private static async Task<List<ObligationRow>> OwedFor(HttpClient admin, World w, Guid itemId) =>
        (await admin.GetFromJson<Paged<ObligationRow>>($"/api/v1/obligations?kind=responsibility.item&under={w.County.Id}&pageSize=200"))
        .Items.Where(o => o.SourceId == itemId).ToList();

    private static async Task<Guid> CompletionOf(HttpClient client, Guid listId, Guid orgId, int number) =>
        (await client.GetFromJson<ReceiverDetail>($"/api/v1/responsibility-lists/{listId}/receivers/{orgId}")).Items.Single(i => i.Item.Number == number).Id;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EditingAnIssuedItem_ReachesEveryReceiver_UpdatesItsObligations_AndKeepsWhatWasDone(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var w = await CreateWorld(admin);
        var list = await IssueCommonList(admin, w, "修改事项清单");
        var item = list.Items[0];
        var town = factory.ClientAs(Accounts.UniqueName("edit-town"), [Role.TownshipAdmin], w.TownA.Id);
        var doneId = await CompletionOf(town, list.List.Id, w.TownA.Id, 1);
        (await town.PostJson($"/api/v1/responsibility-lists/completions/{doneId}/done", new DoneInput("已召开述职会"))).EnsureSuccessStatusCode();

        // Every fault at once, nothing saved.
        var bad = await admin.PutJson($"/api/v1/responsibility-lists/{list.List.Id}/items/{item.Id}", new ItemInput(" ", "有记录", Today.AddDays(-3), ResponsibilityRole.First, null));
        bad.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await bad.ReadAs<Problem>()).Errors!.Select(e => e.Field).Should().BeEquivalentTo(["content", "dueOn"]);
        // Only the issuer edits: the township that received the list is refused, the other township too.
        var foreign = await town.PutJson($"/api/v1/responsibility-lists/{list.List.Id}/items/{item.Id}", Item("甲镇改写"));
        foreign.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.GetFromJson<ListDetail>($"/api/v1/responsibility-lists/{list.List.Id}")).Items[0].Content.Should().Be("落实党建工作述职");

        var due = Today.AddDays(45);
        var edited = await admin.PutJson($"/api/v1/responsibility-lists/{list.List.Id}/items/{item.Id}",
            new ItemInput("落实党建工作述职（修订）", "述职有记录、有评议", due, ResponsibilityRole.Direct, null));
        edited.StatusCode.Should().Be(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        var after = (await edited.ReadAs<ListDetail>()).Items[0];
        after.Content.Should().Be("落实党建工作述职（修订）");
        after.DueOn.Should().Be(due);
        after.Role.Should().Be(ResponsibilityRole.Direct);

        // One obligation per receiver still: the open one follows the item, the submitted one stays as it was.
        var owed = await OwedFor(admin, w, item.Id);
        owed.Should().HaveCount(2);
        var b = owed.Single(o => o.OrgId == w.TownB.Id);
        b.State.Should().Be(ObligationState.Open);
        b.DueOn.Should().Be(due);
        b.Title.Should().Contain("落实党建工作述职（修订）");
        b.PersonId.Should().BeNull("nobody holds the 直接责任人 post in 乙镇");
        owed.Single(o => o.OrgId == w.TownA.Id).State.Should().Be(ObligationState.Submitted);
        var kept = await town.GetFromJson<CompletionView>($"/api/v1/responsibility-lists/completions/{doneId}");
        kept.State.Should().Be(CompletionState.Done);
        kept.Evidence.Should().Be("已召开述职会");
        kept.PersonId.Should().Be(w.SecretaryA.Id, "a record already reported keeps who answered for it");
        kept.Item.Content.Should().Be("落实党建工作述职（修订）");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RevokingAnItem_CancelsItsOpenObligations_KeepsDoneRecords_AndRefusesNewCompletions(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var w = await CreateWorld(admin);
        var list = await IssueCommonList(admin, w, "撤销事项清单");
        var item = list.Items[1];
        var townA = factory.ClientAs(Accounts.UniqueName("revoke-a"), [Role.TownshipAdmin], w.TownA.Id);
        var townB = factory.ClientAs(Accounts.UniqueName("revoke-b"), [Role.TownshipAdmin], w.TownB.Id);
        var doneA = await CompletionOf(townA, list.List.Id, w.TownA.Id, 2);
        var openB = await CompletionOf(townB, list.List.Id, w.TownB.Id, 2);
        (await townA.PostJson($"/api/v1/responsibility-lists/completions/{doneA}/done", new DoneInput("每季度已研究"))).EnsureSuccessStatusCode();
        var url = $"/api/v1/responsibility-lists/{list.List.Id}/items/{item.Id}/revoke";

        var noReason = await admin.PostJson(url, new RevokeInput("  "));
        noReason.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await noReason.ReadAs<Problem>()).Code.Should().Be("reason_required");
        (await OwedFor(admin, w, item.Id)).Single(o => o.OrgId == w.TownB.Id).State.Should().Be(ObligationState.Open, "a refusal saves nothing");
        (await townA.PostJson(url, new RevokeInput("甲镇想撤销"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var revoked = await admin.PostJson(url, new RevokeInput("与年度考核事项重复"));
        revoked.StatusCode.Should().Be(HttpStatusCode.OK, await revoked.Content.ReadAsStringAsync());
        var detail = await revoked.ReadAs<ListDetail>();
        detail.Items[1].IsRevoked.Should().BeTrue();
        detail.Items[1].RevokeReason.Should().Be("与年度考核事项重复");
        // The revoked item's open pair no longer counts; the reported one still does.
        detail.List.Progress.Pairs.Should().Be(3);
        detail.List.Progress.Done.Should().Be(1);

        var owed = await OwedFor(admin, w, item.Id);
        owed.Should().HaveCount(2);
        owed.Single(o => o.OrgId == w.TownB.Id).State.Should().Be(ObligationState.Cancelled);
        owed.Single(o => o.OrgId == w.TownA.Id).State.Should().Be(ObligationState.Submitted);
        (await admin.GetFromJson<ObligationDetail>($"/api/v1/obligations/{owed.Single(o => o.OrgId == w.TownB.Id).Id}")).Reason.Should().Be("与年度考核事项重复");
        var a = await townA.GetFromJson<CompletionView>($"/api/v1/responsibility-lists/completions/{doneA}");
        a.State.Should().Be(CompletionState.Done);
        a.Evidence.Should().Be("每季度已研究");
        (await townB.GetFromJson<CompletionView>($"/api/v1/responsibility-lists/completions/{openB}")).State.Should().Be(CompletionState.Revoked);

        var late = await townB.PostJson($"/api/v1/responsibility-lists/completions/{openB}/done", new DoneInput("补报"));
        late.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await late.ReadAs<Problem>();
        problem.Code.Should().Be("item_revoked");
        problem.Detail.Should().Contain("已撤销");
        (await admin.PostJson($"/api/v1/responsibility-lists/completions/{doneA}/return", new ReturnInput("请重报"))).StatusCode
            .Should().Be(HttpStatusCode.UnprocessableEntity);
        var again = await admin.PutJson($"/api/v1/responsibility-lists/{list.List.Id}/items/{item.Id}", Item("改写已撤销事项"));
        again.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await again.ReadAs<Problem>()).Code.Should().Be("item_revoked");
        (await admin.PostJson(url, new RevokeInput("再撤一次"))).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ADraftIsDeletedWithItsItems_AnIssuedListIsNot(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var w = await CreateWorld(admin);
        var issued = await IssueCommonList(admin, w, "已下发清单");
        var refused = await admin.DeleteAsync(new Uri($"/api/v1/responsibility-lists/{issued.List.Id}", UriKind.Relative));
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.ReadAs<Problem>();
        problem.Code.Should().Be("list_issued");
        problem.Detail.Should().Contain("已下发，不能删除");
        (await admin.GetAsync(new Uri($"/api/v1/responsibility-lists/{issued.List.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        var created = await admin.PostJson("/api/v1/responsibility-lists", new ListInput(w.County.Id, ListKind.Common, "草稿清单", null, [Item("草稿事项一"), Item("草稿事项二")]));
        var draft = await created.ReadAs<ListDetail>();
        // A township neither sees the county's draft nor deletes it.
        var town = factory.ClientAs(Accounts.UniqueName("del-town"), [Role.TownshipAdmin], w.TownA.Id);
        (await town.DeleteAsync(new Uri($"/api/v1/responsibility-lists/{draft.List.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        // The received list is the issuer's to delete (and it is issued): refused by the issuer rule first.
        (await town.DeleteAsync(new Uri($"/api/v1/responsibility-lists/{issued.List.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var deleted = await admin.DeleteAsync(new Uri($"/api/v1/responsibility-lists/{draft.List.Id}", UriKind.Relative));
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync());
        (await admin.GetAsync(new Uri($"/api/v1/responsibility-lists/{draft.List.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        // Each item's removal is in the audit log.
        var auditor = factory.AuditorClient();
        foreach (var i in draft.Items)
        {
            (await auditor.History(nameof(ResponsibilityItem), i.Id)).Should().Contain(e => e.Action == AuditAction.Delete);
        }
        (await auditor.History(nameof(ResponsibilityList), draft.List.Id)).Should().Contain(e => e.Action == AuditAction.Delete);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnItemAddedFromThePage_AfterIssue_ReachesEveryReceiver_AsAnObligation(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var w = await CreateWorld(admin);
        var list = await IssueCommonList(admin, w, "追加事项清单");
        var countyUser = Accounts.UniqueName("add-county");
        await factory.EnsureAccountAsync(countyUser, [Role.CountyAdmin], w.County.Id);
        var county = await factory.PageClientAsync(countyUser);
        var page = $"/lists/{list.List.Id}";
        (await county.GetStringAsync(new Uri(page, UriKind.Relative))).Should().Contain("add-item-submit");

        var due = Today.AddDays(25).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var blank = await county.PostFormAsync(page, "add-item", new Dictionary<string, string>
        {
            ["Add.Content"] = " ", ["Add.Standard"] = "有记录", ["Add.DueOn"] = due, ["Add.Role"] = "First",
        }, tokenFrom: page);
        blank.StatusCode.Should().Be(HttpStatusCode.OK);
        (await blank.Content.ReadAsStringAsync()).Should().Contain("请填写事项内容");
        (await admin.GetFromJson<ListDetail>($"/api/v1/responsibility-lists/{list.List.Id}")).Items.Should().HaveCount(2);

        var added = await county.PostFormAsync(page, "add-item", new Dictionary<string, string>
        {
            ["Add.Content"] = "开展党员冬训", ["Add.Standard"] = "冬训覆盖全体党员", ["Add.DueOn"] = due, ["Add.Role"] = "First",
        }, tokenFrom: page);
        added.StatusCode.Should().Be(HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());
        added.Headers.Location!.OriginalString.Should().EndWith("?done=added");
        var detail = await admin.GetFromJson<ListDetail>($"/api/v1/responsibility-lists/{list.List.Id}");
        var item = detail.Items.Single(i => i.Content == "开展党员冬训");
        item.Number.Should().Be(3);
        item.Progress.Receivers.Should().Be(2);
        var owed = await OwedFor(admin, w, item.Id);
        owed.Select(o => o.OrgId).Should().BeEquivalentTo([w.TownA.Id, w.TownB.Id]);
        owed.Should().OnlyContain(o => o.State == ObligationState.Open && o.DueOn == Today.AddDays(25));
        owed.Single(o => o.OrgId == w.TownA.Id).PersonId.Should().Be(w.SecretaryA.Id);
        owed.Single(o => o.OrgId == w.TownB.Id).PersonId.Should().Be(w.SecretaryB.Id);

        // The edit page edits and revokes it; a township account may not open it.
        var itemPage = $"/lists/{list.List.Id}/items/{item.Id}";
        var edited = await county.PostFormAsync(itemPage, "edit-item", new Dictionary<string, string>
        {
            ["Edit.Content"] = "开展党员冬训（全覆盖）", ["Edit.Standard"] = "冬训覆盖全体党员", ["Edit.DueOn"] = due, ["Edit.Role"] = "First",
        }, tokenFrom: itemPage);
        edited.StatusCode.Should().Be(HttpStatusCode.Redirect, await edited.Content.ReadAsStringAsync());
        var noReason = await county.PostFormAsync(itemPage, "revoke-item", new Dictionary<string, string> { ["Revoke.Reason"] = "" }, tokenFrom: itemPage);
        noReason.StatusCode.Should().Be(HttpStatusCode.OK);
        (await noReason.Content.ReadAsStringAsync()).Should().Contain("请填写原因");
        var revoked = await county.PostFormAsync(itemPage, "revoke-item", new Dictionary<string, string> { ["Revoke.Reason"] = "并入其他事项" }, tokenFrom: itemPage);
        revoked.StatusCode.Should().Be(HttpStatusCode.Redirect, await revoked.Content.ReadAsStringAsync());
        (await county.GetStringAsync(new Uri(page, UriKind.Relative))).Should().Contain("开展党员冬训（全覆盖）").And.Contain("并入其他事项");
        (await OwedFor(admin, w, item.Id)).Should().OnlyContain(o => o.State == ObligationState.Cancelled);

        // The draft's delete form asks for the box to be ticked.
        var draft = await (await admin.PostJson("/api/v1/responsibility-lists", new ListInput(w.County.Id, ListKind.Common, "页面草稿", null, [Item("草稿事项")]))).ReadAs<ListDetail>();
        var draftPage = $"/lists/{draft.List.Id}";
        var unconfirmed = await county.PostFormAsync(draftPage, "delete", new Dictionary<string, string> { ["Delete.Confirm"] = "false" }, tokenFrom: draftPage);
        unconfirmed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync(new Uri($"/api/v1/responsibility-lists/{draft.List.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var gone = await county.PostFormAsync(draftPage, "delete", new Dictionary<string, string> { ["Delete.Confirm"] = "true" }, tokenFrom: draftPage);
        gone.StatusCode.Should().Be(HttpStatusCode.Redirect, await gone.Content.ReadAsStringAsync());
        gone.Headers.Location!.OriginalString.Should().Be("/lists?done=deleted");
        (await admin.GetAsync(new Uri($"/api/v1/responsibility-lists/{draft.List.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
