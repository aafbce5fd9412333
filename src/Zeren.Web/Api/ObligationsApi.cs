using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Audit;
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
        services.AddScoped<ObligationExport>();
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
                bool? late, string? kind, string? period, DateOnly? dueFrom, DateOnly? dueTo, Guid? issuer, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new ObligationFilter(under, orgId, state, overdue, late, kind, period, dueFrom, dueTo, IssuerOrgId: issuer),
                PageRequest.Of(page, pageSize), ct)))
            .WithSummary("待办事项列表（按组织子树、责任组织、状态、是否逾期、是否逾期报送、类型、期间、截止日期、下达组织筛选，待办的在前、截止近的在前，分页）");
        group.MapGet("/export.xlsx", async (HttpContext http, ObligationExport export, AuditLog audit, TimeProvider clock, Guid? under, Guid? orgId,
                ObligationState? state, bool? overdue, bool? late, string? kind, string? period, DateOnly? dueFrom, DateOnly? dueTo, Guid? issuer,
                CancellationToken ct) =>
            {
                var filter = new ObligationFilter(under, orgId, state, overdue, late, kind, period, dueFrom, dueTo, IssuerOrgId: issuer);
                var file = await Xlsx(http, clock, "待办事项", "obligations", s => export.WriteListAsync(s, filter, ct));
                await audit.RecordAsync(AuditAction.Export, nameof(Obligation), null, "导出待办事项", after: new { Filter = filter }, ct: ct);
                return file;
            })
            .Produces(StatusCodes.Status200OK, contentType: SpreadsheetsApi.XlsxContentType)
            .RequirePermission(Permission.Export)
            .WithSummary("导出待办事项（xlsx，筛选条件同列表）");
        group.MapGet("/grid/export.xlsx", async (HttpContext http, ObligationExport export, AuditLog audit, TimeProvider clock, Guid org, int year,
                string? kind, CancellationToken ct) =>
            {
                var file = await Xlsx(http, clock, $"待办事项{year}年乡镇月度表", $"obligations-grid-{year}", s => export.WriteGridAsync(s, org, year, kind, ct));
                await audit.RecordAsync(AuditAction.Export, nameof(Obligation), null, $"导出待办事项乡镇月度表（{year}年）",
                    after: new { Org = org, Year = year, Kind = kind }, ct: ct);
                return file;
            })
            .Produces(StatusCodes.Status200OK, contentType: SpreadsheetsApi.XlsxContentType)
            .RequirePermission(Permission.Export)
            .WithSummary("导出乡镇 × 月份表（xlsx：各下级组织每月应报、已报、逾期报送、逾期未报）");
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

        // 履责日历: read by those who read the data and by the 系统管理员 who keeps it (who reads no data); changed by the
        // 系统管理员 only (ConfigWrite), each change audited by the row.
        var calendar = api.MapGroup("/obligations/calendar").WithTags("待办事项 Obligations").RequireReadWrite(Permission.ConfigWrite, Permission.ConfigWrite);
        api.MapGet("/obligations/calendar", async (ObligationScheduleService svc, CancellationToken ct) =>
                TypedResults.Ok((await svc.ListAsync(ct)).Select(ScheduleView.Of).ToList()))
            .WithTags("待办事项 Obligations")
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                SecuritySetup.Allows(ctx.User, Permission.DataRead) || SecuritySetup.Allows(ctx.User, Permission.ConfigWrite)))
            .WithSummary("履责日历：各类周期性待办事项的周期、截止日、提前生成天数、责任对象和是否启用");
        calendar.MapPut("/{id:guid}", async (ObligationScheduleService svc, Guid id, ScheduleChange input, CancellationToken ct) =>
                TypedResults.Ok(ScheduleView.Of(await svc.UpdateAsync(id, input, ct))))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("修改履责日历事项（系统管理员）：名称、是否启用、截止日（期末后第几个月的几日）、提前生成天数、说明")
            .WithDescription("事项类型、周期和责任对象不可修改。修改适用于此后生成的事项，以及当日仍在生成期内的期间中尚未报送的事项（其截止日期随之更新）。输入有误时返回 422，列出全部错误，不保存任何内容。");
        return api;
    }

    private static async Task<FileStreamHttpResult> Xlsx(HttpContext http, TimeProvider clock, string name, string asciiName, Func<Stream, Task> write)
    {
        var buffer = new MemoryStream();
        await write(buffer);
        return XlsxDownload.Send(http, buffer, clock, name, asciiName);
    }
}

/// <summary>An entry of the obligation calendar (履责日历) as the API shows it.</summary>
public sealed record ScheduleView(
    Guid Id, string Kind, string Title, ObligationRecurrence Recurrence, int DueMonthsAfter, int DueDay, int LeadDays, ScheduleTargets Targets,
    int? TargetDepth, Zeren.Core.Organizations.OrgDomain? TargetDomain, Zeren.Core.Organizations.OrgKind? TargetKind, bool Active, string? Note,
    DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static ScheduleView Of(ObligationSchedule s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Kind, s.Title, s.Recurrence, s.DueMonthsAfter, s.DueDay, s.LeadDays, s.Targets, s.TargetDepth, s.TargetDomain,
            s.TargetKind, s.Active, s.Note, s.UpdatedAt, s.UpdatedBy);
    }
}

/// <summary>Why an obligation is returned or cancelled (required, at most 200 characters).</summary>
public sealed record ObligationReasonInput(string? Reason);
