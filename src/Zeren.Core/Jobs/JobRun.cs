using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Security;

namespace Zeren.Core.Jobs;

/// <summary>
/// 定时任务记录: one row per job and day (China time), inserted in the transaction that does the day's work. Its key
/// is the lock: when several app instances start the same job on the same day, the database lets one insert commit
/// and refuses the others, so the work is done once a day however many instances run.
/// </summary>
[DisplayName("定时任务记录")]
public sealed class JobRun
{
    private JobRun()
    {
    }

    [DisplayName("任务")]
    public string Job { get; private set; } = "";

    [DisplayName("日期")]
    public DateOnly Day { get; private set; }

    [DisplayName("开始时间")]
    public DateTimeOffset StartedAt { get; private set; }

    [DisplayName("完成时间")]
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>One line on what the run did.</summary>
    [DisplayName("结果")]
    public string? Result { get; private set; }

    public static JobRun Start(string job, DateOnly day, DateTimeOffset now) => new() { Job = job, Day = day, StartedAt = now };

    public void Finish(string result, DateTimeOffset now)
    {
        FinishedAt = now;
        Result = result.Length > 500 ? result[..500] : result;
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("job_runs");
        b.Unscoped("The app's own scheduled jobs, one row per job and day; no account writes them.").WrittenWith(Permission.ConfigWrite);
        b.HasKey(r => new { r.Job, r.Day });
        b.Property(r => r.Job).HasMaxLength(60);
        b.Property(r => r.Result).HasMaxLength(500);
    }
}
