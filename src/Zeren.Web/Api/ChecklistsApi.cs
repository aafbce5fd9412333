using Zeren.Core.Checklists;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>
/// 标准化建设清单: /api/v1/checklists — templates (达标型, 示范型, 七个一) of a year held by the county or a township,
/// each village's state per item, the village's claim with photos, the verifier's 验收 or 退回, the board.
/// </summary>
public static class ChecklistsApi
{
    public static IServiceCollection AddChecklists(this IServiceCollection services)
    {
        services.AddScoped<ChecklistService>();
        services.AddScoped<Core.Platform.IDeletionGuard, ChecklistRecordsGuard>();
        return services;
    }

    public static RouteGroupBuilder MapChecklistsApi(this RouteGroupBuilder api)
    {
        // Reading needs DataRead; writes are checked in ChecklistService (templates: AssessmentConfigure; claims:
        // ListsReport of the village's line; 验收/退回: ProblemsVerify of an organization above the village).
        var g = api.MapGroup("/checklists").WithTags("标准化建设清单 Checklists").RequirePermission(Permission.DataRead);
        g.MapGet("/templates", async (ChecklistService svc, int? year, CancellationToken ct) => TypedResults.Ok(await svc.ListTemplatesAsync(year, ct)))
            .WithSummary("清单列表：本单位、上级和下级制定的清单（可按年度筛选），含是否为现行版本、是否已冻结");
        g.MapGet("/templates/{id:guid}", async (ChecklistService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetTemplateAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("一份清单及其条目");
        g.MapPost("/templates", async (ChecklistService svc, ChecklistTemplateInput input, CancellationToken ct) =>
            {
                var t = await svc.CreateTemplateAsync(input, ct);
                return TypedResults.Created($"/api/v1/checklists/templates/{t.Id}", t);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("制定清单")
            .WithDescription("kind: Standard 达标型（一徽一旗一廊一牌）/ Model 示范型（多功能党群服务中心）/ Venue 七个一；orgId 为制定单位（县委或乡镇党委，默认本单位）；"
                + "items 省略时按类型提供默认条目（文件原文）；同一单位同一年度同一类型只有一份，已有申报的请复制为新版本。");
        g.MapPut("/templates/{id:guid}", async (ChecklistService svc, Guid id, ChecklistTemplateUpdate input, CancellationToken ct) =>
                TypedResults.Ok(await svc.UpdateTemplateAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("修改清单名称和条目（整体替换；已有村申报的清单已冻结，不能修改）");
        g.MapPost("/templates/{id:guid}/copy", async (ChecklistService svc, Guid id, ChecklistCopyInput input, CancellationToken ct) =>
            {
                var t = await svc.CopyTemplateAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/checklists/templates/{t.Id}", t);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("复制为新版本（同一年度或 year 指定的年度）；新版本此后为现行版本");
        g.MapGet("/templates/{id:guid}/board", async (ChecklistService svc, Guid id, Guid? townshipId, CancellationToken ct) =>
                TypedResults.Ok(await svc.BoardAsync(id, townshipId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("达标看板：本账号范围内的村（社区）× 条目状态，各乡镇达标村数");
        g.MapGet("/templates/{id:guid}/orgs/{orgId:guid}", async (ChecklistService svc, Guid id, Guid orgId, CancellationToken ct) =>
                TypedResults.Ok(await svc.VillageAsync(id, orgId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("一个村（社区）的清单：各条目状态、佐证照片和记录；全部条目验收即达标");
        g.MapPost("/templates/{id:guid}/orgs/{orgId:guid}/items/{itemId:guid}/claim",
                async (ChecklistService svc, Guid id, Guid orgId, Guid itemId, ChecklistClaimInput input, CancellationToken ct) =>
                    TypedResults.Ok(await svc.ClaimAsync(id, orgId, itemId, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("申报达标（未达标或已退回的条目）：申报说明必填；须附照片的条目至少一张照片（先以 POST /api/v1/files?orgId=村 上传 JPEG/PNG）");
        g.MapPost("/templates/{id:guid}/orgs/{orgId:guid}/items/{itemId:guid}/verify",
                async (ChecklistService svc, Guid id, Guid orgId, Guid itemId, ChecklistVerifyInput input, CancellationToken ct) =>
                    TypedResults.Ok(await svc.VerifyAsync(id, orgId, itemId, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("验收（已申报的条目）：由村以上组织的验收人员进行，村自己或代为申报的单位不能验收");
        g.MapPost("/templates/{id:guid}/orgs/{orgId:guid}/items/{itemId:guid}/return",
                async (ChecklistService svc, Guid id, Guid orgId, Guid itemId, ChecklistReturnInput input, CancellationToken ct) =>
                    TypedResults.Ok(await svc.ReturnAsync(id, orgId, itemId, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("退回（已申报的条目），须填原因；村可重新申报");
        return api;
    }
}
