using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Zeren.Core.Files;
using Zeren.Core.Platform;
using Zeren.Core.Projects;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/plans and /api/v1/projects: annual plans (党建思路, 三上三下) and the project ledger (党建项目, 项目账单).</summary>
public static class ProjectsApi
{
    private const string XlsxContentType = XlsxDownload.ContentType;

    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        MapPlans(api);
        MapProjects(api);
        return api;
    }

    private static void MapPlans(RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/plans").WithTags("党建思路 Plans").RequireReadWrite(Permission.DataRead, Permission.PlansWrite);
        plans.MapGet("/", async (PlanService svc, Guid? under, int? year, PlanStatus? status, bool? flagged, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new PlanFilter(under, year, status, flagged), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("党建思路列表（按组织子树、年度、状态、是否三次退回筛选，分页）");
        plans.MapGet("/{id:guid}", async (PlanService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("党建思路详情（全部版本、每版的拟办项目和审核意见）");
        plans.MapPost("/", async Task<Created<PlanDetail>> (PlanService svc, PlanInput input, CancellationToken ct) =>
            {
                var plan = await svc.SubmitAsync(input, ct);
                return TypedResults.Created($"/api/v1/plans/{plan.Plan.Id}", plan);
            })
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("提交年度党建思路（一上）")
            .WithDescription("每个乡镇（街道）每年一份。每个拟办项目须五定齐全（定人员 personId、定事项 name、定目标 target、定责任 responsibility、"
                + "定时限 startOn/dueOn），完成时限不得早于开始日期；缺项时 422，errors 逐项列出（如 projects[1].target），不保存任何内容。");
        plans.MapPost("/{id:guid}/versions", async (PlanService svc, Guid id, PlanRevision input, CancellationToken ct) =>
            TypedResults.Ok(await svc.ResubmitAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("退回后修改再报（二上、三上……），保存为新版本，原版本保留");
        plans.MapPost("/{id:guid}/return", async (PlanService svc, Guid id, PlanReview input, CancellationToken ct) =>
            TypedResults.Ok(await svc.ReturnAsync(id, input, ct)))
            .RequirePermission(Permission.PlansReview)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("退回修改（须填写修改意见）")
            .WithDescription("三上三下：最多退回 3 次。第 3 次退回时标记该思路并通知县委组织部领导（计入年度考核）；第 4 次退回返回 422（code plan_fourth_return），不保存。");
        plans.MapPost("/{id:guid}/approve", async (PlanService svc, Guid id, PlanReview input, CancellationToken ct) =>
            TypedResults.Ok(await svc.ApproveAsync(id, input, ct)))
            .RequirePermission(Permission.PlansReview)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("审核通过：当前版本的拟办项目一次生成该乡镇（街道）的项目账单");
    }

    private static void MapProjects(RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("党建项目 Projects").RequireReadWrite(Permission.DataRead, Permission.ProjectsWrite);
        projects.MapGet("/", async (ProjectService svc, Guid? under, Guid? orgId, int? year, ProjectStatus? status, Guid? planId, int? page, int? pageSize,
                CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new ProjectFilter(under, orgId, year, status, planId), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("项目账单（按组织子树、乡镇、年度、状态、来源思路筛选，分页；status 为当天状态，Overdue 为逾期未完成）");
        projects.MapGet("/ledgers", async (ProjectService svc, Guid? under, int year, CancellationToken ct) =>
            TypedResults.Ok(await svc.LedgersAsync(under, year, ct)))
            .WithSummary("各乡镇（街道）项目账单汇总：各状态项目数和平均进度");
        projects.MapGet("/export.xlsx", async (HttpContext http, ProjectExport export, Zeren.Core.Audit.AuditLog audit, TimeProvider clock, Guid? under,
                Guid? orgId, int? year, ProjectStatus? status, Guid? planId, CancellationToken ct) =>
            {
                var buffer = new MemoryStream();
                var filter = new ProjectFilter(under, orgId, year, status, planId);
                await export.WriteLedgerAsync(buffer, filter, ct);
                await audit.RecordAsync(Zeren.Core.Audit.AuditAction.Export, nameof(Project), null, "导出项目账单", after: new { Filter = filter }, ct: ct);
                return XlsxDownload.Send(http, buffer, clock, "项目账单", "projects");
            })
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .RequirePermission(Permission.Export)
            .WithSummary("导出项目账单（xlsx，筛选条件同列表）");
        projects.MapGet("/{id:guid}", async (ProjectService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("党建项目详情（五定、里程碑、进展、月度对账、未对账月份）");
        projects.MapPost("/", async Task<Created<ProjectDetail>> (ProjectService svc, ProjectInput input, CancellationToken ct) =>
            {
                var project = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/projects/{project.Project.Id}", project);
            })
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("新增党建项目（五定齐全，完成时限不早于开始日期）");
        projects.MapPut("/{id:guid}", async (ProjectService svc, Guid id, ProjectRevision input, CancellationToken ct) =>
            TypedResults.Ok(await svc.UpdateAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("修改未完成项目的五定和里程碑");
        projects.MapPost("/{id:guid}/progress", async Task<Created<ProgressView>> (ProjectService svc, Guid id, ProgressInput input, CancellationToken ct) =>
            {
                var entry = await svc.AddProgressAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/projects/{id}", entry);
            })
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("登记项目进展（日期、进展情况、完成进度 0–100）");
        projects.MapPost("/{id:guid}/reconciliations", async Task<Created<ReconciliationView>> (ProjectService svc, Guid id, ReconciliationInput input,
                CancellationToken ct) =>
            {
                var rec = await svc.ReconcileAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/projects/{id}", rec);
            })
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("月度对账（一月一对账）")
            .WithDescription("month 为对账月份（如 2026-11），次月 5 日（可配置）前完成，逾期提交记为迟交。每个项目每月一次；已完成或已取消的项目不能对账（422 reconciliation_project_closed），不保存任何内容。");
        projects.MapPost("/{id:guid}/complete", async (ProjectService svc, Guid id, CompletionInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.CompleteAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("项目完成（完成日期不早于开始日期、不晚于今天）");
        projects.MapPost("/{id:guid}/cancel", async (ProjectService svc, Guid id, CancellationInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.CancelAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("取消项目（须填写原因；其未完成的待办一并取消）");
        MapEvidence(projects);
    }

    private static void MapEvidence(RouteGroupBuilder projects)
    {
        var maxBytes = ((IEndpointRouteBuilder)projects).ServiceProvider.GetRequiredService<IOptions<UploadOptions>>().Value.MaxBytes;
        projects.MapPost("/{id:guid}/progress/{entryId:guid}/evidence", async Task<Created<EvidenceView>> (ProjectService svc, Guid id, Guid entryId,
                IFormFile? file, CancellationToken ct) =>
            {
                if (file is null)
                {
                    throw new DomainException("file_missing", "请选择要上传的文件（表单字段 file）。", "file");
                }
                await using var content = file.OpenReadStream();
                var evidence = await svc.AttachEvidenceAsync(id, entryId, content, file.FileName, file.ContentType, ct);
                return TypedResults.Created($"/api/v1/files/{evidence.FileId}", evidence);
            })
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + FilesApi.MultipartOverhead))
            .WithFormOptions(multipartBodyLengthLimit: maxBytes + FilesApi.MultipartOverhead)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("上传进展佐证材料（jpg、png、pdf，每条进展最多 10 个）");
    }
}
