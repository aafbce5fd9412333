using System.Net;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Responsibilities;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Responsibilities;

/// <summary>The list pages as their users post them: the county issues a list, a township marks an item done, the county returns it.</summary>
public class ResponsibilityListPagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task County_IssuesFromTheForm_TownshipMarksDone_CountyReturns(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var w = await ResponsibilityListsApiTests.CreateWorld(admin);
        var countyUser = Accounts.UniqueName("lp-county");
        await factory.EnsureAccountAsync(countyUser, [Role.CountyAdmin], w.County.Id);
        var county = await factory.PageClientAsync(countyUser);

        var title = "页面下发清单" + Guid.NewGuid().ToString("N")[..6];
        var due = ResponsibilityListsApiTests.Today.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var issued = await county.PostFormAsync("/lists/new", "list", new Dictionary<string, string>
        {
            ["Model.IssuerOrgId"] = w.County.Id.ToString(), ["Model.Kind"] = "Common", ["Model.Title"] = title,
            ["Model.Items[0].Content"] = "召开党建工作专题会", ["Model.Items[0].Standard"] = "会议记录", ["Model.Items[0].DueOn"] = due,
            ["Model.Items[0].Role"] = "First", ["Model.TargetKind"] = "Committee", ["Model.TargetLevel"] = "1",
        }, tokenFrom: "/lists/new");
        issued.StatusCode.Should().Be(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        var at = issued.Headers.Location!.OriginalString;
        at.Should().EndWith("?done=issued");
        var page = await county.GetStringAsync(new Uri(at, UriKind.Relative));
        page.Should().Contain(title).And.Contain("甲镇党委").And.Contain("乙镇党委");
        var listId = Guid.Parse(at["/lists/".Length..at.IndexOf('?', StringComparison.Ordinal)]);

        var townUser = Accounts.UniqueName("lp-town");
        await factory.EnsureAccountAsync(townUser, [Role.TownshipAdmin], w.TownA.Id);
        var town = await factory.PageClientAsync(townUser);
        var mine = $"/lists/{listId}/orgs/{w.TownA.Id}";
        (await town.GetStringAsync(new Uri(mine, UriKind.Relative))).Should().Contain("甲书记").And.Contain("召开党建工作专题会");
        var completion = (await admin.GetFromJson<ReceiverDetail>($"/api/v1/responsibility-lists/{listId}/receivers/{w.TownA.Id}")).Items.Single().Id;

        var blank = await town.PostFormAsync(mine, "done", new Dictionary<string, string> { ["Report.CompletionId"] = completion.ToString(), ["Report.Evidence"] = " " }, tokenFrom: mine);
        blank.StatusCode.Should().Be(HttpStatusCode.OK);
        (await blank.Content.ReadAsStringAsync()).Should().Contain("请填写完成情况说明");
        var done = await town.PostFormAsync(mine, "done", new Dictionary<string, string> { ["Report.CompletionId"] = completion.ToString(), ["Report.Evidence"] = "已召开专题会" }, tokenFrom: mine);
        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        done.Headers.Location!.OriginalString.Should().EndWith("?done=done");

        var returned = await county.PostFormAsync(mine, "return", new Dictionary<string, string> { ["Review.CompletionId"] = completion.ToString(), ["Review.Comment"] = "缺少会议记录" }, tokenFrom: mine);
        returned.StatusCode.Should().Be(HttpStatusCode.Redirect, await returned.Content.ReadAsStringAsync());
        var view = await admin.GetFromJson<CompletionView>($"/api/v1/responsibility-lists/completions/{completion}");
        view.State.Should().Be(CompletionState.Returned);
        view.ReturnComment.Should().Be("缺少会议记录");
        (await town.GetStringAsync(new Uri(mine, UriKind.Relative))).Should().Contain("缺少会议记录");
    }
}
