using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Audit;
using Zeren.Core.Inspections;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/inspection-rounds: 督导轮次, 督导组 and their villages, progress, 一村一清单 (ADR 0033).</summary>
public static class InspectionRoundsApi
{
    public static RouteGroupBuilder MapInspectionRoundsApi(this RouteGroupBuilder api)
    {
        // Reading needs DataRead; a group's villages are seen before their visit only by the department and the group's
        // members (404 as an unknown id for everyone else). Rounds and groups are arranged by the department.
        var rounds = api.MapGroup("/inspection-rounds").WithTags("督导轮次 Inspection rounds")
            .RequireReadWrite(Permission.DataRead, Permission.InspectionsPlan);
        rounds.MapGet("/", async (InspectionRoundService svc, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(PageRequest.Of(page, pageSize), ct)))
            .WithSummary("督导轮次（新的在前；督导村数和已督查村数只计读者可见的村）");
        rounds.MapPost("/", async Task<Created<RoundDetail>> (InspectionRoundService svc, RoundInput input, CancellationToken ct) =>
            {
                var round = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/inspection-rounds/{round.Round.Id}", round);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("新建督导轮次（名称、期间；orgId 省略为本账号的组织）");
        rounds.MapGet("/{id:guid}", async (InspectionRoundService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("督导轮次详情：各督导组的组长、成员和进度（分配村数、已督查村数、发现问题数、列入问题清单数、已销号数）");
        rounds.MapPost("/{id:guid}/status", async (InspectionRoundService svc, Guid id, RoundStatusInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.SetStatusAsync(id, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("推进督导轮次：未开始 → 进行中 → 已结束（结束后各村的督导安排对范围内的读者公开）");
        rounds.MapPost("/{id:guid}/groups", async Task<Created<GroupDetail>> (InspectionRoundService svc, Guid id, GroupInput input, CancellationToken ct) =>
            {
                var group = await svc.AddGroupAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/inspection-rounds/{id}/groups/{group.Group.Id}", group);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("新建督导组：名称、组长、成员（可记录暗访的账号）和分配的村")
            .WithDescription("一个村在一轮中只能分给一个督导组，已分给其他组的村返回 422（round_village_taken）。");
        rounds.MapGet("/{id:guid}/groups/{groupId:guid}", async (InspectionRoundService svc, Guid id, Guid groupId, CancellationToken ct) =>
                TypedResults.Ok(await svc.GetGroupAsync(id, groupId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("督导组详情：进度和分配的村（是否已督查）；督查前只有组织部和本组成员看得到各村");
        rounds.MapPut("/{id:guid}/groups/{groupId:guid}", async (InspectionRoundService svc, Guid id, Guid groupId, GroupInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.UpdateGroupAsync(id, groupId, input, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("修改督导组：名称、组长、成员和分配的村（已督查的村不能移除）");
        rounds.MapGet("/{id:guid}/villages", async (InspectionRoundService svc, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await svc.VillageListsAsync(id, null, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("一村一清单：本轮读者可见的各村的督查记录、发现问题和问题整改状态");
        rounds.MapGet("/{id:guid}/villages/{villageId:guid}", async (InspectionRoundService svc, Guid id, Guid villageId, CancellationToken ct) =>
                TypedResults.Ok((await svc.VillageListsAsync(id, villageId, ct))[0]))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("一个村的一村一清单；督查前（本轮未结束）对组织部和本组成员以外的账号为 404");
        rounds.MapGet("/{id:guid}/export.xlsx", async (HttpContext http, InspectionRoundExport export, AuditLog audit, TimeProvider clock, Guid id,
                CancellationToken ct) =>
            {
                var buffer = new MemoryStream();
                var name = await export.WriteAsync(buffer, id, ct);
                await audit.RecordAsync(AuditAction.Export, nameof(InspectionRound), id.ToString(), $"导出一村一清单：{name}", ct: ct);
                return XlsxDownload.Send(http, buffer, clock, "一村一清单", "village-lists");
            })
            .Produces(StatusCodes.Status200OK, contentType: XlsxDownload.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Export)
            .WithSummary("导出一村一清单（xlsx，每条发现问题一行，附问题状态和整改时限）");
        return api;
    }
}
