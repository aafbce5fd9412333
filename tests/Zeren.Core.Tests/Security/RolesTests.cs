using FluentAssertions;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Security;

public class RolesTests
{
    public static TheoryData<Role, Role> AdminPairs()
    {
        var data = new TheoryData<Role, Role>();
        foreach (var a in Roles.SeparatedAdmins)
        {
            foreach (var b in Roles.SeparatedAdmins.Where(b => b != a))
            {
                data.Add(a, b);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AdminPairs))]
    public void TwoAdministratorRoles_Conflict(Role a, Role b) =>
        Roles.Conflict([a, b]).Should().StartWith("三权分立").And.Contain(Roles.Label(a)).And.Contain(Roles.Label(b));

    [Fact]
    public void TheThreeAdministratorRoles_AreSystemSecurityAudit() =>
        Roles.SeparatedAdmins.Should().BeEquivalentTo([Role.SystemAdmin, Role.SecurityAdmin, Role.AuditAdmin]);

    public static TheoryData<Role, Role> AdminAndBusinessPairs()
    {
        var data = new TheoryData<Role, Role>();
        foreach (var admin in Roles.SeparatedAdmins)
        {
            foreach (var business in Enum.GetValues<Role>().Where(r => !Roles.SeparatedAdmins.Contains(r)))
            {
                data.Add(admin, business);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AdminAndBusinessPairs))]
    public void AnAdministratorRole_WithABusinessRole_Conflicts(Role admin, Role business) =>
        Roles.Conflict([admin, business]).Should().StartWith("三权分立").And.Contain(Roles.Label(admin)).And.Contain(Roles.Label(business));

    [Fact]
    public void OneAdministratorRole_Alone_OrBusinessRolesTogether_DoNotConflict()
    {
        foreach (var admin in Roles.SeparatedAdmins)
        {
            Roles.Conflict([admin]).Should().BeNull();
            Roles.Conflict([admin, admin]).Should().BeNull("the same role twice is one role");
        }
        Roles.Conflict([Role.CountyAdmin, Role.Inspector, Role.ReadOnly]).Should().BeNull();
        Roles.Conflict([]).Should().BeNull();
    }

    [Fact]
    public void AdministratorRoles_ReadNoBusinessData()
    {
        foreach (var admin in Roles.SeparatedAdmins)
        {
            Roles.PermissionsOf(admin).Should().NotContain([Permission.DataRead, Permission.OrgsWrite, Permission.PeopleWrite, Permission.Export, Permission.PersonalDataView]);
        }
    }
}
