using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.PartyAudits;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/audits: 党建审计 (party-building audits, ADR 0032). Not the audit log, which is /api/v1/audit.</summary>
public static class PartyAuditsApi
{
    public static RouteGroupBuilder MapPartyAuditsApi(this RouteGroupBuilder api)
    {
        // Reading needs DataRead (the round is scoped by the county that runs it; a unit's sample and scores are seen by
        // auditors, and by the unit itself once the round is closed). Writing needs PartyAuditsRun, scoring PartyAuditsScore.
        var audits = api.MapGroup("/audits").WithTags("党建审计 Party-building audits")
            .RequireReadWrite(Permission.DataRead, Permission.PartyAuditsRun);
        audits.MapGet("/", async (AuditService svc, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(PageRequest.Of(page, pageSize), ct)))
            .WithSummary("党建审计轮次（新的在前）");
        audits.MapGet("/results", async (AuditService svc, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await svc.ResultsAsync(PageRequest.Of(page, pageSize), ct)))
            .WithSummary("已公布的被审计单位结果（审计结束后，被审计单位可见本单位的结果）");
        audits.MapGet("/results/{unitId:guid}", async (AuditService svc, Guid unitId, CancellationToken ct) => TypedResults.Ok(await svc.ResultAsync(unitId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("一个被审计单位的结果：得分、名次、抽中支部及逐项评分");
        audits.MapGet("/{id:guid}", async (AuditService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("审计轮次详情：抽样规则、审计清单、被审计单位和抽中的支部");
        audits.MapPost("/", async Task<Created<AuditRoundDetail>> (AuditService svc, AuditRoundInput input, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/audits/{id}", await svc.GetAsync(id, ct));
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("新建审计轮次")
            .WithDescription("unitIds：被审计单位（组织审计单位之下的组织，如乡镇党委、县直机关工委）。rules 省略时为机关支部 1–2 个、村（社区、两新）支部 2–3 个；"
                + "items 省略时为默认审计清单（抓党建责任落实、党建工作融入中心工作、基层组织规范化运行、党员队伍建设、联系服务群众、年度创新工作，共 100 分）。");
        audits.MapPost("/{id:guid}/draw", async (AuditService svc, Guid id, AuditDrawInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.DrawAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("随机抽取被审计支部（每轮一次；种子和抽样输入随审计保存，可复现）")
            .WithDescription("每个被审计单位的直属党组织按领域分为机关支部（机关、事业单位、学校、医院）和村、社区、两新支部，各按规则在最少与最多之间随机抽取。"
                + "seed 为 null 时随机生成。某单位某类支部少于最少抽取数时返回 422，列出全部这样的单位。");
        audits.MapGet("/{id:guid}/draw", async (AuditService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.RedrawAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("用保存的随机种子和抽样输入重新抽取一次，核对是否与保存的抽样一致");
        audits.MapGet("/{id:guid}/branches/{sampleId:guid}", async (AuditService svc, Guid id, Guid sampleId, CancellationToken ct) =>
                TypedResults.Ok(await svc.BranchAsync(id, sampleId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("一个抽中支部及其逐项评分");
        // Scoring is the auditors' (督查员 too), not only the department's who run the round: its own group.
        var scoring = api.MapGroup("/audits").WithTags("党建审计 Party-building audits")
            .RequireReadWrite(Permission.DataRead, Permission.PartyAuditsScore);
        scoring.MapPut("/{id:guid}/branches/{sampleId:guid}/scores", async (AuditService svc, Guid id, Guid sampleId, AuditScoreInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.ScoreAsync(id, sampleId, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("为一个抽中支部逐项评分（清单每项一次：得分不超过分值，未通过须写明问题）；审计结束前可重评");
        audits.MapGet("/{id:guid}/ranking", async (AuditService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.RankingAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("被审计单位得分排名：单位得分为已评分抽中支部总分的平均数；同分同名次（1、1、3），尚无评分的单位列在最后、无名次");
        audits.MapPost("/{id:guid}/close", async (AuditService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.CloseAsync(id, ct)))
            .RequirePermission(Permission.ProblemsRaise)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("结束审计（一次）：公布结果，每个未通过项在其支部挂牌一个问题（来源党建审计，两个月整改时限），每个被审计单位须在同一期限内报送书面整改报告")
            .WithDescription("在一个事务中完成。还有抽中支部未评分、或审计已结束时返回 422。");
        return api;
    }
}
