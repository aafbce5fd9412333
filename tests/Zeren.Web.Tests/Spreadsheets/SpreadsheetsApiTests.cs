using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Spreadsheets;

/// <summary>Templates, imports and exports over HTTP, on every database. The app is shared: each test makes its own codes.</summary>
public sealed class SpreadsheetsApiTests
{
    private static readonly string[] OrgHeaders = ["组织编码", "组织名称", "上级组织编码", "组织类别", "领域", "党建强弱", "标准类型", "星级", "片区", "排序"];
    private static readonly string[] RosterHeaders = ["姓名", "性别", "民族", "出生日期", "学历", "身份证号码", "手机号码", "党员身份", "入党日期", "所属组织编码"];

    private readonly string prefix = "W" + Guid.NewGuid().ToString("N")[..8];

    private static HttpClient Client(string provider) => ZerenFactory.For(provider).AdminClient();

    /// <summary>Each template on each database.</summary>
    public static TheoryData<string, string, string, string> Templates()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, "/api/v1/orgs/template.xlsx", "组织导入模板.xlsx", "组织");
            data.Add(provider, "/api/v1/people/template.xlsx", "人员名册导入模板.xlsx", "人员名册");
        }
        return data;
    }

    /// <summary>The links and reserves exports on each database.</summary>
    public static TheoryData<string, string, string, string> LinkAndReserveExports()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, "/api/v1/links/export.xlsx", "联系_", "联系类型");
            data.Add(provider, "/api/v1/reserves/export.xlsx?under35=true", "后备干部_", "35岁以下");
        }
        return data;
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

    private async Task ImportOrgsAsync(HttpClient client)
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
    [MemberData(nameof(Templates))]
    public async Task Template_DownloadsAsAnAttachmentWithAChineseFileName(string provider, string url, string fileName, string sheet)
    {
        var client = Client(provider);
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

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgImport_GoodFile_ReturnsWhatWasCreatedAndUpdated(string provider)
    {
        var client = Client(provider);
        await ImportOrgsAsync(client);
        var again = Workbook("组织", OrgHeaders, [$"{prefix}V", "东村党支部（改）", $"{prefix}T", "党支部", "农村", "一般", "达标型", 4, null, 1]);

        using var form = Form(again);
        var response = await client.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        summary.GetProperty("created").GetInt32().Should().Be(0);
        summary.GetProperty("updated").GetInt32().Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgImport_WhenARowIsBad_Returns422ProblemDetailsWithTheRowsAndImportsNothing(string provider)
    {
        var client = Client(provider);
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

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Import_WhenFileIsNotAnXlsx_Returns422InChinese(string provider)
    {
        var client = Client(provider);
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
        var client = Client(TestDatabases.Sqlite);
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

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Import_WhenHeadersAreWrong_NamesTheMissingHeaders(string provider)
    {
        var client = Client(provider);
        using var form = Form(Workbook("人员名册", ["名字", "性别"], ["张三", "男"]));

        var response = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("表头缺少：姓名");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().Contain(["姓名", "身份证号码", "所属组织编码"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Import_WithoutAFile_Returns422(string provider)
    {
        var client = Client(provider);
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };

        var response = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("file_missing");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Import_WhenFileIsLargerThanTheLimit_Returns413(string provider)
    {
        var client = Client(provider);
        var big = new byte[new SpreadsheetLimits().MaxFileBytes + 1];
        "PK\u0003\u0004"u8.CopyTo(big);
        using var form = Form(big);

        var response = await client.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("MB");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PeopleImportThenExport_MasksIdNumbersAndMobiles(string provider)
    {
        var client = Client(provider);
        await ImportOrgsAsync(client);
        var birth = new DateOnly(1985, 3, 9);
        var id = TestData.IdNumber(birth);
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

    /// <summary>
    /// A roster larger than one save (the import saves its new people a few thousand at a time, in one transaction):
    /// everyone is created, each with their audit entry, and the same file again changes nobody.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PeopleImport_LargerThanOneSave_CreatesEveryoneOnce(string provider)
    {
        const int count = 2_100;
        var client = Client(provider);
        await ImportOrgsAsync(client);
        var birth = new DateOnly(1975, 6, 1);
        var rows = Enumerable.Range(0, count).Select(i => new object?[]
            { $"导入{i}", "男", "汉族", birth, null, TestData.IdNumber(birth), null, "非党员", null, $"{prefix}V" }).ToArray();
        var roster = Workbook("人员名册", RosterHeaders, rows);
        var village = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/orgs?q={prefix}V")).GetProperty("items")[0].GetProperty("id").GetString();

        using (var form = Form(roster))
        {
            var response = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32().Should().Be(count);
        }
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/people?orgId={village}&pageSize=1")).GetProperty("total").GetInt32().Should().Be(count);
        await using (var scope = ZerenFactory.For(provider).Services.CreateAsyncScope())
        {
            // One transaction, one operation: every person's entry shares the import's operation, none is missing.
            var db = scope.ServiceProvider.GetRequiredService<Zeren.Core.Data.ZerenDbContext>();
            var villageId = Guid.Parse(village!);
            var ids = (await db.Set<Person>().IgnoreQueryFilters().Where(p => p.OrgId == villageId).Select(p => p.Id).ToListAsync())
                .Select(id => id.ToString()).ToList();
            var entries = await db.Set<Zeren.Core.Audit.AuditEntry>().IgnoreQueryFilters()
                .Where(a => a.EntityType == nameof(Person) && a.Action == Zeren.Core.Audit.AuditAction.Create && a.Summary.Contains("导入"))
                .Select(a => new { a.EntityId, a.Operation }).ToListAsync();
            entries = entries.Where(e => ids.Contains(e.EntityId!)).ToList();
            entries.Select(e => e.EntityId).Should().BeEquivalentTo(ids);
            entries.Select(e => e.Operation).Distinct().Should().ContainSingle();
        }
        using (var form = Form(roster))
        {
            var again = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);
            again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unchanged").GetInt32().Should().Be(count);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgExport_AppliesTheListFilters(string provider)
    {
        var client = Client(provider);
        await ImportOrgsAsync(client);
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

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgExport_FollowsTheTreeOrder_SiblingsBySortOrderNotByCreation(string provider)
    {
        var client = Client(provider);
        async Task<OrgSummary> Org(Guid? parent, string code, string name, OrgKind kind, OrgDomain domain, int sortOrder)
        {
            var response = await client.PostJson("/api/v1/orgs", new OrgInput(parent, $"{prefix}{code}", name, kind, domain, SortOrder: sortOrder));
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return await response.ReadAs<OrgSummary>();
        }
        var county = await Org(null, "C", "排序县委", OrgKind.Committee, OrgDomain.Comprehensive, 0);
        // Created in the opposite order of 排序, and with names that would sort them the other way too.
        var second = await Org(county.Id, "T2", "甲镇党委", OrgKind.Committee, OrgDomain.Comprehensive, 2);
        var first = await Org(county.Id, "T1", "乙镇党委", OrgKind.Committee, OrgDomain.Comprehensive, 1);
        await Org(second.Id, "V2B", "二号村党支部", OrgKind.Branch, OrgDomain.Rural, 2);
        await Org(second.Id, "V2A", "一号村党支部", OrgKind.Branch, OrgDomain.Rural, 1);
        await Org(first.Id, "V1A", "三号村党支部", OrgKind.Branch, OrgDomain.Rural, 1);
        await Org(county.Id, "T3", "丙镇党委", OrgKind.Committee, OrgDomain.Comprehensive, 2);

        var tree = await client.GetFromJson<List<OrgSummary>>($"/api/v1/orgs/{county.Id}/children");
        var all = ReadXlsx(await client.GetByteArrayAsync(new Uri($"/api/v1/orgs/export.xlsx?under={county.Id}", UriKind.Relative)));
        var villages = ReadXlsx(await client.GetByteArrayAsync(new Uri($"/api/v1/orgs/export.xlsx?under={county.Id}&kind=Branch", UriKind.Relative)));

        tree.Select(o => o.Code).Should().Equal($"{prefix}T1", $"{prefix}T3", $"{prefix}T2");
        all.Rows.Select(r => all.Cell(r, "组织编码")[prefix.Length..]).Should().Equal("C", "T1", "V1A", "T3", "T2", "V2A", "V2B");
        // Villages follow their townships' order even when the townships are not in the file.
        villages.Rows.Select(r => villages.Cell(r, "组织编码")[prefix.Length..]).Should().Equal("V1A", "V2A", "V2B");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgExport_WhenFilterOrgIsUnknown_Returns404ProblemDetails(string provider)
    {
        var client = Client(provider);
        var response = await client.GetAsync(new Uri($"/api/v1/orgs/export.xlsx?under={Guid.NewGuid()}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Content.Headers.ContentDisposition.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OpenApi_DescribesTheSpreadsheetEndpoints(string provider)
    {
        var client = Client(provider);
        var json = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        json.Should().Contain("/api/v1/orgs/import").And.Contain("/api/v1/people/export.xlsx").And.Contain("/api/v1/reserves/export.xlsx")
            .And.Contain("multipart/form-data");
    }

    [Theory]
    [MemberData(nameof(LinkAndReserveExports))]
    public async Task LinksAndReservesExport_DownloadAWorkbook(string provider, string url, string fileNameStart, string header)
    {
        var client = Client(provider);
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith(fileNameStart);
        ReadXlsx(await response.Content.ReadAsByteArrayAsync()).Headers.Should().Contain(header);
    }
}
