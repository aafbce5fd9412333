using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;

namespace Zeren.Web.Hosting;

internal static class CommandLine
{
    /// <summary>Splits a leading command word from the host's arguments and turns <c>--demo</c> into configuration.</summary>
    public static (string? Command, string[] HostArgs) Parse(string[] args)
    {
        string? command = null;
        var rest = new List<string>(args);
        if (rest.Count > 0 && !rest[0].StartsWith('-'))
        {
            command = rest[0];
            rest.RemoveAt(0);
            // Two-word commands: "audit verify".
            if (command == "audit" && rest.Count > 0 && !rest[0].StartsWith('-'))
            {
                command += " " + rest[0];
                rest.RemoveAt(0);
            }
        }
        if (rest.Remove("--demo"))
        {
            rest.Add("--Demo:Load=true");
        }
        return (command, rest.ToArray());
    }

    public static async Task<int> RunAsync(WebApplication app, string? command)
    {
        switch (command)
        {
            case null:
                await app.RunAsync();
                return 0;
            case "migrate":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
                    await db.Database.MigrateAsync();
                    Console.WriteLine("数据库已迁移到最新版本。");
                }
                return 0;
            case "demo":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
                    await init.ReloadDemoAsync(CancellationToken.None);
                    Console.WriteLine("演示县数据已重新载入。");
                }
                return 0;
            case "audit verify":
                return await AuditCommand.VerifyAsync(app.Services, Console.Out);
            default:
                Console.Error.WriteLine($"未知命令：{command}。可用命令：migrate、demo、audit verify；不带命令则启动网站。");
                return 2;
        }
    }
}
