using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests;

/// <summary>
/// Every form names all that is wrong with what was entered in one answer, a missing choice in a picker together with
/// the rest, and saves nothing: the person, organization, appointment, link, reserve, grid and account forms (the
/// meeting form in Meetings.MeetingErrorsTests). The services behind them do the same for the API.
/// </summary>
public partial class FormsShowEveryErrorTests
{
    private static readonly string Tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Posts a form of the page at <paramref name="url"/>; returns the page shown again, decoded.</summary>
    private static async Task<string> PostAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        var all = new List<KeyValuePair<string, string>>(fields)
        {
            new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value)),
            new("_handler", formName),
        };
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(all));
        response.StatusCode.Should().Be(HttpStatusCode.OK, "a refused form is shown again, not redirected");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The messages shown beside the fields (Blazor's validation messages and the pickers' feedback).</summary>
    private static List<string> Beside(string html) =>
        [.. FieldMessage().Matches(html).Select(m => m.Groups[1].Value.Trim())];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PersonForm_NamesTheMissingOrganization_WithTheOtherFaults(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var name = "无组织" + Guid.NewGuid().ToString("N")[..6];
        var html = await PostAsync(client, "/people/new", "person", new()
        {
            ["Model.OrgQuery"] = "",
            ["Model.Name"] = "",
            ["Model.Gender"] = "Male",
            ["Model.PartyStatus"] = "Full",
            ["Model.Mobile"] = "12345",
        });
        Beside(html).Should().Contain(["请选择组织。", "姓名不能为空。", "党员应填写入党日期。"])
            .And.Contain(m => m.StartsWith("手机号码格式不正确", StringComparison.Ordinal));
        (await client.GetFromJson<Paged<PersonRow>>($"/api/v1/people?q={name}")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrgForm_NamesAnUnknownParent_WithTheOtherFaults(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var html = await PostAsync(client, "/orgs/new", "org", new()
        {
            ["Model.ParentQuery"] = "查无此组织" + Guid.NewGuid().ToString("N")[..6],
            ["Model.Code"] = "",
            ["Model.Name"] = "",
            ["Model.Kind"] = nameof(OrgKind.Branch),
            ["Model.Domain"] = nameof(OrgDomain.Rural),
            ["Model.Stars"] = "9",
            ["Model.SortOrder"] = "0",
        });
        Beside(html).Should().Contain(["没有找到匹配的组织，请换个名称或编码。", "组织名称不能为空。", "组织编码不能为空。", "星级应为 1 到 5。"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AppointForm_NamesTheMissingOrganization_AndAFutureDate(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, _, village) = await client.CreateCounty();
        var person = await client.CreatePerson(TestData.Member(village.Id, "任职表单"));
        var html = await PostAsync(client, $"/people/{person.Id}", "appoint", new()
        {
            ["Appoint.OrgQuery"] = "",
            ["Appoint.Title"] = nameof(PositionTitle.DeputySecretary),
            ["Appoint.StartOn"] = Tomorrow,
        });
        Beside(html).Should().Contain(["请选择组织。", "任职日期不能晚于今天。"]);
        (await client.GetFromJson<List<PositionView>>($"/api/v1/positions?personId={person.Id}")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LinkForm_NamesBothMissingChoices_AndAFutureStart(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var html = await PostAsync(client, "/links?kind=VillageCadre", "add-link", new()
        {
            ["Add.Kind"] = nameof(LinkKind.VillageCadre),
            ["Add.PersonQuery"] = "",
            ["Add.OrgQuery"] = "",
            ["Add.StartOn"] = Tomorrow,
        });
        Beside(html).Should().Contain(["请选择人员。", "请选择组织。", "联系开始日期不能晚于今天。"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ReserveForm_NamesEveryFault(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, township, _) = await client.CreateCounty();
        var html = await PostAsync(client, "/reserves", "add-reserve", new()
        {
            ["Add.PersonQuery"] = "",
            ["Add.OrgId"] = township.Id.ToString(),
            ["Add.TargetPost"] = nameof(PositionTitle.Secretary),
            ["Add.AddedOn"] = Tomorrow,
            ["Add.Note"] = new string('备', 501),
        });
        Beside(html).Should().Contain(["请选择人员。", "入库日期不能晚于今天。", "备注不能超过 500 个字。"])
            .And.Contain(m => m.Contains("不是村", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task GridForm_NamesAnUnknownLeader_WithTheOtherFaults(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, _, village) = await client.CreateCounty();
        var html = await PostAsync(client, $"/orgs/{village.Id}", "grid", new()
        {
            ["Grid.Name"] = "",
            ["Grid.Households"] = "-3",
            ["Grid.LeaderQuery"] = "查无此人" + Guid.NewGuid().ToString("N")[..6],
        });
        Beside(html).Should().Contain(["网格名称不能为空，且不超过 50 个字。", "户数不能为负数。"])
            .And.Contain(m => m.StartsWith("没有找到匹配的人员", StringComparison.Ordinal));
        (await client.GetFromJson<List<GridView>>($"/api/v1/orgs/{village.Id}/grids")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AccountForm_NamesEveryFault_TheSeparationOfDutiesIncluded(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, _, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var html = await sec.GetStringAsync(new Uri("/admin/accounts/new", UriKind.Relative));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value)),
            new("_handler", "account"),
            new("Model.UserName", "x"),
            new("Model.DisplayName", ""),
            new("Model.OrgQuery", "查无此组织" + Guid.NewGuid().ToString("N")[..6]),
            new("roles", nameof(Role.AuditAdmin)),
            new("roles", nameof(Role.TownshipAdmin)),
        };
        var response = await sec.PostAsync(new Uri("/admin/accounts/new", UriKind.Relative), new FormUrlEncodedContent(fields));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Beside(page).Should().Contain(["用户名为 2–50 个字符。", "姓名不能为空，且不超过 50 个字。", "没有找到匹配的组织，请换个名称或编码。"])
            .And.Contain(m => m.Contains("三权分立", StringComparison.Ordinal) || m.Contains("不能", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Api_NamesEveryFaultOfAPerson_AndOfALink(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var person = await client.PostJson("/api/v1/people", TestData.Member(Guid.NewGuid(), "") with { Mobile = "123" });
        person.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await person.ReadAs<Problem>()).Errors!.Select(e => e.Field).Should().Contain(["orgId", "name", "mobile"]);

        var link = await client.PostJson("/api/v1/links", new { kind = LinkKind.VillageCadre, personId = Guid.NewGuid(), orgId = Guid.NewGuid(), startOn = Tomorrow });
        link.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await link.ReadAs<Problem>();
        problem.Errors!.Select(e => e.Code).Should().Equal("link_org_unknown", "person_unknown", "link_future");
        problem.Code.Should().Be("link_org_unknown");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<div class=\"(?:validation-message|invalid-feedback d-block)\">([^<]*)</div>")]
    private static partial Regex FieldMessage();
}
