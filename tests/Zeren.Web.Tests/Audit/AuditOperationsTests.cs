using System.Net;
using FluentAssertions;
using Zeren.Core.Audit;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Meetings;
using Zeren.Core.Spreadsheets;

namespace Zeren.Web.Tests.Audit;

/// <summary>
/// The audit log as people read it: one saved form, one sign-in, one deletion is one operation with its entries; names
/// in Chinese; the object's name searchable; the reason of what asks for one; an Excel export that is itself recorded.
/// </summary>
public class AuditOperationsTests
{
    private static Task<Paged<AuditOperationView>> Operations(HttpClient auditor, string query) =>
        auditor.GetFromJson<Paged<AuditOperationView>>("/api/v1/audit/operations" + query);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SavingAMeeting_IsOneOperation_WithAllItsRows(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var response = await client.PostJson("/api/v1/meetings", MeetingsApiTests.Input(b, MeetingsApiTests.Yesterday(), [MeetingType.Study, MeetingType.ThemeDay]));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var meeting = (await response.ReadAs<MeetingDetail>()).Meeting;

        var found = await Operations(factory.AuditorClient(), $"?entityType=Meeting&entityId={meeting.Id}");

        var op = found.Items.Should().ContainSingle().Which;
        found.Total.Should().Be(1);
        op.Title.Action.Should().Be(AuditAction.Create);
        op.Title.EntityType.Should().Be("Meeting");
        op.Title.EntityName.Should().Be("学习党章");
        // The meeting, its two types and its four attendees: seven rows saved by one form, one operation.
        op.Entries.Should().HaveCount(7);
        op.Entries.Select(e => e.EntityType).Should().Contain(["MeetingTypeEntry", "MeetingAttendee"]);
        op.Entries.Should().OnlyContain(e => e.Operation == op.Operation && e.UserName == "test-admin");
        op.Entries[0].Sequence.Should().Be(op.Operation);
        (await factory.AuditorClient().GetFromJson<AuditVerification>("/api/v1/audit/verify")).Intact.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SignIn_IsOneSignInOperation_ByTheAccount_InChinese(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var name = TestData.Code("signin").ToLowerInvariant();
        var id = await factory.EnsureAccountAsync(name, [Role.ReadOnly], orgId: null);

        await factory.LoginAsync(name, ZerenFactory.TestPassword);

        var auditor = factory.AuditorClient();
        var op = (await Operations(auditor, $"?user={name}&action=LoginSucceeded")).Items.Should().ContainSingle().Which;
        op.Title.Action.Should().Be(AuditAction.LoginSucceeded);
        op.Title.Summary.Should().Be("登录成功（接口令牌）");
        // The account row the sign-in updates is part of it, recorded as the account's own, its fields in Chinese.
        var row = op.Entries.Should().ContainSingle(e => e.Action == AuditAction.Update).Which;
        (row.UserName, row.AccountId, row.EntityId).Should().Be((name, (Guid?)id, id.ToString()));
        row.Summary.Should().Be($"修改账号“{name}”：最后登录时间");
        op.Entries.Should().NotContain(e => e.UserName == Actor.Anonymous.UserName);

        var html = await factory.AuditorClient().GetStringAsync(new Uri($"/audit?user={name}&action=LoginSucceeded", UriKind.Relative));
        html.Should().Contain("data-entries=\"2\"").And.Contain("登录成功（接口令牌）").And.Contain("最后登录时间")
            .And.NotContain(">ConcurrencyStamp<").And.NotContain(">LastLoginAt<").And.NotContain("：ConcurrencyStamp").And.NotContain(">anonymous<");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Page_SpeaksChinese_AndShowsTheObjectsNameAndTheActorsName(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var county = await factory.AdminClient().CreateOrg(null, "审计中文县委");
        var township = await factory.AdminClient().CreateOrg(county.Id, "审计中文镇党委");
        var personName = "审计" + TestData.Code("P")[..6];
        var editor = TestData.Code("ed").ToLowerInvariant();
        Guid personId;
        await using (var scope = factory.Scope())
        {
            var person = await scope.Get<PeopleService>().CreateAsync(TestData.Member(county.Id, personName));
            personId = person.Id;
        }
        var editorId = await factory.EnsureAccountAsync(editor, [Role.CountyAdmin], county.Id, personId);
        var client = factory.ClientAs(editor, [Role.CountyAdmin], county.Id);
        var update = await client.PutJson($"/api/v1/orgs/{township.Id}", new OrgInput(county.Id, township.Code, "审计中文镇党委（改）", OrgKind.Committee, OrgDomain.Comprehensive));
        update.StatusCode.Should().Be(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());

        var html = await factory.AuditorClient().GetStringAsync(new Uri($"/audit?type=Organization&id={township.Id}", UriKind.Relative));

        html.Should().Contain("修改组织“审计中文镇党委（改）”：名称", "fields are named in Chinese")
            .And.Contain("data-property=\"Name\">名称<")
            .And.Contain("新增组织“审计中文镇党委”")
            .And.Contain("zr-audit-name\">审计中文镇党委（改）<", "the object's name is beside its id")
            .And.Contain($"zr-audit-actor\">{personName}<", "who acted is named by the person behind the account")
            .And.Contain($">{editor}</div>", "the login stays beside the name for the auditor");
        editorId.Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Search_ByTheObjectsName_FindsItsOperations(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var (_, _, village) = await client.CreateCounty();
        var marker = "名查" + Guid.NewGuid().ToString("N")[..6];
        var input = TestData.Member(village.Id, marker);
        var person = await client.CreatePerson(input);
        var update = await client.PutJson($"/api/v1/people/{person.Id}", input with { Ethnicity = "回族" });
        update.StatusCode.Should().Be(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());

        var auditor = factory.AuditorClient();
        var found = await Operations(auditor, $"?name={Uri.EscapeDataString(marker[2..])}");

        found.Items.Select(o => o.Title.Action).Should().Equal(AuditAction.Update, AuditAction.Create);
        found.Items.Should().OnlyContain(o => o.Title.EntityId == person.Id.ToString() && o.Title.EntityName == marker);
        found.Items[0].Title.Summary.Should().Be($"修改人员“{marker}”：民族");
        (await auditor.Audit($"?name={Uri.EscapeDataString(marker)}&action=Create")).Items.Should().ContainSingle();
        (await Operations(auditor, $"?name={Uri.EscapeDataString(marker + "无此人")}")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DeletingAPerson_TakesAReason_KeptWithEveryEntry(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var person = await client.CreatePerson(TestData.Member(village.Id, "待删除"));
        (await client.PostJson("/api/v1/positions", new { OrgId = county.Id, PersonId = person.Id, Title = PositionTitle.CountyLeader, StartOn = new DateOnly(2024, 1, 1) }))
            .EnsureSuccessStatusCode();

        var refused = await client.DeleteAsync(new Uri($"/api/v1/people/{person.Id}", UriKind.Relative));
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.ReadAs<Problem>();
        (problem.Code, problem.Detail).Should().Be(("reason_required", "请填写原因：此操作的原因会记入审计日志。"));
        (await client.GetAsync(new Uri($"/api/v1/people/{person.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "nothing was deleted");

        var reason = "重复登记，以另一条为准";
        (await client.DeleteAsync(new Uri($"/api/v1/people/{person.Id}?reason={Uri.EscapeDataString(reason)}", UriKind.Relative))).StatusCode
            .Should().Be(HttpStatusCode.NoContent);

        var op = (await Operations(factory.AuditorClient(), $"?entityType=Person&entityId={person.Id}&action=Delete")).Items.Should().ContainSingle().Which;
        op.Reason.Should().Be(reason);
        op.Entries.Select(e => (e.Action, e.EntityType)).Should().BeEquivalentTo([(AuditAction.Delete, "Person"), (AuditAction.Delete, "Position")]);
        op.Entries.Should().OnlyContain(e => e.Reason == reason);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Export_WritesTheEntriesInChinese_AndIsRecorded(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var (county, _, _) = await client.CreateCounty();
        var name = "导出审计" + Guid.NewGuid().ToString("N")[..6];
        var org = await client.CreateOrg(county.Id, name);
        (await client.PutJson($"/api/v1/orgs/{org.Id}", new OrgInput(county.Id, org.Code, name + "改", OrgKind.Committee, OrgDomain.Comprehensive)))
            .EnsureSuccessStatusCode();
        var auditor = factory.AuditorClient();

        var response = await auditor.GetAsync(new Uri($"/api/v1/audit/export.xlsx?entityType=Organization&entityId={org.Id}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(Zeren.Web.Api.SpreadsheetsApi.XlsxContentType);
        var table = XlsxReader.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), 1000);
        table.Rows.Select(r => table.Cell(r, "操作")).Should().Equal("修改", "新增");
        table.Cell(table.Rows[0], "摘要").Should().Be($"修改组织“{name}改”：名称");
        table.Cell(table.Rows[0], "对象类型").Should().Be("组织");
        table.Cell(table.Rows[0], "对象名称").Should().Be(name + "改");
        table.Cell(table.Rows[0], "变更后").Should().Contain($"名称：{name}改");
        table.Cell(table.Rows[0], "用户名").Should().Be("test-admin");

        var export = (await auditor.Audit("?action=Export&entityType=AuditEntry&pageSize=50")).Items
            .Should().Contain(e => e.After!.Contains(org.Id.ToString())).Which;
        export.Summary.Should().Be("导出审计日志（2 条）");
        AuditTestKit.Values(export.After)["Count"].GetInt32().Should().Be(2);
    }
}
