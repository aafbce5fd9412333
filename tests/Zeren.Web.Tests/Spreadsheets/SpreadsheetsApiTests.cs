using Zeren.Core.Platform;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;
using Zeren.Core.People;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Api;

namespace Zeren.Web.Tests.Spreadsheets;

/// <summary>The app on a fresh SQLite database in a temp data folder, without the demo county.</summary>
public sealed class SpreadsheetsAppFactory : WebApplicationFactory<Program>
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "zeren-web-tests-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Zeren:DataFolder", folder);
        builder.UseSetting("Demo:Load", "false");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }
}

public sealed class SpreadsheetsApiTests : IClassFixture<SpreadsheetsAppFactory>
{
    private static readonly string[] OrgHeaders = ["组织编码", "组织名称", "上级组织编码", "组织类别", "领域", "党建强弱", "标准类型", "星级", "片区", "排序"];
    private static readonly string[] RosterHeaders = ["姓名", "性别", "民族", "出生日期", "学历", "身份证号码", "手机号码", "党员身份", "入党日期", "所属组织编码"];

    private readonly HttpClient client;
    private readonly string prefix = "W" + Guid.NewGuid().ToString("N")[..6];

    public SpreadsheetsApiTests(SpreadsheetsAppFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        client = Infrastructure.ZerenFactory.For(Infrastructure.TestDatabases.Sqlite).AdminClient();
    }

