using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/meetings, /meeting-cadences, /compliance: the meeting ledger (三会一课) and its cadence compliance.</summary>
public static class MeetingsApi
{
    private const string XlsxContentType = XlsxDownload.ContentType;

    public static RouteGroupBuilder MapMeetingsApi(this RouteGroupBuilder api)
    {
        var meetings = api.MapGroup("/meetings").WithTags("三会一课 Meetings").RequireReadWrite(Permission.DataRead, Permission.MeetingsWrite);
        meetings.MapGet("/", async (MeetingService svc, int? page, int? pageSize, Guid? under, Guid? orgId, MeetingType? type, string? period, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new MeetingFilter(under, orgId, type, period), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("会议记录列表（按组织子树、支部、类型、期间筛选，分页）");
        meetings.MapGet("/export.xlsx", async (HttpContext http, MeetingExport export, Zeren.Core.Audit.AuditLog audit, TimeProvider clock, Guid? under, Guid? orgId,
                MeetingType? type, string? period, CancellationToken ct) =>
            {
                var buffer = new MemoryStream();
                var filter = new MeetingFilter(under, orgId, type, period);
                await export.WriteLedgerAsync(buffer, filter, ct);
                await audit.RecordAsync(Zeren.Core.Audit.AuditAction.Export, nameof(Meeting), null, "导出会议台账", after: new { Filter = filter }, ct: ct);
                return XlsxDownload.Send(http, buffer, clock, "会议台账", "meetings");
            })
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .RequirePermission(Permission.Export)
            .WithSummary("导出会议台账（xlsx，筛选条件同列表）");
        meetings.MapGet("/{id:guid}", async (MeetingService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("会议记录详情（含参会情况和补正记录）");
        meetings.MapGet("/officers", async (MeetingService svc, Guid orgId, DateOnly? on, [FromQuery] MeetingType[]? types, CancellationToken ct) =>
            TypedResults.Ok(await svc.OfficersAsync(orgId, on, types, ct)))
            .WithSummary("支部党员及书记、第一书记、文书、支部委员会（登记会议时的主持人和默认应到人员）")
            .WithDescription("expected 是所给会议类型（types，可多个）的默认应到人员：只开支部委员会时为当日在任的支部委员（书记、副书记、委员），其他会议为全体党员。"
                + "应到人员由登记人增删：登记或修改会议时 attendees 列出的人员即为应到，应到、实到人数和合规统计按所列人员计算。");
        meetings.MapPost("/", async Task<Created<MeetingDetail>> (MeetingService svc, MeetingInput input, CancellationToken ct) =>
        {
            var meeting = await svc.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/meetings/{meeting.Meeting.Id}", meeting);
        }).WithSummary("登记会议");
        meetings.MapPut("/{id:guid}", async (MeetingService svc, Guid id, MeetingInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.UpdateAsync(id, input, ct)))
            .WithSummary("修改会议记录（会后 7 天以上的修改作为补正，原记录保留）");
        meetings.MapDelete("/{id:guid}", async (MeetingService svc, Guid id, CancellationToken ct) =>
        {
            await svc.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("删除误录的会议记录（会后 7 天内）");
        MapAttachments(meetings);

        // The rules are read by those who read the data and by the 系统管理员 who keeps them, who reads no data:
        // one policy of either permission for reads, ConfigWrite for everything else.
        var cadences = api.MapGroup("/meeting-cadences").WithTags("三会一课 Meetings").RequireReadWrite(Permission.ConfigWrite, Permission.ConfigWrite);
        api.MapGet("/meeting-cadences", async (CadenceService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .WithTags("三会一课 Meetings")
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                SecuritySetup.Allows(ctx.User, Permission.DataRead) || SecuritySetup.Allows(ctx.User, Permission.ConfigWrite)))
            .WithSummary("三会一课频次规则（全部版本）");
        cadences.MapPost("/", async Task<Created<CadenceView>> (CadenceService svc, CadenceInput input, CancellationToken ct) =>
        {
            var rule = await svc.AddVersionAsync(input, ct);
            return TypedResults.Created($"/api/v1/meeting-cadences/{rule.Id}", rule);
        }).WithSummary("新增频次规则版本（自生效日起适用，不改变此前期间的判定）");

        var compliance = api.MapGroup("/compliance").WithTags("三会一课 Meetings").RequireReadWrite(Permission.DataRead, Permission.DataRead);
        compliance.MapGet("/", async (ComplianceService svc, Guid org, string period, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await svc.ReportAsync(org, Period.Parse(period), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("三会一课落实情况：组织下每个党支部、每种会议的应开、已开、缺项、逾期，参会率和党课覆盖（按支部分页）");
        compliance.MapGet("/behind", async (ComplianceService svc, Guid org, string period, int? take, CancellationToken ct) =>
            TypedResults.Ok(await svc.BehindAsync(org, Period.Parse(period), take ?? 50, ct)))
            .WithSummary("落后支部预警：缺项最多的在前");
        compliance.MapGet("/behind-in-month", async (ComplianceService svc, Guid org, string month, int? page, int? pageSize, CancellationToken ct) =>
            {
                var m = Period.Parse(month, "month");
                if (m.Kind != PeriodKind.Month)
                {
                    throw new DomainException("compliance_month", "month 应为某个月，如 2026-03。", "month");
                }
                return TypedResults.Ok(await svc.BehindInMonthAsync(org, m.Year, m.Index, PageRequest.Of(page, pageSize), ct));
            })
            .WithSummary("某月未完成的支部：当月应开的会议（月度会议，季末月的季度会议，12 月的年度会议）缺项或尚未召开的党支部，按组织树顺序分页，全部列出");
        compliance.MapGet("/heatmap", async (ComplianceService svc, Guid org, int year, CancellationToken ct) =>
            TypedResults.Ok(await svc.HeatmapAsync(org, year, ct)))
            .WithSummary("热力图：下级组织 × 月份（total 为各月合计）");
        return api;
    }

    /// <summary>会议附件: photos, the scanned sign-in sheet and other material of a meeting (images and PDF).</summary>
    private static void MapAttachments(RouteGroupBuilder meetings)
    {
        var maxBytes = ((IEndpointRouteBuilder)meetings).ServiceProvider.GetRequiredService<IOptions<UploadOptions>>().Value.MaxBytes;
        meetings.MapPost("/{id:guid}/attachments", async Task<Created<MeetingAttachmentView>> (MeetingService svc, Guid id, IFormFile? file,
                [FromForm] string? kind, CancellationToken ct) =>
            {
                if (file is null)
                {
                    throw new DomainException("file_missing", "请选择要上传的文件（表单字段 file）。", "file");
                }
                var parsed = MeetingAttachment.ParseKind(kind);
                await using var content = file.OpenReadStream();
                var attachment = await svc.AttachAsync(id, content, file.FileName, file.ContentType, parsed, ct);
                return TypedResults.Created($"/api/v1/files/{attachment.FileId}", attachment);
            })
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + FilesApi.MultipartOverhead))
            .WithFormOptions(multipartBodyLengthLimit: maxBytes + FilesApi.MultipartOverhead)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("上传会议附件（会议照片、签到表、其他材料；jpg、png、pdf）")
            .WithDescription("multipart/form-data，字段 file 和 kind（Photo 会议照片、SignInSheet 签到表、Other 其他材料，默认 Other）。只接受图片（jpg、png）和 PDF，按文件内容识别类型：不符时返回 422（code upload_type），超过大小上限时返回 413（code upload_size），每次会议最多 20 个附件（422 meeting_attachments_full），超过本账号当天的上传配额时返回 429（code upload_quota_count / upload_quota_bytes），均不保存任何内容。会后 7 天以上仍可补充上传。文件属于会议所在组织，通过 GET /api/v1/files/{fileId} 下载。");
        meetings.MapDelete("/{id:guid}/attachments/{attachmentId:guid}", async (MeetingService svc, Guid id, Guid attachmentId, CancellationToken ct) =>
            {
                await svc.RemoveAttachmentAsync(id, attachmentId, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("删除会议附件（会后 7 天内；超过 7 天的记录及其附件须保留，返回 422 meeting_attachment_remove_after_window）");
    }
}
