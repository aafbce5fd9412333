using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Spreadsheets;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>The Excel import page: a plain file input in a static form, all or nothing, errors as a table.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportPageTests(ZerenApp app)
{
    private static readonly string[] OrgHeaders = ["组织编码", "组织名称", "上级组织编码", "组织类别", "领域", "党建强弱", "标准类型", "星级", "片区", "排序"];

    private static FilePayload OrgFile(params object?[][] rows)
    {
        using var stream = new MemoryStream();
        using (var xlsx = new XlsxWriter(stream))
        {
            var sheet = xlsx.AddSheet("组织", [.. OrgHeaders.Select(h => new SheetColumn(h))]);
            foreach (var row in rows)
            {
                sheet.AddRow(row);
            }
        }
        return new FilePayload { Name = "组织导入.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = stream.ToArray() };
    }

    private static async Task UploadAsync(IPage page, string card, FilePayload file)
    {
        await page.Locator($"#{card}-file").SetInputFilesAsync(file);
        await page.Locator($"#{card}").GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
    }

    [Fact]
    public async Task OrgImport_WithABadRow_ShowsEveryErrorInAChineseTableAndImportsNothing()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/orgs");
        await page.Locator("main a[href='/import']").ClickAsync();
        await page.WaitForURLAsync("**/import");
        await Expect(page.Locator("#import-orgs a[href='/api/v1/orgs/template.xlsx']")).ToContainTextAsync("下载模板");

        await UploadAsync(page, "import-orgs", OrgFile(
            ["V0281", "导入甲村党支部", "T02", "党支部", "农村", null, null, null, null, 1],
            ["V0282", "导入乙村党支部", "T99", "党支部", "农村", null, null, 9, null, 2]));

        var result = page.Locator("#import-orgs .zr-import-result");
        await Expect(result.Locator(".alert-danger")).ToContainTextAsync("导入未执行");
        var table = result.Locator("table.zr-import-errors");
        await Expect(table.Locator("thead")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*行号\s*列\s*问题\s*$"));
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        var parentError = table.Locator("tbody tr", new() { HasText = "上级组织编码" });
        await Expect(parentError.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Expect(parentError.Locator("td").Nth(2)).ToHaveTextAsync("上级组织编码“T99”既不在系统中，也不在本文件中。");
        await Expect(table.Locator("tbody tr", new() { HasText = "星级" })).ToContainTextAsync("不是 1 到 5 的整数");
        await Expect(result).ToContainTextAsync("组织导入.xlsx");
        await ZerenApp.ScreenshotAsync(page, "import-errors");

        // All or nothing: the good row was not imported either.
        var good = await app.WithServicesAsync(sp => sp.GetRequiredOrgs().FindByCodeAsync("V0281"));
        good.Should().BeNull();
    }

    [Fact]
    public async Task OrgImport_WithAGoodFile_SaysWhatItAddedAndTheTreeShowsIt()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/import");

        await UploadAsync(page, "import-orgs", OrgFile(
            ["V0291", "导入新村党支部", "T02", "党支部", "农村", "一般", "达标型", 3, null, 9],
            ["T02", "西河镇党委", "C01", "党委", "综合", null, null, null, null, 2]));

        var result = page.Locator("#import-orgs .zr-import-result");
        await Expect(result.Locator(".alert-success")).ToContainTextAsync("导入成功：新增 1，更新 0");
        await Expect(result.Locator(".alert-success")).ToContainTextAsync("另有 1 行与系统中一致");
        await ZerenApp.ScreenshotAsync(page, "import-success");

        await page.GotoAsync($"/orgs/{app.Seed.Xihe.Id}");
        await Expect(page.Locator(".zr-tree")).ToContainTextAsync("导入新村党支部");
        var imported = await app.WithServicesAsync(sp => sp.GetRequiredOrgs().FindByCodeAsync("V0291"));
        imported!.ParentId.Should().Be(app.Seed.Xihe.Id);
        imported.Stars.Should().Be(3);
    }

    [Fact]
    public async Task Import_OnAPhoneWithoutJavaScript_WhenTheFileIsNotAWorkbook_SaysSoInChinese()
    {
        var page = await app.NewPageAsync(width: 390, height: 844, javaScript: false);
        await page.GotoAsync("/import");

        await UploadAsync(page, "import-people", new FilePayload { Name = "名册.xlsx", MimeType = "text/csv", Buffer = "姓名,性别\n张三,男\n"u8.ToArray() });

        await Expect(page.Locator("#import-people .alert-danger")).ToContainTextAsync("不是 Excel 工作簿");
        await Expect(page.Locator("#import-people table")).ToHaveCountAsync(0);
        await Expect(page.Locator("#import-orgs .zr-import-result")).ToHaveCountAsync(0);
        await ZerenApp.ScreenshotAsync(page, "import-phone");
    }
}