    private static byte[] Workbook(string sheet, IReadOnlyList<string> headers, params object?[][] rows)
    {
        using var stream = new MemoryStream();
        using (var xlsx = new XlsxWriter(stream))
        {
            var s = xlsx.AddSheet(sheet, [.. headers.Select(h => new SheetColumn(h))]);
            foreach (var row in rows)
            {
                s.AddRow(row);
            }
        }
        return stream.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] content, string fileName = "导入.xlsx")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(SpreadsheetsApi.XlsxContentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static string IdNumber(DateOnly birth, int sequence, bool male)
    {
        var first17 = $"330824{birth:yyyyMMdd}{sequence % 100:00}{(male ? 1 : 2)}";
        return first17 + ChineseIdNumber.CheckCharacter(first17);
    }

    private async Task ImportOrgsAsync()
    {
        var content = Workbook("组织", OrgHeaders,
            [$"{prefix}C", "某县委", null, "党委", "综合", null, null, null, null, 1],
            [$"{prefix}T", "城关镇党委", $"{prefix}C", "党委", "综合", null, null, null, null, 1],
            [$"{prefix}V", "东村党支部", $"{prefix}T", "党支部", "农村", "薄弱", "达标型", 3, null, 1]);
        using var form = Form(content);
        var response = await client.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static SheetTable ReadXlsx(byte[] content) => XlsxReader.Read(new MemoryStream(content), 100_000);

    [Theory]
    [InlineData("/api/v1/orgs/template.xlsx", "组织导入模板.xlsx", "组织")]
    [InlineData("/api/v1/people/template.xlsx", "人员名册导入模板.xlsx", "人员名册")]
    public async Task Template_DownloadsAsAnAttachmentWithAChineseFileName(string url, string fileName, string sheet)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(SpreadsheetsApi.XlsxContentType);
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.Should().Be("attachment");
        disposition.FileNameStar.Should().Be(fileName);
        response.Content.Headers.GetValues("Content-Disposition").Single().Should().Contain("filename*=UTF-8''" + Uri.EscapeDataString(fileName));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).Should().Equal(sheet, "说明");
    }

    [Fact]
    public async Task OrgImport_GoodFile_ReturnsWhatWasCreatedAndUpdated()
    {
        await ImportOrgsAsync();
        var again = Workbook("组织", OrgHeaders, [$"{prefix}V", "东村党支部（改）", $"{prefix}T", "党支部", "农村", "一般", "达标型", 4, null, 1]);

        using var form = Form(again);
        var response = await client.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        summary.GetProperty("created").GetInt32().Should().Be(0);
        summary.GetProperty("updated").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task OrgImport_WhenARowIsBad_Returns422ProblemDetailsWithTheRowsAndImportsNothing()
    {
        var content = Workbook("组织", OrgHeaders,
            [$"{prefix}C", "某县委", null, "党委", "综合", null, null, null, null, 1],
            [$"{prefix}T", "城关镇党委", $"{prefix}X", "党委", "综合", null, null, 9, null, 1]);

        using var form = Form(content);
        var response = await client.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(422);
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
        problem.GetProperty("detail").GetString().Should().Contain("导入未执行");
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        errors.Should().HaveCount(2);
        errors.Should().OnlyContain(e => e.GetProperty("row").GetInt32() == 3);
        errors.Select(e => e.GetProperty("field").GetString()).Should().BeEquivalentTo("上级组织编码", "星级");
        errors.Should().OnlyContain(e => e.GetProperty("message").GetString()!.StartsWith("第 3 行", StringComparison.Ordinal));

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orgs?q={prefix}C");
        list.GetProperty("total").GetInt32().Should().Be(0, "the good row was not imported either");
    }

    [Fact]
    public async Task Import_WhenFileIsNotAnXlsx_Returns422InChinese()
    {
        using var form = Form(Encoding.UTF8.GetBytes("组织编码,组织名称\nC01,某县委\n"), "组织.xlsx");

        var response = await client.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("upload_type");
        problem.GetProperty("detail").GetString().Should().Contain("不是 Excel 工作簿");
    }

    [Theory]
    [InlineData("png", "组织.xlsx")]  // a picture renamed to .xlsx
    [InlineData("html", "组织.xlsx")] // a web page renamed to .xlsx
    [InlineData("xlsx", "组织.xls")]  // a real workbook under a name that is not .xlsx
    public async Task Import_ChecksTheFilesFirstBytesBeforeReadingIt(string bytes, string fileName)
    {
        var content = bytes switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0],
            "html" => Encoding.UTF8.GetBytes("<html><body>组织编码</body></html>"),
            _ => Workbook("组织", OrgHeaders, [$"{prefix}C", "某县委", null, "党委", "综合", null, null, null, null, 1]),
        };
        using var form = Form(content, fileName);

        var response = await client.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("upload_type");
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orgs?q={prefix}C");
        list.GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Import_WhenHeadersAreWrong_NamesTheMissingHeaders()
    {
        using var form = Form(Workbook("人员名册", ["名字", "性别"], ["张三", "男"]));

        var response = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("表头缺少：姓名");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().Contain(["姓名", "身份证号码", "所属组织编码"]);
    }

    [Fact]
    public async Task Import_WithoutAFile_Returns422()
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };

        var response = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("file_missing");
    }

    [Fact]
    public async Task Import_WhenFileIsLargerThanTheLimit_Returns413()
    {
        var big = new byte[new SpreadsheetLimits().MaxFileBytes + 1];
        "PK\u0003\u0004"u8.CopyTo(big);
        using var form = Form(big);

        var response = await client.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("MB");
    }

    [Fact]
    public async Task PeopleImportThenExport_MasksIdNumbersAndMobiles()
    {
        await ImportOrgsAsync();
        var birth = new DateOnly(1985, 3, 9);
        var id = IdNumber(birth, Random.Shared.Next(100), male: true);
        var roster = Workbook("人员名册", RosterHeaders,
            ["张三", "男", "汉族", birth, "大学本科", id, "13912345678", "正式党员", new DateOnly(2010, 7, 1), $"{prefix}V"]);

        using (var form = Form(roster))
        {
            var response = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32().Should().Be(1);
        }

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orgs?q={prefix}V");
        var villageId = list.GetProperty("items")[0].GetProperty("id").GetString();
        var export = await client.GetAsync(new Uri($"/api/v1/people/export.xlsx?orgId={villageId}", UriKind.Relative));

        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith("人员名册_").And.EndWith(".xlsx");
        var table = ReadXlsx(await export.Content.ReadAsByteArrayAsync());
        var row = table.Rows.Single();
        table.Cell(row, "姓名").Should().Be("张三");
        table.Cell(row, "身份证号码").Should().Be(Masking.IdNumber(id)).And.Contain("********");
        table.Cell(row, "手机号码").Should().Be("139****5678");
        table.Cell(row, "所属组织").Should().Be("东村党支部");
    }

    [Fact]
    public async Task OrgExport_AppliesTheListFilters()
    {
        await ImportOrgsAsync();
        var county = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orgs?q={prefix}C");
        var countyId = county.GetProperty("items")[0].GetProperty("id").GetString();

        var response = await client.GetAsync(new Uri($"/api/v1/orgs/export.xlsx?under={countyId}&kind=Branch", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith("组织_");
        var table = ReadXlsx(await response.Content.ReadAsByteArrayAsync());
        table.Headers.Should().Equal(OrgHeaders);
        var row = table.Rows.Single();
        table.Cell(row, "组织编码").Should().Be($"{prefix}V");
        table.Cell(row, "上级组织编码").Should().Be($"{prefix}T");
        table.Cell(row, "党建强弱").Should().Be("薄弱");
        table.Cell(row, "星级").Should().Be("3");
    }

    [Fact]
    public async Task OrgExport_WhenFilterOrgIsUnknown_Returns404ProblemDetails()
    {
        var response = await client.GetAsync(new Uri($"/api/v1/orgs/export.xlsx?under={Guid.NewGuid()}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Content.Headers.ContentDisposition.Should().BeNull();
    }

    [Fact]
    public async Task OpenApi_DescribesTheSpreadsheetEndpoints()
    {
        var json = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        json.Should().Contain("/api/v1/orgs/import").And.Contain("/api/v1/people/export.xlsx").And.Contain("/api/v1/reserves/export.xlsx")
            .And.Contain("multipart/form-data");
    }

    [Theory]
    [InlineData("/api/v1/links/export.xlsx", "联系_", "联系类型")]
    [InlineData("/api/v1/reserves/export.xlsx?under35=true", "后备干部_", "35岁以下")]
    public async Task LinksAndReservesExport_DownloadAWorkbook(string url, string fileNameStart, string header)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith(fileNameStart);
        ReadXlsx(await response.Content.ReadAsByteArrayAsync()).Headers.Should().Contain(header);
    }
}
