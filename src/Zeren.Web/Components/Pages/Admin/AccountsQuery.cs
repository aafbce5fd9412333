using Microsoft.AspNetCore.Http;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;

namespace Zeren.Web.Components.Pages.Admin;

/// <summary>
/// The account list as the address says: ?q=&amp;role=&amp;org=&amp;page=. The page and its htmx fragment
/// (/ui/accounts/results) read the same query, so every state has a link.
/// </summary>
public sealed record AccountsQuery(string? Q, Role? Role, Guid? OrgId, int Page)
{
    public const int PageSize = 20;

    public static AccountsQuery From(IQueryCollection query) => new(
        string.IsNullOrWhiteSpace(query["q"]) ? null : query["q"].ToString().Trim(),
        Url.ParseEnum<Role>("role", query["role"]),
        Url.ParseGuid("org", query["org"]),
        Math.Max(1, Url.ParseInt("page", query["page"], 1)));

    public Task<Paged<AccountView>> RunAsync(AccountService accounts, CancellationToken ct = default) =>
        accounts.ListAsync(new AccountFilter(Q, Role, OrgId), new PageRequest(Page, PageSize), ct);

    /// <summary>"?..." for this query on another page; the first page is left out.</summary>
    public string ToQueryString(int? page = null)
    {
        var p = page ?? Page;
        return Url.Query(("q", Q), ("role", Role), ("org", OrgId), ("page", p <= 1 ? null : p));
    }
}
