using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Jobs;
using Zeren.Core.Platform;

namespace Zeren.Core.Files;

/// <summary>What one day's clean-up of unused uploads did, or that another instance had already done it.</summary>
public sealed record UploadCleanupRun(DateOnly Day, bool Ran, int Files, long Bytes, int StrayFiles, string? Skipped = null);

/// <summary>
/// 清理未使用的附件: once a day, uploads that nothing keeps <see cref="Grace"/> after they were uploaded are removed,
/// rows and bytes. A file is kept when any row refers to it by a foreign key (a meeting's attachment today; whatever a
/// later capability adds, found in the model, so a new kind of keeper needs no change here). Files on disk that have no
/// row at all (a crash between writing the bytes and saving the row, a half-written <c>.part</c>) go too, once as old.
/// The rows are the app's own writing: one audit entry for the run, not one per file. Claimed in <c>job_runs</c>, so
/// several instances run it once a day.
/// </summary>
public sealed class UploadCleanup(ZerenDbContext db, UploadFolder folder, AuditLog audit, TimeProvider clock, ILogger<UploadCleanup> log)
{
    public const string JobName = "upload-cleanup";

    /// <summary>How long an upload may wait for something to keep it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(24);

    /// <summary>How many removed files the audit entry names (the count and bytes are always complete).</summary>
    private const int NamedInAudit = 100;

    public async Task<UploadCleanupRun> RunAsync(CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        var now = clock.GetUtcNow();
        var cutoff = now - Grace;
        var strays = await StrayFilesAsync(cutoff, ct);
        var strategy = db.Database.CreateExecutionStrategy();
        var (ran, removed) = await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var run = JobRun.Start(JobName, today, now);
            List<StoredFile> unused;
            using (audit.SuspendRowAuditing())
            {
                db.Add(run);
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    return (false, (List<StoredFile>)[]);
                }
                unused = await Unused(cutoff).ToListAsync(ct);
                db.RemoveRange(unused);
                run.Finish($"删除未使用的附件 {unused.Count} 个（{Megabytes(unused.Sum(f => f.Size))}），无记录的文件 {strays.Count} 个", clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }
            await audit.RecordAsync(AuditAction.Delete, nameof(StoredFile), null,
                $"清理未使用的附件（{today:yyyy-MM-dd}）：上传 {Grace.TotalHours:0} 小时后仍未被任何记录使用的 {unused.Count} 个（{Megabytes(unused.Sum(f => f.Size))}）" +
                (strays.Count > 0 ? $"，另有无记录的文件 {strays.Count} 个" : ""),
                after: new
                {
                    Day = today,
                    Files = unused.Count,
                    Bytes = unused.Sum(f => f.Size),
                    StrayFiles = strays.Count,
                    Removed = unused.Take(NamedInAudit).Select(f => new { f.Id, f.FileName, f.Size, f.CreatedBy, f.CreatedAt }),
                },
                ct: ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return (true, unused);
        });
        if (!ran)
        {
            return new UploadCleanupRun(today, false, 0, 0, 0, "今天的清理已由其他实例完成。");
        }
        // After the commit: a failure here leaves bytes without a row, which nothing serves and the next run removes.
        foreach (var file in removed)
        {
            TryDelete(Path.Combine([folder.Path, .. file.StoragePath.Split('/')]));
        }
        foreach (var stray in strays)
        {
            TryDelete(stray);
        }
        var bytes = removed.Sum(f => f.Size);
        log.LogInformation("Upload clean-up for {Day}: {Files} unused files ({Bytes} bytes), {Strays} files without a row", today, removed.Count, bytes, strays.Count);
        return new UploadCleanupRun(today, true, removed.Count, bytes, strays.Count);
    }

    /// <summary>
    /// Of <paramref name="ids"/>, the files a record may take as its evidence: uploaded for <paramref name="orgId"/>, seen by
    /// the account (the scope filter holds), of an image type when <paramref name="imagesOnly"/>, and kept by no row yet —
    /// asked across scopes on purpose (any keeper keeps a file, seen or not), only for ids already found in scope.
    /// </summary>
    public async Task<List<Guid>> UsableEvidenceAsync(Guid orgId, IReadOnlyCollection<Guid> ids, bool imagesOnly = false, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var visible = await db.Set<StoredFile>().AsNoTracking()
            .Where(f => ids.Contains(f.Id) && f.OrgId == orgId && (!imagesOnly || f.ContentType == "image/jpeg" || f.ContentType == "image/png"))
            .Select(f => f.Id).ToListAsync(ct);
        return await Unused(DateTimeOffset.MaxValue).Where(f => visible.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Files uploaded before <paramref name="cutoff"/> that no row refers to. Every foreign key in the model that points
    /// at <see cref="StoredFile"/> is a keeper; query filters are lifted, so a keeper hidden from someone still keeps.
    /// </summary>
    public IQueryable<StoredFile> Unused(DateTimeOffset cutoff)
    {
        var files = db.Set<StoredFile>().IgnoreQueryFilters().Where(f => f.CreatedAt < cutoff);
        var fileType = db.Model.FindEntityType(typeof(StoredFile))!;
        foreach (var key in fileType.GetReferencingForeignKeys())
        {
            var kept = KeptIds(key);
            files = files.Where(f => !kept.Any(id => id == f.Id));
        }
        return files;
    }

    /// <summary>The file ids a foreign key's rows refer to: <c>SELECT fk FROM dependent</c>, built for the key's entity type.</summary>
    private IQueryable<Guid?> KeptIds(IForeignKey key)
    {
        var dependent = key.DeclaringEntityType.ClrType;
        var column = key.Properties.Single().Name;
        var set = (IQueryable)SetMethod.MakeGenericMethod(dependent).Invoke(db, null)!;
        var row = Expression.Parameter(dependent, "row");
        var id = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(Guid?)], row, Expression.Constant(column));
        var select = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [dependent, typeof(Guid?)], set.Expression,
            Expression.Quote(Expression.Lambda(id, row)));
        return set.Provider.CreateQuery<Guid?>(select);
    }

    private static readonly MethodInfo SetMethod = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;

    /// <summary>Files under the uploads folder, named by a file id (or its <c>.part</c>), older than the cutoff, whose row does not exist.</summary>
    private async Task<List<string>> StrayFilesAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var candidates = new List<(string Path, Guid Id)>();
        if (Directory.Exists(folder.Path))
        {
            foreach (var path in Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(path);
                if (name.EndsWith(".part", StringComparison.Ordinal))
                {
                    name = name[..^".part".Length];
                }
                if (name.Length == 32 && Guid.TryParseExact(name, "N", out var id) && File.GetLastWriteTimeUtc(path) < cutoff.UtcDateTime)
                {
                    candidates.Add((path, id));
                }
            }
        }
        var strays = new List<string>();
        foreach (var batch in candidates.Chunk(500))
        {
            var ids = batch.Select(c => c.Id).ToList();
            var known = (await db.Set<StoredFile>().IgnoreQueryFilters().Where(f => ids.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct)).ToHashSet();
            strays.AddRange(batch.Where(c => !known.Contains(c.Id) || c.Path.EndsWith(".part", StringComparison.Ordinal)).Select(c => c.Path));
        }
        return strays;
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.##} MB";

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "Could not delete {Path}; the next clean-up tries again", path);
        }
    }
}
