using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Web.Api;
using Zeren.Web.Components;
using Zeren.Web.Security;

namespace Zeren.Web.Hosting;

public static class ZerenSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en-US")];

    public static WebApplicationBuilder AddZeren(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // One setting says where the app keeps its files: the SQLite database and uploads.
        var dataFolder = Path.GetFullPath(config["Zeren:DataFolder"] ?? "data", builder.Environment.ContentRootPath);
        // Readable by the app's user only: the database, the key files and the uploads are inside it.
        PrivateFiles.CreateFolder(dataFolder);
        services.AddSingleton(new DataFolder(dataFolder));
        var target = DatabaseTarget.From(config, dataFolder);
        if (target.SqliteFile() is { } databaseFile)
        {
            // Made empty (which SQLite takes for a new database) so that it is 0600 from the start; SQLite gives its
            // journal and WAL files the database file's mode.
            PrivateFiles.Touch(databaseFile);
        }
        services.AddSingleton(target);
        // Every save records its changes in the audit log, in the same transaction (Core/Audit).
        services.AddDbContext<ZerenDbContext>((sp, options) =>
        {
            target.Configure(options);
            options.UseAuditLog(sp);
        });
        services.AddAuditLog();

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        // Keys for antiforgery, cookies and bearer tokens live with the data, so a restart does not invalidate open forms;
        // each key file is encrypted and readable by the app's user only (KeysAtRest).
        services.AddProtectedDataProtection(dataFolder);
        services.AddSingleton(TimeProvider.System);
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
        services.AddScoped<MeetingExport>();
        services.AddScoped<MeetingReminders>();
        services.AddScoped<Core.Notifications.NotificationService>();
        services.Configure<JobOptions>(config.GetSection(JobOptions.Section));
        services.AddHostedService<DailyJobs>();
        services.AddSpreadsheets(config);
        services.AddFiles(config, dataFolder);
        services.AddRateLimits(config);

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemHandling.Customize);
        services.AddExceptionHandler<ProblemHandling>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Zeren 责任 API";
            doc.Info.Description = "党建责任制管理系统的 JSON API。错误以 RFC 7807 ProblemDetails 返回。";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

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
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use(ApiKeepsProblemDetails);
        app.UseRequestLocalization();
        app.UseStaticFiles(SecurityHeaders.StaticFiles);
        app.UseZerenSecurity();
        app.UseAntiforgery();
        // Below authentication, so the api policy counts per signed-in user.
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();
        var api = app.MapGroup("/api/v1").RequireRateLimiting(RateLimits.Api);
        api.MapAuthApi();
        api.MapAccountsApi();
        api.MapOrgsApi();
        api.MapPeopleApi();
        api.MapMeetingsApi();
        api.MapSpreadsheetsApi();
        api.MapFilesApi();
        api.MapAuditApi();
        api.MapNotificationsApi();
        app.MapUiEndpoints();
        app.MapUiFragments();
        app.MapAccountFragments();
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

/// <summary>Where the app keeps its files.</summary>
public sealed record DataFolder(string Path);
