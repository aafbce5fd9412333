using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Assessment;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>
/// 考核: /api/v1/assessment-schemes (indicator schemes), /api/v1/scoring-runs (compute, score by hand, preview, publish,
/// correct), /api/v1/rankings (the latest published run of a scheme's period) and the award list.
/// </summary>
public static class AssessmentApi
{
    /// <summary>The service and every computed source of items (any <see cref="IAssessmentSource"/> in Core or Web), like obligation generators.</summary>
    public static IServiceCollection AddAssessment(this IServiceCollection services)
    {
        services.AddScoped<AssessmentService>();
        services.AddScoped<StarRatingService>();
        services.AddScoped<Core.Platform.IDeletionGuard, AssessmentRecordsGuard>();
        foreach (var type in new[] { typeof(AssessmentService).Assembly, typeof(AssessmentApi).Assembly }
                     .SelectMany(a => a.GetTypes())
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAssessmentSource).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            services.AddScoped(typeof(IAssessmentSource), type);
        }
        return services;
    }

    public static RouteGroupBuilder MapAssessmentApi(this RouteGroupBuilder api)
    {
        var schemes = api.MapGroup("/assessment-schemes").WithTags("考核方案 Assessment schemes")
            .RequireReadWrite(Permission.DataRead, Permission.AssessmentConfigure);
        schemes.MapGet("/", async (AssessmentService svc, int? year, CancellationToken ct) => TypedResults.Ok(await svc.ListSchemesAsync(year, ct)))
            .WithSummary("考核方案列表（可按年度筛选）");
        schemes.MapGet("/sources", (AssessmentService svc) => TypedResults.Ok(svc.Sources()))
            .WithSummary("可取数的数据来源（计分项用比率 Rate，加分、扣分、否决项用计数 Count）");
        schemes.MapGet("/{id:guid}", async (AssessmentService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetSchemeAsync(id, ct)))
            .WithSummary("考核方案详情（指标按树的顺序）");
        schemes.MapPost("/", async Task<Created<SchemeView>> (AssessmentService svc, SchemeInput input, CancellationToken ct) =>
            {
                var scheme = await svc.CreateSchemeAsync(input, ct);
                return TypedResults.Created($"/api/v1/assessment-schemes/{scheme.Id}", scheme);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("新建考核方案（分类考核：乡镇、县直机关或村；指标树、加分扣分上限、末位整改数、奖励档次）")
            .WithDescription("items 为扁平列表，parent 为其所属分组指标在列表中的下标（须排在前面）。source 为空即人工评分。"
                + "计分项取比率来源：得分 = 分值 × 比率；加分、扣分项取计数来源：每件分值 × 件数，不超过上限；否决项的件数大于 0 即否决。");
        schemes.MapPut("/{id:guid}", async (AssessmentService svc, Guid id, SchemeInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.UpdateSchemeAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("修改考核方案（整体替换；有发布的考核结果后方案冻结，返回 422 scheme_frozen）");

        var runs = api.MapGroup("/scoring-runs").WithTags("考核评分 Scoring runs").RequireReadWrite(Permission.DataRead, Permission.AssessmentScore);
        runs.MapGet("/", async (AssessmentService svc, Guid? schemeId, string? period, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListRunsAsync(schemeId, period, ct)))
            .WithSummary("考核评分列表（可按方案、期间筛选）");
        runs.MapGet("/{id:guid}", async (AssessmentService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetRunAsync(id, ct)))
            .WithSummary("考核评分详情：每个单位的名次、总分和逐项得分明细（哪一项、依据什么数据、得几分）");
        runs.MapGet("/{id:guid}/awards", async (AssessmentService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.AwardsAsync(id, ct)))
            .WithSummary("奖励名单（已发布的考核结果）");
        runs.MapPost("/", async Task<Created<RunView>> (AssessmentService svc, RunInput input, CancellationToken ct) =>
            {
                var run = await svc.StartRunAsync(input, ct);
                return TypedResults.Created($"/api/v1/scoring-runs/{run.Run.Id}", run);
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("开始考核评分：按方案计算每个单位的得分（预览）")
            .WithDescription("period 为 2026（年）、2026-Q4（季度）或 2026-11（月），须在方案年度内；同一方案同一期间只有一份评分，发布后的修改请更正。");
        runs.MapPost("/{id:guid}/recompute", async (AssessmentService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.RecomputeAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("按当前数据重新计算（预览中的评分；人工评分保留）");
        runs.MapPost("/{id:guid}/scores", async (AssessmentService svc, Guid id, ManualScoreInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.ScoreAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("录入人工评分（一个单位的一项；否决项 1 为否决、0 为不否决；须填理由）");
        runs.MapPost("/{id:guid}/publish", async (AssessmentService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.PublishAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("发布考核结果（此后不可修改，方案冻结；排名末位的单位收到整改待办：召开党委班子会、重新谋划、一周内汇报整改方案）");
        runs.MapPost("/{id:guid}/corrections", async Task<Created<RunView>> (AssessmentService svc, Guid id, CorrectionInput input, CancellationToken ct) =>
            {
                var run = await svc.CorrectAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/scoring-runs/{run.Run.Id}", run);
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("更正已发布的考核结果：生成新的一版（预览），须说明原因；原结果保持不变");
        runs.MapDelete("/{id:guid}", async (AssessmentService svc, Guid id, string? reason, CancellationToken ct) =>
            {
                await svc.DiscardAsync(id, reason, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("放弃预览中的考核评分（须说明原因 reason；已发布的不能删除）");

        var rankings = api.MapGroup("/rankings").WithTags("考核排名 Rankings").RequirePermission(Permission.DataRead);
        rankings.MapGet("/", async Task<Results<Ok<Ranking>, NotFound>> (AssessmentService svc, Guid schemeId, string period, CancellationToken ct) =>
                await svc.RankingAsync(schemeId, period, ct) is { } ranking ? TypedResults.Ok(ranking) : TypedResults.NotFound())
            .WithSummary("考核排名：方案某一期间最新发布的结果（含排名规则、奖励档次、末位）；尚未发布返回 404");
        api.MapStarRatingsApi();
        return api;
    }
}
