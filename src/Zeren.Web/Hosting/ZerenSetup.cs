using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Web.Api;
using Zeren.Web.Components;
using Zeren.Web.Input;
using Zeren.Web.Security;

namespace Zeren.Web.Hosting;

public static class ZerenSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en-US")];

    public static WebApplicationBuilder AddZeren(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // One setting says where the app keeps its files: the SQLite database, keys and uploads. It must be writable, or
        // the start stops here with one sentence (DataFolderNotWritableException).
        var dataFolder = Path.GetFullPath(config["Zeren:DataFolder"] ?? "data", builder.Environment.ContentRootPath);
        // Created readable by the app's user only (0700): the database, the key files and the uploads are inside it.
        services.AddSingleton(DataFolder.Prepare(dataFolder));
        var target = DatabaseTarget.From(config, dataFolder);
        services.AddSingleton(target);
        // A SQLite file the app creates is the app's user's alone (PrivateSqliteFile).
        var privateFile = target.SqliteFile() is { } databaseFile ? new PrivateSqliteFile(databaseFile) : null;
        // Every save records its changes in the audit log, in the same transaction (Core/Audit).
        services.AddDbContext<ZerenDbContext>((sp, options) =>
        {
            target.Configure(options);
            options.UseAuditLog(sp);
            options.AddInterceptors(sp.GetRequiredService<AbandonedReads>());
            if (privateFile is not null)
            {
                options.AddInterceptors(privateFile);
            }
        });
        services.AddAuditLog();
        services.AddSingleton<AbandonedReads>();

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        // Keys for antiforgery, cookies and bearer tokens live with the data, so a restart does not invalidate open forms;
        // each key file is encrypted and readable by the app's user only (KeysAtRest).
        services.AddProtectedDataProtection(dataFolder);
        services.AddSingleton(TimeProvider.System);
        // What only the org tree's shape changes, held a while: which subtrees are small (ActorMiddleware, ADR 0053).
        services.AddMemoryCache();
        services.Configure<DemoOptions>(config.GetSection("Demo"));
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());

        services.AddZerenSecurity(config);
        services.AddScoped<OrganizationService>();
        services.AddScoped<IOrgPeople, OrgPeople>();
        services.AddScoped<PeopleService>();
        services.AddPersonalData(config, dataFolder);
        services.AddScoped<MeetingService>();
        services.AddScoped<Zeren.Core.Platform.IDeletionGuard, MeetingRecordsGuard>();
        services.AddScoped<CadenceService>();
        services.AddScoped<ComplianceService>();
        // A city's and a province's judgements are kept a few minutes (ADR 0050); Zeren:Compliance:SnapshotMinutes, 0 to judge every
        // request; Zeren:Compliance:SnapshotEntries, how many are held at most.
        services.AddSingleton(sp => new ComplianceSnapshots(sp.GetRequiredService<TimeProvider>())
        {
            MaxAge = TimeSpan.FromMinutes(Math.Clamp(config.GetValue("Zeren:Compliance:SnapshotMinutes", 5.0), 0, 24 * 60)),
            MaxEntries = Math.Clamp(config.GetValue("Zeren:Compliance:SnapshotEntries", 128), 1, 100_000),
        });
        // The cadence rules held in memory (ADR 0051); Zeren:Compliance:CadenceSeconds, 0 to read them at every question.
        services.AddSingleton(sp => new CadenceRules(sp.GetRequiredService<TimeProvider>())
        {
            MaxAge = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Zeren:Compliance:CadenceSeconds", 60.0), 0, 3600)),
        });
        services.AddScoped<MeetingExport>();
        services.AddScoped<MeetingReminders>();
        // Responsibility lists (责任清单)
        services.AddScoped<Core.Responsibilities.ResponsibilityListService>();
        services.AddScoped<Core.Responsibilities.ListExport>();
        services.AddScoped<Zeren.Core.Platform.IDeletionGuard, Core.Responsibilities.ListRecordsGuard>();
        // 村级事务 (三议一会一公开一知晓)
        services.AddScoped<Core.Decisions.MatterService>();
        services.AddScoped<Core.Decisions.MatterObligations>();
        services.AddScoped<Zeren.Core.Platform.IDeletionGuard, Core.Decisions.MatterRecordsGuard>();
        services.Configure<Core.Decisions.MatterOptions>(config.GetSection(Core.Decisions.MatterOptions.Section));
        services.AddScoped<Core.Notifications.NotificationService>();
        // Inspections (暗访: plans, records).
        services.AddScoped<Core.Inspections.InspectionPlanService>();
        services.AddScoped<Core.Inspections.InspectionRoundService>();
        services.AddScoped<Core.Inspections.InspectionRoundExport>();
        services.AddScoped<Core.Inspections.InspectionService>();
        services.AddScoped<Zeren.Core.Platform.IDeletionGuard, Core.Inspections.InspectionRecordsGuard>();
        // Supervision orders (督办单).
        services.AddScoped<Core.Supervision.SupervisionService>();
        services.AddScoped<Core.Supervision.SupervisionExport>();
        services.AddScoped<Zeren.Core.Platform.IDeletionGuard, Core.Supervision.SupervisionRecordsGuard>();
        // Problems and rectification (问题清单, 整改, 挂牌销号)
        services.AddScoped<Core.Rectification.ProblemService>();
        services.AddScoped<Core.Rectification.ProblemExport>();
        services.AddScoped<Zeren.Core.Platform.IDeletionGuard, Core.Rectification.ProblemRecordsGuard>();
        // Plans and projects (党建思路, 党建项目)
        services.AddScoped<Core.Projects.ProjectService>();
        services.AddScoped<Core.Projects.PlanService>();
        services.AddScoped<Core.Projects.ProjectExport>();
        services.AddScoped<Core.Projects.ProjectObligations>();
        services.AddScoped<Zeren.Core.Platform.IDeletionGuard, Core.Projects.ProjectRecordsGuard>();
        // Assessment (考核): schemes, scoring runs, rankings; every computed source of items, found in the assemblies.
        services.AddAssessment();
        // Competitions (擂台赛, ADR 0036).
        services.AddCompetitions();
        // Standardization checklists (标准化建设清单, ADR 0039).
        services.AddChecklists();
        // Party-building audits (党建审计, ADR 0032).
        services.AddScoped<Core.PartyAudits.AuditService>();
        services.AddScoped<Core.Jobs.JobLog>();
        // 待办事项: the obligation engine, its daily job and every capability's obligation generator.
        services.AddObligations();
        services.Configure<JobOptions>(config.GetSection(JobOptions.Section));
        services.AddHostedService<DailyJobs>();
        services.AddSpreadsheets(config);
        services.AddFiles(config, dataFolder);
        services.AddRateLimits(config);

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemHandling.Customize);
        services.AddExceptionHandler<ProblemHandling>();
        // The input contract (ADR 0015): how JSON is read, and what /openapi/v1.json says about it.
        services.ConfigureHttpJsonOptions(o => JsonContract.Apply(o.SerializerOptions));
        services.Configure<InputOptions>(config.GetSection(InputOptions.Section));
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Zeren 责任 API";
                doc.Info.Description = "党建责任制管理系统的 JSON API。错误以 RFC 7807 ProblemDetails 返回。"
                    + "输入约定：required 所列字段必须给出（可为 null 的字段给 null）；枚举只接受所列名称，不接受数字；数字不加引号；"
                    + "不认识的字段、重复的字段都会被拒绝；文本不得含控制字符、双向文本控制符，单行文本（x-zeren-text: single-line）"
                    + "也不得含换行、制表符和零宽字符。JSON 无法解析为 400；能解析但不符合约定为 422，errors 列出每个出错的字段；"
                    + "查询参数不符合约定为 400，errors 列出每个参数。";
                return Task.CompletedTask;
            });
            OpenApiContract.Describe(o, config.GetSection(InputOptions.Section).Get<InputOptions>()?.MaxTextLength ?? new InputOptions().MaxTextLength);
        });
        services.Configure<HealthOptions>(config.GetSection(HealthOptions.Section));
        services.AddSingleton<DataFolderWriteCheck>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<DataFolderHealthCheck>("data-folder");

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddAntiforgery();
        // Pages are mostly Chinese: write CJK as characters, not &#x...; entities three times their size.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorComponents();
        // The home page's cards: every IHomeItems of a capability, found in this assembly (Home/HomeItems.cs).
        Home.HomeItemsRegistration.AddHomeItems(services);
        return builder;
    }

    public static WebApplication UseZeren(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts(); // only on HTTPS requests, and never for localhost
        }
        // Personal-data keys are read (or, the first time, created) now: a bad key setting stops the start, not a later request.
        app.Services.GetRequiredService<Core.Security.PersonalDataProtector>();
        WarnAboutExposure(app);
        app.UseExceptionHandler();
        // An error without a body (an unknown address, a 405): ProblemDetails under /api, the styled page elsewhere.
        app.UseStatusCodePages();
        app.UseErrorPages("/not-found");
        app.Use(ApiKeepsProblemDetails);
        app.UseRequestLocalization();
        app.UseStaticFiles(SecurityHeaders.StaticFiles);
        app.UseZerenSecurity();
        app.UseAntiforgery();
        // Below authentication, so the api policy counts per signed-in user.
        app.UseRateLimiter();
        // Signed in and allowed: now the request's query, body or form is checked before anything binds it.
        app.UseMiddleware<InputContract>();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        var api = app.MapGroup("/api/v1").RequireRateLimiting(RateLimits.Api);
        api.MapAuthApi();
        api.MapAccountsApi();
        api.MapOrgsApi();
        api.MapPeopleApi();
        api.MapMeetingsApi();
        api.MapResponsibilityListsApi();
        api.MapMattersApi();
        api.MapProjectsApi();
        api.MapSpreadsheetsApi();
        api.MapFilesApi();
        api.MapAuditApi();
        api.MapNotificationsApi();
        api.MapSupervisionApi();
        api.MapInspectionsApi();
        api.MapInspectionRoundsApi();
        api.MapProblemsApi();
        api.MapObligationsApi();
        api.MapAssessmentApi();
        api.MapPartyAuditsApi();
        api.MapCompetitionsApi();
        api.MapChecklistsApi();
        app.MapUiEndpoints();
        app.MapUiFragments();
        app.MapAccountFragments();
        app.MapCompetitionFragments();
        app.MapRazorComponents<App>();

        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
        return app;
    }

    /// <summary>
    /// Says so in the log when the data folder (made 0700 by the app, but perhaps by someone else before) can be read by
    /// other users, or when AllowedHosts lets any host name in outside development (docs/operations.md).
    /// </summary>
    private static void WarnAboutExposure(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Zeren.Hosting");
        var folder = app.Services.GetRequiredService<DataFolder>().Path;
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(folder) & others) != 0)
        {
            log.LogWarning("The data folder {DataFolder} can be read by other users of this machine; it holds the database and the keys: chmod 700 it.", folder);
        }
        if (!app.Environment.IsDevelopment() && app.Configuration["AllowedHosts"] is null or "*")
        {
            log.LogWarning("AllowedHosts is '*': the app answers to any host name. Set AllowedHosts to the names it is reached by (docs/operations.md).");
        }
    }

    /// <summary>
    /// /health as plain text: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c> on the first line (503 only for
    /// Unhealthy), then one line for each check that is not healthy, saying why.
    /// </summary>
    private static Task WriteHealthAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var lines = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description}");
        return http.Response.WriteAsync(string.Join('\n', [report.Status.ToString(), .. lines]));
    }

    /// <summary>
    /// Under /api the re-executed page steps aside, so the ProblemDetails status pages answer. (A UseWhen branch
    /// cannot hold the re-executing middleware: a branch has no route builder, and the page would not be routed.)
    /// </summary>
    private static Task ApiKeepsProblemDetails(HttpContext http, RequestDelegate next)
    {
        if (http.Request.Path.StartsWithSegments("/api") && http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        return next(http);
    }
}
