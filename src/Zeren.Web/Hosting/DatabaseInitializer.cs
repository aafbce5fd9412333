using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using Zeren.Core.Data;
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
        if (demo.Value.Load && await Core.Demo.DemoCountyLoader.IsEmptyAsync(db, cancellationToken))
        {
            log.LogInformation("Loading the demo county into an empty database");
            await Core.Demo.DemoCountyLoader.LoadAsync(db, clock, cancellationToken);
            // Demo accounts only ever come with a freshly loaded demo county, never into a database with real data.
            await Core.Demo.DemoAccounts.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<AccountService>(), cancellationToken);
        }
    }

    public async Task ReloadDemoAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        await db.Database.MigrateAsync(ct);
        await AccountService.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>());
        await Core.Demo.DemoCountyLoader.ResetAsync(db, clock, ct);
        await Core.Demo.DemoAccounts.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<AccountService>(), ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
