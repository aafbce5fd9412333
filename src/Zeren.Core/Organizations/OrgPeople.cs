namespace Zeren.Core.Organizations;

/// <summary>
/// 组织的人员: what the org tree needs to know of the people in it. People sits above the tree (a person, a position,
/// a link belongs to an organization) and implements this, so that Organizations names no People type and the
/// dependency points one way (ADR 0014). Every answer is within the actor's data scope, like any query.
/// </summary>
public interface IOrgPeople
{
    /// <summary>Whether anyone belongs to the organization.</summary>
    Task<bool> AnyInAsync(Guid orgId, CancellationToken ct);

    /// <summary>
    /// Loads the rows of people that the database deletes together with the organization (positions, links, reserves
    /// there), so that the change tracker removes, and the audit log records, each one.
    /// </summary>
    Task TrackRemovedWithAsync(Guid orgId, CancellationToken ct);

    /// <summary>The organization a person belongs to, or null when there is no such person in sight.</summary>
    Task<Guid?> OrgOfAsync(Guid personId, CancellationToken ct);

    /// <summary>The names of those among these people who are in sight.</summary>
    Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> personIds, CancellationToken ct);
}
