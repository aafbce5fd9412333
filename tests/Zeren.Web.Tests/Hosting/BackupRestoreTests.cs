using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

/// <summary>
/// <c>zeren backup</c> and <c>zeren restore</c> run as an operator runs them, in a process of their own: a running app
/// with the demo county and uploads is backed up, restored into a new folder, and every table compared row by row,
/// every file byte by byte, the audit chain verified and the personal data read again. Changed archives and occupied
/// folders are refused without a change; on PostgreSQL the commands point to pg_dump and pg_restore.
/// </summary>
public sealed class BackupRestoreTests
{
    private static readonly byte[] PngHead = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Png(int length = 5000)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        PngHead.CopyTo(bytes, 0);
        return bytes;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] content, string fileName, string contentType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        if (url.Contains("/attachments", StringComparison.Ordinal))
        {
            form.Add(new StringContent("SignInSheet"), "kind");
        }
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), form);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return response;
    }

    private static Dictionary<string, string?> Folder(string path) => new() { ["Zeren:DataFolder"] = path };

    /// <summary>Every row of every table, each as one line of its values, sorted: two databases compare equal when these do.</summary>
    private static async Task<SortedDictionary<string, List<string>>> RowsAsync(string database)
    {
        var tables = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }
        foreach (var name in names)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{name}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var values = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values[i] = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
                    {
                        byte[] bytes => Convert.ToHexString(bytes),
                        var v => Convert.ToString(v, CultureInfo.InvariantCulture)!,
                    };
                }
                rows.Add(string.Join('\u001F', values));
            }
            rows.Sort(StringComparer.Ordinal);
            tables[name] = rows;
        }
        return tables;
    }

    /// <summary>The files under a folder: relative path → SHA-256.</summary>
    private static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
                f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))))
            : [], StringComparer.Ordinal);

    [Fact]
    public async Task BackupOfARunningApp_RestoredIntoANewFolder_HasEveryRowEveryFileAndAnIntactAuditChain()
    {
        var source = TestDatabases.NewTempFolder("zeren-backup-source");
        var work = TestDatabases.NewTempFolder("zeren-backup");
        var archive = Path.Combine(work, "zeren-backup.zip");
        var withoutKeys = Path.Combine(work, "zeren-backup-no-keys.zip");
        var restored = Path.Combine(work, "restored");
        var photo = Png();
        Guid personId, photoId;
        string? idNumber;
        var uploads = "";

        await using (var app = new ZerenFactory(TestDatabases.Sqlite, demo: true, settings: Folder(source)))
        {
            var admin = await TestAccounts.SignedInAsync(app, "backup-admin", [Role.CountyAdmin], null);
            Guid meetingId;
            await using (var scope = app.Scope())
            {
                var db = scope.Get<ZerenDbContext>();
                meetingId = await db.Set<Meeting>().OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
                personId = await db.Set<Person>().Where(p => p.IdNumberCipher != null).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            }
            var attached = await UploadAsync(admin, $"/api/v1/meetings/{meetingId}/attachments", photo, "签到表.png", "image/png");
            photoId = (await attached.ReadAs<MeetingAttachmentView>()).FileId;
            await UploadAsync(admin, "/api/v1/files", Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 3000)), "会议纪要.pdf", "application/pdf");
            idNumber = (await admin.GetFromJson<PersonalData>($"/api/v1/people/{personId}/personal-data")).IdNumber;
            idNumber.Should().NotBeNullOrEmpty();
            // The demo county stores its own evidence photos (checklist items); the backup carries those and the two uploaded here.
            var stored = Files(Path.Combine(source, "uploads")).Count;
            stored.Should().BeGreaterThan(2);
            uploads = $"附件 {stored} 个";

            // While the app runs: SQLite's online backup copies a consistent database.
            var backup = await ZerenCli.RunAsync("backup", archive, "--include-keys", $"--Zeren:DataFolder={source}");
            backup.ExitCode.Should().Be(0, backup.ToString());
            backup.Out.Should().Contain("已备份到").And.Contain(uploads).And.Contain("备份中含有个人信息密钥");

            var plain = await ZerenCli.RunAsync("backup", withoutKeys, $"--Zeren:DataFolder={source}");
            plain.ExitCode.Should().Be(0, plain.ToString());
            plain.Out.Should().Contain("备份中不含个人信息密钥").And.Contain("同时拿到备份和密钥的人能读出每一个号码").And.Contain("--include-keys");

            var again = await ZerenCli.RunAsync("backup", archive, $"--Zeren:DataFolder={source}");
            again.ExitCode.Should().Be(1, "an existing backup is never overwritten");
            again.Error.Should().Contain("已存在");
        }
        // The app has stopped: nothing writes to the source any more.

        using (var zip = ZipFile.OpenRead(archive))
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(zip.GetEntry("manifest.json")!.Open(), ZerenFactory.Json)!;
            manifest.Format.Should().Be("zeren-backup-1");
            // The latest migration of this build, whichever it is.
            manifest.SchemaMigration.Should().Be(typeof(ZerenDbContext).Assembly.GetTypes()
                .Select(t => System.Reflection.CustomAttributeExtensions.GetCustomAttribute<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>(t)?.Id)
                .OfType<string>().Max(StringComparer.Ordinal));
            manifest.AppVersion.Should().NotBeNullOrEmpty();
            manifest.IncludesKeys.Should().BeTrue();
            manifest.Tables["organizations"].Should().Be(567);
            manifest.Tables["people"].Should().BeGreaterThan(7000);
            manifest.Members.Select(m => m.Path).Should().Contain(["database/zeren.db", "keys/personal-data.json"]);
            manifest.Members.Should().Contain(m => m.Path.StartsWith("uploads/", StringComparison.Ordinal) && m.Path.EndsWith(photoId.ToString("N"), StringComparison.Ordinal)
                && m.Sha256 == Convert.ToHexStringLower(SHA256.HashData(photo)));
        }
        using (var zip = ZipFile.OpenRead(withoutKeys))
        {
            zip.Entries.Select(e => e.FullName).Should().NotContain(name => name.StartsWith("keys/", StringComparison.Ordinal));
        }

        var restore = await ZerenCli.RunAsync("restore", archive, $"--Zeren:DataFolder={restored}");
        restore.ExitCode.Should().Be(0, restore.ToString());
        restore.Out.Should().Contain("行数与清单逐一相符").And.Contain(uploads).And.Contain("审计日志哈希链完好");

        var sourceRows = await RowsAsync(Path.Combine(source, "zeren.db"));
        var restoredRows = await RowsAsync(Path.Combine(restored, "zeren.db"));
        restoredRows.Keys.Should().Equal(sourceRows.Keys);
        foreach (var (table, rows) in sourceRows)
        {
            restoredRows[table].Should().Equal(rows, $"table {table} compares row by row");
        }
        sourceRows["meeting_attendees"].Should().HaveCountGreaterThan(10_000, "the demo county's ledger is in it");
        Files(Path.Combine(restored, "uploads")).Should().Equal(Files(Path.Combine(source, "uploads")));
        File.ReadAllBytes(Path.Combine(restored, "keys", "personal-data.json")).Should().Equal(File.ReadAllBytes(Path.Combine(source, "keys", "personal-data.json")));

        var verify = await ZerenCli.RunAsync("audit", "verify", $"--Zeren:DataFolder={restored}");
        verify.ExitCode.Should().Be(0, verify.ToString());
        verify.Out.Should().Contain("审计日志哈希链完整");

        // A second restore into the same folder is refused and changes nothing.
        var before = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(restored, "zeren.db"))));
        var refused = await ZerenCli.RunAsync("restore", withoutKeys, $"--Zeren:DataFolder={restored}");
        refused.ExitCode.Should().Be(1, refused.ToString());
        refused.Error.Should().Contain("不是空的").And.Contain("--force");
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(restored, "zeren.db")))).Should().Be(before);

        // The restored app works: the same account signs in, the keys read the same ID number, the photo downloads.
        await using (var app = new ZerenFactory(TestDatabases.Sqlite, settings: Folder(restored)))
        {
            var admin = await TestAccounts.SignedInAsync(app, "backup-admin", [Role.CountyAdmin], null);
            (await admin.GetFromJson<PersonalData>($"/api/v1/people/{personId}/personal-data")).IdNumber.Should().Be(idNumber);
            (await admin.GetByteArrayAsync(new Uri($"/api/v1/files/{photoId}", UriKind.Relative))).Should().Equal(photo);
        }

        // --force replaces it; without keys in the archive the restore keeps the folder's key file and says what it needs.
        var forced = await ZerenCli.RunAsync("restore", withoutKeys, "--force", $"--Zeren:DataFolder={restored}");
        forced.ExitCode.Should().Be(0, forced.ToString());
        forced.Error.Should().NotContain("注意：恢复的数据用密钥", "the folder's key file still holds the key the data needs");

        // An archive with keys, forced over a folder whose key file differs: that key file is kept under another name.
        var keyFile = Path.Combine(restored, "keys", "personal-data.json");
        await File.WriteAllTextAsync(keyFile, "{\"Keys\":{\"9\":\"AAAAAAAAAAAAAAAAAAAAAA==\"},\"CurrentKey\":\"9\",\"IndexKey\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}");
        var overKeys = await ZerenCli.RunAsync("restore", archive, "--force", $"--Zeren:DataFolder={restored}");
        overKeys.ExitCode.Should().Be(0, overKeys.ToString());
        overKeys.Out.Should().Contain("原有的密钥文件已改名为");
        File.ReadAllBytes(keyFile).Should().Equal(File.ReadAllBytes(Path.Combine(source, "keys", "personal-data.json")));
        Directory.GetFiles(Path.Combine(restored, "keys"), "personal-data.json.replaced-*").Should().ContainSingle()
            .Which.Should().Match(f => File.ReadAllText(f).Contains("\"9\""));
    }

    [Fact]
    public async Task Restore_OfAChangedOrUnsafeArchive_IsRefusedBeforeAnythingIsWritten()
    {
        var source = TestDatabases.NewTempFolder("zeren-backup-source");
        var work = TestDatabases.NewTempFolder("zeren-backup");
        var archive = Path.Combine(work, "backup.zip");
        await using (var app = new ZerenFactory(TestDatabases.Sqlite, settings: Folder(source)))
        {
            var admin = await TestAccounts.SignedInAsync(app, "backup-tamper", [Role.CountyAdmin], null);
            await UploadAsync(admin, "/api/v1/files", Png(), "照片.png", "image/png");
        }
        (await ZerenCli.RunAsync("backup", archive, $"--Zeren:DataFolder={source}")).ExitCode.Should().Be(0);

        // One byte of the upload changed, the manifest left as it was.
        var changed = Rewrite(archive, Path.Combine(work, "changed.zip"), (name, bytes) =>
        {
            if (name.StartsWith("uploads/", StringComparison.Ordinal))
            {
                bytes[^1] ^= 0xFF;
            }
            return (name, bytes);
        });
        // A member that would land outside the uploads folder, listed in the manifest with its true hash.
        var escaping = Rewrite(archive, Path.Combine(work, "escaping.zip"), (name, bytes) =>
        {
            if (name == "manifest.json")
            {
                var text = Encoding.UTF8.GetString(bytes);
                var upload = JsonSerializer.Deserialize<BackupManifest>(bytes, ZerenFactory.Json)!.Members.First(m => m.Path.StartsWith("uploads/", StringComparison.Ordinal)).Path;
                return (name, Encoding.UTF8.GetBytes(text.Replace(upload, "uploads/../../escaped", StringComparison.Ordinal)));
            }
            return (name.StartsWith("uploads/", StringComparison.Ordinal) ? "uploads/../../escaped" : name, bytes);
        });

        foreach (var (file, reason) in new[] { (changed, "SHA-256 与清单不符"), (escaping, "不合法") })
        {
            var target = Path.Combine(work, Path.GetFileNameWithoutExtension(file));
            var run = await ZerenCli.RunAsync("restore", file, $"--Zeren:DataFolder={target}");

            run.ExitCode.Should().Be(1, run.ToString());
            run.Error.Should().Contain("备份文件已损坏或被改动").And.Contain(reason).And.Contain("未做任何改动");
            Directory.GetFileSystemEntries(target).Should().BeEmpty("nothing is written before every member is verified");
            File.Exists(Path.Combine(work, "escaped")).Should().BeFalse();
        }

        var notABackup = Path.Combine(work, "not-a-backup.zip");
        await File.WriteAllBytesAsync(notABackup, Encoding.UTF8.GetBytes("no zip"));
        var wrong = await ZerenCli.RunAsync("restore", notABackup, $"--Zeren:DataFolder={Path.Combine(work, "wrong")}");
        wrong.ExitCode.Should().Be(1);
        wrong.Error.Should().Contain("不是 Zeren 的备份文件");
    }

    [Fact]
    public async Task OnPostgreSql_BackupAndRestore_SayToUsePgDumpAndPgRestore()
    {
        var folder = TestDatabases.NewTempFolder("zeren-backup-pg");
        string[] postgres = ["--Database:Provider=PostgreSql", "--ConnectionStrings:Zeren=Host=127.0.0.1;Database=zeren;Username=zeren", $"--Zeren:DataFolder={folder}"];

        var backup = await ZerenCli.RunAsync(["backup", Path.Combine(folder, "b.zip"), .. postgres]);
        var restore = await ZerenCli.RunAsync(["restore", Path.Combine(folder, "b.zip"), .. postgres]);

        backup.ExitCode.Should().Be(2, backup.ToString());
        backup.Error.Should().Contain("pg_dump -Fc").And.Contain("docs/operations.md");
        restore.ExitCode.Should().Be(2, restore.ToString());
        restore.Error.Should().Contain("pg_restore").And.Contain("docs/operations.md");
        File.Exists(Path.Combine(folder, "b.zip")).Should().BeFalse();
    }

    [Fact]
    public void CommandLine_TurnsTheFileAndFlagsIntoSettings()
    {
        var (command, hostArgs) = CommandLine.Parse(["restore", "/backups/zeren 2026-12-03.zip", "--force", "--urls", "x"]);

        command.Should().Be("restore");
        hostArgs.Should().Equal("--urls", "x", "--Zeren:Backup:File=/backups/zeren 2026-12-03.zip", "--Zeren:Backup:Force=true");
        CommandLine.Parse(["backup", "b.zip", "--include-keys"]).HostArgs.Should().Contain("--Zeren:Backup:IncludeKeys=true");
        CommandLine.RunsBeforeStart("backup").Should().BeTrue();
        CommandLine.RunsBeforeStart("migrate").Should().BeFalse();
    }

    /// <summary>A copy of a zip with each entry passed through <paramref name="change"/> (name and bytes).</summary>
    private static string Rewrite(string from, string to, Func<string, byte[], (string Name, byte[] Bytes)> change)
    {
        using var source = ZipFile.OpenRead(from);
        using var target = ZipFile.Open(to, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            using var buffer = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(buffer);
            }
            var (name, bytes) = change(entry.FullName, buffer.ToArray());
            using var output = target.CreateEntry(name).Open();
            output.Write(bytes);
        }
        return to;
    }
}
