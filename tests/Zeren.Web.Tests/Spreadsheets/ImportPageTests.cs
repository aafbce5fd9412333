using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Spreadsheets;

/// <summary>The import page (/import) over HTTP: who sees which upload, and the API's file checks on its form.</summary>
public sealed class ImportPageTests
{
    private static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string formName, byte[] bytes, string fileName)
    {
        var token = await client.AntiforgeryTokenAsync("/import");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(formName), "_handler" },
            { file, "file", fileName },
        };
        return await client.PostAsync(new Uri("/import", UriKind.Relative), form);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ImportPage_ShowsOnlyTheUploadsTheRoleMayUse(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, village) = await app.AdminClient().CreateCounty();
        await app.EnsureAccountAsync("imp-reader-" + provider, [Role.ReadOnly], township.Id);
        await app.EnsureAccountAsync("imp-clerk-" + provider, [Role.BranchClerk], village.Id);
        await app.EnsureAccountAsync("imp-town-" + provider, [Role.TownshipAdmin], township.Id);

        var reader = await (await app.PageClientAsync("imp-reader-" + provider)).GetStringAsync(new Uri("/import", UriKind.Relative));
        reader.Should().Contain("您的角色没有导入权限").And.NotContain("id=\"import-orgs\"").And.NotContain("id=\"import-people\"");

        var clerk = await (await app.PageClientAsync("imp-clerk-" + provider)).GetStringAsync(new Uri("/import", UriKind.Relative));
        clerk.Should().Contain("id=\"import-people\"").And.NotContain("id=\"import-orgs\"");

        var town = await (await app.PageClientAsync("imp-town-" + provider)).GetStringAsync(new Uri("/import", UriKind.Relative));
        town.Should().Contain("id=\"import-people\"").And.Contain("id=\"import-orgs\"");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ImportForm_RefusesAnUploadOfTheWrongKind_OrOneTheRoleMayNotMake(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, _, village) = await app.AdminClient().CreateCounty();
        await app.EnsureAccountAsync("imp-clerk2-" + provider, [Role.BranchClerk], village.Id);
        var clerk = await app.PageClientAsync("imp-clerk2-" + provider);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

        var disguised = await PostFileAsync(clerk, "import-people", png, "名册.xlsx");
        disguised.StatusCode.Should().Be(HttpStatusCode.OK);
        (await disguised.Content.ReadAsStringAsync()).Should().Contain("alert-danger").And.Contain("Excel");

        // The org form is not on the clerk's page; posted anyway with a good workbook, it is refused and imports nothing.
        var code = TestData.Code("IMP");
        using var stream = new MemoryStream();
        using (var xlsx = new XlsxWriter(stream))
        {
            string[] headers = ["组织编码", "组织名称", "上级组织编码", "组织类别", "领域", "党建强弱", "标准类型", "星级", "片区", "排序"];
            xlsx.AddSheet("组织", [.. headers.Select(h => new SheetColumn(h))]).AddRow([code, "越权导入县委", null, "党委", "综合", null, null, null, null, 1]);
        }
        var orgs = await PostFileAsync(clerk, "import-orgs", stream.ToArray(), "组织.xlsx");
        var html = await orgs.Content.ReadAsStringAsync();
        // Blazor refuses a post to a form it did not render (400); the permission check behind it would say 您的角色不能导入这类数据.
        orgs.StatusCode.Should().Be(HttpStatusCode.BadRequest, html);
        (await app.AdminClient().GetFromJson<Zeren.Core.Platform.Paged<Zeren.Core.Organizations.OrgSummary>>($"/api/v1/orgs?q={code}")).Total.Should().Be(0);
    }
}
