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
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        var logins = Core.Demo.DemoAccounts.ListAsync(db).GetAwaiter().GetResult();
        if (logins.Count > 0)
        {
            // A table for the person who just started the demo, not a log line.
            Console.WriteLine();
            Console.WriteLine($"演示账号（密码均为 {Core.Demo.DemoAccounts.Password}）：");
            foreach (var l in logins)
            {
                Console.WriteLine($"  {l.UserName,-10} {Core.Security.Roles.Label(l.Role)}（{l.OrgName}）");
            }
            Console.WriteLine();
        }
    }
}
