using Microsoft.AspNetCore.Http;
using Zeren.Core.Audit;
using Zeren.Core.Platform;
using Zeren.Web.Components.Shared;

namespace Zeren.Web.Components.Pages.Audit;

/// <summary>
/// The audit log page as the address says: ?user=&amp;type=&amp;id=&amp;name=&amp;action=&amp;from=&amp;to=&amp;page=&amp;verify=1.
/// Dates are days in China (<see cref="ChinaTime"/>), both included; <see cref="Name"/> is part of the object's name.
/// </summary>
public sealed record AuditQuery(string? User, string? EntityType, string? EntityId, AuditAction? Action, DateOnly? From, DateOnly? To, int Page, bool Verify,
    string? Name = null)
{
    public const int PageSize = 30;

    public static AuditQuery Parse(IQueryCollection query) => new(
        Text(query["user"]),
        Text(query["type"]),
        Text(query["id"]),
        Url.ParseEnum<AuditAction>(query["action"]),
        ParseDate(query["from"]),
        ParseDate(query["to"]),
        Math.Max(1, Url.ParseInt(query["page"], 1)),
        query["verify"] == "1",
        Text(query["name"]));

    /// <summary>The same days as UTC instants: from the start of <see cref="From"/> to the end of <see cref="To"/> in China.</summary>
    public AuditFilter Filter => new(User, EntityType, EntityId, Action, From is { } f ? StartOf(f) : null, To is { } t ? StartOf(t.AddDays(1)) : null, Name);

    /// <summary>The page of operations the query asks for (one saved form, one sign-in, … per row).</summary>
    public Task<Paged<AuditOperationView>> RunAsync(AuditSearch search, CancellationToken ct = default) =>
        search.OperationsAsync(Filter, new PageRequest(Page, PageSize), ct);

    public string ToQueryString(int? page = null, bool verify = false)
    {
        var p = page ?? Page;
        return Url.Query(("user", User), ("type", EntityType), ("id", EntityId), ("name", Name), ("action", Action), ("from", From), ("to", To),
            ("page", p <= 1 ? null : p), ("verify", verify));
    }

    /// <summary>The Excel export of the entries this query finds (every page).</summary>
    public string ExportUrl => "/api/v1/audit/export.xlsx" + Url.Query(("user", User), ("entityType", EntityType), ("entityId", EntityId),
        ("name", Name), ("action", Action), ("from", Filter.From?.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        ("to", Filter.To?.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));

    private static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, ChinaTime.Zone.GetUtcOffset(midnight));
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;
}
