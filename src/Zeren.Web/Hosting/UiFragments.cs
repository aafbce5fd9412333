using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Zeren.Core.Audit;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Web.Api;
using Zeren.Web.Components.Pages.Admin;
using Zeren.Web.Components.Pages.Audit;
using Zeren.Web.Components.Pages.Orgs;
using Zeren.Web.Components.Pages.People;
using Zeren.Web.Components.Shared;

using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Hosting;

/// <summary>
/// HTML fragments for htmx under /ui: each renders the same component the full page renders in place, so a page
/// works without htmx and with it swaps only the part that changed.
/// </summary>
internal static class UiFragments
{
    public static void MapUiFragments(this WebApplication app)
    {
        var ui = app.MapGroup("/ui").ExcludeFromDescription().RequirePermission(Permission.DataRead);

        // The children of a tree node, the first time it opens.
        ui.MapGet("/orgs/{id:guid}/children", async (OrganizationService orgs, Guid id, Guid? sel, CancellationToken ct) =>
            new RazorComponentResult<OrgTreeBranch>(new { Nodes = OrgTreeNode.Collapsed(await orgs.ChildrenAsync(id, ct)), SelectedId = sel }));

        // Organizations by name or code, beside the tree.
        ui.MapGet("/orgs/search", async (HttpContext http, OrganizationService orgs, string? q, Guid? sel, int? page, CancellationToken ct) =>
        {
            var result = await OrgSearchResults.SearchAsync(orgs, q, page ?? 1, ct);
            http.Response.Headers["HX-Push-Url"] = (sel is { } s ? $"/orgs/{s}" : "/orgs") + Url.Query(("q", q?.Trim()), ("page", page > 1 ? page : null));
            return new RazorComponentResult<OrgSearchResults>(new { Q = q?.Trim(), Result = result, SelectedId = sel });
        });

        // The people table and pager for the current search, filters, sort and page; the address bar follows.
        ui.MapGet("/people/results", async (HttpContext http, PeopleService people, CancellationToken ct) =>
        {
            var query = PeopleQuery.From(http.Request.Query);
            var result = await query.RunAsync(people, ct);
            http.Response.Headers["HX-Push-Url"] = "/people" + query.ToQueryString();
            return new RazorComponentResult<PeopleResults>(new { Query = query, Result = result, Fragment = true });
        });

        // 显示完整号码 on the person page: the full ID number and mobile, for someone allowed (PeopleService.RevealAsync decides and audits).
        ui.MapGet("/people/{id:guid}/personal-data", async (PeopleService people, IStringLocalizer<SharedResource> l, Guid id, CancellationToken ct) =>
        {
            var person = await people.GetAsync(id, ct);
            try
            {
                var full = await people.RevealAsync(id, ct);
                return new RazorComponentResult<PersonNumbers>(new { Person = person, Full = full });
            }
            catch (ForbiddenException)
            {
                return new RazorComponentResult<PersonNumbers>(new { Person = person, Error = l["PersonalDataForbidden"].Value });
            }
        });

        // Picker choices as the user types: ?field=<radio name>&input=<search box name>&<search box name>=text&scope=.
        ui.MapGet("/pick/orgs", async (HttpContext http, OrganizationService orgs, string field, string input, string? scope, CancellationToken ct) =>
        {
            var (q, selected) = PickArgs(http, field, input);
            var items = await Pickers.FindOrgsAsync(orgs, q, scope, selected, ct);
            return new RazorComponentResult<PickList>(new { Field = field, Items = items, SelectedId = selected, Searched = !string.IsNullOrWhiteSpace(q) });
        });
        ui.MapGet("/pick/people", async (HttpContext http, PeopleService people, string field, string input, string? scope, CancellationToken ct) =>
        {
            var (q, selected) = PickArgs(http, field, input);
            var items = await Pickers.FindPeopleAsync(people, q, scope, selected, ct);
            return new RazorComponentResult<PickList>(new { Field = field, Items = items, SelectedId = selected, Searched = !string.IsNullOrWhiteSpace(q) });
        });

        // The audit table for the current search and page; the verification result on its own. The audit administrator
        // reads the log and nothing else (no DataRead), so these sit outside the group above.
        var audit = app.MapGroup("/ui/audit").ExcludeFromDescription().RequirePermission(Permission.AuditRead);
        audit.MapGet("/results", async (HttpContext http, AuditSearch search, AccountNames accounts, CancellationToken ct) =>
        {
            var query = AuditQuery.Parse(http.Request.Query);
            var (result, names, error) = await AuditResults.RunAsync(query, search, accounts, ct);
            http.Response.Headers["HX-Push-Url"] = "/audit" + query.ToQueryString();
            return new RazorComponentResult<AuditResults>(new { Query = query, Result = result, Names = names, Error = error });
        });
        audit.MapGet("/verify", async (AuditVerifier verifier, AuditSearch search, CancellationToken ct) =>
        {
            var (result, broken) = await AuditVerifyPanel.RunAsync(verifier, search, ct);
            return new RazorComponentResult<AuditVerifyPanel>(new { Result = result, Broken = broken });
        });
    }

    /// <summary>
    /// Fragments of the account pages, in a group of their own: a security administrator holds AccountsManage,
    /// not DataRead, and still picks the organization an account belongs to and the person behind it (from their own scope).
    /// </summary>
    public static void MapAccountFragments(this WebApplication app)
    {
        var ui = app.MapGroup("/ui/accounts").ExcludeFromDescription().RequirePermission(Permission.AccountsManage);

        ui.MapGet("/results", async (HttpContext http, AccountService accounts, CancellationToken ct) =>
        {
            var query = AccountsQuery.From(http.Request.Query);
            var result = await query.RunAsync(accounts, ct);
            http.Response.Headers["HX-Push-Url"] = "/admin/accounts" + query.ToQueryString();
            return new RazorComponentResult<AccountResults>(new { Query = query, Result = result });
        });

        ui.MapGet("/pick-orgs", async (HttpContext http, OrganizationService orgs, string field, string input, CancellationToken ct) =>
        {
            var (q, selected) = PickArgs(http, field, input);
            var items = await Pickers.FindOrgsAsync(orgs, q, null, selected, ct);
            return new RazorComponentResult<PickList>(new { Field = field, Items = items, SelectedId = selected, Searched = !string.IsNullOrWhiteSpace(q) });
        });

        // The person behind an account, by name or number (within the administrator's scope; names and organizations only).
        ui.MapGet("/pick-people", async (HttpContext http, PeopleService people, string field, string input, CancellationToken ct) =>
        {
            var (q, selected) = PickArgs(http, field, input);
            var items = await Pickers.FindPeopleAsync(people, q, null, selected, ct);
            return new RazorComponentResult<PickList>(new { Field = field, Items = items, SelectedId = selected, Searched = !string.IsNullOrWhiteSpace(q) });
        });
    }

    private static (string? Q, Guid? Selected) PickArgs(HttpContext http, string field, string input) =>
        (http.Request.Query[input].ToString().Trim(), Url.ParseGuid(http.Request.Query[field]));
}
