using Zeren.Core.Assessment;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>星级评定: /api/v1/star-ratings (bands of a year, ratings from published village runs, 动态清零 list, star map, a branch's history).</summary>
public static class StarRatingsApi
{
    public static RouteGroupBuilder MapStarRatingsApi(this RouteGroupBuilder api)
    {
        var stars = api.MapGroup("/star-ratings").WithTags("星级评定 Star ratings").RequireReadWrite(Permission.DataRead, Permission.AssessmentScore);
        stars.MapGet("/", async (StarRatingService svc, int? year, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(year, ct)))
            .WithSummary("星级评定列表（可按年度筛选）");
        stars.MapGet("/{id:guid}", async (StarRatingService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("一次星级评定：每个村党组织的得分、星级和上一次评定的星级");
        stars.MapPost("/", async (StarRatingService svc, StarRatingInput input, CancellationToken ct) =>
            {
                var rating = await svc.RateAsync(input, ct);
                return TypedResults.Created($"/api/v1/star-ratings/{rating.Rating.Id}", rating);
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("按已发布的村党组织考核结果评定星级（按该年度的星级分档）")
            .WithDescription("两星及以下的村党组织进入动态清零名单，各收到一项年底前晋位升级的待办；此后再次评定升到三星及以上的，其待办办结。"
                + "一票否决的评为一星。同一考核结果只评定一次；已被更正的结果不能用。");
        stars.MapGet("/bands", async (StarRatingService svc, Guid? orgId, int year, CancellationToken ct) =>
                TypedResults.Ok(await svc.GetBandsAsync(orgId, year, ct)))
            .WithSummary("某年度的星级分档（未设置时为默认：90 分及以上五星……60 分以下一星）");
        stars.MapPut("/bands", async (StarRatingService svc, StarBandsInput input, CancellationToken ct) => TypedResults.Ok(await svc.SetBandsAsync(input, ct)))
            .RequirePermission(Permission.AssessmentConfigure)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("设置某年度的星级分档")
            .WithDescription("bands 按分数从低到高：每档 stars（1—5，逐档升高）、min（含）、max（不含，最高一档含 100）；第一档从 0 起，每档从下一档的上限起，最后一档到 100。");
        stars.MapGet("/clearance", async (StarRatingService svc, Guid? orgId, int year, CancellationToken ct) =>
                TypedResults.Ok(await svc.ClearanceAsync(orgId, year, ct)))
            .WithSummary("两星以下动态清零名单：年度首次评定时与最近一次评定时的两星及以下村党组织及其待办");
        stars.MapGet("/map", async (StarRatingService svc, Guid orgId, int year, CancellationToken ct) => TypedResults.Ok(await svc.MapAsync(orgId, year, ct)))
            .WithSummary("星级地图：乡镇（或全县各乡镇）的村党组织及其本年度最近一次评定的星级");
        stars.MapGet("/branches/{orgId:guid}", async (StarRatingService svc, Guid orgId, CancellationToken ct) =>
                TypedResults.Ok(await svc.HistoryAsync(orgId, ct)))
            .WithSummary("一个村党组织历次评定的星级");
        return api;
    }
}
