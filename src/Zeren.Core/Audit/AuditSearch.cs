using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Audit;

/// <summary>
/// What to look for in the audit log: a user name (exact), an entity type and id, an action, and a time range
/// [<paramref name="From"/>, <paramref name="To"/>) of UTC instants.
/// </summary>
public sealed record AuditFilter(string? User = null, string? EntityType = null, string? EntityId = null, AuditAction? Action = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record AuditEntryView(
    long Sequence, DateTimeOffset At, Guid? AccountId, string UserName, string? ClientAddress, string? ActorOrgPath, AuditAction Action,
    string EntityType, string? EntityId, string Summary, string? Before, string? After, string PreviousHash, string Hash);

/// <summary>An entity type that rows of the log may name, with its Chinese label.</summary>
public sealed record AuditEntityType(string Name, string Label);

/// <summary>
/// Reading the audit log: search, newest first, paged in the database. An audit administrator bound to an organization
/// reads the entries of accounts inside its data scope (by <see cref="AuditEntry.ActorOrgPath"/>); entries of the app
/// itself, of failed sign-ins under unknown names and of whole-deployment accounts are for auditors bound to a top
/// organization or to none.
/// </summary>
public sealed class AuditSearch(ZerenDbContext db)
{
    public async Task<Paged<AuditEntryView>> SearchAsync(AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.From is { } f && filter.To is { } t && t <= f)
        {
            throw new DomainException("audit_range", "结束时间应晚于开始时间。", "to");
        }
        var q = db.Set<AuditEntry>().AsNoTracking();
        // An auditor bound to a top organization (the county, or the province) audits the whole deployment, the app's
        // own entries included.
        if (!db.ScopeAll && !db.Scope.Paths.Any(p => OrgPath.DepthOf(p) == 0))
        {
            var (l0, u0) = (db.ScopeLower0, db.ScopeUpper0);
            var (l1, u1) = (db.ScopeLower1, db.ScopeUpper1);
            var (l2, u2) = (db.ScopeLower2, db.ScopeUpper2);
            var (l3, u3) = (db.ScopeLower3, db.ScopeUpper3);
            q = q.Where(e => e.ActorOrgPath != null && (
                (e.ActorOrgPath.CompareTo(l0) >= 0 && e.ActorOrgPath.CompareTo(u0) < 0)
                || (e.ActorOrgPath.CompareTo(l1) >= 0 && e.ActorOrgPath.CompareTo(u1) < 0)
                || (e.ActorOrgPath.CompareTo(l2) >= 0 && e.ActorOrgPath.CompareTo(u2) < 0)
                || (e.ActorOrgPath.CompareTo(l3) >= 0 && e.ActorOrgPath.CompareTo(u3) < 0)));
        }
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim();
            q = q.Where(e => e.UserName == user);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            var type = filter.EntityType.Trim();
            q = q.Where(e => e.EntityType == type);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var id = filter.EntityId.Trim();
            q = q.Where(e => e.EntityId == id);
        }
        if (filter.Action is { } action)
        {
            q = q.Where(e => e.Action == action);
        }
        if (filter.From is { } from)
        {
            var since = AuditEntry.ToMilliseconds(from);
            q = q.Where(e => e.At >= since);
        }
        if (filter.To is { } to)
        {
            var until = AuditEntry.ToMilliseconds(to);
            q = q.Where(e => e.At < until);
        }
        return await q.OrderByDescending(e => e.Sequence)
            .Select(e => new AuditEntryView(e.Sequence, e.At, e.AccountId, e.UserName, e.ClientAddress, e.ActorOrgPath, e.Action,
                e.EntityType, e.EntityId, e.Summary, e.Before, e.After, e.PreviousHash, e.Hash))
            .ToPagedAsync(page, ct);
    }

    public async Task<AuditEntryView?> FindAsync(long sequence, CancellationToken ct = default) =>
        await db.Set<AuditEntry>().AsNoTracking().IgnoreQueryFilters().Where(e => e.Sequence == sequence)
            .Select(e => new AuditEntryView(e.Sequence, e.At, e.AccountId, e.UserName, e.ClientAddress, e.ActorOrgPath, e.Action,
                e.EntityType, e.EntityId, e.Summary, e.Before, e.After, e.PreviousHash, e.Hash))
            .SingleOrDefaultAsync(ct);

    /// <summary>The entity types of the model (every one is audited), with the labels their classes declare.</summary>
    public IReadOnlyList<AuditEntityType> EntityTypes() =>
        db.Model.GetEntityTypes()
            .Where(t => t.ClrType != typeof(AuditEntry) && !t.IsOwned())
            .Select(t => new AuditEntityType(t.ShortName(), AuditEntityLabels.Of(t.ClrType, t.ShortName())))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
}
