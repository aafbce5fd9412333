using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Security;

namespace Zeren.Web.Hosting;

/// <summary>What <c>zeren backup</c> and <c>zeren restore</c> are told (<c>Zeren:Backup</c>, filled from the command line).</summary>
public sealed class BackupSettings
{
    public const string Section = "Zeren:Backup";

    /// <summary>The archive to write or read.</summary>
    public string? File { get; set; }

    /// <summary><c>--include-keys</c>: put the personal-data keys into the archive.</summary>
    public bool IncludeKeys { get; set; }

    /// <summary><c>--force</c>: restore into a data folder that is not empty, replacing its database and uploads.</summary>
    public bool Force { get; set; }
}

/// <summary>The archive's table of contents: what it holds, from which version and schema, and each member's SHA-256.</summary>
public sealed record BackupManifest(string Format, string AppVersion, string SchemaMigration, DateTimeOffset CreatedAt, string Database,
    IReadOnlyDictionary<string, long> Tables, bool IncludesKeys, IReadOnlyList<BackupMember> Members);

/// <summary>One file in the archive: its path there, its size and the SHA-256 of its bytes (lower-case hex).</summary>
public sealed record BackupMember(string Path, long Size, string Sha256);

/// <summary>
/// <c>zeren backup &lt;file&gt; [--include-keys]</c> and <c>zeren restore &lt;file&gt; [--force]</c> (ADR 0017): one zip
/// archive with the SQLite database (copied through SQLite's online backup API, so the app may keep running), the
/// uploads that rows name, the personal-data keys only when asked for, and <c>manifest.json</c> (app version, schema
/// migration, time, rows per table, SHA-256 of every member). Restore verifies every member before it touches
/// anything, refuses a data folder that is not empty unless forced, then checks the rows per table and the audit
/// log's hash chain. On PostgreSQL both say how to use pg_dump / pg_restore instead.
/// </summary>
internal static class BackupCommand
{
    public const string Format = "zeren-backup-1";
    public const string ManifestName = "manifest.json";
    public const string DatabaseMember = "database/zeren.db";
    public const string UploadsPrefix = "uploads/";
    public const string KeysMember = "keys/personal-data.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> BackupAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var settings = config.GetSection(BackupSettings.Section).Get<BackupSettings>() ?? new BackupSettings();
        if (string.IsNullOrWhiteSpace(settings.File))
        {
            await error.WriteLineAsync("用法：zeren backup <备份文件> [--include-keys]");
            return 2;
        }
        var target = services.GetRequiredService<DatabaseTarget>();
        var uploads = services.GetRequiredService<UploadFolder>().Path;
        if (target.Provider == DatabaseProvider.PostgreSql)
        {
            await error.WriteLineAsync(
                "数据库是 PostgreSQL：zeren backup 只备份 SQLite。请用 pg_dump 备份数据库（pg_dump -Fc -f zeren.dump <数据库名>），" +
                $"另行复制附件目录 {uploads}，个人信息密钥分开保管。步骤和备份计划见 docs/operations.md。");
            return 2;
        }
        var archive = Path.GetFullPath(settings.File);
        if (File.Exists(archive))
        {
            await error.WriteLineAsync($"备份文件 {archive} 已存在，不会覆盖，请换一个文件名。");
            return 1;
        }
        var database = DatabaseFile(target);
        if (!File.Exists(database))
        {
            await error.WriteLineAsync($"数据库文件 {database} 不存在：没有可备份的数据。");
            return 1;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        var snapshot = $"{archive}.{Guid.NewGuid():N}.db";
        var partial = archive + ".part";
        var warnings = new List<string>();
        try
        {
            // A consistent copy while the app may be writing: SQLite's online backup API.
            await using (var source = Open(database))
            await using (var copy = Open(snapshot))
            {
                source.BackupDatabase(copy);
            }
            var (tables, migration, files) = await DescribeAsync(snapshot, ct);
            var members = new List<BackupMember>();
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                members.Add(await AddAsync(zip, DatabaseMember, snapshot, CompressionLevel.Optimal, ct));
                foreach (var file in files)
                {
                    var path = Path.Combine([uploads, .. file.StoragePath.Split('/')]);
                    if (!File.Exists(path))
                    {
                        warnings.Add($"附件 {file.Id} 的文件 {file.StoragePath} 不在附件目录中，未备份。");
                        continue;
                    }
                    var member = await AddAsync(zip, UploadsPrefix + file.StoragePath, path, CompressionLevel.NoCompression, ct);
                    if (member.Sha256 != file.Sha256)
                    {
                        warnings.Add($"附件 {file.Id} 的文件内容与上传时记录的 SHA-256 不符（已按现状备份）。");
                    }
                    members.Add(member);
                }
                var keys = settings.IncludeKeys ? KeysToInclude(config, services.GetRequiredService<DataFolder>().Path) : null;
                if (keys is not null)
                {
                    members.Add(await AddBytesAsync(zip, KeysMember, keys, ct));
                }
                var manifest = new BackupManifest(Format, AppVersion(), migration, services.GetRequiredService<TimeProvider>().GetUtcNow(), "sqlite",
                    tables, keys is not null, members);
                await AddBytesAsync(zip, ManifestName, JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);
            }
            File.Move(partial, archive);

            var uploadsCount = members.Count(m => m.Path.StartsWith(UploadsPrefix, StringComparison.Ordinal));
            await output.WriteLineAsync(
                $"已备份到 {archive}（{Megabytes(new FileInfo(archive).Length)}）：数据库（迁移 {migration}，{tables.Count} 张表，共 {tables.Values.Sum()} 行），" +
                $"附件 {uploadsCount} 个（{Megabytes(members.Where(m => m.Path.StartsWith(UploadsPrefix, StringComparison.Ordinal)).Sum(m => m.Size))}），清单 {ManifestName} 记有每个文件的 SHA-256。");
            foreach (var warning in warnings)
            {
                await error.WriteLineAsync("注意：" + warning);
            }
            if (settings.IncludeKeys && !members.Any(m => m.Path == KeysMember))
            {
                await output.WriteLineAsync("没有找到个人信息密钥（既未配置，也没有密钥文件），备份中不含密钥。");
            }
            await output.WriteLineAsync(members.Any(m => m.Path == KeysMember)
                ? "备份中含有个人信息密钥：拿到这个文件的人能读出其中每一个身份证号码和手机号码。请像保管密钥本身一样保管它，不要与不含密钥的备份放在一起。"
                : "备份中不含个人信息密钥，这是有意的：身份证号码和手机号码在数据库中是加密的，只有备份的人读不出；同时拿到备份和密钥的人能读出每一个号码。" +
                  "请把密钥（配置中的 Zeren:PersonalData，或数据目录中的 keys/personal-data.json）另行备份、分开保管；恢复时需要它。确需放在一起时加 --include-keys。");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TryDelete(snapshot);
            TryDelete(partial);
        }
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var settings = config.GetSection(BackupSettings.Section).Get<BackupSettings>() ?? new BackupSettings();
        if (string.IsNullOrWhiteSpace(settings.File))
        {
            await error.WriteLineAsync("用法：zeren restore <备份文件> [--force]");
            return 2;
        }
        var target = services.GetRequiredService<DatabaseTarget>();
        var uploads = services.GetRequiredService<UploadFolder>().Path;
        var dataFolder = services.GetRequiredService<DataFolder>().Path;
        if (target.Provider == DatabaseProvider.PostgreSql)
        {
            await error.WriteLineAsync(
                "数据库是 PostgreSQL：zeren restore 只恢复 SQLite。请用 pg_restore 恢复数据库（pg_restore --clean --if-exists -d <数据库名> zeren.dump），" +
                $"把附件目录复制回 {uploads}，并配置原来的个人信息密钥。步骤见 docs/operations.md。");
            return 2;
        }
        var archivePath = Path.GetFullPath(settings.File);
        if (!File.Exists(archivePath))
        {
            await error.WriteLineAsync($"备份文件 {archivePath} 不存在。");
            return 1;
        }
        using var zip = OpenArchive(archivePath);
        var manifest = zip is null ? null : await ReadManifestAsync(zip, ct);
        if (zip is null || manifest is null || manifest.Format != Format)
        {
            await error.WriteLineAsync($"{archivePath} 不是 Zeren 的备份文件（缺少有效的 {ManifestName}）。未做任何改动。");
            return 1;
        }
        if (await VerifyMembersAsync(zip, manifest, ct) is { } broken)
        {
            await error.WriteLineAsync($"备份文件已损坏或被改动：{broken}。未做任何改动。");
            return 1;
        }
        await using (var db = Context(target))
        {
            if (!db.Database.GetMigrations().Contains(manifest.SchemaMigration))
            {
                await error.WriteLineAsync($"这份备份来自更新版本的 Zeren（数据库迁移 {manifest.SchemaMigration}，版本 {manifest.AppVersion}），请先升级本程序再恢复。未做任何改动。");
                return 1;
            }
        }
        var database = DatabaseFile(target);
        if (!settings.Force && NotEmpty(dataFolder, database) is { } found)
        {
            await error.WriteLineAsync($"数据目录 {dataFolder} 不是空的（已有 {found}）。恢复会替换其中的数据库和附件；请先停止网站，确认要替换时加 --force。未做任何改动。");
            return 1;
        }

