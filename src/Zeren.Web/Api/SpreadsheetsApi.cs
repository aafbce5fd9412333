using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Zeren.Core.Audit;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>
/// Excel (导入导出): templates, all-or-nothing imports and list exports for orgs and people, exports of links
/// and reserves. Import errors are the usual 422 ProblemDetails, with one entry per bad cell in <c>errors</c>
/// (field = the column header, row = the spreadsheet row). Exports of people are masked unless an account that may see
/// full numbers asks for them (full=true), so that the file re-imports.
/// Every export and every import is recorded in the audit log, with the filter or the counts.
/// </summary>
public static class SpreadsheetsApi
{
    public const string XlsxContentType = FileSignature.XlsxContentType;

    /// <summary>Room for the multipart envelope around the file itself.</summary>
    private const long MultipartOverhead = 1024 * 1024;

    public static IServiceCollection AddSpreadsheets(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SpreadsheetLimits>(config.GetSection(SpreadsheetLimits.Section));
        services.AddSingleton<ImportGate>();
        services.AddScoped<OrgImport>();
        services.AddScoped<OrgExport>();
        services.AddScoped<RosterImport>();
        services.AddScoped<PeopleExport>();
        return services;
    }

    public static RouteGroupBuilder MapSpreadsheetsApi(this RouteGroupBuilder api)
    {
        var limits = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<SpreadsheetLimits>>().Value;

        var orgs = api.MapGroup("/orgs").WithTags("组织 Organizations").RequireReadWrite(Permission.DataRead, Permission.OrgsWrite);
        orgs.MapGet("/template.xlsx", (HttpContext http, OrgImport import) =>
                Xlsx(http, "组织导入模板.xlsx", "orgs-template.xlsx", s =>
                {
                    import.WriteTemplate(s);
                    return Task.CompletedTask;
                }))
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .WithSummary("组织导入模板（xlsx，含“说明”页）");
        Upload(orgs.MapPost("/import", async (IFormFile? file, OrgImport import, AuditLog audit, ImportGate gate, ActorAccessor actor, CancellationToken ct) =>
                TypedResults.Ok(await ImportFileAsync(file, limits, import, audit, gate, actor.Current, ct))), limits)
            .WithSummary("导入组织（xlsx）：逐行校验，全部通过才导入；已有编码则更新")
            .WithDescription("multipart/form-data，字段 file。有错误时返回 422 ProblemDetails，errors 中每项为 {field: 列名, message, row: 表格行号}，且不导入任何一行。");
        orgs.MapGet("/export.xlsx", async (HttpContext http, OrgExport export, AuditLog audit, TimeProvider clock, Guid? under, Guid? parentId, string? q,
                OrgKind? kind, OrgDomain? domain, StrengthClass? strength, int? depth, bool? villagesOnly, CancellationToken ct) =>
            {
                var filter = new OrgFilter(under, parentId, q, kind, domain, strength, depth, villagesOnly ?? false);
                var file = await Xlsx(http, Dated("组织", clock), Dated("orgs", clock), s => export.WriteAsync(s, filter, ct));
                await audit.RecordAsync(AuditAction.Export, nameof(Organization), null, "导出组织列表", after: new { Filter = filter }, ct: ct);
                return file;
            })
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .WithSummary("导出组织列表（筛选条件同列表；可再导入）")
            .RequirePermission(Permission.DataRead)
            .RequirePermission(Permission.Export);

        var people = api.MapGroup("/people").WithTags("人员 People").RequireReadWrite(Permission.DataRead, Permission.PeopleWrite);
        people.MapGet("/template.xlsx", (HttpContext http, RosterImport import) =>
                Xlsx(http, "人员名册导入模板.xlsx", "people-template.xlsx", s =>
                {
                    import.WriteTemplate(s);
                    return Task.CompletedTask;
                }))
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .WithSummary("人员名册导入模板（xlsx，含“说明”页）");
        Upload(people.MapPost("/import", async (IFormFile? file, RosterImport import, AuditLog audit, ImportGate gate, ActorAccessor actor, CancellationToken ct) =>
                TypedResults.Ok(await ImportFileAsync(file, limits, import, audit, gate, actor.Current, ct))), limits)
            .WithSummary("导入人员名册（xlsx）：逐行校验，全部通过才导入；已登记的身份证号码则更新该人")
            .WithDescription("multipart/form-data，字段 file。有错误时返回 422 ProblemDetails，errors 中每项为 {field: 列名, message, row: 表格行号}，且不导入任何一行。");
        people.MapGet("/export.xlsx", async (HttpContext http, PeopleExport export, AuditLog audit, TimeProvider clock, Guid? under, Guid? orgId, string? q,
                PartyStatus? partyStatus, PositionTitle? title, PeopleSort? sort, bool? full, CancellationToken ct) =>
            {
                var filter = new PeopleFilter(under, orgId, q, partyStatus, title);
                var unmasked = full == true;
                var count = 0;
                var file = await Xlsx(http, Dated(unmasked ? "人员名册_完整号码" : "人员名册", clock), Dated(unmasked ? "people-full" : "people", clock),
                    async s => count = await export.WriteRosterAsync(s, filter, sort ?? PeopleSort.Name, unmasked, ct));
                if (unmasked)
                {
                    // Full numbers: one entry for the file, with how many people it unmasks; never kept by a cache.
                    http.Response.Headers.CacheControl = "no-store";
                    await audit.RecordAsync(AuditAction.Export, nameof(Person), null, $"导出人员名册（含完整身份证号码、手机号码，{count} 人）",
                        after: new { Filter = filter, Sort = sort ?? PeopleSort.Name, Masked = false, Count = count }, ct: ct);
                }
                else
                {
                    await audit.RecordAsync(AuditAction.Export, nameof(Person), null, "导出人员名册（身份证号码、手机号码已脱敏）",
                        after: new { Filter = filter, Sort = sort ?? PeopleSort.Name, Masked = true, Count = count }, ct: ct);
                }
                return file;
            })
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("导出人员名册（筛选、排序同列表；默认身份证号码和手机号码脱敏）")
            .WithDescription("full=true 时导出完整的身份证号码和手机号码（需要“查看完整个人信息”权限，否则 403 personal_data_forbidden），"
                + "文件可在修改后按人员名册导入；每次导出记入审计日志（含人数）。")
            .RequirePermission(Permission.DataRead)
            .RequirePermission(Permission.Export);

        api.MapGet("/links/export.xlsx", async (HttpContext http, PeopleExport export, AuditLog audit, TimeProvider clock, LinkKind? kind, Guid? personId,
                Guid? orgId, Guid? under, bool? includeEnded, CancellationToken ct) =>
            {
                var filter = new LinkFilter(kind, personId, orgId, under, includeEnded ?? false);
                var file = await Xlsx(http, Dated("联系", clock), Dated("links", clock), s => export.WriteLinksAsync(s, filter, ct));
                await audit.RecordAsync(AuditAction.Export, nameof(Link), null, "导出联系", after: new { Filter = filter }, ct: ct);
                return file;
            })
            .WithTags("人员 People")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .WithSummary("导出联系（筛选条件同列表）")
            .RequirePermission(Permission.DataRead)
            .RequirePermission(Permission.Export);
        api.MapGet("/reserves/export.xlsx", async (HttpContext http, PeopleExport export, AuditLog audit, TimeProvider clock, Guid? under, bool? under35,
                CancellationToken ct) =>
            {
                var file = await Xlsx(http, Dated("后备干部", clock), Dated("reserves", clock), s => export.WriteReservesAsync(s, under, under35 ?? false, ct));
                await audit.RecordAsync(AuditAction.Export, nameof(ReserveCadre), null, "导出后备干部库",
                    after: new { Under = under, Under35 = under35 ?? false }, ct: ct);
                return file;
            })
            .WithTags("人员 People")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .WithSummary("导出后备干部库（含 35 岁以下标记）")
            .RequirePermission(Permission.DataRead)
            .RequirePermission(Permission.Export);
        return api;
    }

