using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Zeren.Web.Hosting;

/// <summary>Where the app keeps its files: the SQLite database, the keys and the uploads.</summary>
public sealed record DataFolder(string Path)
{
    /// <summary>
    /// Creates the folder when missing (readable by the app's user only, 0700) and proves it writable by writing and
    /// removing a small file. A folder that is not is a <see cref="DataFolderNotWritableException"/>: the start stops
    /// with one sentence, not a stack trace.
    /// </summary>
    public static DataFolder Prepare(string path)
    {
        try
        {
            PrivateFiles.CreateFolder(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFolderNotWritableException(path, e);
        }
        var folder = new DataFolder(path);
        if (folder.CanWrite() is { } error)
        {
            throw new DataFolderNotWritableException(path, error);
        }
        return folder;
    }

    /// <summary>Null when a file can be written into the folder and removed again; otherwise what went wrong.</summary>
    public Exception? CanWrite()
    {
        var probe = System.IO.Path.Combine(Path, $".write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                file.WriteByte(0);
                file.Flush(flushToDisk: true);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e;
        }
    }
}

/// <summary>The data folder cannot be written: said once in Chinese and once in English, for the operator's console.</summary>
public sealed class DataFolderNotWritableException(string path, Exception inner) : Exception(Describe(path, inner), inner)
{
    private static string Describe(string path, Exception inner)
    {
        var (chinese, english) = inner switch
        {
            UnauthorizedAccessException => ("本程序的用户没有写入权限", "the app's user may not write to it"),
            DirectoryNotFoundException => ("目录不存在，也无法创建", "it does not exist and cannot be created"),
            _ => (inner.Message, inner.Message), // the system's own words: read-only file system, no space left on device
        };
        return $"数据目录 {path} 无法写入（{chinese}），Zeren 需要在其中保存数据库、密钥和附件，请检查目录权限和磁盘后再启动。" +
            $" The data folder {path} is not writable ({english}); Zeren keeps its database, keys and uploads there, so check the folder's permissions and the disk, then start again.";
    }
}

/// <summary>When /health calls the data folder's disk nearly full (<c>Zeren:Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Zeren:Health";

    /// <summary>Below this much free space on the data folder's disk, /health says Degraded.</summary>
    public long MinFreeMegabytes { get; set; } = 1024;
}

/// <summary>
/// Whether the data folder can be written, probed at most once per <see cref="Interval"/>: the probe writes a file and
/// forces it to disk, which a load balancer asking /health many times a second would otherwise pay on every request
/// (a few hundred answers a second at most). One instance per app; the answer is at most that old.
/// </summary>
public sealed class DataFolderWriteCheck(DataFolder folder, TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private (DateTimeOffset At, bool Writable)? last;

    public bool CanWrite()
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (last is { } seen && now - seen.At < Interval && now >= seen.At)
            {
                return seen.Writable;
            }
        }
        var writable = folder.CanWrite() is null;
        lock (gate)
        {
            last = (now, writable);
        }
        return writable;
    }
}

/// <summary>
/// /health: the data folder can be written and its disk has room. Either failing is Degraded (the app still reads and
/// serves, but uploads, imports and, on SQLite, every save are about to fail), with the reason and no path.
/// </summary>
internal sealed class DataFolderHealthCheck(DataFolder folder, DataFolderWriteCheck writeCheck, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!writeCheck.CanWrite())
        {
            return Task.FromResult(HealthCheckResult.Degraded("数据目录无法写入 (data folder not writable)"));
        }
        long free;
        try
        {
            free = new DriveInfo(folder.Path).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Task.FromResult(HealthCheckResult.Degraded("数据目录所在磁盘的剩余空间无法读取 (free space unknown)"));
        }
        var freeMegabytes = free / 1024 / 1024;
        var data = new Dictionary<string, object> { ["freeMegabytes"] = freeMegabytes };
        return Task.FromResult(freeMegabytes < options.Value.MinFreeMegabytes
            ? HealthCheckResult.Degraded(
                $"数据目录所在磁盘只剩 {freeMegabytes} MB，低于 {options.Value.MinFreeMegabytes} MB (disk nearly full)", data: data)
            : HealthCheckResult.Healthy("数据目录可写，磁盘空间充足", data));
    }
}
