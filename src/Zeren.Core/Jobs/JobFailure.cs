using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Jobs;

/// <summary>
/// 定时任务失败: a day's run of a job that failed (its claim in <see cref="JobRun"/> rolled back with its work, so the
/// next check tries again). Kept so that the 系统管理员 sees on the home page what failed and why, not only the log.
/// </summary>
[DisplayName("定时任务失败")]
public sealed class JobFailure
{
    public const int MessageMax = 500;

    private JobFailure()
    {
    }

    public Guid Id { get; private set; }
    public string Job { get; private set; } = "";

    /// <summary>The China day whose run failed.</summary>
    public DateOnly Day { get; private set; }
    public DateTimeOffset FailedAt { get; private set; }

    /// <summary>What went wrong, in one line: the exception's type and message.</summary>
    public string Message { get; private set; } = "";

    public static JobFailure Of(string job, DateOnly day, DateTimeOffset now, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = $"{error.GetType().Name}: {error.Message}".ReplaceLineEndings(" ");
        return new JobFailure
        {
            Id = Ids.New(),
            Job = job,
            Day = day,
            FailedAt = now,
            Message = message.Length > MessageMax ? message[..MessageMax] : message,
        };
    }
}

internal sealed class JobFailureConfiguration : IEntityTypeConfiguration<JobFailure>
{
    public void Configure(EntityTypeBuilder<JobFailure> b)
    {
        b.ToTable("job_failures");
        b.Unscoped("The app's own record of its failed scheduled runs; no account writes them.").WrittenWith(Permission.ConfigWrite);
        b.HasKey(f => f.Id);
        b.Property(f => f.Job).HasMaxLength(60);
        b.Property(f => f.Message).HasMaxLength(JobFailure.MessageMax);
        b.HasIndex(f => f.Day);
    }
}
