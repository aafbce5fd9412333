using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Competitions;
using Zeren.Core.Security;
using Zeren.Web.Components.Pages.Competitions;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>
/// 擂台赛 (一季一比武): /api/v1/competitions — set up (theme, region, quarter, contestants, judges, scoring rule), start,
/// the judges' scores, the live ranking, publish. The htmx fragment of the live ranking is mapped here too.
/// </summary>
public static class CompetitionsApi
{
    public static IServiceCollection AddCompetitions(this IServiceCollection services)
    {
        services.AddScoped<CompetitionService>();
        services.AddScoped<Core.Platform.IDeletionGuard, CompetitionRecordsGuard>();
        return services;
    }

    public static RouteGroupBuilder MapCompetitionsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/competitions").WithTags("擂台赛 Competitions").RequireReadWrite(Permission.DataRead, Permission.AssessmentScore);
        g.MapGet("/", async (CompetitionService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .WithSummary("擂台赛列表（含本账号作为评委还需打分的个数）");
        g.MapGet("/{id:guid}", async (CompetitionService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("擂台赛详情：参赛单位、评委、评分进度、排名");
        g.MapGet("/{id:guid}/ranking", async (CompetitionService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.RankingAsync(id, ct)))
            .WithSummary("排名：评分中为实时排名，发布后为最终排名（含计分规则和并列规则，末位标记）");
        g.MapPost("/", async Task<Created<CompetitionDetail>> (CompetitionService svc, CompetitionInput input, CancellationToken ct) =>
            {
                var c = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/competitions/{c.Id}", c);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("新建擂台赛（草稿）")
            .WithDescription("theme: PartyBuilding 党建 / Development 发展 / Governance 治理；period 为季度，如 2026-Q4；maxScore 默认 100；"
                + "dropHighest、dropLowest 默认各 1（评委人数须多于两者之和）；bottomCount 默认 3；参赛单位须在举办单位之下，评委须是能查看举办单位数据的账号。");
        g.MapPut("/{id:guid}/contestants", async (CompetitionService svc, Guid id, CompetitionContestantsInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.SetContestantsAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("设置参赛单位（整体替换，仅草稿）");
        g.MapPut("/{id:guid}/judges", async (CompetitionService svc, Guid id, CompetitionJudgesInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.SetJudgesAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("设置评委（整体替换，仅草稿）");
        g.MapPost("/{id:guid}/start", async (CompetitionService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.StartAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("开始评分（此后参赛单位和评委不再更改）");
        g.MapPost("/{id:guid}/publish", async (CompetitionService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.PublishAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("发布结果：每位评委为每个参赛单位打分后才能发布；分数和名次冻结，排名末位的单位收到整改待办（与考核末位相同）；发布后不可修改");

        // The judges' scores: any account that reads data may ask; the service lets only the panel's judges through (403 otherwise).
        var scores = api.MapGroup("/competitions").WithTags("擂台赛 Competitions").RequirePermission(Permission.DataRead);
        scores.MapPost("/{id:guid}/scores", async (CompetitionService svc, Guid id, CompetitionScoreInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.ScoreAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("评委打分（本人对一个参赛单位的分数，0 至满分，最多两位小数；发布前可修改本人的分数）");
        return api;
    }

    /// <summary>The live ranking's htmx fragment on the event page (polled while scoring).</summary>
    public static void MapCompetitionFragments(this WebApplication app)
    {
        var ui = app.MapGroup("/ui/competitions").ExcludeFromDescription().RequirePermission(Permission.DataRead);
        ui.MapGet("/{id:guid}/ranking", async (CompetitionService svc, Guid id, CancellationToken ct) =>
            new RazorComponentResult<CompetitionRankingTable>(new { Ranking = await svc.RankingAsync(id, ct) }));
    }
}
