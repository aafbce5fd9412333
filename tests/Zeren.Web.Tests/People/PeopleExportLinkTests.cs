using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.People;

public partial class PeopleExportLinkTests
{
    [Fact]
    public async Task PeoplePage_ExportLink_DownloadsTheFilteredListAsExcel()
    {
        var client = ZerenFactory.For(TestDatabases.Sqlite).AdminClient();
        var (county, _, village) = await client.CreateCounty();
        await client.CreatePerson(TestData.Member(village.Id, "导出甲"));

        var html = await client.GetStringAsync(new Uri($"/people?under={county.Id}&q=导出", UriKind.Relative));
        var href = WebUtility.HtmlDecode(ExportHref().Match(html).Groups[1].Value);
        href.Should().StartWith("/api/v1/people/export.xlsx?").And.Contain($"under={county.Id}");

        var response = await client.GetAsync(new Uri(href, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(4).Should().Equal((byte)'P', (byte)'K', 3, 4);
    }

    [GeneratedRegex("href=\"(/api/v1/people/export\\.xlsx[^\"]*)\"")]
    private static partial Regex ExportHref();
}
