using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
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

/// <summary>Reading the audit log: search, newest first, paged in the database.</summary>
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
