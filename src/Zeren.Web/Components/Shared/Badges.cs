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

    public static string Status(PartyStatus status) => status switch
    {
        PartyStatus.Full => "text-bg-danger",
        PartyStatus.Probationary => "text-bg-warning",
        _ => "text-bg-light border",
    };
}