    /// <summary>What every upload endpoint shares: a multipart form from API clients (no antiforgery token) of bounded size.</summary>
    private static RouteHandlerBuilder Upload(RouteHandlerBuilder endpoint, SpreadsheetLimits limits)
    {
        var maxRequest = limits.MaxFileBytes + MultipartOverhead;
        return endpoint
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxRequest))
            .WithFormOptions(multipartBodyLengthLimit: maxRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>
    /// Imports an uploaded file, for the API and the import page alike: its size, a place in the <see cref="ImportGate"/>
    /// (one import per account, a few at once; else 429), what its bytes are (a zip, named .xlsx) before the spreadsheet
    /// reader sees them, then the all-or-nothing import. Each row it writes is audited by the save, and the import as a
    /// whole gets one more entry. A refusal is a <see cref="DomainException"/>.
    /// </summary>
    public static async Task<ImportSummary> ImportFileAsync(IFormFile? file, SpreadsheetLimits limits, SheetImport import, AuditLog audit,
        ImportGate gate, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(actor);
        if (file is not { Length: > 0 })
        {
            throw new DomainException("file_missing", "请选择要导入的 .xlsx 文件（表单字段 file）。", "file");
        }
        if (file.Length > limits.MaxFileBytes)
        {
            throw new TooLargeException($"文件超过 {limits.MaxFileBytes / 1024.0 / 1024.0:0.#} MB 的上限，请分批导入。");
        }
        using var place = gate.Enter(actor.AccountId?.ToString() ?? actor.UserName);
        await using (var head = file.OpenReadStream())
        {
            FileSignature.Check(file.FileName, file.ContentType, await FileSignature.ReadHeadAsync(head, ct), [FileKind.Xlsx]);
        }
        await using var stream = file.OpenReadStream();
        var summary = await import.ImportAsync(stream, ct);
        var (entityType, what) = import is OrgImport ? (nameof(Organization), "导入组织") : (nameof(Person), "导入人员名册");
        await audit.RecordAsync(AuditAction.Import, entityType, null,
            $"{what}：新增 {summary.Created}，更新 {summary.Updated}，未变 {summary.Unchanged}", after: new { File = file.FileName, Summary = summary }, ct: ct);
        return summary;
    }

    /// <summary>
    /// Writes the workbook to memory first, so that a refusal (an unknown org in the filter) is still a clean
    /// ProblemDetails rather than a broken download, then sends it as an attachment with a Chinese name.
    /// </summary>
    private static async Task<FileStreamHttpResult> Xlsx(HttpContext http, string fileName, string asciiFileName, Func<Stream, Task> write)
    {
        var buffer = new MemoryStream();
        await write(buffer);
        buffer.Position = 0;
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = asciiFileName };
        disposition.FileNameStar = fileName; // RFC 5987: filename*=UTF-8''…
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.File(buffer, XlsxContentType);
    }

    private static string Dated(string name, TimeProvider clock) =>
        $"{name}_{ChinaTime.Today(clock):yyyy-MM-dd}.xlsx";
}
