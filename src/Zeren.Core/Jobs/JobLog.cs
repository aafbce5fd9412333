using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Jobs;

public sealed record JobRunView(string Job, DateOnly Day, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Result);

public sealed record JobFailureView(string Job, DateOnly Day, DateTimeOffset FailedAt, string Message);

/// <summary>The daily jobs as the 系统管理员 follows them: the latest runs, the failures of the last days, and whether today's ran.</summary>
public sealed record JobsSummary(IReadOnlyList<JobRunView> Latest, int FailuresInDays, int Days, IReadOnlyList<JobFailureView> LatestFailures, bool RanToday);

/// <summary>定时任务记录: what the daily jobs did and where they failed.</summary>
public sealed class JobLog(ZerenDbContext db, TimeProvider clock)
{
    /// <summary>Failures counted on the home page: those of this many days, today included.</summary>
    public const int RecentDays = 7;

    /// <summary>Keeps a failed run, for the 系统管理员; the caller's work has been rolled back.</summary>
    public async Task RecordFailureAsync(string job, DateOnly day, Exception error, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        db.Add(JobFailure.Of(job, day, clock.GetUtcNow(), error));
        await db.SaveChangesAsync(ct);
    }

    public async Task<JobsSummary> SummaryAsync(int take = 5, CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        var since = today.AddDays(1 - RecentDays);
        var latest = await db.Set<JobRun>().AsNoTracking().OrderByDescending(r => r.Day).ThenBy(r => r.Job).Take(take)
            .Select(r => new JobRunView(r.Job, r.Day, r.StartedAt, r.FinishedAt, r.Result)).ToListAsync(ct);
        var failures = db.Set<JobFailure>().AsNoTracking().Where(f => f.Day >= since);
        var count = await failures.CountAsync(ct);
        // Ids are version 7: their order is the order of the failures.
        var latestFailures = count == 0 ? [] : await failures.OrderByDescending(f => f.Id).Take(take)
            .Select(f => new JobFailureView(f.Job, f.Day, f.FailedAt, f.Message)).ToListAsync(ct);
        var ranToday = await db.Set<JobRun>().AnyAsync(r => r.Day == today, ct);
        return new JobsSummary(latest, count, RecentDays, latestFailures, ranToday);
    }
}
