using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Zeren.Core.Data;

namespace Zeren.Web.Hosting;

internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var target = app.Services.GetRequiredService<DatabaseTarget>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Zeren");
        foreach (var address in addresses)
        {
            log.LogInformation("Zeren 已启动：{Address}", address);
        }
        log.LogInformation("数据库：{Provider}", target.Provider);
    }
}
