using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Files;

/// <summary>How large an upload may be. Bound from <c>Zeren:Uploads</c>.</summary>
public sealed class UploadOptions
{
    public const string Section = "Zeren:Uploads";

    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>Where uploaded bytes live: the uploads folder inside the data folder, outside the web root.</summary>
public sealed record UploadFolder(string Path);

/// <summary>What the app knows about a stored file.</summary>
public sealed record StoredFileInfo(Guid Id, Guid? OrgId, string FileName, string ContentType, long Size, string Sha256,
    DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>
/// Keeps uploads (附件): checks what the bytes really are before keeping anything, writes them to
/// <c>uploads/yyyy/MM/{id}</c> through a temporary name (so no half-written file is ever under its real name),
/// then records a <see cref="StoredFile"/>. A refusal or a failure leaves neither a file nor a row behind.
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
        var head = await FileSignature.ReadHeadAsync(content, ct);
        var kind = FileSignature.Check(fileName, contentType, head, allowed);

        var id = Ids.New();
        var now = clock.GetUtcNow();
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