        // The database: the archived copy, written into place through SQLite's backup API.
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var extracted = Path.Combine(dataFolder, $".restore-{Guid.NewGuid():N}.db");
        try
        {
            await ExtractAsync(zip.GetEntry(DatabaseMember)!, extracted, ct);
            // Readable by the app's user only, like a database the app makes itself.
            PrivateFiles.Touch(database);
            await using (var source = Open(extracted))
            await using (var destination = Open(database))
            {
                source.BackupDatabase(destination);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TryDelete(extracted);
        }

        // The uploads: the archived ones replace whatever was there.
        if (Directory.Exists(uploads))
        {
            Directory.Delete(uploads, recursive: true);
        }
        var uploadMembers = manifest.Members.Where(m => m.Path.StartsWith(UploadsPrefix, StringComparison.Ordinal)).ToList();
        foreach (var member in uploadMembers)
        {
            var path = Path.Combine([uploads, .. member.Path[UploadsPrefix.Length..].Split('/')]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await ExtractAsync(zip.GetEntry(member.Path)!, path, ct);
        }

        var notes = new List<string>();
        var keyFile = PersonalDataKeyStore.KeyFileIn(dataFolder);
        var configuredKeys = ConfiguredKeys(config);
        if (manifest.IncludesKeys)
        {
            if (configuredKeys is not null)
            {
                notes.Add("备份中的个人信息密钥未写入：配置（Zeren:PersonalData）已指定密钥，启动时只用配置中的密钥。");
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
                var temporary = keyFile + ".restore";
                await ExtractAsync(zip.GetEntry(KeysMember)!, temporary, ct, ownerOnly: true);
                if (File.Exists(keyFile) && !File.ReadAllBytes(keyFile).AsSpan().SequenceEqual(File.ReadAllBytes(temporary)))
                {
                    // A key file is never lost: the one replaced stays beside it under another name.
                    var kept = $"{keyFile}.replaced-{services.GetRequiredService<TimeProvider>().GetUtcNow():yyyyMMddHHmmss}";
                    File.Move(keyFile, kept);
                    notes.Add($"原有的密钥文件已改名为 {kept}，请确认不再需要后再删除。");
                }
                File.Move(temporary, keyFile, overwrite: true);
                notes.Add($"个人信息密钥已写入 {keyFile}（仅本程序的用户可读）。");
            }
        }

        // Check what was restored: rows per table, the audit log's chain, and the keys the data needs.
        var (tables, _, _) = await DescribeAsync(database, ct);
        var differing = manifest.Tables.Where(t => !tables.TryGetValue(t.Key, out var rows) || rows != t.Value).Select(t => t.Key).ToList();
        if (differing.Count > 0)
        {
            await error.WriteLineAsync($"恢复后这些表的行数与备份清单不符：{string.Join("、", differing)}。");
            return 1;
        }
        AuditVerification audit;
        await using (var db = Context(target))
        {
            audit = await new AuditVerifier(db).VerifyAsync(ct: ct);
        }
        if (!audit.Intact)
        {
            await error.WriteLineAsync("恢复后的审计日志校验未通过：" + audit.Message);
            return 1;
        }
        var available = configuredKeys ?? KeyFileIds(keyFile);
        var needed = await KeyIdsInUseAsync(database, ct);
        var missing = needed.Where(k => available?.Contains(k) != true).ToList();

        await output.WriteLineAsync(
            $"已从 {archivePath} 恢复（备份于 {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC，版本 {manifest.AppVersion}，数据库迁移 {manifest.SchemaMigration}）：" +
            $"{tables.Count} 张表的行数与清单逐一相符（共 {tables.Values.Sum()} 行），附件 {uploadMembers.Count} 个，审计日志哈希链完好（{audit.Count} 条）。");
        foreach (var note in notes)
        {
            await output.WriteLineAsync(note);
        }
        if (missing.Count > 0)
        {
            await error.WriteLineAsync(
                $"注意：恢复的数据用密钥 {string.Join("、", missing.Select(k => "k" + k))} 加密了身份证号码和手机号码，但现在的配置和密钥文件中没有它们。" +
                "启动网站之前，请把原来的密钥放回（配置 Zeren:PersonalData，或 keys/personal-data.json），否则这些号码无法读取。");
        }
        if (!IsNewestMigration(target, manifest.SchemaMigration))
        {
            await output.WriteLineAsync("这份备份来自较早的版本：下次启动网站（或运行 zeren migrate）时会把数据库升级到当前版本。");
        }
        return 0;
    }

    /// <summary>Whether the archive's schema is this app's newest (otherwise the next start migrates it).</summary>
    private static bool IsNewestMigration(DatabaseTarget target, string migration)
    {
        using var db = Context(target);
        return db.Database.GetMigrations().LastOrDefault() == migration;
    }

    private static ZerenDbContext Context(DatabaseTarget target)
    {
        // A context of its own, without the app's services: resolving those would create a personal-data key file.
        var options = new DbContextOptionsBuilder<ZerenDbContext>();
        target.Configure(options);
        return new ZerenDbContext(options.Options);
    }

    private static string DatabaseFile(DatabaseTarget target) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(target.ConnectionString).DataSource);

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Rows per table, the newest migration and the stored files' rows, read from a SQLite file.</summary>
    private static async Task<(Dictionary<string, long> Tables, string Migration, List<(string Id, string StoragePath, string Sha256)> Files)> DescribeAsync(
        string file, CancellationToken ct)
    {
        await using var connection = Open(file);
        var names = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }
        var tables = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            tables[name] = (long)(await command.ExecuteScalarAsync(ct))!;
        }
        var migration = "";
        if (tables.ContainsKey("__migrations"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"MigrationId\" FROM \"__migrations\" ORDER BY \"MigrationId\" DESC LIMIT 1";
            migration = (await command.ExecuteScalarAsync(ct)) as string ?? "";
        }
        var files = new List<(string, string, string)>();
        if (tables.ContainsKey("stored_files"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, storage_path, sha256 FROM stored_files ORDER BY storage_path";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                files.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        return (tables, migration, files);
    }

    /// <summary>The key ids (<c>k{id}:…</c>) the people's encrypted numbers use.</summary>
    private static async Task<List<string>> KeyIdsInUseAsync(string file, CancellationToken ct)
    {
        await using var connection = Open(file);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT substr(c, 2, instr(c, ':') - 2) FROM (SELECT id_number_cipher AS c FROM people UNION ALL SELECT mobile_cipher FROM people) " +
            "WHERE c IS NOT NULL AND instr(c, ':') > 2 ORDER BY 1";
        var ids = new List<string>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetString(0));
            }
        }
        catch (SqliteException)
        {
            // An archive from before personal data was encrypted has no such columns.
        }
        return ids;
    }

    /// <summary>The keys for <c>--include-keys</c>, in the key file's shape: from configuration when it names any, else the key file's bytes.</summary>
    private static byte[]? KeysToInclude(IConfiguration config, string dataFolder)
    {
        var options = config.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>();
        if (options is { Keys.Count: > 0 })
        {
            return JsonSerializer.SerializeToUtf8Bytes(options, Json);
        }
        var file = PersonalDataKeyStore.KeyFileIn(dataFolder);
        return File.Exists(file) ? File.ReadAllBytes(file) : null;
    }

    private static HashSet<string>? ConfiguredKeys(IConfiguration config)
    {
        var options = config.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>();
        return options is { Keys.Count: > 0 } ? [.. options.Keys.Keys] : null;
    }

    private static HashSet<string>? KeyFileIds(string keyFile)
    {
        if (!File.Exists(keyFile))
        {
            return null;
        }
        var options = JsonSerializer.Deserialize<PersonalDataOptions>(File.ReadAllText(keyFile), Json);
        return options is null ? null : [.. options.Keys.Keys];
    }

    /// <summary>What makes the data folder (or the database file, which may live elsewhere) not empty, or null.</summary>
    private static string? NotEmpty(string dataFolder, string database)
    {
        if (File.Exists(database) && new FileInfo(database).Length > 0)
        {
            return Path.GetFileName(database);
        }
        if (!Directory.Exists(dataFolder))
        {
            return null;
        }
        var entries = Directory.EnumerateFileSystemEntries(dataFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(3).ToList();
        return entries.Count == 0 ? null : string.Join("、", entries);
    }

    private static ZipArchive? OpenArchive(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static async Task<BackupManifest?> ReadManifestAsync(ZipArchive zip, CancellationToken ct)
    {
        if (zip.GetEntry(ManifestName) is not { } entry || entry.Length > 64 * 1024 * 1024)
        {
            return null;
        }
        try
        {
            await using var stream = await entry.OpenAsync(ct);
            return await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, ct);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// Null when the archive holds exactly the manifest's members, each at a safe path with its size and SHA-256;
    /// otherwise what is wrong. Nothing is written while checking.
    /// </summary>
    private static async Task<string?> VerifyMembersAsync(ZipArchive zip, BackupManifest manifest, CancellationToken ct)
    {
        if (manifest.Members is null || manifest.Tables is null)
        {
            return "清单不完整";
        }
        var listed = manifest.Members.Select(m => m.Path).ToHashSet(StringComparer.Ordinal);
        if (listed.Count != manifest.Members.Count || !listed.Contains(DatabaseMember) || manifest.IncludesKeys != listed.Contains(KeysMember))
        {
            return "清单中的文件列表不完整或重复";
        }
        if (listed.FirstOrDefault(p => !SafeMember(p)) is { } unsafePath)
        {
            return $"清单中的路径 {unsafePath} 不合法";
        }
        var inZip = zip.Entries.Select(e => e.FullName).Where(n => n != ManifestName).ToHashSet(StringComparer.Ordinal);
        if (!inZip.SetEquals(listed))
        {
            return "压缩包中的文件与清单不一致";
        }
        var buffer = new byte[81_920];
        foreach (var member in manifest.Members)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var stream = await zip.GetEntry(member.Path)!.OpenAsync(ct);
            long size = 0;
            int read;
            try
            {
                while ((read = await stream.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    hash.AppendData(buffer, 0, read);
                }
            }
            catch (InvalidDataException)
            {
                return $"{member.Path} 无法解压";
            }
            if (size != member.Size || Convert.ToHexStringLower(hash.GetHashAndReset()) != member.Sha256)
            {
                return $"{member.Path} 的大小或 SHA-256 与清单不符";
            }
        }
        return null;
    }

    /// <summary>The database, the key file, or a file under uploads/ whose path has no empty, '.' or '..' segment.</summary>
    private static bool SafeMember(string path)
    {
        if (path is DatabaseMember or KeysMember)
        {
            return true;
        }
        if (!path.StartsWith(UploadsPrefix, StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }
        return path[UploadsPrefix.Length..].Split('/').All(s => s.Length > 0 && s != "." && s != "..");
    }

    private static async Task<BackupMember> AddAsync(ZipArchive zip, string name, string file, CompressionLevel level, CancellationToken ct)
    {
        await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return await AddStreamAsync(zip, name, source, level, ct);
    }

    private static async Task<BackupMember> AddBytesAsync(ZipArchive zip, string name, byte[] content, CancellationToken ct)
    {
        await using var source = new MemoryStream(content);
        return await AddStreamAsync(zip, name, source, CompressionLevel.Optimal, ct);
    }

    private static async Task<BackupMember> AddStreamAsync(ZipArchive zip, string name, Stream source, CompressionLevel level, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var entry = await zip.CreateEntry(name, level).OpenAsync(ct);
        var buffer = new byte[81_920];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await entry.WriteAsync(buffer.AsMemory(0, read), ct);
            size += read;
        }
        return new BackupMember(name, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task ExtractAsync(ZipArchiveEntry entry, string path, CancellationToken ct, bool ownerOnly = false)
    {
        var temporary = path + ".part";
        try
        {
            await using (var source = await entry.OpenAsync(ct))
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                if (ownerOnly && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                await source.CopyToAsync(file, ct);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private static string AppVersion() =>
        typeof(BackupCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BackupCommand).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.##} MB");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file; nothing reads it.
        }
    }
}
