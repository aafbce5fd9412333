using Zeren.Core.Audit;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/audit: search the audit log and verify its hash chain. For holders of <see cref="Permission.AuditRead"/>.</summary>
public static class AuditApi
{
    /// <summary>The policy every audit endpoint and page requires (<see cref="SecuritySetup.Policy"/> of AuditRead), as a constant for attributes.</summary>
    public const string ReadPolicy = "perm:" + nameof(Permission.AuditRead);

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("审计 Audit").RequirePermission(Permission.AuditRead);
        audit.MapGet("/", async (AuditSearch search, string? user, string? entityType, string? entityId, AuditAction? action,
                DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await search.SearchAsync(new AuditFilter(user, entityType, entityId, action, from, to), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("审计日志（按用户、对象、操作、时间筛选；最新在前，分页）")
            .WithDescription("user 为用户名（精确匹配）；entityType 为对象类型（如 Person、Organization），entityId 为其编号；from、to 为 ISO 8601 时刻，含 from 不含 to。before、after 为 JSON 文本，个人信息已脱敏。");
        audit.MapGet("/verify", async (AuditVerifier verifier, CancellationToken ct) => TypedResults.Ok(await verifier.VerifyAsync(ct: ct)))
            .WithSummary("校验审计日志的 SM3 哈希链")
            .WithDescription("intact 为 true 表示完整；否则 break 给出第一条断开的记录（sequence）及原因：SequenceGap 序号不连续、PreviousHashMismatch 前一哈希不符、HashMismatch 内容与哈希不符。");
        return api;
    }
}
