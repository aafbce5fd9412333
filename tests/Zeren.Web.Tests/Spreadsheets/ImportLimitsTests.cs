using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Audit;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Spreadsheets;

/// <summary>The imports' limits as the app applies them (one app per provider with the real limits, not the test defaults).</summary>
public sealed class ImportLimitApps : DedicatedApps
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Zeren:Import:MaxConcurrentImports"] = "2",
        ["Zeren:Import:MaxImportsPerAccount"] = "1",
    };
}

/// <summary>
/// A zip bomb sent to the import (413, a Chinese ProblemDetails, little memory), one import per account and a few at
/// once (429, in the API and on the import page).
/// </summary>
public sealed class ImportLimitsTests(ImportLimitApps apps) : IClassFixture<ImportLimitApps>
{
    private static readonly string[] RosterHeaders = ["姓名", "性别", "民族", "出生日期", "学历", "身份证号码", "手机号码", "党员身份", "入党日期", "所属组织编码"];

    /// <summary>A roster whose shared strings hold one text of 386 million characters: a zip of about 377 KB. Built once.</summary>
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, Action<TextWriter> write)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false), 65_536);
                write(w);
            }
            const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            Part("_rels/.rels", w => w.Write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Part("xl/workbook.xml", w => w.Write($"<workbook xmlns=\"{main}\" xmlns:r=\"{rel}\"><sheets><sheet name=\"人员名册\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part("xl/_rels/workbook.xml.rels", w => w.Write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
                $"<Relationship Id=\"rId2\" Type=\"{rel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"));
            Part("xl/worksheets/sheet1.xml", w => w.Write($"<worksheet xmlns=\"{main}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>"));
            Part("xl/sharedStrings.xml", w =>
            {
                w.Write($"<sst xmlns=\"{main}\"><si><t>");
                var piece = new string('A', 1_000_000);
                for (var i = 0; i < 386; i++)
                {
                    w.Write(piece);
                }
                w.Write("</t></si></sst>");
            });
        }
        return buffer.ToArray();
    });

    private static byte[] Roster(params object?[][] rows)
    {
        using var stream = new MemoryStream();
        using (var xlsx = new XlsxWriter(stream))
        {
            var sheet = xlsx.AddSheet("人员名册", [.. RosterHeaders.Select(h => new SheetColumn(h))]);
            foreach (var row in rows)
            {
                sheet.AddRow(row);
            }
        }
        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(SpreadsheetsApi.XlsxContentType);
        using var form = new MultipartFormDataContent { { file, "file", "人员名册.xlsx" } };
        return await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ZipBomb_Is413WithAChineseProblem_AndImportsNothing(string provider)
    {
        var app = apps.For(provider);
        var client = await TestAccounts.SignedInAsync(app, "bomb-" + provider, [Role.CountyAdmin], null);
        Bomb.Value.Length.Should().BeLessThan(400 * 1024);

        var problem = await Problem(await ImportAsync(client, Bomb.Value), HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("title").GetString().Should().Be("上传内容过大");
        problem.GetProperty("detail").GetString().Should().Contain("解压后").And.Contain("MB 的上限");
        problem.GetProperty("code").GetString().Should().Be("xlsx_expands_too_large");
        problem.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("file");
        app.Services.GetRequiredService<ImportGate>().Running.Should().Be(0, "a refused import gives its place back");
    }

    [Fact]
    public async Task ZipBomb_IsRefusedWithoutLargeMemory()
    {
        var app = apps.For(TestDatabases.Sqlite);
        await using var scope = app.Scope();
        await using var content = new MemoryStream(Bomb.Value);
        var file = new FormFile(content, 0, content.Length, "file", "人员名册.xlsx")
        {
            Headers = new HeaderDictionary(),
            ContentType = SpreadsheetsApi.XlsxContentType,
        };
        var limits = scope.Get<Microsoft.Extensions.Options.IOptions<SpreadsheetLimits>>().Value;

        // The refusal comes before any database work, so the import runs to its end on this thread: what this thread
        // allocates is what the import costs (1.4 GB before the limits).
        var before = GC.GetAllocatedBytesForCurrentThread();
        var import = SpreadsheetsApi.ImportFileAsync(file, limits, scope.Get<RosterImport>(), scope.Get<AuditLog>(), scope.Get<ImportGate>(), Actor.System, default);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        import.IsCompleted.Should().BeTrue("the measurement covers the whole import");
        var act = () => import;
        (await act.Should().ThrowAsync<TooLargeException>()).Which.Code.Should().Be("xlsx_expands_too_large");
        allocated.Should().BeLessThan(32L * 1024 * 1024);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SecondImportOfAnAccount_WhileOneRuns_Is429_InTheApiAndOnTheImportPage(string provider)
    {
        var app = apps.For(provider);
        var userName = "gate-" + provider;
        var accountId = await app.EnsureAccountAsync(userName, [Role.CountyAdmin], null);
        var client = await TestAccounts.SignedInAsync(app, userName, [Role.CountyAdmin], null);
        var page = await app.PageClientAsync(userName);
        var gate = app.Services.GetRequiredService<ImportGate>();
        var headersOnly = Roster();

        using (gate.Enter(accountId.ToString()))
        {
            var problem = await Problem(await ImportAsync(client, headersOnly), HttpStatusCode.TooManyRequests);
            problem.GetProperty("title").GetString().Should().Be("请求过于频繁");
            problem.GetProperty("detail").GetString().Should().Contain("上一次导入还在进行中");
            problem.GetProperty("code").GetString().Should().Be("import_running");

            var html = await (await PostPageAsync(page, headersOnly)).Content.ReadAsStringAsync();
            html.Should().Contain("alert-danger").And.Contain("上一次导入还在进行中");

            // Another account is not held up.
            var other = await TestAccounts.SignedInAsync(app, "gate-other-" + provider, [Role.CountyAdmin], null);
            (await Problem(await ImportAsync(other, headersOnly), HttpStatusCode.UnprocessableEntity))
                .GetProperty("code").GetString().Should().Be("import_empty", "the import ran and found no rows");
        }

        // Its import done, the account imports again.
        (await Problem(await ImportAsync(client, headersOnly), HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("import_empty");
        gate.Running.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ImportsOverTheGlobalLimit_Are429WithRetryAfter(string provider)
    {
        var app = apps.For(provider);
        var client = await TestAccounts.SignedInAsync(app, "busy-" + provider, [Role.CountyAdmin], null);
        var gate = app.Services.GetRequiredService<ImportGate>();

        using (gate.Enter("someone-" + provider))
        using (gate.Enter("someone-else-" + provider))
        {
            var response = await ImportAsync(client, Roster());
            var problem = await Problem(response, HttpStatusCode.TooManyRequests);
            problem.GetProperty("code").GetString().Should().Be("imports_busy");
            problem.GetProperty("detail").GetString().Should().Contain("同一时间最多 2 个").And.Contain("10 秒后再试");
            response.Headers.GetValues("Retry-After").Single().Should().Be("10");
        }
    }

    private static async Task<HttpResponseMessage> PostPageAsync(HttpClient page, byte[] content)
    {
        var token = await page.AntiforgeryTokenAsync("/import");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(SpreadsheetsApi.XlsxContentType);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("import-people"), "_handler" },
            { file, "file", "人员名册.xlsx" },
        };
        var response = await page.PostAsync(new Uri("/import", UriKind.Relative), form);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return response;
    }
}
