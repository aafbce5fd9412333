namespace Zeren.Core.Platform;

/// <summary>
/// A record elsewhere that keeps a person or an organization from being deleted: a capability that refers to them
/// (the meeting ledger, later inspections and rectifications) says so here, and the delete is refused with its reason
/// before anything changes. Records are kept; people leave an organization by moving, not by vanishing (ADR 0013).
/// </summary>
public interface IDeletionGuard
{
    /// <summary>Why this person cannot be deleted, or null when nothing of this capability refers to them.</summary>
    Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct);

    /// <summary>Why this organization cannot be deleted, or null when nothing of this capability refers to it.</summary>
    Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct);

    /// <summary>Why this grid cannot be deleted, or null when nothing of this capability refers to it.</summary>
    Task<DomainException?> CheckGridAsync(Guid gridId, CancellationToken ct) => Task.FromResult<DomainException?>(null);
}

public static class DeletionGuards
{
    /// <summary>Throws the first guard's refusal, if any.</summary>
    public static async Task EnsureAsync(this IEnumerable<IDeletionGuard>? guards, Func<IDeletionGuard, Task<DomainException?>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var guard in guards ?? [])
        {
            if (await check(guard) is { } refusal)
            {
                throw refusal;
            }
        }
    }
}
