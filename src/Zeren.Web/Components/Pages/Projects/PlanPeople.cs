using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Pages.Projects;

/// <summary>A person the plan form offers as 定人员.</summary>
public sealed record PersonChoice(Guid Id, string Name);

/// <summary>Who may be named responsible (定人员) in a township's plan form: the people of the township's own committee.</summary>
public static class PlanPeople
{
    public static async Task<IReadOnlyList<PersonChoice>> ForAsync(PeopleService people, Guid townshipId, CancellationToken ct = default) =>
        (await people.ListAsync(new PeopleFilter(OrgId: townshipId), new PageRequest(1, PageRequest.MaxSize), ct: ct)).Items
            .Select(p => new PersonChoice(p.Id, p.Name)).ToList();
}
