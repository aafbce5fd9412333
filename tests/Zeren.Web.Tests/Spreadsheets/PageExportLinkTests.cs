using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.People;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Spreadsheets;

/// <summary>The 导出 Excel buttons of the list pages carry the page's filters to the export endpoints.</summary>
public partial class PageExportLinkTests
{
    private static async Task<string> ExportHrefAsync(HttpClient client, string page, string id)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        var match = new Regex($"<a[^>]*id=\"{id}\"[^>]*href=\"([^\"]*)\"").Match(html);
        match.Success.Should().BeTrue($"{page} should have an export link #{id}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static async Task<SheetTable> DownloadAsync(HttpClient client, string href)
    {
        var response = await client.GetAsync(new Uri(href, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return XlsxReader.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), 100_000);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgPage_ExportsTheSelectedOrgAndEverythingBelowIt(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();

        var href = await ExportHrefAsync(client, $"/orgs/{township.Id}", "orgs-export");

        href.Should().Be($"/api/v1/orgs/export.xlsx?under={township.Id}");
        var table = await DownloadAsync(client, href);
        table.Rows.Select(r => table.Cell(r, "组织编码")).Should().Equal(township.Code, village.Code);
        table.Rows.Select(r => table.Cell(r, "组织编码")).Should().NotContain(county.Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgSearch_ExportsWhatTheSearchFound(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, _, village) = await client.CreateCounty();

        var href = await ExportHrefAsync(client, $"/ui/orgs/search?q={village.Code}", "org-search-export");

        href.Should().Be($"/api/v1/orgs/export.xlsx?q={village.Code}");
        var table = await DownloadAsync(client, href);
        table.Rows.Should().ContainSingle().Which.Should().Match<SheetRow>(r => table.Cell(r, "组织编码") == village.Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LinksPage_ExportsTheShownKindUnderTheChosenOrg(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();
        var cadre = await client.CreatePerson(TestData.Member(township.Id, "导出包村干部"));
        (await client.PostJson("/api/v1/links", new { kind = LinkKind.VillageCadre, personId = cadre.Id, orgId = village.Id, startOn = new DateOnly(2024, 3, 1) }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var href = await ExportHrefAsync(client, $"/links?kind=VillageCadre&under={county.Id}", "links-export");

        href.Should().Be($"/api/v1/links/export.xlsx?kind=VillageCadre&under={county.Id}");
        var table = await DownloadAsync(client, href);
        var row = table.Rows.Should().ContainSingle().Subject;
        table.Cell(row, "人员").Should().Be("导出包村干部");
        table.Cell(row, "联系类型").Should().Be("包村干部");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ReservesPage_ExportsTheReservesUnderTheChosenOrg_OnlyTheYoungWhenAsked(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var young = await client.CreatePerson(TestData.Member(village.Id, "年轻后备", new DateOnly(2000, 1, 1)));
        var older = await client.CreatePerson(TestData.Member(village.Id, "年长后备", new DateOnly(1970, 1, 1)));
        foreach (var person in new[] { young, older })
        {
            (await client.PostJson("/api/v1/reserves", new { personId = person.Id, orgId = village.Id, targetPost = PositionTitle.Secretary, addedOn = new DateOnly(2025, 1, 1) }))
                .StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var all = await ExportHrefAsync(client, $"/reserves?under={county.Id}", "reserves-export");
        var youngOnly = await ExportHrefAsync(client, $"/reserves?under={county.Id}&young=1", "reserves-export");

        all.Should().Be($"/api/v1/reserves/export.xlsx?under={county.Id}");
        youngOnly.Should().Be($"/api/v1/reserves/export.xlsx?under={county.Id}&under35=true");
        var allTable = await DownloadAsync(client, all);
        allTable.Rows.Select(r => allTable.Cell(r, "姓名")).Should().BeEquivalentTo("年轻后备", "年长后备");
        var youngTable = await DownloadAsync(client, youngOnly);
        youngTable.Rows.Select(r => youngTable.Cell(r, "姓名")).Should().Equal("年轻后备");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PeopleResultsFragment_ReplacesTheExportLinkOutOfBand(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, _) = await client.CreateCounty();

        var html = await client.GetStringAsync(new Uri($"/ui/people/results?under={county.Id}&q=某人", UriKind.Relative));

        // The export links (masked, and with full numbers for whoever may see them) come out of band, in one span.
        var links = new Regex("<span[^>]*id=\"people-exports\"[^>]*>.*?</span>", RegexOptions.Singleline).Match(html).Value;
        links.Should().Contain("hx-swap-oob=\"true\"");
        WebUtility.HtmlDecode(links).Should().Contain($"/api/v1/people/export.xlsx?q={Uri.EscapeDataString("某人")}&under={county.Id}\"")
            .And.Contain($"/api/v1/people/export.xlsx?q={Uri.EscapeDataString("某人")}&under={county.Id}&full=true\"");
    }
}
