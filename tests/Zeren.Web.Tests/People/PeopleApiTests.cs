using System.Net;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.People;

public class PeopleApiTests
{
    private static async Task<Paged<PersonRow>> PeopleUnder(HttpClient client, Guid orgId, string query = "") =>
        await (await client.GetAsync(new Uri($"/api/v1/people?under={orgId}{query}", UriKind.Relative))).ReadAs<Paged<PersonRow>>();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_ThenSearchByNameAndExactIdNumber(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var input = TestData.Member(village.Id, "李建国");
        var person = await client.CreatePerson(input);
        await client.CreatePerson(TestData.Member(village.Id, "王秀英", gender: Gender.Female));

        (await PeopleUnder(client, county.Id, "&q=建国")).Items.Should().ContainSingle().Which.Id.Should().Be(person.Id);
        (await PeopleUnder(client, county.Id, $"&q={input.IdNumber}")).Items.Should().ContainSingle().Which.Name.Should().Be("李建国");
        (await PeopleUnder(client, county.Id)).Total.Should().Be(2);
    }

    public static TheoryData<string, string, string> BadPeople()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            var p = provider;
            data.Add(p, "bad-checksum", "idNumber");
            data.Add(p, "bad-mobile", "mobile");
            data.Add(p, "future-join", "joinedPartyOn");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadPeople))]
    public async Task Create_WithBadInput_IsRefusedAndSavesNothing(string provider, string fault, string field)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var good = TestData.Member(village.Id);
        var bad = fault switch
        {
            "bad-checksum" => good with { IdNumber = good.IdNumber![..17] + (good.IdNumber[17] == '0' ? '1' : '0') },
            "bad-mobile" => good with { Mobile = "1234567890" },
            _ => good with { JoinedPartyOn = new DateOnly(2099, 1, 1) },
        };

        var response = await client.PostJson("/api/v1/people", bad);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Errors.Should().Contain(e => e.Field == field);
        problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        (await PeopleUnder(client, county.Id)).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_WithDuplicateIdNumber_IsRefused(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var first = TestData.Member(village.Id, "赵一");
        await client.CreatePerson(first);

        // Lower-case x or not, the same number: the hash is taken of the normalized value.
        var response = await client.PostJson("/api/v1/people", TestData.Member(village.Id, "赵二") with { IdNumber = first.IdNumber!.ToLowerInvariant() });

        (await response.ReadAs<Problem>()).Code.Should().Be("person_duplicate_id_number");
        (await PeopleUnder(client, county.Id)).Total.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_InUnknownOrg_IsRefused(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var response = await client.PostJson("/api/v1/people", TestData.Member(Guid.NewGuid()));
        (await response.ReadAs<Problem>()).Code.Should().Be("org_unknown");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Positions_ImplyResponsibilityRoles_AndOneSecretaryAtATime(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, township, village) = await client.CreateCounty();
        var secretary = await client.CreatePerson(TestData.Member(township.Id, "镇书记"));
        var deputy = await client.CreatePerson(TestData.Member(township.Id, "镇副书记"));
        var branchSecretary = await client.CreatePerson(TestData.Member(village.Id, "村书记"));
        var start = new DateOnly(2024, 1, 1);

        async Task<PositionView> Appoint(Guid org, Guid person, PositionTitle title)
        {
            var r = await client.PostJson("/api/v1/positions", new { orgId = org, personId = person, title, startOn = start });
            r.StatusCode.Should().Be(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
            return await r.ReadAs<PositionView>();
        }

        (await Appoint(township.Id, secretary.Id, PositionTitle.Secretary)).Role.Should().Be(ResponsibilityRole.First);
        (await Appoint(township.Id, deputy.Id, PositionTitle.DeputySecretary)).Role.Should().Be(ResponsibilityRole.Direct);
        (await Appoint(village.Id, branchSecretary.Id, PositionTitle.Secretary)).Role.Should().Be(ResponsibilityRole.Specific);

        var second = await client.PostJson("/api/v1/positions", new { orgId = township.Id, personId = deputy.Id, title = PositionTitle.Secretary, startOn = start });
        (await second.ReadAs<Problem>()).Code.Should().Be("position_taken");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task CountyLeaderLinks_OneTownshipEach_AndOnlyForCountyLeaders(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();
        var other = await client.CreateOrg(county.Id, "二号镇党委");
        var leader = await client.CreatePerson(TestData.Member(county.Id, "县领导"));
        var cadre = await client.CreatePerson(TestData.Member(township.Id, "镇干部"));
        var start = new DateOnly(2024, 3, 1);
        (await client.PostJson("/api/v1/positions", new { orgId = county.Id, personId = leader.Id, title = PositionTitle.CountyLeader, startOn = start }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        Task<HttpResponseMessage> Link(LinkKind kind, Guid person, Guid org) =>
            client.PostJson("/api/v1/links", new { kind, personId = person, orgId = org, startOn = start });

        (await Link(LinkKind.CountyLeaderTownship, leader.Id, township.Id)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await Link(LinkKind.CountyLeaderTownship, leader.Id, other.Id)).ReadAs<Problem>()).Code.Should().Be("link_one_township");
        (await (await Link(LinkKind.CountyLeaderTownship, cadre.Id, other.Id)).ReadAs<Problem>()).Code.Should().Be("link_needs_county_leader");
        (await (await Link(LinkKind.CountyLeaderTownship, leader.Id, village.Id)).ReadAs<Problem>()).Code.Should().Be("link_needs_township");
        var agencies = await client.CreateOrg(county.Id, "县直机关工委", OrgKind.WorkingCommittee, OrgDomain.Agency);
        (await (await Link(LinkKind.CountyLeaderTownship, leader.Id, agencies.Id)).ReadAs<Problem>()).Code.Should().Be("link_needs_township",
            "a working committee under the county is not a township");
        (await (await Link(LinkKind.VillageCadre, cadre.Id, township.Id)).ReadAs<Problem>()).Code.Should().Be("link_needs_village");
        (await Link(LinkKind.VillageCadre, cadre.Id, village.Id)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Link(LinkKind.KeyVillage, leader.Id, village.Id)).StatusCode.Should().Be(HttpStatusCode.OK);

        var links = await (await client.GetAsync(new Uri($"/api/v1/links?under={county.Id}", UriKind.Relative))).ReadAs<Paged<LinkView>>();
        links.Total.Should().Be(3);
        links.Items.Select(l => l.Kind).Should().BeEquivalentTo([LinkKind.CountyLeaderTownship, LinkKind.VillageCadre, LinkKind.KeyVillage]);

        var first = await (await client.GetAsync(new Uri($"/api/v1/links?under={county.Id}&pageSize=2", UriKind.Relative))).ReadAs<Paged<LinkView>>();
        var second = await (await client.GetAsync(new Uri($"/api/v1/links?under={county.Id}&pageSize=2&page=2", UriKind.Relative))).ReadAs<Paged<LinkView>>();
        (first.Total, first.Items.Count, second.Items.Count).Should().Be((3, 2, 1));
        first.Items.Concat(second.Items).Select(l => l.Id).Should().BeEquivalentTo(links.Items.Select(l => l.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reserves_FlagUnderThirtyFive_AndListVillagesWithout(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();
        var bare = await client.CreateOrg(township.Id, "空白村党支部", Core.Organizations.OrgKind.Branch, Core.Organizations.OrgDomain.Rural);
        var young = await client.CreatePerson(TestData.Member(village.Id, "小青年", new DateOnly(2000, 2, 2)));
        var older = await client.CreatePerson(TestData.Member(village.Id, "老同志", new DateOnly(1970, 2, 2)));
        foreach (var p in new[] { young, older })
        {
            var r = await client.PostJson("/api/v1/reserves", new { personId = p.Id, orgId = village.Id, targetPost = PositionTitle.Secretary, addedOn = new DateOnly(2025, 1, 1) });
            r.StatusCode.Should().Be(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        var toTownship = await client.PostJson("/api/v1/reserves", new { personId = young.Id, orgId = township.Id, targetPost = PositionTitle.Secretary, addedOn = new DateOnly(2025, 1, 1) });
        (await toTownship.ReadAs<Problem>()).Code.Should().Be("reserve_needs_village");

        var all = await (await client.GetAsync(new Uri($"/api/v1/reserves?under={county.Id}", UriKind.Relative))).ReadAs<Paged<ReserveView>>();
        all.Items.Should().HaveCount(2);
        all.Items.Single(r => r.PersonId == young.Id).UnderThirtyFive.Should().BeTrue();
        all.Items.Single(r => r.PersonId == older.Id).UnderThirtyFive.Should().BeFalse();
        var youth = await (await client.GetAsync(new Uri($"/api/v1/reserves?under={county.Id}&under35=true", UriKind.Relative))).ReadAs<Paged<ReserveView>>();
        youth.Items.Should().ContainSingle().Which.PersonId.Should().Be(young.Id);

        var without = await (await client.GetAsync(new Uri($"/api/v1/reserves/villages-without?under={county.Id}", UriKind.Relative))).ReadAs<List<VillageWithoutReserve>>();
        without.Should().ContainSingle().Which.OrgId.Should().Be(bare.Id);
    }
}
