using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Notifications;

public sealed record NotificationView(
    Guid Id, NotificationKind Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? ReadBy);

/// <summary>
/// 站内通知 as an account sees them: those addressed to the organization it is bound to, newest first. An account
/// bound to no organization (a whole-deployment administrator) has none.
/// </summary>
public sealed class NotificationService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock)
{
    private IQueryable<Notification> Mine()
    {
        var orgId = actor.Current.OrgId;
        return db.Set<Notification>().Where(n => orgId != null && n.OrgId == orgId);
    }

    public async Task<Paged<NotificationView>> ListAsync(bool unreadOnly, PageRequest page, CancellationToken ct = default)
    {
        var q = Mine().AsNoTracking();
        if (unreadOnly)
        {
            q = q.Where(n => n.ReadAt == null);
        }
        // Ids are version 7 (time first), so their order is the order of creation on both databases.
        return await q.OrderByDescending(n => n.Id)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt, n.ReadBy))
            .ToPagedAsync(page, ct);
    }

    public Task<int> UnreadCountAsync(CancellationToken ct = default) => Mine().CountAsync(n => n.ReadAt == null, ct);

    /// <summary>Marks one of the account's notifications read (for everyone of its organization); someone else's is not found.</summary>
    public async Task<NotificationView> MarkReadAsync(Guid id, CancellationToken ct = default)
    {
        var n = await Mine().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("通知", id);
        n.MarkRead(actor.Current.UserName, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt, n.ReadBy);
    }
}
