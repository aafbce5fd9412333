using Zeren.Core.Security;

namespace Zeren.Web.Components.Pages.Admin;

/// <summary>The new-account form as posted. Property names follow <see cref="AccountInput"/> so domain errors find their field.</summary>
public sealed class NewAccountForm
{
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? OrgQuery { get; set; }
    public Guid? OrgId { get; set; }
    public string? PersonQuery { get; set; }
    public Guid? PersonId { get; set; }
    public string? Password { get; set; }

    /// <summary>Read from the "roles" checkboxes (see <see cref="RoleChecks"/>), not bound by the form.</summary>
    public List<Role> Roles { get; set; } = [];
}

/// <summary>An account's name, organization and the person behind it.</summary>
public sealed class AccountProfileForm
{
    public string? DisplayName { get; set; }
    public string? OrgQuery { get; set; }
    public Guid? OrgId { get; set; }
    public string? PersonQuery { get; set; }
    public Guid? PersonId { get; set; }

    /// <summary>取消关联: the account no longer stands for a person.</summary>
    public bool Unlink { get; set; }
}

/// <summary>An account's roles; the checkboxes are read from the request (see <see cref="RoleChecks"/>).</summary>
public sealed class AccountRolesForm
{
    public List<Role> Roles { get; set; } = [];
}

/// <summary>One of the buttons that act on an account: disable, enable, unlock, reset-password, reset-two-factor.</summary>
public sealed class AccountActionForm
{
    public string? Do { get; set; }
}
