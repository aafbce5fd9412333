using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Files;

/// <summary>How large an upload may be, and how much one account may upload in a day. Bound from <c>Zeren:Uploads</c>.</summary>
public sealed class UploadOptions
{
    public const string Section = "Zeren:Uploads";

    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Files one account may keep from uploads of one day (China time). 0 turns the count off.</summary>
    public int DailyCount { get; set; } = 200;

    /// <summary>Bytes one account may keep from uploads of one day (China time). 0 turns the bytes off.</summary>
    public long DailyBytes { get; set; } = 1024L * 1024 * 1024;
}

/// <summary>Where uploaded bytes live: the uploads folder inside the data folder, outside the web root.</summary>
public sealed record UploadFolder(string Path);

/// <summary>What the app knows about a stored file.</summary>
public sealed record StoredFileInfo(Guid Id, Guid? OrgId, string FileName, string ContentType, long Size, string Sha256,
    DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>
/// Keeps uploads (附件): checks the account's daily quota and what the bytes really are before keeping anything,
/// writes them to <c>uploads/yyyy/MM/{id}</c> through a temporary name (so no half-written file is ever under its real
/// name), then records a <see cref="StoredFile"/>. A refusal or a failure leaves neither a file nor a row behind.
/// </summary>
public sealed class UploadStore(ZerenDbContext db, UploadFolder folder, IOptions<UploadOptions> options, TimeProvider clock, ActorAccessor actor)
{
    private const int BufferSize = 81_920;

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>The size limit as a person reads it: "20 MB".</summary>
    public string MaxSizeText => $"{MaxBytes / 1024.0 / 1024.0:0.#} MB";

    public Task<StoredFileInfo> SaveAsync(Stream content, string? fileName, string? contentType, IReadOnlyCollection<FileKind> allowed,
        Guid? orgId = null, CancellationToken ct = default) =>
        SaveAsync(content, fileName, contentType, allowed, orgId, keptBy: null, ct);

    /// <summary>
    /// As above; <paramref name="keptBy"/> adds the rows that keep the file (a meeting's attachment) to the context, and
    /// returns them: they are saved with the file's row in one SaveChanges, and on a failure neither they nor the file stay.
    /// </summary>
    public async Task<StoredFileInfo> SaveAsync(Stream content, string? fileName, string? contentType, IReadOnlyCollection<FileKind> allowed,
        Guid? orgId, Func<StoredFileInfo, IReadOnlyList<object>>? keptBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        // The query filter hides organizations outside the actor's scope.
        if (orgId is { } org && !await db.Set<Organization>().AnyAsync(o => o.Id == org, ct))
        {
            throw new NotFoundException("组织", org);
        }
        if (content.CanSeek && content.Length - content.Position > MaxBytes)
        {
            throw TooLarge();
        }
        var now = clock.GetUtcNow();
        var quota = await QuotaLeftAsync(now, ct);
        if (content.CanSeek && content.Length - content.Position > quota)
        {
            throw QuotaBytesUsed(now);
        }
        var head = await FileSignature.ReadHeadAsync(content, ct);
        var kind = FileSignature.Check(fileName, contentType, head, allowed);

        var id = Ids.New();
        var storagePath = now.ToString("yyyy'/'MM", CultureInfo.InvariantCulture) + "/" + id.ToString("N");
        var path = FullPath(storagePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        long size;
        string sha256;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                hash.AppendData(head);
                await file.WriteAsync(head, ct);
                size = head.Length;
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        throw TooLarge();
                    }
                    if (size > quota)
                    {
                        throw QuotaBytesUsed(now);
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await file.FlushAsync(ct);
            }
            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            File.Move(temporary, path);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        var row = StoredFile.Create(id, orgId, StoredFile.CleanFileName(fileName), FileSignature.ContentType(kind), size, sha256, storagePath,
            now, actor.Current.UserName);
        db.Add(row);
        IReadOnlyList<object> keepers = [];
        try
        {
            keepers = keptBy?.Invoke(Info(row)) ?? [];
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            foreach (var added in keepers.Append(row))
            {
                db.Entry(added).State = EntityState.Detached;
            }
            TryDelete(path);
            throw;
        }
        return Info(row);
    }

    /// <summary>
    /// Deletes the bytes of files whose rows were removed and saved. Called after the save: if it fails, a file
    /// without a row is left, which nothing serves.
    /// </summary>
    public void DeleteContent(IEnumerable<StoredFile> removed)
    {
        ArgumentNullException.ThrowIfNull(removed);
        foreach (var file in removed)
        {
            TryDelete(FullPath(file.StoragePath));
        }
    }

    public async Task<StoredFileInfo> GetAsync(Guid id, CancellationToken ct = default) =>
        Info(await FindAsync(id, ct));

    /// <summary>The file and a stream of its bytes, for a download. The caller disposes the stream.</summary>
    public async Task<(StoredFileInfo File, Stream Content)> OpenAsync(Guid id, CancellationToken ct = default)
    {
        var row = await FindAsync(id, ct);
        var path = FullPath(row.StoragePath);
        if (!File.Exists(path))
        {
            throw new NotFoundException("文件", id);
        }
        return (Info(row), new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true));
    }

    private async Task<StoredFile> FindAsync(Guid id, CancellationToken ct) =>
        await db.Set<StoredFile>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("文件", id);

    private string FullPath(string storagePath) => Path.Combine([folder.Path, .. storagePath.Split('/')]);

    private TooLargeException TooLarge() => new($"文件超过 {MaxSizeText} 的上限。");

    /// <summary>
    /// The bytes the actor's account may still upload today (China time), or a refusal when today's count or bytes are
    /// used up. What counts is what the account's uploads of the day still keep (a file removed again frees its share).
    /// The app itself (jobs, commands) has no quota. Uploads at the same moment may each pass the last place.
    /// </summary>
    private async Task<long> QuotaLeftAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        var account = actor.Current;
        if (account.AccountId is null || (settings.DailyCount <= 0 && settings.DailyBytes <= 0))
        {
            return long.MaxValue;
        }
        var dayStart = DayStart(now);
        // Across scopes: the account's own uploads count wherever they belong.
        var today = db.Set<StoredFile>().IgnoreQueryFilters().Where(f => f.CreatedBy == account.UserName && f.CreatedAt >= dayStart);
        if (settings.DailyCount > 0 && await today.CountAsync(ct) is var count && count >= settings.DailyCount)
        {
            throw new TooManyRequestsException("upload_quota_count",
                $"今天已上传 {count} 个文件，达到每个账号每天 {settings.DailyCount} 个的上限，请明天再上传。", UntilTomorrow(now));
        }
        if (settings.DailyBytes <= 0)
        {
            return long.MaxValue;
        }
        var bytes = await today.SumAsync(f => (long?)f.Size, ct) ?? 0;
        if (bytes >= settings.DailyBytes)
        {
            throw QuotaBytesUsed(now);
        }
        return settings.DailyBytes - bytes;
    }

    private TooManyRequestsException QuotaBytesUsed(DateTimeOffset now) =>
        new("upload_quota_bytes",
            $"今天上传的文件合计将超过每个账号每天 {options.Value.DailyBytes / 1024.0 / 1024.0:0.#} MB 的上限，请明天再上传。", UntilTomorrow(now));

    /// <summary>The first instant of <paramref name="now"/>'s day in China.</summary>
    private static DateTimeOffset DayStart(DateTimeOffset now)
    {
        var china = ChinaTime.ToChina(now);
        return new DateTimeOffset(china.Date, china.Offset).ToUniversalTime();
    }

    private static TimeSpan UntilTomorrow(DateTimeOffset now) => DayStart(now).AddDays(1) - now;

    private static StoredFileInfo Info(StoredFile f) =>
        new(f.Id, f.OrgId, f.FileName, f.ContentType, f.Size, f.Sha256, f.CreatedAt, f.CreatedBy);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Nothing more to do: a stray file without a row is never served.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
