using System.Net;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Organizations;

/// <summary>片区 and 网格 through the API: change, delete, and the refusals that change nothing.</summary>
public class GridsAndRegionsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Region_IsRenamedAndReordered_AndDeletedOnlyWhenNoTownshipBelongs(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, _) = await client.CreateCounty();
        var region = await CreateRegion(client, county.Id, "东片", 1);
        await CreateRegion(client, county.Id, "西片", 2);
        (await client.PutJson($"/api/v1/orgs/{township.Id}", Input(township, region.Id))).StatusCode.Should().Be(HttpStatusCode.OK);

        var renamed = await client.PutJson($"/api/v1/regions/{region.Id}", new OrgsApi.RegionUpdate(" 东部片区 ", 5));
        renamed.StatusCode.Should().Be(HttpStatusCode.OK, await renamed.Content.ReadAsStringAsync());
        (await renamed.ReadAs<RegionView>()).Should().Be(new RegionView(region.Id, county.Id, "东部片区", 5, 1));
        (await Regions(client, county.Id)).Select(r => r.Name).Should().Equal("西片", "东部片区");

        var refused = await client.DeleteAsync(new Uri($"/api/v1/regions/{region.Id}", UriKind.Relative));
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.ReadAs<Problem>();
        problem.Code.Should().Be("region_has_townships");
        problem.Detail.Should().Contain("东部片区").And.Contain("还有 1 个乡镇").And.Contain("编辑页");
        (await Regions(client, county.Id)).Should().Contain(r => r.Id == region.Id);

        (await client.PutJson($"/api/v1/orgs/{township.Id}", Input(township, null))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.DeleteAsync(new Uri($"/api/v1/regions/{region.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Regions(client, county.Id)).Select(r => r.Name).Should().Equal("西片");
        (await client.DeleteAsync(new Uri($"/api/v1/regions/{region.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Region_WithAnEmptyOrDuplicateName_IsRefused_AndKeepsItsName(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, _) = await client.CreateCounty();
        var region = await CreateRegion(client, county.Id, "南片", 1);
        await CreateRegion(client, county.Id, "北片", 2);

        var empty = await client.PutJson($"/api/v1/regions/{region.Id}", new OrgsApi.RegionUpdate("  ", 1));
        empty.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await empty.ReadAs<Problem>();
        problem.Code.Should().Be("region_name");
        problem.Title.Should().Be("请求未被接受");
        problem.Errors!.Single().Field.Should().Be("name");

        var duplicate = await client.PutJson($"/api/v1/regions/{region.Id}", new OrgsApi.RegionUpdate("北片", 1));
        (await duplicate.ReadAs<Problem>()).Code.Should().Be("region_duplicate");

        var unknown = await client.PutJson($"/api/v1/regions/{Guid.NewGuid()}", new OrgsApi.RegionUpdate("西片", 1));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.ReadAs<Problem>()).Title.Should().Be("未找到");

        (await Regions(client, county.Id)).Select(r => r.Name).Should().Equal("南片", "北片");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Regions_AreTheCountys_ATownshipAdministratorNeitherChangesNorMakesThem(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var (county, township, _) = await client.CreateCounty();
        var region = await CreateRegion(client, county.Id, "中片", 1);
        var townshipAdmin = app.ClientAs($"ta-region-{Guid.NewGuid():N}"[..20], [Role.TownshipAdmin], township.Id);

        (await townshipAdmin.PutJson($"/api/v1/regions/{region.Id}", new OrgsApi.RegionUpdate("改名", 1))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await townshipAdmin.DeleteAsync(new Uri($"/api/v1/regions/{region.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var own = await townshipAdmin.PostJson("/api/v1/regions", new OrgsApi.RegionInput(township.Id, "镇里的片区", 1));
        own.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await own.ReadAs<Problem>()).Code.Should().Be("region_not_county");
        // Not even the county's administrator puts a region under a township.
        (await (await client.PostJson("/api/v1/regions", new OrgsApi.RegionInput(township.Id, "镇里的片区", 1))).ReadAs<Problem>()).Code.Should().Be("region_not_county");

        (await Regions(client, county.Id)).Should().ContainSingle().Which.Name.Should().Be("中片");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Township_TakesOnlyARegionOfItsOwnCounty(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, township, _) = await client.CreateCounty();
        var (otherCounty, _, _) = await client.CreateCounty();
        var foreign = await CreateRegion(client, otherCounty.Id, "外县片区", 1);

        var response = await client.PutJson($"/api/v1/orgs/{township.Id}", Input(township, foreign.Id));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("region_other_county");
        problem.Errors!.Single().Field.Should().Be("regionId");
        var after = await (await client.GetAsync(new Uri($"/api/v1/orgs/{township.Id}", UriKind.Relative))).ReadAs<OrgDetail>();
        after.Org.RegionId.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Grid_IsChanged_AndDeleted(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, _, village) = await client.CreateCounty();
        var group = await client.CreateOrg(village.Id, "第一党小组", OrgKind.Group, OrgDomain.Rural);
        var villager = await client.CreatePerson(TestData.Member(group.Id, "网格长甲"));
        var grid = await CreateGrid(client, village.Id, new OrgsApi.GridInput("一组网格", 30, null));

        var changed = await client.PutJson($"/api/v1/orgs/{village.Id}/grids/{grid.Id}", new OrgsApi.GridInput(" 一组网格（东） ", 42, villager.Id));

        changed.StatusCode.Should().Be(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        (await changed.ReadAs<GridView>()).Should().Be(new GridView(grid.Id, village.Id, "一组网格（东）", 42, villager.Id, "网格长甲"));
        (await Grids(client, village.Id)).Should().ContainSingle().Which.Households.Should().Be(42);

        var cleared = await client.PutJson($"/api/v1/orgs/{village.Id}/grids/{grid.Id}", new OrgsApi.GridInput("一组网格（东）", 42, null));
        (await cleared.ReadAs<GridView>()).LeaderPersonId.Should().BeNull();

        (await client.DeleteAsync(new Uri($"/api/v1/orgs/{village.Id}/grids/{grid.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Grids(client, village.Id)).Should().BeEmpty();
        var again = await client.DeleteAsync(new Uri($"/api/v1/orgs/{village.Id}/grids/{grid.Id}", UriKind.Relative));
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await again.ReadAs<Problem>()).Detail.Should().StartWith("未找到网格");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Grid_WithBadInput_IsRefusedInChinese_AndNothingChanges(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, township, village) = await client.CreateCounty();
        var other = await client.CreateOrg(township.Id, "邻村党支部", OrgKind.Branch, OrgDomain.Rural);
        var neighbour = await client.CreatePerson(TestData.Member(other.Id, "邻村人"));
        var townshipCadre = await client.CreatePerson(TestData.Member(township.Id, "镇干部"));
        var grid = await CreateGrid(client, village.Id, new OrgsApi.GridInput("二组网格", 20, null));
        await CreateGrid(client, village.Id, new OrgsApi.GridInput("三组网格", 25, null));
        var url = $"/api/v1/orgs/{village.Id}/grids/{grid.Id}";

        await Refused(client.PutJson(url, new OrgsApi.GridInput(" ", 20, null)), "grid_name", "name", "网格名称不能为空，且不超过 50 个字。");
        await Refused(client.PutJson(url, new OrgsApi.GridInput("二组网格", -1, null)), "grid_households", "households", "户数不能为负数。");
        await Refused(client.PutJson(url, new OrgsApi.GridInput("三组网格", 20, null)), "grid_duplicate", "name", "网格“三组网格”已存在。");
        await Refused(client.PutJson(url, new OrgsApi.GridInput("二组网格", 20, neighbour.Id)), "grid_leader_outside", "leaderPersonId", "网格长须是本村（社区）或其下级组织的人员。");
        await Refused(client.PutJson(url, new OrgsApi.GridInput("二组网格", 20, townshipCadre.Id)), "grid_leader_outside", "leaderPersonId", "网格长须是本村（社区）或其下级组织的人员。");
        await Refused(client.PutJson(url, new OrgsApi.GridInput("二组网格", 20, Guid.NewGuid())), "grid_leader_unknown", "leaderPersonId", "网格长不存在。");
        // A new grid follows the same rules.
        await Refused(client.PostJson($"/api/v1/orgs/{village.Id}/grids", new OrgsApi.GridInput("四组网格", 10, neighbour.Id)), "grid_leader_outside", "leaderPersonId", "网格长须是本村（社区）或其下级组织的人员。");
        await Refused(client.PostJson($"/api/v1/orgs/{village.Id}/grids", new OrgsApi.GridInput("四组网格", -5, null)), "grid_households", "households", "户数不能为负数。");

        // A grid asked for under another organization is not found.
        (await client.PutJson($"/api/v1/orgs/{other.Id}/grids/{grid.Id}", new OrgsApi.GridInput("二组网格", 20, null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.DeleteAsync(new Uri($"/api/v1/orgs/{other.Id}/grids/{grid.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await Grids(client, village.Id)).Select(g => (g.Name, g.Households, g.LeaderPersonId))
            .Should().BeEquivalentTo([("二组网格", 20, (Guid?)null), ("三组网格", 25, (Guid?)null)]);
    }

    private static async Task Refused(Task<HttpResponseMessage> request, string code, string field, string message)
    {
        var response = await request;
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be(code);
        problem.Detail.Should().Be(message);
        problem.Errors!.Single().Field.Should().Be(field);
    }

    private static OrgInput Input(OrgSummary o, Guid? regionId) =>
        new(o.ParentId, o.Code, o.Name, o.Kind, o.Domain, o.Strength, o.Standard, o.Stars, regionId, o.SortOrder);

    private static async Task<RegionView> CreateRegion(HttpClient client, Guid countyId, string name, int sortOrder)
    {
        var response = await client.PostJson("/api/v1/regions", new OrgsApi.RegionInput(countyId, name, sortOrder));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<RegionView>();
    }

    private static async Task<GridView> CreateGrid(HttpClient client, Guid orgId, OrgsApi.GridInput input)
    {
        var response = await client.PostJson($"/api/v1/orgs/{orgId}/grids", input);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<GridView>();
    }

    private static async Task<List<RegionView>> Regions(HttpClient client, Guid countyId) =>
        await (await client.GetAsync(new Uri($"/api/v1/regions?countyOrgId={countyId}", UriKind.Relative))).ReadAs<List<RegionView>>();

    private static async Task<List<GridView>> Grids(HttpClient client, Guid orgId) =>
        await (await client.GetAsync(new Uri($"/api/v1/orgs/{orgId}/grids", UriKind.Relative))).ReadAs<List<GridView>>();
}
