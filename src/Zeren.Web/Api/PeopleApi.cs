using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.People;
using Zeren.Core.Platform;

using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/people, /positions, /links, /reserves.</summary>
public static class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("人员 People").RequireReadWrite(Permission.DataRead, Permission.PeopleWrite);
        people.MapGet("/", async (PeopleService svc, int? page, int? pageSize, Guid? under, Guid? orgId, string? q,
                PartyStatus? partyStatus, PositionTitle? title, PeopleSort? sort, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new PeopleFilter(under, orgId, q, partyStatus, title), PageRequest.Of(page, pageSize), sort ?? PeopleSort.Name, ct)))
            .WithSummary("人员列表（分页、搜索、排序）")
            .WithDescription("q 为完整的身份证号码（末位 X 大小写均可）或手机号码时精确匹配，否则按姓名模糊匹配。idNumber、mobile 为脱敏值。");
        people.MapGet("/{id:guid}", async (PeopleService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.DetailAsync(id, ct)))
            .WithSummary("人员详情（含任职、联系、后备）")
            .WithDescription("idNumber、mobile 为脱敏值；完整号码见 GET /api/v1/people/{id}/personal-data。");
        people.MapGet("/{id:guid}/personal-data", async (PeopleService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.RevealAsync(id, ct)))
            .WithSummary("查看完整身份证号码和手机号码")
            .WithDescription("需要“查看完整个人信息”权限（否则 403 ProblemDetails）；每次查看都记入审计日志。")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPost("/", async Task<Created<PersonRow>> (PeopleService svc, PersonInput input, CancellationToken ct) =>
        {
            var person = await svc.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/people/{person.Id}", person);
        }).WithSummary("新增人员");
        people.MapPut("/{id:guid}", async (PeopleService svc, Guid id, PersonInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.UpdateAsync(id, input, ct)))
            .WithSummary("修改人员")
            .WithDescription("idNumber、mobile 省略、为 null 或空时保持原号码不变；填写则替换为新号码；"
                + "clearIdNumber、clearMobile 为 true 时清除该号码（此时不得同时填写该号码）。返回的号码为脱敏值。");
        people.MapDelete("/{id:guid}", async (PeopleService svc, Guid id, string? reason, CancellationToken ct) =>
        {
            await svc.DeleteAsync(id, reason, ct);
            return TypedResults.NoContent();
        }).WithSummary("删除人员（须填写原因）")
            .WithDescription("reason 为删除原因（必填，最多 200 字），记入审计日志；未填写返回 422 reason_required。");

        var positions = api.MapGroup("/positions").WithTags("人员 People").RequireReadWrite(Permission.DataRead, Permission.PeopleWrite);
        positions.MapGet("/", async (PeopleService svc, Guid? orgId, Guid? personId, bool? includeEnded, CancellationToken ct) =>
            TypedResults.Ok(await svc.PositionsAsync(orgId, personId, includeEnded ?? false, ct)))
            .WithSummary("任职（及其责任角色）");
        positions.MapPost("/", async (PeopleService svc, PositionInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.AppointAsync(input.OrgId, input.PersonId, input.Title, input.StartOn, ct)))
            .WithSummary("任命");
        positions.MapPost("/{id:guid}/end", async (PeopleService svc, Guid id, EndInput input, CancellationToken ct) =>
        {
            await svc.EndPositionAsync(id, input.EndOn, input.Reason, ct);
            return TypedResults.NoContent();
        }).WithSummary("离任（须填写原因）")
            .WithDescription("endOn 为离任日期（最后一天）；reason 为离任原因（必填，最多 200 字），随任职保存并记入审计日志。");
        positions.MapDelete("/{id:guid}", async (PeopleService svc, Guid id, CancellationToken ct) =>
        {
            await svc.DeletePositionAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("删除误录的任职");

        var links = api.MapGroup("/links").WithTags("人员 People").RequireReadWrite(Permission.DataRead, Permission.PeopleWrite);
        links.MapGet("/", async (PeopleService svc, LinkKind? kind, Guid? personId, Guid? orgId, Guid? under, bool? includeEnded,
                int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await svc.LinksAsync(new LinkFilter(kind, personId, orgId, under, includeEnded ?? false), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("联系（县级领导联系乡镇、包村、重点村；分页）");
        links.MapPost("/", async (PeopleService svc, LinkInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.LinkAsync(input.Kind, input.PersonId, input.OrgId, input.StartOn, ct)))
            .WithSummary("建立联系");
        links.MapPost("/{id:guid}/end", async (PeopleService svc, Guid id, EndInput input, CancellationToken ct) =>
        {
            await svc.EndLinkAsync(id, input.EndOn, input.Reason, ct);
            return TypedResults.NoContent();
        }).WithSummary("结束联系（须填写原因）")
            .WithDescription("endOn 为结束日期（最后一天）；reason 为结束原因（必填，最多 200 字），随联系保存并记入审计日志。");
        links.MapDelete("/{id:guid}", async (PeopleService svc, Guid id, CancellationToken ct) =>
        {
            await svc.DeleteLinkAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("删除误录的联系");

        var reserves = api.MapGroup("/reserves").WithTags("人员 People").RequireReadWrite(Permission.DataRead, Permission.PeopleWrite);
        reserves.MapGet("/", async (PeopleService svc, Guid? under, bool? under35, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await svc.ReservesAsync(under, under35 ?? false, PageRequest.Of(page, pageSize), ct)))
            .WithSummary("后备干部库（含 35 岁以下标记）");
        reserves.MapGet("/villages-without", async (PeopleService svc, Guid? under, CancellationToken ct) =>
            TypedResults.Ok(await svc.VillagesWithoutReservesAsync(under, ct)))
            .WithSummary("无后备干部的村");
        reserves.MapPost("/", async (PeopleService svc, ReserveInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.AddReserveAsync(input.PersonId, input.OrgId, input.TargetPost, input.AddedOn, input.Note, ct)))
            .WithSummary("加入后备干部库");
        reserves.MapDelete("/{id:guid}", async (PeopleService svc, Guid id, string? reason, CancellationToken ct) =>
        {
            await svc.RemoveReserveAsync(id, reason, ct);
            return TypedResults.NoContent();
        }).WithSummary("移出后备干部库（须填写原因）")
            .WithDescription("reason 为移出原因（必填，最多 200 字），记入审计日志；未填写返回 422 reason_required。");
        return api;
    }

    public sealed record PositionInput(Guid OrgId, Guid PersonId, PositionTitle Title, DateOnly StartOn);

    public sealed record LinkInput(LinkKind Kind, Guid PersonId, Guid OrgId, DateOnly StartOn);

    public sealed record ReserveInput(Guid PersonId, Guid OrgId, PositionTitle TargetPost, DateOnly AddedOn, string? Note);

    /// <summary>离任或结束联系: the last day, and why (required).</summary>
    public sealed record EndInput(DateOnly EndOn, string? Reason);
}
