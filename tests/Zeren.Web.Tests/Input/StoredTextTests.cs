using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Security;

namespace Zeren.Web.Tests.Input;

/// <summary>
/// The input contract where text and enums reach the database, whichever way they come (ADR 0015): the cases the issue
/// found through the API, a page's form (which Blazor binds leniently), an Excel import (refused with row and column),
/// and what the save itself does: text stored in normalization form C with "\n" line breaks, so export and database agree.
/// </summary>
public sealed class StoredTextTests(InputContractApps apps) : IClassFixture<InputContractApps>
{
    private static readonly string[] OrgHeaders = ["组织编码", "组织名称", "上级组织编码", "组织类别", "领域", "党建强弱", "标准类型", "星级", "片区", "排序"];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheIssuesCases_AreRefusedNamingTheFields_AndChangeNothing(string provider)
    {
        var world = await apps.WorldAsync(provider);
        var admin = world.Admin;
        var s = world.Scope;

        // A person without gender, or with a number for it or for education.
        var person = await RefusedAsync(admin.PostAsJsonAsync("/api/v1/people", new { orgId = s.Av.Id, name = "无性别", partyStatus = "Full" }));
        person.Should().ContainSingle().Which.Should().Be(("gender", "required"));
        (await RefusedAsync(admin.PostAsJsonAsync("/api/v1/people", new { orgId = s.Av.Id, name = "数字", gender = 7, partyStatus = "Full", education = -3 })))
            .Should().BeEquivalentTo([("gender", "enum"), ("education", "enum")]);
        // A position without title or start, or with title 999.
        (await RefusedAsync(admin.PostAsJsonAsync("/api/v1/positions", new { orgId = s.Av.Id, personId = s.APerson.Id })))
            .Should().BeEquivalentTo([("title", "required"), ("startOn", "required")]);
        (await RefusedAsync(admin.PostAsJsonAsync("/api/v1/positions", new { orgId = s.Av.Id, personId = s.APerson.Id, title = 999, startOn = "2026-01-01" })))
            .Should().BeEquivalentTo([("title", "enum")]);
        // PUT of a branch without kind: refused, and the branch stays a branch.
        (await RefusedAsync(admin.PutAsJsonAsync($"/api/v1/orgs/{s.Av.Id}", new { parentId = s.TownshipA.Id, code = s.Av.Code, name = ScopeWorld.AvName, domain = "Rural" })))
            .Should().BeEquivalentTo([("kind", "required")]);
        (await admin.GetFromJson<OrgDetail>($"/api/v1/orgs/{s.Av.Id}")).Org.Kind.Should().Be(OrgKind.Branch);
        // NUL in a name.
        (await RefusedAsync(admin.PostAsJsonAsync("/api/v1/people", TestData.Member(s.Av.Id, "张\0三"), ZerenFactory.Json)))
            .Should().BeEquivalentTo([("name", "text")]);
        (await admin.GetFromJson<Paged<PersonRow>>($"/api/v1/people?under={s.County.Id}&pageSize=100")).Items
            .Should().NotContain(p => p.Name.Contains('\0') || p.Name == "无性别" || p.Name == "数字");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AForm_ThatBindsAnEnumOrTextLeniently_IsRefusedByTheSave_NextToTheField(string provider)
    {
        var world = await apps.WorldAsync(provider);
        _ = world.Admin;
        var page = await world.App.PageClientAsync("test-admin");
        var before = await DatabaseSnapshot.TakeAsync(world.App);

        async Task<string> PostAsync(string name, string gender)
        {
            var fields = new Dictionary<string, string>
            {
                ["Model.OrgId"] = world.Scope.Av.Id.ToString(), ["Model.Name"] = name, ["Model.Gender"] = gender,
                ["Model.PartyStatus"] = "Full", ["Model.Ethnicity"] = "汉族", ["Model.JoinedPartyOn"] = "2010-07-01",
            };
            var response = await page.PostFormAsync("/people/new", "person", fields, tokenFrom: "/people/new");
            response.StatusCode.Should().Be(HttpStatusCode.OK, "a refused form is shown again with its errors");
            return await response.Content.ReadAsStringAsync();
        }

        // Blazor binds "7" to Gender; the save refuses it.
        (await PostAsync("表单人", "7")).Should().Contain("不是可选值");
        // A zero-width space typed or pasted into a name is shown next to the name.
        (await PostAsync("表单\u200B人", "Male")).Should().Contain("零宽字符");
        // A control character cannot be typed: such a post is refused as a whole.
        var forged = await page.PostFormAsync("/people/new", "person",
            new Dictionary<string, string> { ["Model.OrgId"] = world.Scope.Av.Id.ToString(), ["Model.Name"] = "表单\0人", ["Model.Gender"] = "Male" }, tokenFrom: "/people/new");
        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await forged.Content.ReadAsStringAsync()).Should().Contain("id=\"bad-request\"");

        (await DatabaseSnapshot.TakeAsync(world.App)).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnAccountForm_WithARoleThatIsNotOne_IsRefusedNextToTheRoles(string provider)
    {
        var world = await apps.WorldAsync(provider);
        var page = await world.PageAdministratorAsync(Zeren.Core.Security.Role.SecurityAdmin);
        var name = Accounts.UniqueName("frm");
        foreach (var role in new[] { "7", "ReadOnly,Inspector", " ReadOnly" })
        {
            var token = await page.AntiforgeryTokenAsync("/admin/accounts/new");
            using var form = new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", token), new("_handler", "account"), new("Model.UserName", name), new("Model.DisplayName", "表单账号"),
                new("Model.OrgId", world.Scope.County.Id.ToString()), new("roles", "ReadOnly"), new("roles", role),
            ]);
            var response = await page.PostAsync(new Uri("/admin/accounts/new", UriKind.Relative), form);
            response.StatusCode.Should().Be(HttpStatusCode.OK, role);
            (await response.Content.ReadAsStringAsync()).Should().Contain("不是可选值", role);
        }
        await using var scope = world.App.Scope();
        (await scope.Get<Microsoft.AspNetCore.Identity.UserManager<Zeren.Core.Security.Account>>().FindByNameAsync(name)).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnImport_RefusesHiddenCharacters_NamingRowAndColumn_AndImportsNothing(string provider)
    {
        var world = await apps.WorldAsync(provider);
        var admin = world.Admin;
        var prefix = TestData.Code("I")[..8];
        var parent = world.Scope.TownshipA.Code;
        var file = Workbook(
            [$"{prefix}1", "好好村党支部", parent, "党支部", "农村", null, null, null, null, 1],
            [$"{prefix}2", "隐\u200B形村党支部", parent, "党支部", "农村", null, null, null, null, 2],
            [$"{prefix}\u202E3", "反向村党支部", parent, "党支部", "农村", null, null, null, null, 3],
            [$"{prefix}4", "制表\t村党支部", parent, "党支部", "农村", null, null, null, null, 4]);
        var before = await DatabaseSnapshot.TakeAsync(world.App);

        var response = await admin.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), Form(file));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Errors!.Select(e => (e.Row, e.Field)).Should().BeEquivalentTo(new (int?, string)[] { (3, "组织名称"), (4, "组织编码"), (5, "组织名称") });
        problem.Errors!.Single(e => e.Row == 3).Message.Should().Contain("第 3 行“组织名称”").And.Contain("U+200B");
        (await DatabaseSnapshot.TakeAsync(world.App)).Should().Be(before, "all or nothing: the good row is not imported either");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TextIsStoredNormalized_WhereverItComesFrom_AndTheExportSaysWhatTheDatabaseHolds(string provider)
    {
        var world = await apps.WorldAsync(provider);
        var admin = world.Admin;
        var prefix = TestData.Code("N")[..8];
        const string decomposed = "Cafe\u0301村党支部";   // e + combining acute
        const string composed = "Caf\u00E9村党支部";

        using (var form = Form(Workbook([$"{prefix}1", decomposed, world.Scope.TownshipA.Code, "党支部", "农村", null, null, null, null, 1])))
        {
            var response = await admin.PostAsync(new Uri("/api/v1/orgs/import", UriKind.Relative), form);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        var imported = (await admin.GetFromJson<Paged<OrgSummary>>($"/api/v1/orgs?q={prefix}1")).Items.Single();
        imported.Name.Should().Be(composed);

        // Through the API, and straight through a service as a job would: the save normalizes.
        var person = await admin.CreatePerson(TestData.Member(world.Scope.Av.Id, "Zoe\u0308"));
        person.Name.Should().Be("Zo\u00EB");
        await using (var scope = world.App.Scope())
        {
            var created = await scope.Get<OrganizationService>().CreateAsync(new OrgInput(world.Scope.TownshipA.Id, $"{prefix}2", decomposed, OrgKind.Branch, OrgDomain.Rural));
            created.Name.Should().Be(composed);
            var db = scope.Get<ZerenDbContext>();
            (await db.Set<Organization>().IgnoreQueryFilters().Where(o => o.Code.StartsWith(prefix)).Select(o => o.Name).ToListAsync())
                .Should().OnlyContain(n => n == composed);
        }

        // A meeting's minutes keep their lines and tabs, stored with "\n".
        var input = ScopeWorld.Meeting(world.Scope.Av.Id, world.Scope.APerson.Id, [world.Scope.APerson.Id], "规范化学习会") with { Content = "一、学习\r\n二、讨论\t发言\r三、表决" };
        var meeting = await admin.PostJson("/api/v1/meetings", input);
        meeting.StatusCode.Should().Be(HttpStatusCode.Created, await meeting.Content.ReadAsStringAsync());
        (await meeting.ReadAs<MeetingDetail>()).Content.Should().Be("一、学习\n二、讨论\t发言\n三、表决");

        // The export says what the database holds.
        var export = await admin.GetAsync(new Uri($"/api/v1/orgs/export.xlsx?q={Uri.EscapeDataString(composed)}", UriKind.Relative));
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        var table = XlsxReader.Read(new MemoryStream(await export.Content.ReadAsByteArrayAsync()), 100_000);
        table.Rows.Select(r => table.Cell(r, "组织名称")).Should().Equal(composed, composed);
    }

    private static async Task<List<(string Field, string Code)>> RefusedAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, text);
        using var doc = JsonDocument.Parse(text);
        return [.. doc.RootElement.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!))];
    }

    private static byte[] Workbook(params object?[][] rows)
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
        return stream.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(SpreadsheetsApi.XlsxContentType);
        return new MultipartFormDataContent { { file, "file", "导入.xlsx" } };
    }
}
