using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Audit;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Supervision;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/supervision-orders: 督办单, issued by the county (or a township) to an organization and answered by it.</summary>
public static class SupervisionApi
{
    private const string XlsxContentType = XlsxDownload.ContentType;

    public static RouteGroupBuilder MapSupervisionApi(this RouteGroupBuilder api)
    {
        // Reads need DataRead; every step writes the order (SupervisionRespond), the issuer's steps also need SupervisionIssue.
        // Which side of an order the account is on (receiver or issuer) is the service's to check.
        var orders = api.MapGroup("/supervision-orders").WithTags("督办单 Supervision orders")
            .RequireReadWrite(Permission.DataRead, Permission.SupervisionRespond);
        orders.MapGet("/", async (SupervisionService svc, int? page, int? pageSize, Guid? under, Guid? orgId, Guid? issuerOrgId, OrderSide? side,
                SupervisionState? state, bool? overdue, bool? escalated, bool? open, int? year, Guid? batchId, string? sourceType, string? q,
                CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new OrderFilter(under, orgId, issuerOrgId, side, state, overdue, escalated, open, year, batchId, sourceType, q),
                PageRequest.Of(page, pageSize), ct)))
            .WithSummary("督办台账（按承办单位子树或承办单位、督办单位、本单位下发/承办、状态、逾期、重点督办、年度、批次、来源类型、编号或事项筛选，分页；重点督办在前）")
            .WithDescription("逾期：办理时限（中国日期）已过且尚未办结。q 可为编号（3、3号、督办〔2026〕3号）或督办事项、来源中的文字。");
        orders.MapGet("/export.xlsx", async (HttpContext http, SupervisionExport export, AuditLog audit, TimeProvider clock, Guid? under, Guid? orgId,
                Guid? issuerOrgId, OrderSide? side, SupervisionState? state, bool? overdue, bool? escalated, bool? open, int? year, Guid? batchId,
                string? sourceType, string? q, CancellationToken ct) =>
            {
                var buffer = new MemoryStream();
                var filter = new OrderFilter(under, orgId, issuerOrgId, side, state, overdue, escalated, open, year, batchId, sourceType, q);
                await export.WriteRegisterAsync(buffer, filter, ct);
                await audit.RecordAsync(AuditAction.Export, nameof(SupervisionOrder), null, "导出督办台账", after: new { Filter = filter }, ct: ct);
                return XlsxDownload.Send(http, buffer, clock, "督办台账", "supervision-orders");
            })
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .RequirePermission(Permission.Export)
            .WithSummary("导出督办台账（xlsx，筛选条件同台账）");
        orders.MapGet("/{id:guid}", async (SupervisionService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("督办单详情（含办理记录、反馈材料，以及当前账号可进行的操作 steps）");

        orders.MapPost("/", async Task<Created<OrderDetail>> (SupervisionService svc, SupervisionOrderInput input, CancellationToken ct) =>
            {
                var order = await svc.IssueAsync(input, ct);
                return TypedResults.Created($"/api/v1/supervision-orders/{order.Order.Id}", order);
            })
            .RequirePermission(Permission.SupervisionIssue)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("下发督办单（编号为督办单位当年的下一个：督办〔年〕N号）")
            .WithDescription("督办单位（issuerOrgId，省略时为本账号所属组织）须为县委或乡镇（街道）党委，承办单位（orgId）须为其下级组织。"
                + "来源（sourceType + sourceId，可选）指向督办的任务、项目或问题：sourceType 为 task、project、problem、inspection、meetings.compliance 等。"
                + "办理时限不能早于今天（中国日期）。");
        orders.MapPost("/bulk", async Task<Created<BulkIssueResult>> (SupervisionService svc, BulkOrderInput input, CancellationToken ct) =>
            {
                var result = await svc.IssueBulkAsync(input, ct);
                return TypedResults.Created($"/api/v1/supervision-orders?batchId={result.BatchId}", result);
            })
            .RequirePermission(Permission.SupervisionIssue)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("批量下发督办单：同一内容，每个承办单位（targets）一份，全部成功或全部不下发")
            .WithDescription("用于从落后事项清单（如三会一课未完成的支部）一次督办：每个 target 给出承办单位及其来源。"
                + "任一 target 有误时返回 422，errors 按 targets[i].字段 列出每一处，不下发任何一份。一次最多 " + SupervisionService.MaxBulk + " 份。");

        orders.MapPost("/{id:guid}/acknowledge", async (SupervisionService svc, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await svc.AcknowledgeAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("签收（承办单位）");
        orders.MapPost("/{id:guid}/respond", async (SupervisionService svc, Guid id, RespondInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.RespondAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("反馈办理情况（承办单位，签收后；附材料）")
            .WithDescription("fileIds 为先以 POST /api/v1/files?orgId={承办单位} 上传、尚未用于其他记录的文件。"
                + "承办单位以外的账号反馈返回 403（code order_not_receiver），不保存任何内容。");
        orders.MapPost("/{id:guid}/verify", async (SupervisionService svc, Guid id, VerifyInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.VerifyAsync(id, input, ct)))
            .RequirePermission(Permission.SupervisionIssue)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("核验办结（督办单位，已反馈的督办单）");
        orders.MapPost("/{id:guid}/return", async (SupervisionService svc, Guid id, ReturnInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.ReturnAsync(id, input, ct)))
            .RequirePermission(Permission.SupervisionIssue)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("退回（督办单位，须说明理由；退回后为已签收，由承办单位重新反馈）");
        orders.MapPost("/{id:guid}/escalate", async (SupervisionService svc, Guid id, EscalateInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.EscalateAsync(id, input, ct)))
            .RequirePermission(Permission.SupervisionIssue)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("升级为重点督办（督办单位，未办结的督办单；在县委各角色和承办单位的首页置顶显示）");
        return api;
    }
}
