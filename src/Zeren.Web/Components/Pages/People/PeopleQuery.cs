using Microsoft.AspNetCore.Http;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Web.Components.Shared;

namespace Zeren.Web.Components.Pages.People;

/// <summary>
/// The people list as the address says: ?q=&amp;under=&amp;status=&amp;title=&amp;sort=&amp;page=.
/// The page and its htmx fragment (/ui/people/results) read the same query, so every state has a link.
/// </summary>
public sealed record PeopleQuery(string? Q, Guid? Under, PartyStatus? Status, PositionTitle? Title, PeopleSort Sort, int Page)
{
    public const int PageSize = 20;

    public static PeopleQuery From(IQueryCollection query) => new(
        string.IsNullOrWhiteSpace(query["q"]) ? null : query["q"].ToString().Trim(),
        Url.ParseGuid(query["under"]),
        Url.ParseEnum<PartyStatus>(query["status"]),
        Url.ParseEnum<PositionTitle>(query["title"]),
        Url.ParseEnum<PeopleSort>(query["sort"]) ?? PeopleSort.Name,
        Math.Max(1, Url.ParseInt(query["page"], 1)));

    public PeopleFilter Filter => new(Under, null, Q, Status, Title);

    public Task<Paged<PersonRow>> RunAsync(PeopleService people, CancellationToken ct = default) =>
        people.ListAsync(Filter, new PageRequest(Page, PageSize), Sort, ct);

    /// <summary>The Excel export of the whole list this query shows (every page, same filters and sort).</summary>
    public string ExportUrl => "/api/v1/people/export.xlsx" +
        Url.Query(("q", Q), ("under", Under), ("partyStatus", Status), ("title", Title), ("sort", Sort == PeopleSort.Name ? null : Sort));

    /// <summary>The same export with full ID numbers and mobiles (for re-import), for accounts that may see them.</summary>
    public string FullExportUrl => ExportUrl + (ExportUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "full=true";

    /// <summary>"?..." for this query with another page or sort; the default sort and the first page are left out.</summary>
    public string ToQueryString(int? page = null, PeopleSort? sort = null)
    {
        var s = sort ?? Sort;
        var p = page ?? Page;
        return Url.Query(("q", Q), ("under", Under), ("status", Status), ("title", Title),
            ("sort", s == PeopleSort.Name ? null : s), ("page", p <= 1 ? null : p));
    }
}
