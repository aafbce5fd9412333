using Microsoft.AspNetCore.Http;
using Zeren.Core.Audit;
using Zeren.Core.Platform;
using Zeren.Web.Components.Shared;

namespace Zeren.Web.Components.Pages.Audit;

/// <summary>
/// The audit log page as the address says: ?user=&amp;type=&amp;id=&amp;action=&amp;from=&amp;to=&amp;page=&amp;verify=1.
/// Dates are days in China (<see cref="ChinaTime"/>), both included.
/// </summary>
public sealed record AuditQuery(string? User, string? EntityType, string? EntityId, AuditAction? Action, DateOnly? From, DateOnly? To, int Page, bool Verify)
{
    public const int PageSize = 30;

    public static AuditQuery Parse(IQueryCollection query) => new(
        Text(query["user"]),
        Text(query["type"]),
        Text(query["id"]),
        Url.ParseEnum<AuditAction>("action", query["action"]),
        Url.ParseDate("from", query["from"]),
        Url.ParseDate("to", query["to"]),
        Math.Max(1, Url.ParseInt("page", query["page"], 1)),
        Url.Choice("verify", query["verify"], "1") is not null);

    /// <summary>The same days as UTC instants: from the start of <see cref="From"/> to the end of <see cref="To"/> in China.</summary>
    public AuditFilter Filter => new(User, EntityType, EntityId, Action, From is { } f ? StartOf(f) : null, To is { } t ? StartOf(t.AddDays(1)) : null);

    public Task<Paged<AuditEntryView>> RunAsync(AuditSearch search, CancellationToken ct = default) =>
        search.SearchAsync(Filter, new PageRequest(Page, PageSize), ct);

    public string ToQueryString(int? page = null, bool verify = false)
    {
        var p = page ?? Page;
        return Url.Query(("user", User), ("type", EntityType), ("id", EntityId), ("action", Action), ("from", From), ("to", To),
            ("page", p <= 1 ? null : p), ("verify", verify));
    }

    private static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, ChinaTime.Zone.GetUtcOffset(midnight));
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
