using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>三权分立: no account holds two of 系统管理员, 安全管理员, 审计管理员, nor one of them with a business role; the grant is refused and nothing is saved.</summary>
public class SeparationOfDutiesTests
{
    private static readonly Role[][] Conflicts =
    [
        [Role.SystemAdmin, Role.SecurityAdmin],
        [Role.SystemAdmin, Role.AuditAdmin],
        [Role.SecurityAdmin, Role.AuditAdmin],
        [Role.SystemAdmin, Role.SecurityAdmin, Role.AuditAdmin],
    ];

    public static TheoryData<string, int> ProvidersAndConflicts()
    {
        var data = new TheoryData<string, int>();
        foreach (var provider in TestDatabases.Providers)
        {
            for (var i = 0; i < Conflicts.Length; i++)
            {
                data.Add(provider, i);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndConflicts))]
    public async Task NewAccount_WithTwoAdministratorRoles_IsRefused_AndNotSaved(string provider, int conflict)
    {
        var app = ZerenFactory.For(provider);
        var roles = Conflicts[conflict];
        var user = $"sod-{Guid.NewGuid():N}"[..20];
        await using var scope = app.Scope();

        var create = () => scope.Get<AccountService>().CreateAsync(new AccountInput(user, "兼任者", null, roles, ZerenFactory.TestPassword));

        var refusal = (await create.Should().ThrowAsync<DomainException>()).Which;
        refusal.Message.Should().Contain("三权分立");
        refusal.Code.Should().Be("separation_of_duties");
        (await scope.Get<UserManager<Account>>().FindByNameAsync(user)).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(ProvidersAndConflicts))]
    public async Task Grant_OfASecondAdministratorRole_IsRefused_AndTheRolesStay(string provider, int conflict)
    {
        var app = ZerenFactory.For(provider);
        var roles = Conflicts[conflict];
        var user = $"sod-{Guid.NewGuid():N}"[..20];
        var id = await app.EnsureAccountAsync(user, [roles[0]], null);
        await using var scope = app.Scope();

        var grant = () => scope.Get<AccountService>().SetRolesAsync(id, roles);

        (await grant.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("separation_of_duties");
        var account = (await scope.Get<UserManager<Account>>().FindByIdAsync(id.ToString()))!;
        (await scope.Get<UserManager<Account>>().GetRolesAsync(account)).Should().Equal(roles[0].ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnAdministratorRole_WithABusinessRole_IsRefused_OnCreateAndOnGrant(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        await using var scope = app.Scope();
        var accounts = scope.Get<AccountService>();
        var users = scope.Get<UserManager<Account>>();

        // An 审计管理员 who is also 乡镇管理员 would audit their own work.
        var user = $"sod-{Guid.NewGuid():N}"[..20];
        var create = () => accounts.CreateAsync(new AccountInput(user, "审计员", township.Id, [Role.AuditAdmin, Role.TownshipAdmin], ZerenFactory.TestPassword));
        var refusal = (await create.Should().ThrowAsync<DomainException>()).Which;
        refusal.Code.Should().Be("separation_of_duties");
        refusal.Message.Should().Contain("审计管理员").And.Contain("乡镇管理员");
        (await users.FindByNameAsync(user)).Should().BeNull();

        var townshipAdmin = await app.EnsureAccountAsync($"sod-{Guid.NewGuid():N}"[..20], [Role.TownshipAdmin], township.Id);
        var grant = () => accounts.SetRolesAsync(townshipAdmin, [Role.TownshipAdmin, Role.AuditAdmin]);
        (await grant.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("separation_of_duties");
        (await users.GetRolesAsync((await users.FindByIdAsync(townshipAdmin.ToString()))!)).Should().Equal(nameof(Role.TownshipAdmin));

        // Business roles together stay allowed.
        var (both, _) = await accounts.CreateAsync(
            new AccountInput($"sod-{Guid.NewGuid():N}"[..20], "督查员", township.Id, [Role.Inspector, Role.ReadOnly], ZerenFactory.TestPassword));
        both.Roles.Should().BeEquivalentTo([Role.Inspector, Role.ReadOnly]);
    }
}
