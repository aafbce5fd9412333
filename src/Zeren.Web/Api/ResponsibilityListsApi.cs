using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Zeren.Core.Files;
using Zeren.Core.Platform;
using Zeren.Core.Responsibilities;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/responsibility-lists: 责任清单, their issue to organizations below, and each item's completion at each receiver.</summary>
public static class ResponsibilityListsApi
{
    private const string XlsxContentType = XlsxDownload.ContentType;

    public static RouteGroupBuilder MapResponsibilityListsApi(this RouteGroupBuilder api)
    {
        var lists = api.MapGroup("/responsibility-lists").WithTags("责任清单 Responsibility lists")
            .RequireReadWrite(Permission.DataRead, Permission.ListsIssue);
        lists.MapGet("/", async (ResponsibilityListService svc, ListSide? side, ListKind? kind, string? q, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new ListFilter(side ?? ListSide.All, kind, q), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("责任清单列表（本单位下发的和收到的，含完成进度，分页）")
            .WithDescription("side：Issued 本范围内单位下发的，Received 下发给本范围内单位的，默认两者。完成进度按读者范围内的接收单位统计。");
        lists.MapGet("/{id:guid}", async (ResponsibilityListService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("责任清单详情（事项及各事项完成进度）");
        lists.MapPost("/", async Task<Created<ListDetail>> (ResponsibilityListService svc, ListInput input, CancellationToken ct) =>
        {
            var list = await svc.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/responsibility-lists/{list.List.Id}", list);
        }).WithSummary("新建责任清单（草稿，可同时填写事项）")
            .WithDescription("事项：content 事项内容、standard 完成标准、dueOn 完成时限、role 责任人类别（First 第一责任人、Direct 直接责任人、Specific 具体责任人，下发时按接收单位当日任职确定到人）或 personId 指定责任人，二者选一。所有错误一次返回。");
        lists.MapPost("/{id:guid}/items", async (ResponsibilityListService svc, Guid id, ItemInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.AddItemAsync(id, input, ct)))
            .WithSummary("追加事项（已下发的清单同时下发给全部接收单位）");
        lists.MapPut("/{id:guid}/items/{itemId:guid}", async (ResponsibilityListService svc, Guid id, Guid itemId, ItemInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.UpdateItemAsync(id, itemId, input, ct)))
            .WithSummary("修改事项（内容、完成标准、完成时限、责任人；已下发的清单同步到各接收单位未完成的记录及其义务，已报完成的保持不变）")
            .WithDescription("已撤销的事项不能修改。已过期的完成时限可以保持不变，改为新的时限不能早于今天。所有错误一次返回。");
        lists.MapPost("/{id:guid}/items/{itemId:guid}/revoke", async (ResponsibilityListService svc, Guid id, Guid itemId, RevokeInput input,
                CancellationToken ct) =>
            TypedResults.Ok(await svc.RevokeItemAsync(id, itemId, input, ct)))
            .WithSummary("撤销事项（须填原因；各接收单位未完成的记录变为已撤销，其义务随之取消，已报完成的记录保留）");
        lists.MapDelete("/{id:guid}", async (ResponsibilityListService svc, Guid id, CancellationToken ct) =>
            {
                await svc.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("删除草稿清单（连同事项；已下发的清单不能删除，请逐项撤销）");
        lists.MapPost("/{id:guid}/issue", async (ResponsibilityListService svc, Guid id, IssueInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.IssueAsync(id, input, ct)))
            .WithSummary("下发清单（按组织类别、层级、领域选定下级组织，或逐个指定；已接收的单位不重复）")
            .WithDescription("targets：规则列表，每条 kind 组织类别、level 下发单位以下第几级（1 为直属下级）、domain 领域，至少一项。orgIds：逐个指定的下级组织。每个接收单位的每个事项成为该单位的一项义务（responsibility.item），到期日为事项完成时限。");
        lists.MapGet("/{id:guid}/receivers", async (ResponsibilityListService svc, Guid id, ReceiverFilter? filter, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await svc.ReceiversAsync(id, filter ?? ReceiverFilter.All, PageRequest.Of(page, pageSize), ct)))
            .WithSummary("完成情况：接收单位 × 事项（按组织树顺序分页，filter：Done 全部完成、Open 未完成、Overdue 有逾期）");
        lists.MapGet("/{id:guid}/receivers/{orgId:guid}", async (ResponsibilityListService svc, Guid id, Guid orgId, CancellationToken ct) =>
            TypedResults.Ok(await svc.ReceiverAsync(id, orgId, ct)))
            .WithSummary("某接收单位的清单事项（状态、责任人、完成情况说明、佐证材料）");
        lists.MapGet("/{id:guid}/export.xlsx", async (HttpContext http, ListExport export, Zeren.Core.Audit.AuditLog audit, TimeProvider clock, Guid id,
                CancellationToken ct) =>
            {
                var buffer = new MemoryStream();
                var detail = await export.WriteAsync(buffer, id, ct);
                await audit.RecordAsync(Zeren.Core.Audit.AuditAction.Export, nameof(ResponsibilityList), id.ToString(), "导出责任清单完成情况", ct: ct);
                return XlsxDownload.Send(http, buffer, clock, $"{detail.List.Title}_完成情况", "responsibility_list");
            })
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .RequirePermission(Permission.Export)
            .WithSummary("导出清单完成情况（xlsx：接收单位 × 事项，及事项表）");

        // Reporting is the receivers' (ListsReport); confirming and returning the issuer's, checked by the service.
        var completions = api.MapGroup("/responsibility-lists/completions").WithTags("责任清单 Responsibility lists")
            .RequireReadWrite(Permission.DataRead, Permission.ListsReport);
        completions.MapGet("/{id:guid}", async (ResponsibilityListService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.CompletionAsync(id, ct)))
            .WithSummary("某事项在某接收单位的落实情况");
        completions.MapPost("/{id:guid}/done", async (ResponsibilityListService svc, Guid id, DoneInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.MarkDoneAsync(id, input, ct)))
            .WithSummary("标记完成（附完成情况说明；佐证文件另行上传）");
        completions.MapPost("/{id:guid}/confirm", async (ResponsibilityListService svc, Guid id, CancellationToken ct) =>
            TypedResults.Ok(await svc.ConfirmAsync(id, ct)))
            .RequirePermission(Permission.ListsIssue)
            .WithSummary("下发单位确认完成");
        completions.MapPost("/{id:guid}/return", async (ResponsibilityListService svc, Guid id, ReturnInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.ReturnAsync(id, input, ct)))
            .RequirePermission(Permission.ListsIssue)
            .WithSummary("下发单位退回（附退回意见，事项重新变为未完成）");
        var maxBytes = ((IEndpointRouteBuilder)completions).ServiceProvider.GetRequiredService<IOptions<UploadOptions>>().Value.MaxBytes;
        completions.MapPost("/{id:guid}/files", async Task<Created<EvidenceFile>> (ResponsibilityListService svc, Guid id, IFormFile? file, CancellationToken ct) =>
            {
                if (file is null)
                {
                    throw new DomainException("file_missing", "请选择要上传的文件（表单字段 file）。", "file");
                }
                await using var content = file.OpenReadStream();
                var kept = await svc.AttachAsync(id, content, file.FileName, file.ContentType, ct);
                return TypedResults.Created($"/api/v1/files/{kept.FileId}", kept);
            })
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + FilesApi.MultipartOverhead))
            .WithFormOptions(multipartBodyLengthLimit: maxBytes + FilesApi.MultipartOverhead)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("上传佐证材料（jpg、png、pdf，每个事项最多 10 个；已确认的不能再上传）");
        return api;
    }
}
