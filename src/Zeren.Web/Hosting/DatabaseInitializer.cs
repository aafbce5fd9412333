using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Demo;
using Zeren.Core.Organizations;
using Zeren.Core.People;

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
        if (demo.Value.Load && await DemoCountyLoader.IsEmptyAsync(db, cancellationToken))
        {
            log.LogInformation("Loading the demo county into an empty database");
            await WithSummaryEntryAsync(scope.ServiceProvider, "载入演示县",
                () => DemoCountyLoader.LoadAsync(db, clock, cancellationToken), cancellationToken);
        }
    }

    public async Task ReloadDemoAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        await db.Database.MigrateAsync(ct);
        await WithSummaryEntryAsync(scope.ServiceProvider, "重置演示数据：删除全部组织和人员，重新载入演示县",
            () => DemoCountyLoader.ResetAsync(db, clock, ct), ct);
    }

    /// <summary>
    /// The demo county is thousands of rows written by the app itself: rather than an audit entry per row, one summary
    /// entry, in the same transaction as the load. (Requests by accounts are always audited row by row.)
    /// </summary>
    private static async Task WithSummaryEntryAsync(IServiceProvider services, string summary, Func<Task> load, CancellationToken ct)
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
            Organizations = await db.Set<Organization>().CountAsync(ct),
            People = await db.Set<Person>().CountAsync(ct),
        };
        await audit.RecordAsync(AuditAction.Import, nameof(DemoCounty), null, $"{summary}（{counts.Organizations} 个组织，{counts.People} 人）",
            after: counts, ct: ct);
        await tx.CommitAsync(ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
