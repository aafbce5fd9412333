using Zeren.Core.Notifications;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/notifications: the 站内通知 of the caller's organization.</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/notifications").WithTags("通知 Notifications").RequirePermission(Permission.DataRead);
        g.MapGet("/", async (NotificationService svc, bool? unread, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(unread ?? false, PageRequest.Of(page, pageSize), ct)))
            .WithSummary("本组织的站内通知（最新在前，分页）")
            .WithDescription("发给当前账号所属组织的通知，如每日会议提醒。unread=true 只列未读。未绑定组织的账号没有通知。");
        g.MapGet("/unread-count", async (NotificationService svc, CancellationToken ct) => TypedResults.Ok(new { count = await svc.UnreadCountAsync(ct) }))
            .WithSummary("本组织未读通知数");
        g.MapPost("/{id:guid}/read", async (NotificationService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.MarkReadAsync(id, ct)))
            .WithSummary("标记通知为已读（对本组织所有账号）");
        return api;
    }
}
