using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Audit;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Pages.Audit;

/// <summary>
/// How the audit page names things: entity types by resource key <c>EntityType_{Name}</c> (Identity's without
/// <c>&lt;Guid&gt;</c>), else as their class declares (<see cref="AuditSearch.EntityLabel"/>); properties and summaries in
/// Chinese as the entities declare them, in English as recorded; times in China.
/// </summary>
public static class AuditLabels
{
    private static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string EntityType(IStringLocalizer l, string name)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(name);
        var label = l["EntityType_" + name.Replace("<Guid>", "", StringComparison.Ordinal)];
        return label.ResourceNotFound ? name : label.Value;
    }

    public static string EntityType(IStringLocalizer l, AuditSearch search, string name)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(name);
        var label = l["EntityType_" + name.Replace("<Guid>", "", StringComparison.Ordinal)];
        return !label.ResourceNotFound ? label.Value : Chinese ? search.EntityLabel(name) : name;
    }

    /// <summary>A property of a recorded row: 最后登录时间 for <c>LastLoginAt</c> (in English, the property itself).</summary>
    public static string Field(AuditSearch search, string entityType, string property)
    {
        ArgumentNullException.ThrowIfNull(search);
        return Chinese ? search.FieldLabel(entityType, property) : property;
    }

    /// <summary>An entry's summary, row changes described anew in Chinese (<see cref="AuditSearch.SummaryOf"/>).</summary>
    public static string Summary(AuditSearch search, AuditEntryView entry)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(entry);
        return Chinese ? search.SummaryOf(entry) : entry.Summary;
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
