using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.People;

/// <summary>The links page (联系) as HTML: its list pages in the database, its township section lists townships only.</summary>
public partial class LinksPageTests
{
    private static async Task<HttpResponseMessage> LinkAsync(HttpClient client, LinkKind kind, Guid personId, Guid orgId) =>
        await client.PostJson("/api/v1/links", new { kind, personId, orgId, startOn = new DateOnly(2024, 3, 1) });

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LinksList_PagesTwentyAtATime(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();
        for (var i = 0; i < PageRequest.DefaultSize + 1; i++)
        {
            var cadre = await client.CreatePerson(TestData.Member(township.Id, $"包村干部{i:D2}"));
            (await LinkAsync(client, LinkKind.VillageCadre, cadre.Id, village.Id)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var first = await client.GetStringAsync(new Uri($"/links?kind=VillageCadre&under={county.Id}", UriKind.Relative));
        var second = await client.GetStringAsync(new Uri($"/links?kind=VillageCadre&under={county.Id}&page=2", UriKind.Relative));

        Rows(first).Should().HaveCount(PageRequest.DefaultSize);
        Rows(second).Should().HaveCount(1);
        first.Should().Contain($"共 {PageRequest.DefaultSize + 1} 条联系");
        WebUtility.HtmlDecode(first).Should().Contain($"href=\"/links?kind=VillageCadre&under={county.Id}&page=2\"");
        Rows(first).Concat(Rows(second)).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TownshipSection_ListsTownshipsOnly_NotTheCountysWorkingCommittees(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, _) = await client.CreateCounty();
        await client.CreateOrg(county.Id, "县直机关工委", OrgKind.WorkingCommittee, OrgDomain.Agency);
        await client.CreateOrg(county.Id, "县非公和社会组织党委", OrgKind.Committee, OrgDomain.NewEconomic);
        var street = await client.CreateOrg(county.Id, "城南街道党工委", OrgKind.WorkingCommittee);

        var html = await client.GetStringAsync(new Uri($"/links?under={county.Id}", UriKind.Relative));

        var section = TownshipSection().Match(html).Value;
        section.Should().Contain(township.Name).And.Contain(street.Name);
        section.Should().NotContain("县直机关工委").And.NotContain("县非公和社会组织党委");
    }

    /// <summary>The person links of the links table, one per row.</summary>
    private static List<string> Rows(string html) =>
        [.. LinksTable().Match(html).Value.Split("<tr").Skip(2).Select(r => PersonLink().Match(r).Value)];

    [GeneratedRegex("<table[^>]*id=\"links-table\".*?</table>", RegexOptions.Singleline)]
    private static partial Regex LinksTable();

    [GeneratedRegex("包村干部\\d\\d")]
    private static partial Regex PersonLink();

    [GeneratedRegex("<section id=\"township-leaders\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex TownshipSection();
}
