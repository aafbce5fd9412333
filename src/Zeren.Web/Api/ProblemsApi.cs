using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Audit;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/problems and /api/v1/self-checks: 问题清单, 整改 to 挂牌销号, 举一反三, statistics and the 挂牌 board.</summary>
public static class ProblemsApi
{
    public static RouteGroupBuilder MapProblemsApi(this RouteGroupBuilder api)
    {
        // Reads need DataRead. Each write names its permission; which side of a problem the account is on (the rectifying
        // organization, or the issuing side) is the service's to check.
        var problems = api.MapGroup("/problems").WithTags("问题清单 Problems").RequireReadWrite(Permission.DataRead, Permission.DataRead);
        problems.MapGet("/", async (ProblemService svc, int? page, int? pageSize, Guid? under, Guid? orgId, Guid? issuerOrgId, ProblemState? state,
                ProblemSource? source, string? category, bool? overdue, bool? open, bool? common, string? sourceType, Guid? sourceId, DateOnly? from,
                DateOnly? to, string? q, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new ProblemFilter(under, orgId, issuerOrgId, state, source, category, overdue, open, common, sourceType,
                sourceId, from, to, q), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("问题清单（按组织子树或责任单位、交办单位、状态、来源、类别、逾期、共性、来源记录、挂牌日期、文字筛选，分页；逾期在前）")
            .WithDescription("逾期：整改时限（中国日期）已过且尚未销号。from/to 为挂牌日期（中国日期，含两端）。sourceType + sourceId 查某条记录（如一次暗访）挂牌的问题。");
        problems.MapGet("/export.xlsx", async (HttpContext http, ProblemExport export, AuditLog audit, TimeProvider clock, Guid? under, Guid? orgId,
                Guid? issuerOrgId, ProblemState? state, ProblemSource? source, string? category, bool? overdue, bool? open, bool? common,
                string? sourceType, Guid? sourceId, DateOnly? from, DateOnly? to, string? q, CancellationToken ct) =>
            {
                var buffer = new MemoryStream();
                var filter = new ProblemFilter(under, orgId, issuerOrgId, state, source, category, overdue, open, common, sourceType, sourceId, from, to, q);
                await export.WriteAsync(buffer, filter, ct);
                await audit.RecordAsync(AuditAction.Export, nameof(Problem), null, "导出问题清单", after: new { Filter = filter }, ct: ct);
                return XlsxDownload.Send(http, buffer, clock, "问题清单", "problems");
            })
            .Produces(StatusCodes.Status200OK, contentType: XlsxDownload.ContentType)
            .RequirePermission(Permission.Export)
            .WithSummary("导出问题清单（xlsx，筛选条件同清单）");
        problems.MapGet("/stats", async (ProblemService svc, Guid orgId, DateOnly? from, DateOnly? to, CancellationToken ct) =>
                TypedResults.Ok(await svc.StatsAsync(orgId, from, to, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("问题统计：组织子树在期间内（按挂牌日期）发现、销号、逾期的问题数和销号率，按下级组织、类别、来源、状态分列");
        problems.MapGet("/board", async (ProblemService svc, Guid orgId, CancellationToken ct) => TypedResults.Ok(await svc.BoardAsync(orgId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("挂牌公示栏：组织子树（如一个乡镇）未销号的问题，按责任单位分列，逾期的标出");
        problems.MapGet("/{id:guid}", async (ProblemService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("问题详情（含整改记录时间线、销号材料、转办的督办单，以及当前账号可进行的操作 steps）");

        problems.MapPost("/", async Task<Created<ProblemDetail>> (ProblemService svc, ProblemDraft input, CancellationToken ct) =>
            {
                var id = await svc.RaiseAsync(input, ct);
                return TypedResults.Created($"/api/v1/problems/{id}", await svc.GetAsync(id, ct));
            })
            .RequirePermission(Permission.ProblemsRaise)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("挂牌一个问题")
            .WithDescription("交办单位（issuerOrgId，省略时为本账号所属组织）负责验收销号，须为责任单位（orgId）的上级组织。"
                + "来源 source：Inspection（暗访督查）、Audit（党建审计）、Review（述职评议）、SuperiorFeedback（上级反馈）、PublicReport（群众反映）、SelfCheck（举一反三自查）。"
                + "整改时限不能早于今天（中国日期）。挂牌同时为责任单位生成整改待办。");
        problems.MapPost("/batch", async Task<Created<IReadOnlyList<ProblemDetail>>> (ProblemService svc, ProblemBatchInput input, CancellationToken ct) =>
            {
                var ids = await svc.RaiseManyAsync(input.Drafts ?? [], ct);
                var details = new List<ProblemDetail>();
                foreach (var id in ids)
                {
                    details.Add(await svc.GetAsync(id, ct));
                }
                return TypedResults.Created("/api/v1/problems", (IReadOnlyList<ProblemDetail>)details);
            })
            .RequirePermission(Permission.ProblemsRaise)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("批量挂牌问题：全部成功或全部不挂牌")
            .WithDescription("任一问题有误时返回 422，errors 按 drafts[i].字段 列出每一处。一次最多 " + ProblemService.MaxBatch + " 个。");

        problems.MapPost("/{id:guid}/start", async (ProblemService svc, Guid id, ProblemStartInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.StartAsync(id, input, ct)))
            .RequirePermission(Permission.ProblemsRectify)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("开始整改（责任单位，挂牌的问题）：填写原因分析和整改措施，问题转为整改中");
        problems.MapPost("/{id:guid}/apply", async (ProblemService svc, Guid id, ProblemApplyInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.ApplyAsync(id, input, ct)))
            .RequirePermission(Permission.ProblemsRectify)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("申请销号（责任单位，整改中的问题）：整改情况和佐证材料均为必填")
            .WithDescription("fileIds 为先以 POST /api/v1/files?orgId={责任单位} 上传、尚未用于其他记录的文件，至少一个。提交整改待办。");
        problems.MapPost("/{id:guid}/verify", async (ProblemService svc, Guid id, ProblemVerifyInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.VerifyAsync(id, input, ct)))
            .RequirePermission(Permission.ProblemsVerify)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("验收销号（交办单位或其上级的验收人员，申请销号的问题）")
            .WithDescription("责任单位自己的账号不能验收（403，code problem_not_verifier）。");
        problems.MapPost("/{id:guid}/return", async (ProblemService svc, Guid id, ProblemReturnInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.ReturnAsync(id, input, ct)))
            .RequirePermission(Permission.ProblemsVerify)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("退回（交办单位，申请销号的问题，须说明理由）：问题回到整改中，整改待办重新打开");
        problems.MapPost("/{id:guid}/supervise", async (ProblemService svc, Guid id, ProblemSuperviseInput input, CancellationToken ct) =>
            {
                var (detail, orderId) = await svc.SuperviseAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/supervision-orders/{orderId}", detail);
            })
            .RequirePermission(Permission.ProblemsVerify)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("转督办：以本单位名义向责任单位下发督办单（来源为该问题），一步完成")
            .WithDescription("需要验收权限和下发督办单的权限（SupervisionIssue）；Location 为新督办单。");

        var checks = api.MapGroup("/self-checks").WithTags("举一反三 Self-checks").RequireReadWrite(Permission.DataRead, Permission.DataRead);
        checks.MapGet("/", async (ProblemService svc, Guid? problemId, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListSelfChecksAsync(problemId, PageRequest.Of(page, pageSize), ct)))
            .WithSummary("举一反三自查（本账号范围内的单位部署的；可按原问题筛选）");
        checks.MapGet("/mine", async (ProblemService svc, CancellationToken ct) => TypedResults.Ok(await svc.MyAnswersAsync(ct)))
            .WithSummary("本单位须答复的举一反三自查（未答复在前）");
        checks.MapGet("/{id:guid}", async (ProblemService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetSelfCheckAsync(id, ct)))
            .WithSummary("自查详情：部署单位看到范围内每个单位的答复；被要求自查的单位看到本单位的答复");
        checks.MapPost("/", async Task<Created<SelfCheckDetail>> (ProblemService svc, SelfCheckInput input, CancellationToken ct) =>
            {
                var check = await svc.PushSelfCheckAsync(input, ct);
                return TypedResults.Created($"/api/v1/self-checks/{check.Id}", check);
            })
            .RequirePermission(Permission.ProblemsRaise)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("举一反三：把共性问题推送给范围内某类组织自查（全部成功或全部不推送），每个单位须在时限内答复")
            .WithDescription("范围：underOrgId（默认本单位）子树中本单位以下、符合组织类别 kind、层级 level（本单位以下第几级）、领域 domain 的组织，不含问题的责任单位。");
        checks.MapPost("/{id:guid}/answer", async (ProblemService svc, Guid id, SelfCheckAnswerInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.AnswerSelfCheckAsync(id, input, ct)))
            .RequirePermission(Permission.ProblemsRectify)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("答复自查（被要求自查的单位）：found=true 时同时挂牌本单位的问题（关联原问题，须填整改时限）");
        return api;
    }
}
