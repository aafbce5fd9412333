using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Audit;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Pages.Audit;

/// <summary>How the audit page names things: entity types by resource key <c>EntityType_{Name}</c> (Identity's without <c>&lt;Guid&gt;</c>), times in China.</summary>
public static class AuditLabels
{
    public static string EntityType(IStringLocalizer l, string name)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(name);
        var label = l["EntityType_" + name.Replace("<Guid>", "", StringComparison.Ordinal)];
        return label.ResourceNotFound ? name : label.Value;
    }

    public static string Time(DateTimeOffset at) => ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The value of a date input: yyyy-MM-dd, or empty.</summary>
    public static string DateValue(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Badge(AuditAction action) => action switch
    {
        AuditAction.Create => "text-bg-success",
        AuditAction.Update => "text-bg-primary",
        AuditAction.Delete => "text-bg-danger",
        AuditAction.LoginFailed => "text-bg-warning",
        AuditAction.Export or AuditAction.RevealPersonalData => "text-bg-info",
        _ => "text-bg-secondary",
    };
}
