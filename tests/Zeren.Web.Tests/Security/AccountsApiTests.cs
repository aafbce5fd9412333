using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

public class AccountsApiTests
{
    private static Task<HttpResponseMessage> Create(HttpClient client, string userName, Guid? orgId, params Role[] roles) =>
        client.PostJson("/api/v1/accounts", new AccountInput(userName, "测试用户", orgId, roles));

    private static async Task<AccountCreated> CreateOk(HttpClient client, string userName, Guid? orgId, params Role[] roles)
    {
        var response = await Create(client, userName, orgId, roles);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<AccountCreated>();
    }

    private static async Task<Paged<AccountView>> List(HttpClient client, string query) =>
        await client.GetFromJson<Paged<AccountView>>("/api/v1/accounts?" + query);

    [Fact]
    public async Task OpenApi_DescribesEveryAccountsOperationInChinese()
    {
        var client = ZerenFactory.For(TestDatabases.Sqlite).AdminClient();
        using var doc = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var operations = doc.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/accounts", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();
        operations.Select(o => $"{o.Method} {o.Path}").Should().Contain(["get /api/v1/accounts", "post /api/v1/accounts", "put /api/v1/accounts/{id}/roles",
            "post /api/v1/accounts/{id}/reset-password", "post /api/v1/accounts/{id}/disable", "post /api/v1/accounts/{id}/enable", "post /api/v1/accounts/{id}/unlock"]);
        operations.Should().OnlyContain(o => System.Text.RegularExpressions.Regex.IsMatch(o.Operation.GetProperty("summary").GetString() ?? "", @"\p{IsCJKUnifiedIdeographs}"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_ReturnsTheOneTimePasswordOnce_ThenListsAndReplacesRoles(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var name = Accounts.UniqueName("clerk");

        var created = await CreateOk(sec, name, township.Id, Role.TownshipAdmin);

        created.Account.UserName.Should().Be(name);
        created.Account.OrgName.Should().Be(township.Name);
        created.Account.Roles.Should().Equal(Role.TownshipAdmin);
        created.Account.MustChangePassword.Should().BeTrue();
        PasswordPolicy.Problem(name, created.Password).Should().BeNull();
        // The password is not part of the account as read later.
        (await (await sec.GetAsync(new Uri($"/api/v1/accounts/{created.Account.Id}", UriKind.Relative))).Content.ReadAsStringAsync())
            .Should().NotContain(created.Password);

        (await List(sec, $"q={name}")).Items.Should().ContainSingle().Which.Id.Should().Be(created.Account.Id);
        (await List(sec, $"orgId={township.Id}&role=TownshipAdmin")).Items.Select(a => a.Id).Should().Contain(created.Account.Id);
        (await List(sec, $"q={name}&role=ReadOnly")).Total.Should().Be(0);

        var replaced = await sec.PutJson($"/api/v1/accounts/{created.Account.Id}/roles", new AccountRoles([Role.ReadOnly, Role.Inspector]));
        replaced.StatusCode.Should().Be(HttpStatusCode.OK, await replaced.Content.ReadAsStringAsync());
        (await sec.GetFromJson<AccountView>($"/api/v1/accounts/{created.Account.Id}")).Roles.Should().BeEquivalentTo([Role.Inspector, Role.ReadOnly]);

        var renamed = await sec.PutJson($"/api/v1/accounts/{created.Account.Id}", new AccountUpdate("改名用户", county.Id));
        (await renamed.ReadAs<AccountView>()).Should().Match<AccountView>(a => a.DisplayName == "改名用户" && a.OrgId == county.Id);

        // The owner signs in with the one-time password and must change it before anything else.
        var owner = await app.ClientFromLoginAsync(name, created.Password);
        var held = await owner.GetAsync(new Uri("/api/v1/orgs", UriKind.Relative));
        held.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await held.ReadAs<Problem>()).Code.Should().Be("password_change_required");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_WithTwoAdministratorRoles_IsRefusedBySeparationOfDuties_AndSavesNothing(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, _, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var name = Accounts.UniqueName("both");

        var response = await Create(sec, name, county.Id, Role.SystemAdmin, Role.AuditAdmin);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("separation_of_duties");
        problem.Detail.Should().Contain("三权分立").And.Contain("系统管理员").And.Contain("审计管理员");
        problem.Errors.Should().Contain(e => e.Field == "roles");
        (await List(sec, $"q={name}")).Total.Should().Be(0);
        await using var scope = app.Scope();
        (await scope.Get<UserManager<Account>>().FindByNameAsync(name)).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SetRoles_ToTwoAdministratorRoles_IsRefused_AndOwnRolesCannotBeChanged(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, _, _) = await app.AdminClient().CreateCounty();
        var (sec, secId, _) = await app.SecurityAdminAsync(county.Id);
        var account = await CreateOk(sec, Accounts.UniqueName("sys"), county.Id, Role.SystemAdmin);

        var conflict = await sec.PutJson($"/api/v1/accounts/{account.Account.Id}/roles", new AccountRoles([Role.SystemAdmin, Role.SecurityAdmin]));
        conflict.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await conflict.ReadAs<Problem>()).Code.Should().Be("separation_of_duties");
        (await sec.GetFromJson<AccountView>($"/api/v1/accounts/{account.Account.Id}")).Roles.Should().Equal(Role.SystemAdmin);

        var own = await sec.PutJson($"/api/v1/accounts/{secId}/roles", new AccountRoles([Role.SecurityAdmin, Role.CountyAdmin]));
        own.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await own.ReadAs<Problem>()).Code.Should().Be("own_roles");
        (await sec.GetFromJson<AccountView>($"/api/v1/accounts/{secId}")).Roles.Should().Equal(Role.SecurityAdmin);
    }

    public static TheoryData<string, Role> RolesWithoutAccountsManage()
    {
        var data = new TheoryData<string, Role>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, Role.TownshipAdmin);
            data.Add(provider, Role.CountyAdmin);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RolesWithoutAccountsManage))]
    public async Task Accounts_WithoutAccountsManage_AreForbidden(string provider, Role role)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var client = app.ClientAs(Accounts.UniqueName("nope"), [role], role == Role.CountyAdmin ? county.Id : township.Id);

        (await client.GetAsync(new Uri("/api/v1/accounts", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var create = await Create(client, Accounts.UniqueName("x"), township.Id, Role.ReadOnly);
        create.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await create.ReadAs<Problem>()).Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SecurityAdminOfOneTownship_NeitherSeesNorCreatesAccountsOfAnother(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var (county, townshipA, villageA) = await admin.CreateCounty();
        var townshipB = await admin.CreateOrg(county.Id, "乙镇党委");
        var (secA, _, _) = await app.SecurityAdminAsync(townshipA.Id);
        var (secCounty, _, _) = await app.SecurityAdminAsync(county.Id);
        var inB = await CreateOk(secCounty, Accounts.UniqueName("inb"), townshipB.Id, Role.TownshipAdmin);
        var inA = await CreateOk(secCounty, Accounts.UniqueName("ina"), villageA.Id, Role.BranchClerk);

        var listed = await List(secA, "pageSize=100");
        listed.Items.Select(a => a.Id).Should().Contain(inA.Account.Id).And.NotContain(inB.Account.Id);
        listed.Items.Should().OnlyContain(a => a.OrgId == townshipA.Id || a.OrgId == villageA.Id);
        (await List(secA, $"orgId={townshipB.Id}")).Total.Should().Be(0);

        (await secA.GetAsync(new Uri($"/api/v1/accounts/{inB.Account.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await secA.PutJson($"/api/v1/accounts/{inB.Account.Id}/roles", new AccountRoles([Role.ReadOnly]))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await secA.PostAsync(new Uri($"/api/v1/accounts/{inB.Account.Id}/reset-password", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await secA.PostAsync(new Uri($"/api/v1/accounts/{inB.Account.Id}/disable", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var name = Accounts.UniqueName("tob");
        var refused = await Create(secA, name, townshipB.Id, Role.ReadOnly);
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await refused.ReadAs<Problem>()).Errors.Should().Contain(e => e.Field == "orgId");
        var wide = await Create(secA, Accounts.UniqueName("wide"), null, Role.ReadOnly);
        (await wide.ReadAs<Problem>()).Errors.Should().Contain(e => e.Field == "orgId");
        // Nor bound to a person of the other township (a county leader's links would widen the account's scope).
        var personInB = await admin.CreatePerson(TestData.Member(townshipB.Id, "乙镇干部"));
        var withPerson = await secA.PostJson("/api/v1/accounts", new AccountInput(Accounts.UniqueName("pb"), "乙镇干部", townshipA.Id, [Role.CountyLeader], PersonId: personInB.Id));
        withPerson.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await withPerson.ReadAs<Problem>()).Errors.Should().Contain(e => e.Field == "personId");
        // Nor can an account be moved out of the scope.
        (await secA.PutJson($"/api/v1/accounts/{inA.Account.Id}", new AccountUpdate("移走", townshipB.Id))).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await List(secCounty, $"q={name}")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ResetPassword_ForcesAChangeAtNextSignIn(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var name = Accounts.UniqueName("reset");
        var id = await app.EnsureAccountAsync(name, [Role.TownshipAdmin], township.Id);
        (await (await app.ClientFromLoginAsync(name, ZerenFactory.TestPassword)).GetAsync(new Uri("/api/v1/orgs", UriKind.Relative)))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var reset = await sec.PostAsync(new Uri($"/api/v1/accounts/{id}/reset-password", UriKind.Relative), null);
        reset.StatusCode.Should().Be(HttpStatusCode.OK, await reset.Content.ReadAsStringAsync());
        var password = (await reset.ReadAs<OneTimePassword>()).Password;
        PasswordPolicy.Problem(name, password).Should().BeNull();

        (await app.PostLoginAsync(name, ZerenFactory.TestPassword)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var owner = await app.ClientFromLoginAsync(name, password);
        var held = await owner.GetAsync(new Uri("/api/v1/orgs", UriKind.Relative));
        held.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await held.ReadAs<Problem>()).Code.Should().Be("password_change_required");

        var changed = await owner.PostJson("/api/v1/auth/password", new ChangePasswordRequest(password, "Chosen#2026own"));
        changed.StatusCode.Should().Be(HttpStatusCode.NoContent, await changed.Content.ReadAsStringAsync());
        (await owner.GetAsync(new Uri("/api/v1/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await sec.GetFromJson<AccountView>($"/api/v1/accounts/{id}")).MustChangePassword.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SecurityAdmin_CannotResetTheirOwnPasswordOrTwoFactor_ThroughTheAdminRoutes(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, _, _) = await app.AdminClient().CreateCounty();
        var (sec, secId, secName) = await app.SecurityAdminAsync(county.Id);
        string hashBefore;
        await using (var scope = app.Scope())
        {
            hashBefore = (await scope.Get<UserManager<Account>>().FindByIdAsync(secId.ToString()))!.PasswordHash!;
        }

        var password = await sec.PostAsync(new Uri($"/api/v1/accounts/{secId}/reset-password", UriKind.Relative), null);
        password.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await password.Content.ReadAsStringAsync());
        (await password.ReadAs<Problem>()).Code.Should().Be("own_account");
        var twoFactor = await sec.PostAsync(new Uri($"/api/v1/accounts/{secId}/reset-two-factor", UriKind.Relative), null);
        twoFactor.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await twoFactor.ReadAs<Problem>()).Code.Should().Be("own_account");

        // Nothing changed: the same password, two-factor still on.
        await using (var scope = app.Scope())
        {
            var account = (await scope.Get<UserManager<Account>>().FindByIdAsync(secId.ToString()))!;
            account.PasswordHash.Should().Be(hashBefore);
            account.TwoFactorEnabled.Should().BeTrue();
            account.MustChangePassword.Should().BeFalse();
        }
        (await sec.GetFromJson<AccountView>($"/api/v1/accounts/{secId}")).UserName.Should().Be(secName);

        // Another security administrator may do both for them.
        var (other, _, _) = await app.SecurityAdminAsync(county.Id);
        (await other.PostAsync(new Uri($"/api/v1/accounts/{secId}/reset-two-factor", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await other.PostAsync(new Uri($"/api/v1/accounts/{secId}/reset-password", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DisabledAccount_CannotSignIn_AndItsTokenStopsWorking_UntilEnabled(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var name = Accounts.UniqueName("off");
        var id = await app.EnsureAccountAsync(name, [Role.ReadOnly], township.Id);
        var before = await app.ClientFromLoginAsync(name, ZerenFactory.TestPassword);

        var disabled = await sec.PostAsync(new Uri($"/api/v1/accounts/{id}/disable", UriKind.Relative), null);
        (await disabled.ReadAs<AccountView>()).Disabled.Should().BeTrue();

        var login = await app.PostLoginAsync(name, ZerenFactory.TestPassword);
        login.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await login.ReadAs<Problem>()).Code.Should().Be("login_failed", "the answer does not say the account is disabled");
        (await before.GetAsync(new Uri("/api/v1/orgs", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        (await sec.PostAsync(new Uri($"/api/v1/accounts/{id}/enable", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Unlock_EndsALockoutAfterFailedSignIns(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var name = Accounts.UniqueName("lock");
        var id = await app.EnsureAccountAsync(name, [Role.ReadOnly], township.Id);
        for (var i = 0; i < 5; i++)
        {
            await app.PostLoginAsync(name, "Wrong#2026pass");
        }
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "locked");
        (await sec.GetFromJson<AccountView>($"/api/v1/accounts/{id}")).LockedUntil.Should().NotBeNull();

        var unlocked = await sec.PostAsync(new Uri($"/api/v1/accounts/{id}/unlock", UriKind.Relative), null);
        (await unlocked.ReadAs<AccountView>()).LockedUntil.Should().BeNull();
        (await app.PostLoginAsync(name, ZerenFactory.TestPassword)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
