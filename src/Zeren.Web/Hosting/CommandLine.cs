using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.People;
using Zeren.Core.Security;

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
            // Two-word commands: audit verify, keys new, keys rotate.
            if (command is "audit" or "keys" && rest.Count > 0 && !rest[0].StartsWith('-'))
            {
                command += " " + rest[0];
                rest.RemoveAt(0);
            }
        }
        if (rest.Remove("--demo"))
        {
            rest.Add("--Demo:Load=true");
        }
        // backup <file> [--include-keys], restore <file> [--force]: the file and the flags become settings (Zeren:Backup),
        // so the host's own command-line parsing never sees a bare path or a flag without a value.
        if (command is "backup" or "restore")
        {
            if (rest.Count > 0 && !rest[0].StartsWith('-'))
            {
                rest.Add($"--{BackupSettings.Section}:File={rest[0]}");
                rest.RemoveAt(0);
            }
            if (rest.Remove("--include-keys"))
            {
                rest.Add($"--{BackupSettings.Section}:IncludeKeys=true");
            }
            if (rest.Remove("--force"))
            {
                rest.Add($"--{BackupSettings.Section}:Force=true");
            }
        }
        return (command, rest.ToArray());
    }

    /// <summary>Commands that run before the app's start-up work (reading or creating keys), so they change nothing they do not mean to.</summary>
    public static bool RunsBeforeStart(string? command) => command is "backup" or "restore";

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
            case "backup":
                return await BackupCommand.BackupAsync(app.Services, Console.Out, Console.Error);
            case "restore":
                return await BackupCommand.RestoreAsync(app.Services, Console.Out, Console.Error);
            case "keys new":
                NewKey(app.Services.GetRequiredService<PersonalDataKeyStore>());
                return 0;
            case "keys rotate":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<ZerenDbContext>().Database.MigrateAsync();
                    await RotateAsync(scope.ServiceProvider.GetRequiredService<PersonalDataRotation>());
                }
                return 0;
            default:
                Console.Error.WriteLine($"未知命令：{command}。可用命令：migrate、demo、accounts add、audit verify、keys new、keys rotate、backup、restore；不带命令则启动网站。");
                return 2;
        }
    }

    /// <summary>A fresh personal-data key, made current: in the key file when the keys live there, else shown for configuration.</summary>
    private static void NewKey(PersonalDataKeyStore store)
    {
        var keys = store.AddCurrentKey();
        var id = keys.CurrentKeyId;
        if (store.KeyFile is not null)
        {
            Console.WriteLine($"已在密钥文件 {store.KeyFile} 中新增密钥 k{id} 并设为当前密钥。重新启动网站后新数据用它加密；再运行 keys rotate 重新加密旧数据。");
            return;
        }
        Console.WriteLine("个人信息密钥来自配置，未作改动。请把下面两项加入配置（保留原有密钥），重新启动网站后运行 keys rotate：");
        Console.WriteLine($"Zeren__PersonalData__Keys__{id}={Convert.ToBase64String(keys.Current)}");
        Console.WriteLine($"Zeren__PersonalData__CurrentKey={id}");
    }

    private static async Task RotateAsync(PersonalDataRotation rotation)
    {
        var before = await rotation.CountByKeyAsync();
        Console.WriteLine($"轮换前各密钥下的加密值：{Describe(before)}");
        var shown = 0;
        var progress = new Progress<KeyRotationReport>(r =>
        {
            // A line per 5 000 people, not per batch: a province has a million.
            if (r.People / 5000 > shown)
            {
                shown = r.People / 5000;
                Console.WriteLine($"  已重新加密 {r.People} 人……");
            }
        });
        var report = await rotation.RotateAsync(progress);
        Console.WriteLine($"已用当前密钥 k{report.CurrentKeyId} 重新加密 {report.People} 人：身份证号码 {report.IdNumbers} 个，手机号码 {report.Mobiles} 个"
            + (report.ByOldKey.Count > 0 ? $"（原密钥：{Describe(report.ByOldKey)}）" : "") + "。");
        Console.WriteLine($"轮换后各密钥下的加密值：{Describe(await rotation.CountByKeyAsync())}");
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "无" : string.Join("，", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"k{c.Key} {c.Value} 个")));
}
