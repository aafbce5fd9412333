using Microsoft.Net.Http.Headers;
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
        audit.MapGet("/", async (AuditSearch search, string? user, string? entityType, string? entityId, string? name, AuditAction? action,
                DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await search.SearchAsync(new AuditFilter(user, entityType, entityId, action, from, to, name), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("审计日志条目（按用户、对象、操作、时间筛选；最新在前，分页）")
            .WithDescription("user 为用户名（精确匹配）；entityType 为对象类型（如 Person、Organization），entityId 为其编号；name 为对象名称的一部分"
                + "（也匹配摘要）；from、to 为 ISO 8601 时刻，含 from 不含 to。before、after 为 JSON 文本，个人信息已脱敏。"
                + "operation 为所属操作的编号（该操作第一条记录的序号；较早的记录为空），entityName 为记录时的对象名称，reason 为操作原因。");
        audit.MapGet("/operations", async (AuditSearch search, string? user, string? entityType, string? entityId, string? name, AuditAction? action,
                DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await search.OperationsAsync(new AuditFilter(user, entityType, entityId, action, from, to, name), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("审计日志按操作归组（一次保存、一次登录、一次导入为一项；最新在前，分页）")
            .WithDescription("筛选条件同 GET /api/v1/audit：列出至少有一条记录符合条件的操作，每项含该操作的全部记录（entries，按序号）。");
        audit.MapGet("/export.xlsx", async (HttpContext http, AuditExport export, AuditLog log, TimeProvider clock, string? user, string? entityType,
                string? entityId, string? name, AuditAction? action, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
            {
                var filter = new AuditFilter(user, entityType, entityId, action, from, to, name);
                var buffer = new MemoryStream();
                var count = await export.WriteAsync(buffer, filter, ct);
                buffer.Position = 0;
                await log.RecordAsync(AuditAction.Export, nameof(AuditEntry), null, $"导出审计日志（{count} 条）", after: new { Filter = filter, Count = count }, ct: ct);
                var disposition = new ContentDispositionHeaderValue("attachment") { FileName = "audit.xlsx" };
                disposition.FileNameStar = $"审计日志_{ChinaTime.Today(clock):yyyy-MM-dd}.xlsx";
                http.Response.Headers.ContentDisposition = disposition.ToString();
                return TypedResults.File(buffer, SpreadsheetsApi.XlsxContentType);
            })
            .Produces(StatusCodes.Status200OK, contentType: SpreadsheetsApi.XlsxContentType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("导出审计日志（xlsx，筛选条件同 GET /api/v1/audit；导出记入审计日志）")
            .WithDescription($"每条记录一行，含所属操作编号、操作人姓名、中文字段名的变更前后值。一次最多 {AuditExport.MaxRows} 条，超过时返回 422 audit_export_too_large。");
        audit.MapGet("/verify", async (AuditVerifier verifier, CancellationToken ct) => TypedResults.Ok(await verifier.VerifyAsync(ct: ct)))
            .WithSummary("校验审计日志的 SM3 哈希链")
            .WithDescription("intact 为 true 表示完整；否则 break 给出第一条断开的记录（sequence）及原因：SequenceGap 序号不连续、PreviousHashMismatch 前一哈希不符、HashMismatch 内容与哈希不符。");
        return api;
    }
}
