using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
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
        Directory.CreateDirectory(dataFolder);
        services.AddSingleton(new DataFolder(dataFolder));
        var target = DatabaseTarget.From(config, dataFolder);
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

        // Keys for antiforgery and cookies live with the data, so a restart does not invalidate open forms.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys"))).SetApplicationName("Zeren");
        services.AddSingleton(TimeProvider.System);
        services.Configure<DemoOptions>(config.GetSection("Demo"));
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());

        services.AddZerenSecurity(config);
        services.AddScoped<OrganizationService>();
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
