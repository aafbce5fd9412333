using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Inspections;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/inspection-plans and /api/v1/inspections: 暗访计划 (drawn, secret until the visit) and 暗访记录.</summary>
public static class InspectionsApi
{
    public static RouteGroupBuilder MapInspectionsApi(this RouteGroupBuilder api)
    {
        // Plans: reading needs DataRead, and the plan's secrecy rule hides a plan before its date from everyone but its
        // team and the department (404, as an unknown id; ADR 0029). Drawing needs InspectionsPlan.
        var plans = api.MapGroup("/inspection-plans").WithTags("暗访计划 Inspection plans")
            .RequireReadWrite(Permission.DataRead, Permission.InspectionsPlan);
        plans.MapGet("/", async (InspectionPlanService svc, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(PageRequest.Of(page, pageSize), ct)))
            .WithSummary("暗访计划（暗访日期前只有暗访组成员和组织部可见；新的在前）");
        plans.MapGet("/team-candidates", async (InspectionPlanService svc, CancellationToken ct) => TypedResults.Ok(await svc.TeamCandidatesAsync(ct)))
            .RequirePermission(Permission.InspectionsPlan)
            .WithSummary("可编入暗访组的账号（督查员和组织部）");
        plans.MapGet("/{id:guid}", async (InspectionPlanService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("暗访计划详情（抽中的村和网格、暗访组）；暗访日期前对暗访组和组织部以外的账号为 404");
        plans.MapGet("/{id:guid}/draw", async (InspectionPlanService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.RedrawAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("用计划保存的随机种子和抽样输入重新抽取一次，核对结果是否与计划一致（可复现）");
        plans.MapPost("/draw", async Task<Created<PlanDetail>> (InspectionPlanService svc, PlanInput input, CancellationToken ct) =>
            {
                var plan = await svc.DrawAsync(input, ct);
                return TypedResults.Created($"/api/v1/inspection-plans/{plan.Plan.Id}", plan);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("随机抽样并保存暗访计划（三不：暗访日期前保密）")
            .WithDescription("按规则抽取村和网格：villages 个村，每村 gridsPerVillage 个网格；乡镇为分层，cycleWeeks 周内未暗访的乡镇优先，"
                + "每轮每个乡镇一个村；近 excludeWeeks 周内暗访过（或已列入计划）的村不抽。visitOn 省略时为下一个 preferredWeekday（默认周二，周二无会日）。"
                + "seed 省略时随机生成；种子和全部抽样输入随计划保存，GET /{id}/draw 可复现。抽取村数多于可抽的村、或覆盖周期不够覆盖全部乡镇时返回 422。");

        var records = api.MapGroup("/inspections").WithTags("暗访记录 Inspections")
            .RequireReadWrite(Permission.DataRead, Permission.InspectionsWrite);
        records.MapGet("/", async (InspectionService svc, int? page, int? pageSize, Guid? under, DateOnly? from, DateOnly? to, Guid? planId, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(under, from, to, planId, PageRequest.Of(page, pageSize), ct)))
            .WithSummary("暗访记录（按组织子树、日期范围、暗访计划筛选，新的在前）");
        records.MapGet("/coverage", async (InspectionService svc, TimeProvider clock, Guid? under, DateOnly? from, DateOnly? to, CancellationToken ct) =>
            {
                var today = ChinaTime.Today(clock);
                return TypedResults.Ok(await svc.CoverageAsync(under, from ?? new DateOnly(today.Year, 1, 1), to ?? today, ct));
            })
            .WithSummary("暗访覆盖情况：乡镇数、村数、网格数、走访农户数、询问党员群众数（期间默认为今年 1 月 1 日至今天）");
        records.MapGet("/{id:guid}", async (InspectionService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("暗访记录详情（网格、清单检查结果、发现问题和照片）");
        records.MapPost("/", async Task<Created<InspectionDetail>> (InspectionService svc, InspectionInput input, CancellationToken ct) =>
            {
                var record = await svc.RecordAsync(input, ct);
                return TypedResults.Created($"/api/v1/inspections/{record.Inspection.Id}", record);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("记录一次暗访（一个村）")
            .WithDescription("照片先以 POST /api/v1/files?orgId={村} 上传（jpg/png），再在 photos 中给出 fileId、所属问题的序号 finding（从 0 起，省略为现场照片）和拍摄时间 capturedAt。");
        records.MapPost("/{id:guid}/findings/{findingId:guid}/raise", async Task<Created<RaisedProblem>> (InspectionService svc, Guid id, Guid findingId,
                RaiseInput input, CancellationToken ct) =>
            {
                var problem = await svc.RaiseAsync(id, findingId, input, ct);
                return TypedResults.Created($"/api/v1/problems/{problem}", new RaisedProblem(problem));
            })
            .RequirePermission(Permission.ProblemsRaise)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("把暗访发现的问题列入问题清单（挂牌，来源为本次暗访，责任单位为被暗访的村）");
        return api;
    }

    /// <summary>The problem a finding was raised as.</summary>
    public sealed record RaisedProblem(Guid ProblemId);
}
