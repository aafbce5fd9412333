using System.Net;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Organizations;

public class OrgsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Tree_ChildrenAndSubtree_ComeBackInTreeOrder(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();
        var group = await client.CreateOrg(village.Id, "第一党小组", OrgKind.Group, OrgDomain.Rural);

        var children = await (await client.GetAsync(new Uri($"/api/v1/orgs/{county.Id}/children", UriKind.Relative))).ReadAs<List<OrgSummary>>();
        children.Should().ContainSingle().Which.Id.Should().Be(township.Id);
        children[0].ChildCount.Should().Be(1);

        var subtree = await (await client.GetAsync(new Uri($"/api/v1/orgs/{county.Id}/subtree", UriKind.Relative))).ReadAs<Paged<OrgSummary>>();
        subtree.Total.Should().Be(4);
        subtree.Items.Select(o => o.Id).Should().Equal(county.Id, township.Id, village.Id, group.Id);
        subtree.Items.Select(o => o.Depth).Should().Equal(0, 1, 2, 3);

        var detail = await (await client.GetAsync(new Uri($"/api/v1/orgs/{group.Id}", UriKind.Relative))).ReadAs<OrgDetail>();
        detail.Ancestors.Select(a => a.Name).Should().Equal("测试县委", "测试镇党委", "测试村党支部");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Move_WhenParentChanges_RewritesTheWholeSubtree(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();
        var other = await client.CreateOrg(county.Id, "另一镇党委");
        var group = await client.CreateOrg(village.Id, "党小组", OrgKind.Group, OrgDomain.Rural);

        var move = await client.PutJson($"/api/v1/orgs/{village.Id}", new OrgInput(other.Id, village.Code, village.Name, village.Kind, village.Domain));
        move.StatusCode.Should().Be(HttpStatusCode.OK, await move.Content.ReadAsStringAsync());

        var underOther = await (await client.GetAsync(new Uri($"/api/v1/orgs/{other.Id}/subtree", UriKind.Relative))).ReadAs<Paged<OrgSummary>>();
        underOther.Items.Select(o => o.Id).Should().Equal(other.Id, village.Id, group.Id);
        var underOld = await (await client.GetAsync(new Uri($"/api/v1/orgs/{township.Id}/subtree", UriKind.Relative))).ReadAs<Paged<OrgSummary>>();
        underOld.Items.Select(o => o.Id).Should().Equal(township.Id);
        var detail = await (await client.GetAsync(new Uri($"/api/v1/orgs/{group.Id}", UriKind.Relative))).ReadAs<OrgDetail>();
        detail.Ancestors.Select(a => a.Id).Should().Equal(county.Id, other.Id, village.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Move_UnderOwnDescendant_IsRefusedAndChangesNothing(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();

        var response = await client.PutJson($"/api/v1/orgs/{township.Id}", new OrgInput(village.Id, township.Code, "改名", township.Kind, township.Domain));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("org_cycle");
        problem.Detail.Should().Contain("环");
        var after = await (await client.GetAsync(new Uri($"/api/v1/orgs/{township.Id}", UriKind.Relative))).ReadAs<OrgDetail>();
        after.Org.Name.Should().Be(township.Name);
        after.Org.ParentId.Should().Be(county.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_WithUnknownParent_IsRefusedInChinese(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var code = TestData.Code();
        var response = await client.PostJson("/api/v1/orgs", new OrgInput(Guid.NewGuid(), code, "孤儿组织", OrgKind.Branch, OrgDomain.Rural));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.ReadAs<Problem>();
        problem.Title.Should().Be("请求未被接受");
        problem.Detail.Should().StartWith("上级组织不存在");
        problem.Errors!.Single().Field.Should().Be("parentId");
        var list = await (await client.GetAsync(new Uri($"/api/v1/orgs?q={code}", UriKind.Relative))).ReadAs<Paged<OrgSummary>>();
        list.Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_WithDuplicateCodeOrEmptyName_IsRefused(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var county = await client.CreateOrg(null, "县委");

        var duplicate = await client.PostJson("/api/v1/orgs", new OrgInput(county.Id, county.Code, "同码", OrgKind.Committee, OrgDomain.Comprehensive));
        (await duplicate.ReadAs<Problem>()).Code.Should().Be("org_code_duplicate");

        var empty = await client.PostJson("/api/v1/orgs", new OrgInput(county.Id, TestData.Code(), " ", OrgKind.Committee, OrgDomain.Comprehensive));
        empty.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await empty.ReadAs<Problem>()).Errors!.Should().Contain(e => e.Field == "name" && e.Message == "组织名称不能为空。");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delete_WithChildren_IsRefused_ButALeafGoes(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, township, village) = await client.CreateCounty();

        var refused = await client.DeleteAsync(new Uri($"/api/v1/orgs/{township.Id}?reason=测试删除", UriKind.Relative));
        (await refused.ReadAs<Problem>()).Code.Should().Be("org_has_children");

        (await client.DeleteAsync(new Uri($"/api/v1/orgs/{village.Id}?reason=测试删除", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var gone = await client.GetAsync(new Uri($"/api/v1/orgs/{village.Id}", UriKind.Relative));
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await gone.ReadAs<Problem>()).Title.Should().Be("未找到");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task List_FiltersAndPagesInTheDatabase(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, _) = await client.CreateCounty();
        for (var i = 0; i < 5; i++)
        {
            await client.CreateOrg(township.Id, $"分页村{i}", OrgKind.Branch, OrgDomain.Rural);
        }

        var page = await (await client.GetAsync(new Uri($"/api/v1/orgs?under={county.Id}&villagesOnly=true&page=2&pageSize=4", UriKind.Relative))).ReadAs<Paged<OrgSummary>>();
        page.Total.Should().Be(6);
        page.Items.Should().HaveCount(2);
        page.Page.Should().Be(2);
    }

    [Fact]
    public async Task BadJson_GetsAChineseProblem()
    {
        var client = ZerenFactory.For(TestDatabases.Sqlite).AdminClient();
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/v1/orgs", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadAs<Problem>()).Title.Should().Be("请求格式不正确");
    }

    [Fact]
    public async Task OpenApi_DescribesTheApi()
    {
        var client = ZerenFactory.For(TestDatabases.Sqlite).AdminClient();
        var json = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        json.Should().Contain("/api/v1/orgs/{id}/subtree").And.Contain("/api/v1/people").And.Contain("/api/v1/reserves");
    }
}
