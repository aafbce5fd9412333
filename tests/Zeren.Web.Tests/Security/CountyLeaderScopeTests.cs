using System.Net;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// 县级领导: an account's scope is its own organization's subtree plus, for a county leader registered as a person,
/// the townships (联系乡镇) and key villages (重点村) that person is linked to today. The leader account here is bound
/// to the leader's own unit (县政府办公室), not to the county, whose subtree would already be everything.
/// </summary>
public class CountyLeaderScopeTests
{
    private static async Task<HttpStatusCode> StatusOf(HttpClient client, string url) =>
        (await client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode;

    private static async Task<(ScopeWorld World, OrgSummary Office, Guid LeaderA)> WorldWithOfficeAsync(string provider)
    {
        var app = ZerenFactory.For(provider);
        var world = await ScopeWorld.CreateAsync(app);
        var office = await world.CountyAdmin.CreateOrg(world.County.Id, "县政府办公室党支部", OrgKind.Branch, OrgDomain.Agency);
        return (world, office, world.Id("LeaderA"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LinkedTownship_IsInScope_OtherTownshipAndCountyAreNot(string provider)
    {
        var (world, office, leaderA) = await WorldWithOfficeAsync(provider);
        var leader = world.App.ClientAs($"cl-{world.Tag}", [Role.CountyLeader], office.Id, leaderA);

        var roots = await leader.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots");
        roots.Select(o => o.Name).Should().BeEquivalentTo(["县政府办公室党支部", ScopeWorld.AName], "the scope is the own unit and the linked township");
        (await StatusOf(leader, $"/api/v1/orgs/{world.TownshipA.Id}")).Should().Be(HttpStatusCode.OK);
        (await StatusOf(leader, $"/api/v1/orgs/{world.Av.Id}")).Should().Be(HttpStatusCode.OK, "the linked township's whole subtree");
        (await StatusOf(leader, $"/api/v1/people/{world.APerson.Id}")).Should().Be(HttpStatusCode.OK);
        var people = await leader.GetFromJson<Paged<PersonRow>>("/api/v1/people?pageSize=100");
        people.Items.Select(p => p.Name).Should().Contain(ScopeWorld.APersonName).And.NotContain(ScopeWorld.BPersonName);

        (await StatusOf(leader, $"/api/v1/orgs/{world.TownshipB.Id}")).Should().Be(HttpStatusCode.NotFound);
        (await StatusOf(leader, $"/api/v1/orgs/{world.Bv.Id}")).Should().Be(HttpStatusCode.NotFound);
        (await StatusOf(leader, $"/api/v1/people/{world.BPerson.Id}")).Should().Be(HttpStatusCode.NotFound);
        (await StatusOf(leader, $"/api/v1/orgs/{world.County.Id}")).Should().Be(HttpStatusCode.NotFound, "the link opens the township, not the county above it");
        (await StatusOf(leader, $"/orgs/{world.TownshipB.Id}")).Should().Be(HttpStatusCode.NotFound);

        // 县级领导 read: their scope is not theirs to change.
        var write = await leader.PutJson($"/api/v1/orgs/{world.Av.Id}", new OrgInput(world.TownshipA.Id, world.Av.Code, "改名", OrgKind.Branch, OrgDomain.Rural));
        write.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task WithoutLink_OrWithoutPerson_OnlyTheOwnUnit(string provider)
    {
        var (world, office, leaderA) = await WorldWithOfficeAsync(provider);
        // The same role and unit, but no person behind the account: nothing is linked.
        var noPerson = world.App.ClientAs($"cl0-{world.Tag}", [Role.CountyLeader], office.Id);
        (await noPerson.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Select(o => o.Name).Should().Equal("县政府办公室党支部");
        (await StatusOf(noPerson, $"/api/v1/orgs/{world.TownshipA.Id}")).Should().Be(HttpStatusCode.NotFound);

        // Links widen only a county leader's scope: a read-only account with the same person sees its unit alone.
        var readOnly = world.App.ClientAs($"ro-{world.Tag}", [Role.ReadOnly], office.Id, leaderA);
        (await StatusOf(readOnly, $"/api/v1/orgs/{world.TownshipA.Id}")).Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EndingTheLink_ClosesTheTownship_AtTheNextRequest(string provider)
    {
        var (world, office, leaderA) = await WorldWithOfficeAsync(provider);
        var leader = world.App.ClientAs($"cl-{world.Tag}", [Role.CountyLeader], office.Id, leaderA);
        (await StatusOf(leader, $"/api/v1/orgs/{world.TownshipA.Id}")).Should().Be(HttpStatusCode.OK);

        var end = await world.CountyAdmin.PostJson($"/api/v1/links/{world["LeaderALink"]}/end", new PeopleApi.EndInput(ScopeWorld.Today.AddDays(-1), "调整分工"));
        end.StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await StatusOf(leader, $"/api/v1/orgs/{world.TownshipA.Id}")).Should().Be(HttpStatusCode.NotFound, "the same token, but the scope is read at each request");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task KeyVillage_OpensThatVillage_NotItsTownship(string provider)
    {
        var (world, office, leaderA) = await WorldWithOfficeAsync(provider);
        var link = await world.CountyAdmin.PostJson("/api/v1/links", new PeopleApi.LinkInput(LinkKind.KeyVillage, leaderA, world.Bv.Id, ScopeWorld.Today));
        link.StatusCode.Should().Be(HttpStatusCode.OK, await link.Content.ReadAsStringAsync());
        var leader = world.App.ClientAs($"cl-{world.Tag}", [Role.CountyLeader], office.Id, leaderA);

        (await StatusOf(leader, $"/api/v1/orgs/{world.Bv.Id}")).Should().Be(HttpStatusCode.OK);
        (await StatusOf(leader, $"/api/v1/people/{world.BPerson.Id}")).Should().Be(HttpStatusCode.OK, "a person of the key village");
        (await StatusOf(leader, $"/api/v1/orgs/{world.TownshipB.Id}")).Should().Be(HttpStatusCode.NotFound);
        (await StatusOf(leader, $"/api/v1/orgs/{world["BvLeaf"]}")).Should().Be(HttpStatusCode.NotFound, "another village of B");
        (await StatusOf(leader, $"/api/v1/orgs/{world.TownshipA.Id}")).Should().Be(HttpStatusCode.OK, "the township link still holds");
    }
}
