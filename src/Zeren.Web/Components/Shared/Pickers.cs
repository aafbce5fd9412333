using Microsoft.Extensions.Localization;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Shared;

/// <summary>One choice in a picker list.</summary>
public sealed record PickItem(Guid Id, string Label, string? Detail);

/// <summary>What a picker field came to on submit: the chosen id, the choices to show again, or why none was chosen.</summary>
public sealed record Picked(Guid? Id, IReadOnlyList<PickItem> Items, string? Error)
{
    public static readonly Picked Nothing = new(null, [], null);
}

/// <summary>
/// Choosing an organization or a person on a form: a search box and a list of radio buttons. With htmx the list
/// follows the typing (<c>/ui/pick/...</c>); without it, the text typed is resolved on submit and, when several
/// match, the matches come back as the list to choose from.
/// </summary>
public static class Pickers
{
    public const int Size = 8;

    /// <summary>Which organizations a picker offers: all, townships, villages or 党支部 (branches, where meetings are recorded).</summary>
    public static OrgFilter OrgScope(string? scope, string? q) => scope switch
    {
        "villages" => new OrgFilter(Q: q, VillagesOnly: true),
        "branches" => new OrgFilter(Q: q, Kind: OrgKind.Branch),
        "townships" => new OrgFilter(Q: q, TownshipsOnly: true),
        _ => new OrgFilter(Q: q),
    };

    /// <summary>Which people a picker offers: all, county leaders, or those of one organization and below ("under:{id}").</summary>
    public static PeopleFilter PeopleScope(string? scope, string? q) => scope switch
    {
        "leaders" => new PeopleFilter(Q: q, HoldsTitle: PositionTitle.CountyLeader),
        _ when scope?.StartsWith("under:", StringComparison.Ordinal) == true && Guid.TryParse(scope.AsSpan(6), out var under) =>
            new PeopleFilter(Under: under, Q: q),
        _ => new PeopleFilter(Q: q),
    };

    public static PickItem Item(OrgSummary o) => new(o.Id, o.Name, o.Code);

    public static PickItem Item(PersonRow p) => new(p.Id, p.Name, p.OrgName);

    public static async Task<IReadOnlyList<PickItem>> FindOrgsAsync(OrganizationService orgs, string? q, string? scope, Guid? selected, CancellationToken ct = default)
    {
        var items = new List<PickItem>();
        if (selected is { } id)
        {
            try
            {
                items.Add(Item(await orgs.GetAsync(id, ct)));
            }
            catch (NotFoundException)
            {
                // A stale choice: offer what the search finds instead.
            }
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var found = await orgs.ListAsync(OrgScope(scope, q), new PageRequest(1, Size), ct);
            items.AddRange(found.Items.Where(o => o.Id != selected).Select(Item));
        }
        return items;
    }

    public static async Task<IReadOnlyList<PickItem>> FindPeopleAsync(PeopleService people, string? q, string? scope, Guid? selected, CancellationToken ct = default)
    {
        var items = new List<PickItem>();
        if (selected is { } id)
        {
            try
            {
                items.Add(Item(await people.GetAsync(id, ct)));
            }
            catch (NotFoundException)
            {
                // A stale choice: offer what the search finds instead.
            }
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var found = await people.ListAsync(PeopleScope(scope, q), new PageRequest(1, Size), PeopleSort.Name, ct);
            items.AddRange(found.Items.Where(p => p.Id != selected).Select(Item));
        }
        return items;
    }

    /// <summary>The organization a submitted picker names: the ticked one, else the only match of the text (an exact code wins).</summary>
    public static async Task<Picked> ResolveOrgAsync(OrganizationService orgs, Guid? id, string? q, string? scope, IStringLocalizer l, CancellationToken ct = default)
    {
        if (id is not null)
        {
            var items = await FindOrgsAsync(orgs, q, scope, id, ct);
            return items.Count > 0 && items[0].Id == id ? new Picked(id, items, null) : new Picked(null, items, l["PickNoOrg"]);
        }
        if (string.IsNullOrWhiteSpace(q))
        {
            return Picked.Nothing;
        }
        var found = await orgs.ListAsync(OrgScope(scope, q), new PageRequest(1, Size), ct);
        var list = found.Items.Select(Item).ToList();
        var exact = found.Items.FirstOrDefault(o => string.Equals(o.Code, q.Trim(), StringComparison.OrdinalIgnoreCase));
        return exact is not null ? new Picked(exact.Id, list, null)
            : found.Total == 1 ? new Picked(list[0].Id, list, null)
            : found.Total == 0 ? new Picked(null, list, l["PickNoOrg"])
            : new Picked(null, list, l["PickManyOrgs", found.Total]);
    }

    /// <summary>The person a submitted picker names: the ticked one, else the only match of the text.</summary>
    public static async Task<Picked> ResolvePersonAsync(PeopleService people, Guid? id, string? q, string? scope, IStringLocalizer l, CancellationToken ct = default)
    {
        if (id is not null)
        {
            var items = await FindPeopleAsync(people, q, scope, id, ct);
            return items.Count > 0 && items[0].Id == id ? new Picked(id, items, null) : new Picked(null, items, l["PickNoPerson"]);
        }
        if (string.IsNullOrWhiteSpace(q))
        {
            return Picked.Nothing;
        }
        var found = await people.ListAsync(PeopleScope(scope, q), new PageRequest(1, Size), PeopleSort.Name, ct);
        var list = found.Items.Select(Item).ToList();
        return found.Total == 1 ? new Picked(list[0].Id, list, null)
            : found.Total == 0 ? new Picked(null, list, l["PickNoPerson"])
            : new Picked(null, list, l["PickManyPeople", found.Total]);
    }
}
