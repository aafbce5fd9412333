using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Zeren.Core.Organizations;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Meetings;

namespace Zeren.Web.Tests.Organizations;

/// <summary>
/// The forms of the org tree page (a village's grids, a county's regions) and the delete actions of the person and
/// org editor pages, posted as a browser without JavaScript posts them: redirect with a message when it worked, the
/// page again with the Chinese reason when it did not, and then nothing changed.
/// </summary>
public class OrgPageFormsTests
{
    /// <summary>The county administrator on a client that shows redirects (HttpClient drops the token when it follows one).</summary>
    private static HttpClient Admin(ZerenFactory app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Authorization = app.AdminClient().DefaultRequestHeaders.Authorization;
        return client;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string url, string form, Dictionary<string, string> fields) =>
        client.PostFormAsync(url, form, fields, tokenFrom: url);

    /// <summary>Where a redirect sends the browser: path, query and fragment.</summary>
    private static string Target(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } url ? url.PathAndQuery + url.Fragment : response.Headers.Location!.OriginalString;

    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static async Task<List<GridView>> Grids(HttpClient client, Guid orgId) =>
        await (await client.GetAsync(new Uri($"/api/v1/orgs/{orgId}/grids", UriKind.Relative))).ReadAs<List<GridView>>();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task GridForms_AddEditAndRemoveAVillagesGrid(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = Admin(app);
        var (_, _, village) = await client.CreateCounty();
        var leader = await client.CreatePerson(TestData.Member(village.Id, "网格长乙"));
        var page = $"/orgs/{village.Id}";

        var added = await Post(client, page, "grid", new() { ["Grid.Name"] = "桥头网格", ["Grid.Households"] = "64", ["Grid.LeaderPersonId"] = leader.Id.ToString() });

        added.StatusCode.Should().Be(HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());
        Target(added).Should().Be($"{page}?ok=1#grids");
        var grid = (await Grids(client, village.Id)).Should().ContainSingle().Subject;
        grid.Should().Be(new GridView(grid.Id, village.Id, "桥头网格", 64, leader.Id, "网格长乙"));
        var shown = await client.GetStringAsync(new Uri($"{page}?ok=1", UriKind.Relative));
        shown.Should().Contain("已保存。").And.Contain("桥头网格").And.Contain("网格长乙");

        // ?grid= opens the grid in the form; the same form then changes it.
        var editing = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"{page}?grid={grid.Id}", UriKind.Relative)));
        editing.Should().Contain("修改网格").And.Contain($"value=\"{grid.Id}\"").And.Contain("value=\"桥头网格\"");
        var edited = await Post(client, page, "grid", new() { ["Grid.GridId"] = grid.Id.ToString(), ["Grid.Name"] = "桥头网格（北）", ["Grid.Households"] = "70" });
        edited.StatusCode.Should().Be(HttpStatusCode.Redirect, await edited.Content.ReadAsStringAsync());
        (await Grids(client, village.Id)).Should().ContainSingle().Which.Should().Be(new GridView(grid.Id, village.Id, "桥头网格（北）", 70, null, null));

        var removed = await Post(client, page, "remove-grid", new() { ["RemoveGrid.GridId"] = grid.Id.ToString() });
        removed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        Target(removed).Should().Be($"{page}?ok=2#grids");
        (await Grids(client, village.Id)).Should().BeEmpty();
        (await client.GetStringAsync(new Uri($"{page}?ok=2", UriKind.Relative))).Should().Contain("已删除。").And.Contain("未设网格。");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task GridForm_WithBadInput_ShowsTheReason_AndSavesNothing(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = Admin(app);
        var (_, township, village) = await client.CreateCounty();
        var cadre = await client.CreatePerson(TestData.Member(township.Id, "镇干部丙"));
        var page = $"/orgs/{village.Id}";

        var empty = await Post(client, page, "grid", new() { ["Grid.Name"] = " ", ["Grid.Households"] = "10" });
        empty.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(empty)).Should().Contain("网格名称不能为空，且不超过 50 个字。");

        var negative = await Post(client, page, "grid", new() { ["Grid.Name"] = "河边网格", ["Grid.Households"] = "-3" });
        (await Html(negative)).Should().Contain("户数不能为负数。").And.Contain("value=\"河边网格\"");

        var outside = await Post(client, page, "grid", new() { ["Grid.Name"] = "河边网格", ["Grid.Households"] = "3", ["Grid.LeaderPersonId"] = cadre.Id.ToString() });
        (await Html(outside)).Should().Contain("网格长须是本村（社区）或其下级组织的人员。");

        (await Grids(client, village.Id)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RegionForms_OnTheCountyPage_AddRenameAndDelete_RefusedWhileATownshipBelongs(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = Admin(app);
        var (county, township, _) = await client.CreateCounty();
        var page = $"/orgs/{county.Id}";

        var added = await Post(client, page, "region", new() { ["Region.Name"] = "河东片区", ["Region.SortOrder"] = "1" });
        added.StatusCode.Should().Be(HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());
        Target(added).Should().Be($"{page}?ok=1#regions");
        var region = (await Regions(client, county.Id)).Should().ContainSingle().Subject;
        region.Name.Should().Be("河东片区");

        var renamed = await Post(client, page, "region", new() { ["Region.RegionId"] = region.Id.ToString(), ["Region.Name"] = "河东一片", ["Region.SortOrder"] = "4" });
        renamed.StatusCode.Should().Be(HttpStatusCode.Redirect, await renamed.Content.ReadAsStringAsync());
        (await Regions(client, county.Id)).Should().ContainSingle().Which.Should().Be(region with { Name = "河东一片", SortOrder = 4 });

        var duplicate = await Post(client, page, "region", new() { ["Region.Name"] = "河东一片", ["Region.SortOrder"] = "5" });
        duplicate.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(duplicate)).Should().Contain("片区“河东一片”已存在。");

        var input = new OrgInput(township.ParentId, township.Code, township.Name, township.Kind, township.Domain, RegionId: region.Id);
        (await client.PutJson($"/api/v1/orgs/{township.Id}", input)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetStringAsync(new Uri(page, UriKind.Relative))).Should().MatchRegex("河东一片</td>\\s*<td class=\"text-end\">1</td>");

        var refused = await Post(client, page, "remove-region", new() { ["RemoveRegion.RegionId"] = region.Id.ToString() });
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(refused)).Should().Contain("片区“河东一片”还有 1 个乡镇，不能删除。");
        (await Regions(client, county.Id)).Should().ContainSingle();

        (await client.PutJson($"/api/v1/orgs/{township.Id}", input with { RegionId = null })).StatusCode.Should().Be(HttpStatusCode.OK);
        var removed = await Post(client, page, "remove-region", new() { ["RemoveRegion.RegionId"] = region.Id.ToString() });
        removed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        Target(removed).Should().Be($"{page}?ok=2#regions");
        (await Regions(client, county.Id)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TreePage_OffersNoForms_ToAnAccountThatMayNotChangeOrganizations(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var (county, _, village) = await admin.CreateCounty();
        var inspector = app.ClientAs("grid-inspector", [Zeren.Core.Security.Role.Inspector], null);

        var villagePage = await inspector.GetStringAsync(new Uri($"/orgs/{village.Id}", UriKind.Relative));
        var countyPage = await inspector.GetStringAsync(new Uri($"/orgs/{county.Id}", UriKind.Relative));

        villagePage.Should().Contain("网格").And.NotContain("grid-form").And.NotContain("_handler");
        countyPage.Should().Contain("片区").And.NotContain("region-form").And.NotContain("_handler");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PersonPage_Delete_RemovesSomeoneEnteredByMistake_ButNotSomeoneInTheLedger(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = Admin(app);
        var branch = await MeetingsApiTests.CreateBranch(client);
        (await client.PostJson("/api/v1/meetings", MeetingsApiTests.Input(branch, MeetingsApiTests.Yesterday()))).StatusCode.Should().Be(HttpStatusCode.Created);
        var mistake = await client.CreatePerson(TestData.Member(branch.Village.Id, "误录入"));

        var unconfirmed = await Post(client, $"/people/{mistake.Id}", "delete-person", []);
        unconfirmed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(unconfirmed)).Should().Contain("请先勾选确认，再删除。");
        (await client.GetAsync(new Uri($"/api/v1/people/{mistake.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        var deleted = await Post(client, $"/people/{mistake.Id}", "delete-person", new() { ["Delete.Confirm"] = "true", ["Delete.Reason"] = "录入错误" });
        deleted.StatusCode.Should().Be(HttpStatusCode.Redirect, await deleted.Content.ReadAsStringAsync());
        Target(deleted).Should().Be("/people?ok=2");
        (await client.GetAsync(new Uri($"/api/v1/people/{mistake.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetStringAsync(new Uri("/people?ok=2", UriKind.Relative))).Should().Contain("已删除。");

        var refused = await Post(client, $"/people/{branch.Secretary.Id}", "delete-person", new() { ["Delete.Confirm"] = "true", ["Delete.Reason"] = "录入错误" });
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await Html(refused);
        html.Should().Contain("会议台账须完整保留，不能删除").And.Contain("危险操作");
        (await client.GetAsync(new Uri($"/api/v1/people/{branch.Secretary.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgEditor_Delete_RemovesALeaf_AndRefusesAnOrgWithChildren(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = Admin(app);
        var (_, township, village) = await client.CreateCounty();
        var grid = await client.PostJson($"/api/v1/orgs/{village.Id}/grids", new OrgsApi.GridInput("村口网格", 12, null));
        grid.StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = await Post(client, $"/orgs/{township.Id}/edit", "delete-org", new() { ["Delete.Confirm"] = "true", ["Delete.Reason"] = "录入错误" });
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(refused)).Should().Contain("“测试镇党委”还有下级组织，不能删除。");
        (await client.GetAsync(new Uri($"/api/v1/orgs/{township.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        var deleted = await Post(client, $"/orgs/{village.Id}/edit", "delete-org", new() { ["Delete.Confirm"] = "true", ["Delete.Reason"] = "录入错误" });
        deleted.StatusCode.Should().Be(HttpStatusCode.Redirect, await deleted.Content.ReadAsStringAsync());
        Target(deleted).Should().Be($"/orgs/{township.Id}?ok=2");
        (await client.GetAsync(new Uri($"/api/v1/orgs/{village.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task<List<RegionView>> Regions(HttpClient client, Guid countyId) =>
        await (await client.GetAsync(new Uri($"/api/v1/regions?countyOrgId={countyId}", UriKind.Relative))).ReadAs<List<RegionView>>();
}
