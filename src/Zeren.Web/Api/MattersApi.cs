using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Decisions;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/matters: village decisions (村级事务, 三议一会一公开一知晓) and their steps.</summary>
public static class MattersApi
{
    public static RouteGroupBuilder MapMattersApi(this RouteGroupBuilder api)
    {
        var matters = api.MapGroup("/matters").WithTags("村级事务 Matters").RequireReadWrite(Permission.DataRead, Permission.MattersWrite);
        matters.MapGet("/", async (MatterService svc, int? page, int? pageSize, Guid? under, Guid? orgId, MatterState? state, MatterStep? step,
                Guid? guidedBy, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new MatterFilter(under, orgId, state, step, guidedBy), PageRequest.Of(page, pageSize), ct)))
            .WithSummary("村级事务列表（按组织子树、村、状态、所处步骤、指导县级领导筛选，等待最久的在前，分页）");
        matters.MapGet("/guided-runs", async (MatterService svc, TimeProvider clock, int? year, CancellationToken ct) =>
            TypedResults.Ok(await svc.GuidedRunsAsync(year ?? ChinaTime.Today(clock).Year, ct)))
            .WithSummary("县级领导指导完整流程情况：每位在任县级领导当年指导完成（六步全部完成）的事项数和进行中的事项数");
        matters.MapGet("/{id:guid}", async (MatterService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("村级事务详情（各轮各步骤、补正记录、等待天数）");
        matters.MapGet("/{id:guid}/steps", async (MatterService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.StepsAsync(id, ct)))
            .WithSummary("村级事务的步骤记录（各轮，按顺序，含补正）");
        matters.MapGet("/{id:guid}/next", async (MatterService svc, Guid id, DateOnly? on, CancellationToken ct) =>
                await svc.ChoicesAsync(id, on, ct) is { } choices ? Results.Ok(choices) : Results.NoContent())
            .Produces<StepChoices>()
            .WithSummary("下一步骤及当日可主持、可记录的人员（事项已结束时 204）");
        matters.MapPost("/", async Task<Created<MatterDetail>> (MatterService svc, MatterInput input, CancellationToken ct) =>
        {
            var matter = await svc.StartAsync(input, ct);
            return TypedResults.Created($"/api/v1/matters/{matter.Matter.Id}", matter);
        }).WithSummary("发起村级事务（从提议开始）");
        matters.MapPost("/{id:guid}/steps", async Task<Created<MatterDetail>> (MatterService svc, Guid id, StepInput input, CancellationToken ct) =>
        {
            var matter = await svc.CompleteStepAsync(id, input, ct);
            return TypedResults.Created($"/api/v1/matters/{id}/steps", matter);
        })
            .WithSummary("登记下一步骤（须按提议、商议、审议、一会、一公开、一知晓的顺序，不可跳过）")
            .WithDescription("step 须为事项的下一步骤。提议、商议、审议、一会须填写主持人（chairPersonId）和记录人（recorderPersonId）、地点（place）、内容（summary）。"
                + "村党组织为党支部时，提议和审议同时记入三会一课台账（支委会、党员大会），须填写 startTime、endTime 和 attendees（应到人员及出席情况），审议的到会人数按台账计算；"
                + "否则审议填写 votingMembers 和 votingPresent。审议和一会填写 votesFor（可加 votesAgainst、abstentions），表决未通过时本轮以“未通过”结束。"
                + "一会填写 form（Representatives 村民代表会议 / Villagers 村民会议）、members、present（村民会议可加 households、presentHouseholds）。"
                + "一公开填写 place、until（公开期含首尾不少于规定天数）和可选的 photoFileId；一知晓须在公开期满后登记。违反规则时 422，列出全部错误，不保存任何内容。");
        matters.MapPost("/{id:guid}/steps/{stepId:guid}/amendments", async (MatterService svc, Guid id, Guid stepId, AmendmentInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.AmendAsync(id, stepId, input, ct)))
            .WithSummary("补正已完成的步骤（步骤本身不改，补正内容、原因和补正人一并记录）");
        matters.MapPost("/{id:guid}/restart", async (MatterService svc, Guid id, RestartInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.RestartAsync(id, input, ct)))
            .WithSummary("重新发起未通过的事项（新一轮，从提议开始；上一轮记录保留）");
        return api;
    }
}
