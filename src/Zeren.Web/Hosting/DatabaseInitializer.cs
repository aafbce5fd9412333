using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Demo;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Web.Hosting;

public sealed class DemoOptions
{
    /// <summary>Load the demo county when the database is empty (<c>--demo</c>). Never on by default.</summary>
    public bool Load { get; set; }
}

/// <summary>Brings the database to the current migration at start, and loads the demo county when asked.</summary>
public sealed class DatabaseInitializer(IServiceScopeFactory scopes, IOptions<DemoOptions> demo, TimeProvider clock, ILogger<DatabaseInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await AccountService.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>());
        if (demo.Value.Load && await DemoCountyLoader.IsEmptyAsync(db, cancellationToken))
        {
            log.LogInformation("Loading the demo county into an empty database");
            await LoadDemoAsync(scope.ServiceProvider, "载入演示县", () => DemoCountyLoader.LoadAsync(db, clock, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>(), cancellationToken), cancellationToken);
        }
    }

    public async Task ReloadDemoAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        await db.Database.MigrateAsync(ct);
        await AccountService.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>());
        await LoadDemoAsync(scope.ServiceProvider, "重置演示数据：删除全部组织和人员，重新载入演示县", () => DemoCountyLoader.ResetAsync(db, clock, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>(), ct), ct);
    }

    /// <summary>
    /// The demo county is thousands of rows written by the app itself: rather than an audit entry per row, one summary
    /// entry, in the same transaction as the load. (Requests by accounts are always audited row by row.) The demo
    /// accounts, which only ever come with a freshly loaded demo county, are ordinary accounts and audited as such.
    /// </summary>
    private static async Task LoadDemoAsync(IServiceProvider services, string summary, Func<Task> load, CancellationToken ct)
    {
        var db = services.GetRequiredService<ZerenDbContext>();
        var audit = services.GetRequiredService<AuditLog>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        using (audit.SuspendRowAuditing())
        {
            await load();
        }
        var counts = new
        {
            Organizations = await db.Set<Organization>().IgnoreQueryFilters().CountAsync(ct),
            People = await db.Set<Person>().IgnoreQueryFilters().CountAsync(ct),
        };
        await audit.RecordAsync(AuditAction.Import, nameof(DemoCounty), null, $"{summary}（{counts.Organizations} 个组织，{counts.People} 人）",
            after: counts, ct: ct);
        await DemoAccounts.EnsureAsync(db, services.GetRequiredService<AccountService>(), ct);
        await DemoRounds.EnsureAsync(db, services.GetRequiredService<TimeProvider>(), ct);
        await DemoCompetitions.EnsureAsync(db, services.GetRequiredService<TimeProvider>(), ct);
        await DemoStars.EnsureAsync(db, services.GetRequiredService<TimeProvider>(), ct);
        await DemoChecklists.EnsureAsync(db, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<Zeren.Core.Files.UploadStore>(), ct);
        await DemoRounds.EnsurePlanTeamAsync(db, services.GetRequiredService<TimeProvider>(), ct);
        await tx.CommitAsync(ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
