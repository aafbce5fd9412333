using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Jobs;
using Zeren.Core.Notifications;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>What one day's reminder run did, or that another instance had already done it.</summary>
public sealed record ReminderRun(DateOnly Day, bool Ran, int Branches, int Townships, string? Skipped = null);

/// <summary>
/// 会议提醒: once a day, in the last <see cref="DaysBefore"/> days of a month, every branch that still owes a meeting
/// falling due that month (the monthly rules, the quarter's rules in a quarter's last month, the year's in
/// December: what the heat map counts for the month) gets a notification, and so does its township (the
/// organization under the top one on its line) with the list of its branches still owing. A notification is made
/// once per organization and month, however often the job runs; the day's run is claimed in <c>job_runs</c>, so
/// several app instances run it once. Runs as the app itself, over the whole deployment, township by township.
/// </summary>
public sealed class MeetingReminders(ZerenDbContext db, ComplianceService compliance, AuditLog audit, TimeProvider clock, ILogger<MeetingReminders> log)
{
    public const string JobName = "meeting-reminders";

    /// <summary>Reminders start this many days before the month's end (the last day included).</summary>
    public const int DaysBefore = 7;

    /// <summary>Runs today's reminders unless this or another instance already has.</summary>
    public async Task<ReminderRun> RunAsync(CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        var month = Period.Month(today.Year, today.Month);
        var daysLeft = month.LastDay.DayNumber - today.DayNumber + 1;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var run = JobRun.Start(JobName, today, clock.GetUtcNow());
            int branches = 0, townships = 0;
            // Thousands of notifications are the app's own writing: one audit entry for the run, written last, so the
            // audit log's append lock is held only for the moment before the commit.
            using (audit.SuspendRowAuditing())
            {
                db.Add(run);
                try
                {
                    // The claim: a second instance blocks here until the first commits, then fails on the key.
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    return new ReminderRun(today, false, 0, 0, "今天的提醒已由其他实例完成。");
                }
                if (daysLeft <= DaysBefore)
                {
                    (branches, townships) = await RemindAsync(today, ct);
                }
                run.Finish(daysLeft <= DaysBefore
                    ? $"{month.Label}：提醒 {branches} 个支部、{townships} 个乡镇（街道）"
                    : $"{month.Label}：距月末还有 {daysLeft} 天，无需提醒", clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }
            await audit.RecordAsync(AuditAction.Create, nameof(Notification), null, $"会议提醒（{today:yyyy-MM-dd}）：{run.Result}",
                after: new { Day = today, Branches = branches, Townships = townships }, ct: ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            log.LogInformation("Meeting reminders for {Day}: {Branches} branches, {Townships} townships", today, branches, townships);
            return new ReminderRun(today, true, branches, townships);
        });
    }

    private async Task<(int Branches, int Townships)> RemindAsync(DateOnly today, CancellationToken ct)
    {
        var key = $"{today.Year:D4}-{today.Month:D2}";
        var label = Period.Month(today.Year, today.Month).Label;
        var lastDay = Period.Month(today.Year, today.Month).LastDay;
        var now = clock.GetUtcNow();
        // Township by township (the organizations one below the top ones), so memory stays that of one township.
        var townships = await db.Set<Organization>().AsNoTracking()
            .Where(o => o.ParentId != null && db.Set<Organization>().Any(p => p.Id == o.ParentId && p.ParentId == null))
            .OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var already = (await db.Set<Notification>().AsNoTracking()
                .Where(n => n.DedupKey == key && (n.Kind == NotificationKind.MeetingDue || n.Kind == NotificationKind.MeetingDueSummary))
                .Select(n => new { n.OrgId, n.Kind }).ToListAsync(ct))
            .Select(n => (n.OrgId, n.Kind)).ToHashSet();
        int branchCount = 0, townshipCount = 0;
        foreach (var township in townships)
        {
            var owing = (await compliance.DueInMonthAsync(township.Id, today.Year, today.Month, shortOnly: true, ct))
                .Where(b => b.Pending + b.Missing > 0).ToList();
            if (owing.Count == 0)
            {
                continue;
            }
            foreach (var branch in owing.Where(b => !already.Contains((b.OrgId, NotificationKind.MeetingDue))))
            {
                var what = string.Join("、", branch.Cells.Where(c => c.Pending + c.Missing > 0)
                    .Select(c => $"{MeetingLabels.Of(c.Type)}（还差 {c.Pending + c.Missing} 次）"));
                db.Add(Notification.Create(branch.OrgId, NotificationKind.MeetingDue, key,
                    $"{label}尚有必开会议未开", $"{branch.Name}：{what}。请在 {lastDay:M月d日} 前召开并登记。",
                    $"/meetings/new?org={branch.OrgId}", now));
                branchCount++;
            }
            if (!already.Contains((township.Id, NotificationKind.MeetingDueSummary)))
            {
                var names = string.Join("、", owing.Take(20).Select(b => b.Name)) + (owing.Count > 20 ? $" 等 {owing.Count} 个支部" : "");
                db.Add(Notification.Create(township.Id, NotificationKind.MeetingDueSummary, key,
                    $"{label}有 {owing.Count} 个支部尚有必开会议未开", $"{township.Name}：{names}。本月最后一天是 {lastDay:M月d日}。",
                    $"/compliance/cell?org={township.Id}&year={today.Year}&month={today.Month}", now));
                townshipCount++;
            }
            await db.SaveChangesAsync(ct);
        }
        return (branchCount, townshipCount);
    }
}
