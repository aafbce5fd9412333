using Zeren.Core.People;

namespace Zeren.Web.Components.Shared;

/// <summary>Bootstrap badge colours for statuses and roles, the same on every page.</summary>
public static class Badges
{
    public static string Role(ResponsibilityRole role) => role switch
    {
        ResponsibilityRole.First => "text-bg-danger",
        ResponsibilityRole.Direct => "text-bg-warning",
        _ => "text-bg-info",
    };

    /// <summary>The 三权分立 administrators stand out from the business roles.</summary>
    public static string AccountRole(Core.Security.Role role) =>
        Core.Security.Roles.SeparatedAdmins.Contains(role) ? "text-bg-dark" : "text-bg-light border";

    public static string Status(PartyStatus status) => status switch
    {
        PartyStatus.Full => "text-bg-danger",
        PartyStatus.Probationary => "text-bg-warning",
        _ => "text-bg-light border",
    };
}
