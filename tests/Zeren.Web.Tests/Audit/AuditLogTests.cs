using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Audit;

/// <summary>Every change through the app is in the audit log, with its values, personal data masked.</summary>
public class AuditLogTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task CreateUpdateDelete_Organization_EachWritesAnEntry(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var auditor = factory.AuditorClient();
        var (_, township, _) = await client.CreateCounty();
        var org = await client.CreateOrg(township.Id, "审计测试村党支部", OrgKind.Branch, OrgDomain.Rural);

        var update = await client.PutJson($"/api/v1/orgs/{org.Id}", new OrgInput(township.Id, org.Code, "审计测试村党总支", OrgKind.GeneralBranch, OrgDomain.Rural));
        update.StatusCode.Should().Be(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
        (await client.DeleteAsync(new Uri($"/api/v1/orgs/{org.Id}?reason=撤并", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var history = await auditor.History(nameof(Organization), org.Id);
        history.Select(e => e.Action).Should().Equal(AuditAction.Create, AuditAction.Update, AuditAction.Delete);
        history.Select(e => e.Sequence).Should().BeInAscendingOrder();
        history.Should().OnlyContain(e => e.UserName == "test-admin" && e.AccountId != null && e.EntityId == org.Id.ToString());

        var created = history[0];
        created.Summary.Should().Be("新增组织“审计测试村党支部”");
        created.Before.Should().BeNull();
        var after = AuditTestKit.Values(created.After);
        after["Name"].GetString().Should().Be("审计测试村党支部");
        after["Code"].GetString().Should().Be(org.Code);
        after["Kind"].GetString().Should().Be("Branch");
        after["ParentId"].GetString().Should().Be(township.Id.ToString());

        var updated = history[1];
        updated.Summary.Should().StartWith("修改组织“审计测试村党总支”：").And.Contain("名称").And.Contain("组织类别");
        var before = AuditTestKit.Values(updated.Before);
        var changed = AuditTestKit.Values(updated.After);
        before.Keys.Should().BeEquivalentTo(changed.Keys).And.Contain(["Name", "Kind"]).And.NotContain("Code", "only what changed");
        (before["Name"].GetString(), changed["Name"].GetString()).Should().Be(("审计测试村党支部", "审计测试村党总支"));
        (before["Kind"].GetString(), changed["Kind"].GetString()).Should().Be(("Branch", "GeneralBranch"));

        var deleted = history[2];
        deleted.Summary.Should().Be("删除组织“审计测试村党总支”");
        deleted.After.Should().BeNull();
        AuditTestKit.Values(deleted.Before)["Name"].GetString().Should().Be("审计测试村党总支");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task CreateUpdateDelete_Person_RecordsValuesWithPersonalDataMasked(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var auditor = factory.AuditorClient();
        var (county, _, village) = await client.CreateCounty();
        var input = TestData.Member(village.Id, "审计张三") with { Mobile = "13812345678" };
        var person = await client.CreatePerson(input);
        var position = await client.PostJson("/api/v1/positions", new { OrgId = county.Id, PersonId = person.Id, Title = PositionTitle.CountyLeader, StartOn = new DateOnly(2024, 1, 1) });
        position.StatusCode.Should().Be(HttpStatusCode.OK, await position.Content.ReadAsStringAsync());
        var positionId = (await position.ReadAs<PositionView>()).Id;

        var update = await client.PutJson($"/api/v1/people/{person.Id}", input with { Mobile = "13987654321" });
        update.StatusCode.Should().Be(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
        (await client.DeleteAsync(new Uri($"/api/v1/people/{person.Id}?reason=重复登记", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var history = await auditor.History(nameof(Person), person.Id);
        history.Select(e => e.Action).Should().Equal(AuditAction.Create, AuditAction.Update, AuditAction.Delete);
        var everything = string.Join("\n", history.Select(e => e.Before + e.After + e.Summary));
        everything.Should().NotContain(input.IdNumber).And.NotContain("13812345678").And.NotContain("13987654321");

        var created = AuditTestKit.Values(history[0].After);
        created["Name"].GetString().Should().Be("审计张三");
        created["IdNumber"].GetString().Should().Be(Masking.IdNumber(input.IdNumber));
        created["Mobile"].GetString().Should().Be("138****5678");

        var before = AuditTestKit.Values(history[1].Before);
        var after = AuditTestKit.Values(history[1].After);
        before["Mobile"].GetString().Should().Be("138****5678");
        after["Mobile"].GetString().Should().Be("139****4321");
        after.Should().NotContainKey("IdNumber", "the ID number did not change");
        history[1].Summary.Should().Be("修改人员“审计张三”：手机号码");

        var deleted = AuditTestKit.Values(history[2].Before);
        deleted["IdNumber"].GetString().Should().Be(Masking.IdNumber(input.IdNumber));
        deleted["Mobile"].GetString().Should().Be("139****4321");

        // The position went with the person, and the log says so rather than leaving it to the database's cascade.
        (await auditor.History(nameof(Position), positionId)).Select(e => e.Action).Should().Equal(AuditAction.Create, AuditAction.Delete);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Exports_AreRecordedWithTheirFilter(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var (county, _, _) = await client.CreateCounty();
        var marker = TestData.Code("Q");

        (await client.GetAsync(new Uri($"/api/v1/people/export.xlsx?under={county.Id}&q={marker}", UriKind.Relative))).EnsureSuccessStatusCode();
        (await client.GetAsync(new Uri($"/api/v1/orgs/export.xlsx?under={county.Id}&q={marker}", UriKind.Relative))).EnsureSuccessStatusCode();
        (await client.GetAsync(new Uri($"/api/v1/links/export.xlsx?under={county.Id}", UriKind.Relative))).EnsureSuccessStatusCode();
        (await client.GetAsync(new Uri($"/api/v1/reserves/export.xlsx?under={county.Id}", UriKind.Relative))).EnsureSuccessStatusCode();
        (await client.GetAsync(new Uri($"/api/v1/meetings/export.xlsx?under={county.Id}", UriKind.Relative))).EnsureSuccessStatusCode();

        var exports = (await factory.AuditorClient().Audit("?action=Export&user=test-admin&pageSize=200")).Items;
        exports.Should().OnlyContain(e => e.UserName == "test-admin");
        var people = exports.Should().ContainSingle(e => e.EntityType == nameof(Person) && e.After!.Contains(marker)).Which;
        people.Summary.Should().Contain("导出人员名册");
        people.EntityId.Should().BeNull();
        var filter = AuditTestKit.Values(people.After)["Filter"];
        filter.GetProperty("Under").GetString().Should().Be(county.Id.ToString());
        exports.Should().ContainSingle(e => e.EntityType == nameof(Organization) && e.After!.Contains(marker));
        exports.Should().Contain(e => e.EntityType == nameof(Link) && e.After!.Contains(county.Id.ToString()));
        exports.Should().Contain(e => e.EntityType == nameof(ReserveCadre) && e.After!.Contains(county.Id.ToString()));
        exports.Should().Contain(e => e.EntityType == "Meeting" && e.Summary == "导出会议台账" && e.After!.Contains(county.Id.ToString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Search_FiltersByUserActionAndTime(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AuditorClient();
        var name = "访客" + TestData.Code("U");
        await using (var scope = factory.Scope())
        {
            await scope.Get<AuditLog>().RecordAsync(AuditLog.Visitor(name, "203.0.113.7"), AuditAction.LoginFailed, "Account", null,
                "登录失败：密码错误", after: new { UserName = name, Password = "never-stored" });
        }

        var found = (await client.Audit($"?user={Uri.EscapeDataString(name)}")).Items.Should().ContainSingle().Which;
        found.Action.Should().Be(AuditAction.LoginFailed);
        found.ClientAddress.Should().Be("203.0.113.7");
        found.AccountId.Should().BeNull();
        found.After.Should().NotContain("never-stored").And.Contain(AuditValues.Hidden);

        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        (await client.Audit($"?user={Uri.EscapeDataString(name)}&action=LoginFailed&from={At(found.At)}&to={At(found.At.AddMilliseconds(1))}"))
            .Items.Should().ContainSingle();
        (await client.Audit($"?user={Uri.EscapeDataString(name)}&from={At(found.At.AddMilliseconds(1))}")).Items.Should().BeEmpty();
        (await client.Audit($"?user={Uri.EscapeDataString(name)}&to={At(found.At)}")).Items.Should().BeEmpty();
        (await client.Audit($"?user={Uri.EscapeDataString(name)}&action=Logout")).Items.Should().BeEmpty();

        var newest = await client.Audit("?pageSize=5");
        newest.Items.Select(e => e.Sequence).Should().BeInDescendingOrder();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Chain_OfTheSharedDatabase_Verifies(string provider)
    {
        var factory = ZerenFactory.For(provider);
        await factory.AdminClient().CreateCounty();

        var result = await factory.AuditorClient().GetFromJson<AuditVerification>("/api/v1/audit/verify");

        result.Intact.Should().BeTrue(result.Message);
        result.Count.Should().Be(result.LastSequence).And.BeGreaterThan(0);
        result.Break.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task UpdateAndDelete_ThroughSql_AreRefusedByTheDatabase(string provider)
    {
        var factory = ZerenFactory.For(provider);
        await factory.AdminClient().CreateCounty();

        var update = () => factory.Sql("UPDATE audit_entries SET summary = 'x' WHERE sequence = 1");
        var delete = () => factory.Sql("DELETE FROM audit_entries WHERE sequence = 1");

        (await update.Should().ThrowAsync<System.Data.Common.DbException>()).Which.Message.Should().Contain("审计日志只能追加");
        (await delete.Should().ThrowAsync<System.Data.Common.DbException>()).Which.Message.Should().Contain("审计日志只能追加");
        if (provider == TestDatabases.Postgres)
        {
            var truncate = () => factory.Sql("TRUNCATE audit_entries");
            (await truncate.Should().ThrowAsync<System.Data.Common.DbException>()).Which.Message.Should().Contain("审计日志只能追加");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AuditEntries_CannotBeChangedThroughTheApp(string provider)
    {
        var factory = ZerenFactory.For(provider);
        await factory.AdminClient().CreateCounty();
        await using var scope = factory.Scope();
        var db = scope.Get<Zeren.Core.Data.ZerenDbContext>();
        var entry = await db.Set<AuditEntry>().OrderBy(e => e.Sequence).FirstAsync();

        db.Remove(entry);
        var save = () => db.SaveChangesAsync();

        (await save.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("只能追加");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SuspendingRowAuditing_IsRefusedForAnAccount(string provider)
    {
        await using var scope = ZerenFactory.For(provider).Scope();
        scope.Get<ActorAccessor>().Current = new Actor(Guid.NewGuid(), "zhang", "198.51.100.1", [Role.CountyAdmin], DataScope.Everything);

        var suspend = () => scope.Get<AuditLog>().SuspendRowAuditing();

        suspend.Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Entries_CarryTheActor(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var accountId = Guid.NewGuid();
        OrgSummary org;
        await using (var scope = factory.Scope())
        {
            scope.Get<ActorAccessor>().Current = new Actor(accountId, "李文书", "198.51.100.9", [Role.CountyAdmin], DataScope.Everything,
                orgId: Guid.NewGuid(), orgPath: "0000000000000000000000000000000/");
            org = await scope.Get<OrganizationService>().CreateAsync(new OrgInput(null, TestData.Code(), "署名测试县委", OrgKind.Committee, OrgDomain.Comprehensive));
        }

        var entry = (await factory.AuditorClient().History(nameof(Organization), org.Id)).Should().ContainSingle().Which;
        (entry.AccountId, entry.UserName, entry.ClientAddress, entry.ActorOrgPath)
            .Should().Be((accountId, "李文书", "198.51.100.9", "0000000000000000000000000000000/"));
        entry.At.Offset.Should().Be(TimeSpan.Zero);
        (entry.At.Ticks % TimeSpan.TicksPerMillisecond).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AuditLog_IsForTheAuditAdministratorOnly(string provider)
    {
        var factory = ZerenFactory.For(provider);

        (await factory.CreateClient().GetAsync(new Uri("/api/v1/audit", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.AdminClient().GetAsync(new Uri("/api/v1/audit", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await factory.AdminClient().GetAsync(new Uri("/api/v1/audit/verify", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await factory.AdminClient().GetAsync(new Uri("/ui/audit/results", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await factory.AuditorClient().GetAsync(new Uri("/api/v1/audit", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Logins_SucceededAndFailed_AreRecordedWithoutThePassword(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var name = TestData.Code("login").ToLowerInvariant();
        var stranger = TestData.Code("nobody").ToLowerInvariant();
        var id = await factory.EnsureAccountAsync(name, [Role.ReadOnly], orgId: null);

        await factory.LoginAsync(name, ZerenFactory.TestPassword);
        using var anonymous = factory.CreateClient();
        (await anonymous.PostJson("/api/v1/auth/login", new { userName = name, password = "Wrong#2026pass" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostJson("/api/v1/auth/login", new { userName = stranger, password = "Guess#2026pass" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var auditor = factory.AuditorClient();
        var mine = (await auditor.Audit($"?user={name}&pageSize=50")).Items;
        var success = mine.Should().ContainSingle(e => e.Action == AuditAction.LoginSucceeded).Which;
        (success.AccountId, success.EntityType, success.EntityId, success.Summary).Should().Be((id, "Account", id.ToString(), "登录成功（接口令牌）"));
        var failure = mine.Should().ContainSingle(e => e.Action == AuditAction.LoginFailed).Which;
        (failure.AccountId, failure.EntityId, failure.Summary).Should().Be(((Guid?)null, id.ToString(), "登录失败：用户名或密码不正确"));
        var unknown = (await auditor.Audit($"?user={stranger}")).Items.Should().ContainSingle().Which;
        (unknown.Action, unknown.EntityId).Should().Be((AuditAction.LoginFailed, (string?)null));
        string.Join("\n", mine.Concat([unknown]).Select(e => e.Summary + e.Before + e.After)).Should().NotContain("Wrong#2026pass").And.NotContain("Guess#2026pass");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AuditorOfATownship_ReadsWhatItsAccountsDid_AndNothingOfAnother(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var (county, townshipA, villageA) = await admin.CreateCounty();
        var townshipB = await admin.CreateOrg(county.Id, "乙镇党委");
        var villageB = await admin.CreateOrg(townshipB.Id, "乙村党支部", OrgKind.Branch);
        var editorA = factory.ClientAs(TestData.Code("eda").ToLowerInvariant(), [Role.TownshipAdmin], townshipA.Id);
        var editorB = factory.ClientAs(TestData.Code("edb").ToLowerInvariant(), [Role.TownshipAdmin], townshipB.Id);
        var inA = await editorA.CreatePerson(TestData.Member(villageA.Id, "甲村党员"));
        var inB = await editorB.CreatePerson(TestData.Member(villageB.Id, "乙村党员"));

        var auditorA = factory.AuditorClient(TestData.Code("auda").ToLowerInvariant(), townshipA.Id);
        (await auditorA.History(nameof(Person), inA.Id)).Should().ContainSingle(e => e.Action == AuditAction.Create);
        (await auditorA.History(nameof(Person), inB.Id)).Should().BeEmpty();
        var all = (await auditorA.Audit("?pageSize=200")).Items;
        all.Should().NotBeEmpty().And.OnlyContain(e => e.ActorOrgPath != null);
        all.Should().NotContain(e => e.EntityId == inB.Id.ToString());
        // The whole-deployment auditor sees both.
        (await factory.AuditorClient().History(nameof(Person), inB.Id)).Should().ContainSingle(e => e.Action == AuditAction.Create);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RevealingFullNumbers_IsRecorded_WithoutTheNumbers(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var (_, _, village) = await admin.CreateCounty();
        var input = TestData.Member(village.Id, "查看李四") with { Mobile = "13712345678" };
        var person = await admin.CreatePerson(input);

        var revealed = await admin.GetFromJson<PersonalData>($"/api/v1/people/{person.Id}/personal-data");
        revealed.IdNumber.Should().Be(input.IdNumber);

        var entry = (await factory.AuditorClient().History(nameof(Person), person.Id)).Should().ContainSingle(e => e.Action == AuditAction.RevealPersonalData).Which;
        entry.UserName.Should().Be("test-admin");
        (entry.Summary + entry.Before + entry.After).Should().NotContain(input.IdNumber).And.NotContain("13712345678");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AccountAdministration_IsRecordedByKind(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var (county, _, _) = await factory.AdminClient().CreateCounty();
        var (sec, _, secName) = await factory.SecurityAdminAsync(county.Id);
        var name = TestData.Code("acc").ToLowerInvariant();
        var created = await sec.PostJson("/api/v1/accounts", new AccountInput(name, "审计对象", county.Id, [Role.ReadOnly]));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadAs<Zeren.Web.Api.AccountCreated>()).Account.Id;

        (await sec.PutJson($"/api/v1/accounts/{id}/roles", new Zeren.Web.Api.AccountRoles([Role.TownshipAdmin]))).EnsureSuccessStatusCode();
        foreach (var action in (string[])["reset-password", "disable", "enable", "unlock", "reset-two-factor"])
        {
            (await sec.PostAsync(new Uri($"/api/v1/accounts/{id}/{action}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        }

        var history = (await factory.AuditorClient().History("Account", id)).Where(e => e.Action != AuditAction.Create && e.Action != AuditAction.Update).ToList();
        history.Select(e => (e.Action, e.Summary)).Should().Equal(
            (AuditAction.GrantRole, $"授予角色“只读”：{name}（新账号）"),
            (AuditAction.RevokeRole, $"撤销角色“只读”：{name}"),
            (AuditAction.GrantRole, $"授予角色“乡镇管理员”：{name}"),
            (AuditAction.PasswordChange, $"重置密码：{name}"),
            (AuditAction.AccountChange, $"停用账号：{name}"),
            (AuditAction.AccountChange, $"启用账号：{name}"),
            (AuditAction.AccountChange, $"解锁账号：{name}"),
            (AuditAction.TwoFactorChange, $"重置双因素认证：{name}"));
        history.Should().OnlyContain(e => e.UserName == secName);
        string.Join("\n", history.Select(e => e.Before + e.After)).Should().NotContain("Password\":\"");
    }
}
