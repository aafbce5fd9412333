using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Zeren.Core.Audit;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Api;
using Zeren.Web.Tests.Audit;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Spreadsheets;

/// <summary>
/// 导出（完整号码）: an account that may see full ID numbers and mobiles exports the roster with them, edits it and imports it
/// back; the export is one audit entry with the count; the masked export stays the default, and nobody else gets numbers.
/// </summary>
public class FullRosterExportTests
{
    private static async Task<byte[]> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The same workbook with one cell changed, as someone editing it in Excel would save it.</summary>
    private static byte[] Edited(SheetTable table, Func<SheetRow, bool> row, string header, string value)
    {
        var column = table.Headers.ToList().IndexOf(header);
        var stream = new MemoryStream();
        using (var xlsx = new XlsxWriter(stream))
        {
            var formats = RosterSheet.Columns.ToDictionary(c => c.Header, c => c.Format);
            var sheet = xlsx.AddSheet(table.SheetName, [.. table.Headers.Select(h => new SheetColumn(h, 12, formats.GetValueOrDefault(h, ColumnFormat.Text)))]);
            foreach (var r in table.Rows)
            {
                var values = r.Values.Select((v, i) => (object?)(row(r) && i == column ? value : string.IsNullOrEmpty(v) ? null : v)).ToArray();
                sheet.AddRow(values);
            }
        }
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FullExport_EditedAndImportedBack_UpdatesThePeople(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var zhang = TestData.Member(village.Id, "完整导出张") with { Mobile = "13800001111" };
        var li = TestData.Member(village.Id, "完整导出李") with { Mobile = "13900002222" };
        await client.CreatePerson(zhang);
        var liRow = await client.CreatePerson(li);

        var response = await client.GetAsync(new Uri($"/api/v1/people/export.xlsx?under={county.Id}&full=true", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue("a file with full numbers is never kept by a cache");
        var table = XlsxReader.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), 1000);
        table.Rows.Select(r => table.Cell(r, RosterSheet.IdNumber)).Should().BeEquivalentTo([zhang.IdNumber, li.IdNumber]);
        table.Rows.Select(r => table.Cell(r, RosterSheet.Mobile)).Should().BeEquivalentTo(["13800001111", "13900002222"]);

        var edited = Edited(table, r => table.Cell(r, RosterSheet.Name) == "完整导出李", RosterSheet.Mobile, "13700003333");
        var file = new ByteArrayContent(edited);
        file.Headers.ContentType = new MediaTypeHeaderValue(SpreadsheetsApi.XlsxContentType);
        using var form = new MultipartFormDataContent { { file, "file", "名册.xlsx" } };
        var import = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);

        import.StatusCode.Should().Be(HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
        (await import.ReadAs<ImportSummary>()).Should().Be(new ImportSummary(0, 1, 1));
        (await client.GetFromJson<PersonalData>($"/api/v1/people/{liRow.Id}/personal-data")).Mobile.Should().Be("13700003333");

        var export = (await factory.AuditorClient().Audit("?action=Export&entityType=Person&pageSize=100")).Items
            .Should().Contain(e => e.After!.Contains(county.Id.ToString()) && e.After.Contains("\"Masked\":false")).Which;
        export.Summary.Should().Be("导出人员名册（含完整身份证号码、手机号码，2 人）");
        AuditTestKit.Values(export.After)["Count"].GetInt32().Should().Be(2);
        (export.Summary + export.After).Should().NotContain(zhang.IdNumber).And.NotContain("13800001111");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task MaskedExport_StaysTheDefault_AndFullNumbersNeedThePermission(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var (county, township, village) = await admin.CreateCounty();
        var person = TestData.Member(village.Id, "脱敏导出") with { Mobile = "13512345678" };
        await admin.CreatePerson(person);

        var masked = XlsxReader.Read(new MemoryStream(await DownloadAsync(admin, $"/api/v1/people/export.xlsx?under={county.Id}")), 1000);
        masked.Cell(masked.Rows.Single(), RosterSheet.IdNumber).Should().Be(Masking.IdNumber(person.IdNumber));
        masked.Cell(masked.Rows.Single(), RosterSheet.Mobile).Should().Be("135****5678");

        // A 县级领导 may export, but not see full numbers.
        var leader = factory.ClientAs(TestData.Code("ldr").ToLowerInvariant(), [Role.CountyLeader], township.Id);
        var refused = await leader.GetAsync(new Uri($"/api/v1/people/export.xlsx?under={township.Id}&full=true", UriKind.Relative));
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.ReadAs<Problem>()).Code.Should().Be("personal_data_forbidden");

        // The people page offers the full export to whoever may see full numbers, and only to them.
        var adminPage = await admin.GetStringAsync(new Uri($"/people?under={county.Id}", UriKind.Relative));
        adminPage.Should().Contain("id=\"people-export-full\"").And.Contain("full=true");
        var leaderPage = await leader.GetStringAsync(new Uri($"/people?under={township.Id}", UriKind.Relative));
        leaderPage.Should().Contain("id=\"people-export\"").And.NotContain("people-export-full");
    }
}
