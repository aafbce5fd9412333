using Zeren.Core.Data;
using Zeren.Core.Security;

namespace Zeren.Core.Audit;

/// <summary>
/// 审计日志 for what is not a row change: logins, logouts, exports, unmasking, role grants, imports. Changes to rows
/// are recorded by <see cref="AuditInterceptor"/> without being asked. Scoped.
/// </summary>
public sealed class AuditLog(ZerenDbContext db, AuditInterceptor interceptor, ActorAccessor actors)
{
    /// <summary>
    /// Records an event by the current actor. It is saved with whatever else the DbContext holds, in one
    /// transaction: call it after your own changes, or when there are none.
    /// </summary>
    public Task RecordAsync(AuditAction action, string entityType, string? entityId, string summary, object? before = null, object? after = null,
        string? entityName = null, CancellationToken ct = default) =>
        RecordAsync(actors.Current, action, entityType, entityId, summary, before, after, entityName, ct);

    /// <summary>
    /// Records an event by an explicit actor: a failed login, where nobody is signed in but the user name typed and the
    /// client address are known (<see cref="Visitor"/>).
    /// </summary>
    public async Task RecordAsync(Actor actor, AuditAction action, string entityType, string? entityId, string summary, object? before = null,
        object? after = null, string? entityName = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        interceptor.Enqueue(new AuditDraft(action, entityType, entityId, summary,
            AuditValues.Serialize(entityType, before), AuditValues.Serialize(entityType, after), actor) { EntityName = entityName });
        await db.SaveChangesAsync(ct);
        if (interceptor.HasPending)
        {
            throw new InvalidOperationException("The audit entry was not written: the DbContext is not configured with the AuditInterceptor (UseAuditLog).");
        }
    }

    /// <summary>Someone who is not signed in: the user name they typed and where they came from.</summary>
    public static Actor Visitor(string? userName, string? clientAddress) =>
        new(null, string.IsNullOrWhiteSpace(userName) ? "anonymous" : userName.Trim(), clientAddress, [], DataScope.Nothing);

    /// <summary>
    /// Switches off per-row entries until disposed, for a bulk job of the app itself (loading the demo county), which
    /// records one summary entry instead. Refused when an account is the actor: requests are always audited row by row.
    /// </summary>
    public IDisposable SuspendRowAuditing() => interceptor.Suspend();
}
