using Zeren.Core.Obligations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/obligations: 待办事项, the obligations every capability opens (the obligation engine).</summary>
public static class ObligationsApi
{
    /// <summary>
    /// Registers the engine: its services, the daily job, and every <see cref="IObligationGenerator"/> of the app's
    /// assemblies (a capability's generator is found the way its home items are, adding no line here).
    /// </summary>
    public static IServiceCollection AddObligations(this IServiceCollection services)
    {
        services.AddScoped<ObligationService>();
        services.AddScoped<ObligationScheduleService>();
        services.AddScoped<ObligationJob>();
        services.AddScoped<IDeletionGuard, ObligationRecordsGuard>();
        foreach (var type in new[] { typeof(ObligationService).Assembly, typeof(ObligationsApi).Assembly }
                     .SelectMany(a => a.GetTypes())
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IObligationGenerator).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            services.AddScoped(typeof(IObligationGenerator), type);
        }
        return services;
    }

    public static RouteGroupBuilder MapObligationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/obligations").WithTags("待办事项 Obligations").RequireReadWrite(Permission.DataRead, Permission.ObligationsWrite);
        group.MapGet("/", async (ObligationService svc, int? page, int? pageSize, Guid? under, Guid? orgId, ObligationState? state, bool? overdue,
                bool? late, string? kind, string? period, DateOnly? dueFrom, DateOnly? dueTo, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new ObligationFilter(under, orgId, state, overdue, late, kind, period, dueFrom, dueTo),
                PageRequest.Of(page, pageSize), ct)))
            .WithSummary("待办事项列表（按组织子树、责任组织、状态、是否逾期、是否逾期报送、类型、期间、截止日期筛选，待办的在前、截止近的在前，分页）");
        group.MapGet("/counts", async (ObligationService svc, Guid? under, Guid? orgId, string? kind, string? period, DateOnly? dueFrom, DateOnly? dueTo,
                CancellationToken ct) =>
            TypedResults.Ok(await svc.CountAsync(new ObligationFilter(under, orgId, null, null, null, kind, period, dueFrom, dueTo), ct)))
            .WithSummary("待办事项统计：未到期、逾期、已报送、逾期报送、已办结、已取消的数量");
        group.MapGet("/grid", async (ObligationService svc, Guid org, int year, string? kind, CancellationToken ct) =>
            TypedResults.Ok(await svc.GridAsync(org, year, kind, ct)))
            .WithSummary("乡镇 × 月份：组织的每个下级（含其下属组织）各月到期的事项数、待办、逾期、已完成、逾期完成");
        group.MapGet("/{id:guid}", async (ObligationService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .WithSummary("待办事项详情（含报送说明和附件）");
        group.MapPost("/{id:guid}/submit", async (ObligationService svc, Guid id, ObligationEvidence input, CancellationToken ct) =>
                TypedResults.Ok(await svc.SubmitAsync(id, input, ct)))
            .WithSummary("报送（责任组织；须填写报送说明，附件先经 /api/v1/files 上传）")
            .WithDescription("只有在本页办理的事项（日历事项，handledAtSource 为 false）在此报送；业务模块的事项在其页面办理后自动报送。超过截止日期报送的记为逾期报送。");
        group.MapPost("/{id:guid}/return", async (ObligationService svc, Guid id, ObligationReasonInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.ReturnAsync(id, input.Reason ?? "", ct)))
            .WithSummary("退回已报送的事项（下达组织；须填写原因）");
        group.MapPost("/{id:guid}/close", async (ObligationService svc, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await svc.CloseAsync(id, ct)))
            .WithSummary("办结已报送的事项（下达组织）");
        group.MapPost("/{id:guid}/cancel", async (ObligationService svc, Guid id, ObligationReasonInput input, CancellationToken ct) =>
                TypedResults.Ok(await svc.CancelAsync(id, input.Reason ?? "", ct)))
            .WithSummary("取消不再需要的事项（下达组织；须填写原因）");
        return api;
    }
}

/// <summary>Why an obligation is returned or cancelled (required, at most 200 characters).</summary>
public sealed record ObligationReasonInput(string? Reason);
