using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Security;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

/// <summary>
/// Keys at rest: the data-protection keys (which sign cookies and tokens) are encrypted under a key-encryption key from
/// the personal-data key source, and the data folder, the SQLite database and the key files are the app's user's alone.
/// </summary>
public class KeysAtRestTests
{
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static async Task<string> SignInAsync(ZerenFactory app, string user)
    {
        var (_, township, _) = await app.AdminClient().CreateCounty();
        await app.EnsureAccountAsync(user, [Role.ReadOnly], township.Id);
        return await app.LoginAsync(user, ZerenFactory.TestPassword);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DataProtectionKeys_AreSealed_AndOpenAgainAfterARestart(string provider)
    {
        string folder;
        string token;
        var user = Accounts.UniqueName("keys");
        var settings = new Dictionary<string, string?>();
        using (var first = new ZerenFactory(provider))
        {
            token = await SignInAsync(first, user);
            folder = first.Services.GetRequiredService<DataFolder>().Path;
            if (provider == TestDatabases.Postgres)
            {
                // The restart below must find the same database.
                settings["ConnectionStrings:Zeren"] = first.Services.GetRequiredService<Core.Data.DatabaseTarget>().ConnectionString;
            }
        }

        var keyFiles = Directory.GetFiles(KeysAtRest.FolderIn(folder), "key-*.xml");
        keyFiles.Should().NotBeEmpty("signing in made a data-protection key");
        foreach (var file in keyFiles)
        {
            var xml = await File.ReadAllTextAsync(file);
            xml.Should().Contain("<sealedKey algorithm=\"SM4-GCM\"", file).And.Contain(">k" + KeyEncryptionKey.KeyId + ":");
            xml.Should().NotContain("<masterKey", "the key itself is inside the sealed part").And.NotContain("<value>");
            if (!OperatingSystem.IsWindows())
            {
                (File.GetUnixFileMode(file) & Others).Should().Be(UnixFileMode.None, file);
            }
        }

        // Another start over the same folder opens the sealed keys: the token signed before still works.
        settings["Zeren:DataFolder"] = folder;
        using var second = new ZerenFactory(provider, settings: settings);
        using var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheDataFolder_TheDatabase_AndTheKeyFiles_AreTheAppUsersAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        // A data folder the app creates itself, one level below a folder that exists.
        var parent = TestDatabases.NewTempFolder("zeren-private");
        var folder = Path.Combine(parent, "data");
        using var app = new ZerenFactory(TestDatabases.Sqlite, settings: new Dictionary<string, string?> { ["Zeren:DataFolder"] = folder });
        await SignInAsync(app, Accounts.UniqueName("mode"));

        File.GetUnixFileMode(folder).Should().Be(PrivateFiles.FolderMode, "the data folder is 0700");
        File.GetUnixFileMode(KeysAtRest.FolderIn(folder)).Should().Be(PrivateFiles.FolderMode, "the key folder is 0700");
        var files = Directory.GetFiles(folder, "zeren.db*").Concat(Directory.GetFiles(KeysAtRest.FolderIn(folder))).ToList();
        files.Should().Contain(f => f.EndsWith("zeren.db", StringComparison.Ordinal)).And.Contain(f => f.EndsWith(PersonalDataKeyStore.FileName, StringComparison.Ordinal))
            .And.Contain(f => Path.GetFileName(f).StartsWith("key-", StringComparison.Ordinal));
        foreach (var file in files)
        {
            (File.GetUnixFileMode(file) & Others).Should().Be(UnixFileMode.None, $"{Path.GetFileName(file)} is readable by the app's user only");
        }
    }
}
