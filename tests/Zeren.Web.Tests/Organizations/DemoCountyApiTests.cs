using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Organizations;

/// <summary>The demo county, loaded at start with --demo, comes back through the API the same on both databases.</summary>
public class DemoCountyApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCounty_IsShapedLikeSeed001(string provider)
    {
        var client = ZerenFactory.WithDemo(provider).AdminClient();

        var roots = await client.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots");
        var county = roots.Should().ContainSingle().Which;
        county.Name.Should().Be("中共青岚县委");

        var townships = await client.GetFromJson<Paged<OrgSummary>>($"/api/v1/orgs?under={county.Id}&depth=1&domain=Comprehensive&pageSize=100");
        townships.Total.Should().Be(15);
        (await client.GetFromJson<List<RegionView>>("/api/v1/regions")).Should().HaveCount(5).And.OnlyContain(r => r.TownshipCount == 3);

        var weak = await client.GetFromJson<Paged<OrgSummary>>($"/api/v1/orgs?depth=2&strength=Weak&pageSize=1");
        var average = await client.GetFromJson<Paged<OrgSummary>>($"/api/v1/orgs?depth=2&strength=Average&pageSize=1");
        var strong = await client.GetFromJson<Paged<OrgSummary>>($"/api/v1/orgs?depth=2&strength=Strong&pageSize=1");
        (weak.Total, average.Total, strong.Total).Should().Be((100, 112, 54));

        var leaders = await client.GetFromJson<Paged<LinkView>>("/api/v1/links?kind=CountyLeaderTownship&pageSize=100");
        leaders.Total.Should().Be(47);
        leaders.Items.Select(l => l.PersonId).Should().OnlyHaveUniqueItems("each county leader follows one township");
        (await client.GetFromJson<Paged<LinkView>>("/api/v1/links?kind=KeyVillage")).Total.Should().Be(13);

        var people = await client.GetFromJson<Paged<PersonRow>>($"/api/v1/people?under={county.Id}&pageSize=1");
        people.Total.Should().BeInRange(7500, 8500);
        var page = await client.GetFromJson<Paged<PersonRow>>($"/api/v1/people?under={townships.Items[0].Id}&page=2&pageSize=50");
        page.Items.Should().HaveCount(50);

        (await client.GetFromJson<List<VillageWithoutReserve>>("/api/v1/reserves/villages-without")).Should().NotBeEmpty();
    }
}
