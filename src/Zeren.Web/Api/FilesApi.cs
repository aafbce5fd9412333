using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Zeren.Core.Files;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>
/// /api/v1/files: uploads (附件) and their download. An upload is checked by its bytes (jpeg, png, pdf, xlsx) and its
/// size before anything is kept; a download is always an attachment with the type its bytes proved, never shown inline.
/// A file belongs to the uploader's organization unless another in scope is named, and is seen only within scope.
/// </summary>
public static class FilesApi
{
    /// <summary>Uploading is part of changing something: any of these lets an account upload.</summary>
    private static readonly Permission[] UploadPermissions = [Permission.OrgsWrite, Permission.PeopleWrite, Permission.InspectionsWrite];

    /// <summary>Room for the multipart envelope around the file itself.</summary>
    internal const long MultipartOverhead = 1024 * 1024;

    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration config, string dataFolder)
    {
        services.Configure<UploadOptions>(config.GetSection(UploadOptions.Section));
        services.AddSingleton(new UploadFolder(Path.Combine(dataFolder, "uploads")));
        services.AddScoped<UploadStore>();
        services.AddScoped<UploadCleanup>();
        return services;
    }

    public static RouteGroupBuilder MapFilesApi(this RouteGroupBuilder api)
    {
        var maxBytes = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<UploadOptions>>().Value.MaxBytes;
        var files = api.MapGroup("/files").WithTags("附件 Files");

        files.MapPost("/", async Task<Created<StoredFileInfo>> (IFormFile? file, Guid? orgId, UploadStore store, ActorAccessor actor, CancellationToken ct) =>
            {
                if (file is null)
                {
                    throw new DomainException("file_missing", "请选择要上传的文件（表单字段 file）。", "file");
                }
                if (file.Length > store.MaxBytes)
                {
                    throw new TooLargeException($"文件超过 {store.MaxSizeText} 的上限。");
                }
                await using var content = file.OpenReadStream();
                var stored = await store.SaveAsync(content, file.FileName, file.ContentType, FileSignature.All, orgId ?? actor.Current.OrgId, ct);
                return TypedResults.Created($"/api/v1/files/{stored.Id}", stored);
            })
            .RequireAuthorization(p => p.RequireAuthenticatedUser()
                .RequireAssertion(ctx => UploadPermissions.Any(permission => SecuritySetup.Allows(ctx.User, permission))))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + MultipartOverhead))
            .WithFormOptions(multipartBodyLengthLimit: maxBytes + MultipartOverhead)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("上传附件（jpg、png、pdf、xlsx）")
            .WithDescription("multipart/form-data，字段 file；可选查询参数 orgId（默认为本账号所属组织）。需要任一数据修改权限。按文件内容（而非扩展名）识别类型：内容与扩展名或声明的类型不符时返回 422（code upload_type），超过大小上限时返回 413（code upload_size），超过本账号当天的上传配额时返回 429（code upload_quota_count / upload_quota_bytes，附 Retry-After），均不保存任何内容。上传后 24 小时内未被任何记录（如会议附件）使用的文件会被每日清理删除。");

        files.MapGet("/{id:guid}", async (HttpContext http, UploadStore store, Guid id, CancellationToken ct) =>
            {
                var (file, content) = await store.OpenAsync(id, ct);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.CacheControl = "private, no-store";
                // With a download name the result writes Content-Disposition: attachment; filename=…; filename*=UTF-8''…
                return TypedResults.File(content, file.ContentType, file.FileName);
            })
            .RequirePermission(Permission.DataRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("下载附件（以附件形式，文件名为上传时的名称）");
        return api;
    }
}
