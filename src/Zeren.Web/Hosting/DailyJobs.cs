using Microsoft.Extensions.Options;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.Obligations;
using Zeren.Core.Platform;

namespace Zeren.Web.Hosting;

/// <summary>Settings of the app's scheduled work (<c>Zeren:Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string Section = "Zeren:Jobs";

    /// <summary>Run the daily jobs in this instance. Several instances may all keep it on: each job runs once a day.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The hour (China time, 0–23) from which a day's jobs run.</summary>
    public int RunAtHour { get; set; } = 7;

    /// <summary>How often an instance looks whether today's jobs are due.</summary>
    public int CheckEveryMinutes { get; set; } = 15;
}

/// <summary>
/// The daily jobs (定时任务): the meeting reminders (<see cref="MeetingReminders"/>), the clean-up of uploads nothing
/// keeps (<see cref="UploadCleanup"/>) and the obligations' generation and reminders (<see cref="ObligationJob"/>). Each instance looks every <see cref="JobOptions.CheckEveryMinutes"/> minutes;
/// from <see cref="JobOptions.RunAtHour"/> on, the first instance to claim a job's day in <c>job_runs</c> does the work
/// and the others find it done. A job that fails is tried again at the next check; the others still run. Written on
/// the framework's <see cref="BackgroundService"/> and <see cref="TimeProvider"/> (no scheduler library is available).
/// </summary>
public sealed class DailyJobs(IServiceScopeFactory scopes, IOptions<JobOptions> options, TimeProvider clock, ILogger<DailyJobs> log) : BackgroundService
{
    /// <summary>Each job by name: it runs in a scope of its own and says whether it ran or why not.</summary>
    private static readonly (string Name, Func<IServiceProvider, CancellationToken, Task<string?>> Run)[] Jobs =
    [
        (MeetingReminders.JobName, async (services, ct) => (await services.GetRequiredService<MeetingReminders>().RunAsync(ct)).Skipped),
        (UploadCleanup.JobName, async (services, ct) => (await services.GetRequiredService<UploadCleanup>().RunAsync(ct)).Skipped),
        // 待办事项: the day's obligations (the calendar's and every generator's), then the reminders of due and overdue ones.
        (ObligationJob.JobName, async (services, ct) => (await services.GetRequiredService<ObligationJob>().RunAsync(ct)).Skipped),
    ];

    private readonly Dictionary<string, DateOnly> doneFor = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            log.LogInformation("Daily jobs are off in this instance ({Section}:Enabled=false)", JobOptions.Section);
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, settings.CheckEveryMinutes)), clock);
        do
        {
            await RunIfDueAsync(settings, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunIfDueAsync(JobOptions settings, CancellationToken ct)
    {
        var now = ChinaTime.ToChina(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.DateTime);
        if (now.Hour < settings.RunAtHour)
        {
            return;
        }
        foreach (var (name, run) in Jobs)
        {
            if (doneFor.TryGetValue(name, out var done) && done == today)
            {
                continue;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var skipped = await run(scope.ServiceProvider, ct);
                doneFor[name] = today;
                if (skipped is not null)
                {
                    log.LogInformation("Daily job {Job} for {Day}: {Reason}", name, today, skipped);
                }
            }
#pragma warning disable CA1031 // a failed run is logged and tried again at the next check; the app keeps serving
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                log.LogError(e, "Daily job {Job} for {Day} failed; retrying at the next check", name, today);
                await RecordFailureAsync(name, today, e, ct);
            }
        }
    }

    /// <summary>Keeps the failure in job_failures for the 系统管理员's home page; when even that fails, the log has it.</summary>
    private async Task RecordFailureAsync(string job, DateOnly day, Exception error, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Zeren.Core.Jobs.JobLog>().RecordFailureAsync(job, day, error, ct);
        }
#pragma warning disable CA1031 // the database may be what failed; the app keeps serving
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            log.LogError(e, "Could not record the failure of {Job} for {Day}", job, day);
        }
    }
}
