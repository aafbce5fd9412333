using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
        if (demo.Value.Load && await Core.Demo.DemoCountyLoader.IsEmptyAsync(db, cancellationToken))
        {
            log.LogInformation("Loading the demo county into an empty database");
            await Core.Demo.DemoCountyLoader.LoadAsync(db, clock, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>(), cancellationToken);
        }
    }

    public async Task ReloadDemoAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        await db.Database.MigrateAsync(ct);
        await Core.Demo.DemoCountyLoader.ResetAsync(db, clock, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>(), ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
