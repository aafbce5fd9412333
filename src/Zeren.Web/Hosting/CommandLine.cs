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

    /// <summary>
    /// <c>zeren accounts add {userName} {role} [orgCode]</c>: the way in for a new installation, which has no accounts
    /// yet. Without an organization code the account covers the whole deployment. Prints a one-time password.
    /// </summary>
    private static async Task<int> AccountsCommandAsync(WebApplication app, string[] args)
    {
        var words = args.Where(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal)).ToList();
        if (words.Count < 3 || words[0] != "add" || !Enum.TryParse<Core.Security.Role>(words[2], ignoreCase: true, out var role))
        {
            Console.Error.WriteLine("用法：zeren accounts add <用户名> <角色> [组织编码]");
            Console.Error.WriteLine("角色：" + string.Join("、", Enum.GetValues<Core.Security.Role>().Select(r => $"{r}（{Core.Security.Roles.Label(r)}）")));
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
        await db.Database.MigrateAsync();
        await Core.Security.AccountService.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole<Guid>>>());
        Guid? orgId = null;
        if (words.Count > 3)
        {
            var org = await scope.ServiceProvider.GetRequiredService<Core.Organizations.OrganizationService>().FindByCodeAsync(words[3]);
            if (org is null)
            {
                Console.Error.WriteLine($"未找到编码为 {words[3]} 的组织。");
                return 1;
            }
            orgId = org.Id;
        }
        try
        {
            var (account, password) = await scope.ServiceProvider.GetRequiredService<Core.Security.AccountService>()
                .CreateAsync(new Core.Security.AccountInput(words[1], words[1], orgId, [role]));
            Console.WriteLine($"已创建账号 {account.UserName}（{Core.Security.Roles.Label(role)}，{account.OrgName ?? "全部组织"}）。");
            Console.WriteLine($"初始密码：{password}（首次登录须修改）");
            return 0;
        }
        catch (Core.Platform.DomainException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    public static async Task<int> RunAsync(WebApplication app, string? command, string[]? args = null)
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
            case "accounts":
                return await AccountsCommandAsync(app, args ?? []);
            case "audit verify":
                return await AuditCommand.VerifyAsync(app.Services, Console.Out);
            default:
                Console.Error.WriteLine($"未知命令：{command}。可用命令：migrate、demo、accounts add、audit verify；不带命令则启动网站。");
                return 2;
        }
    }
}
