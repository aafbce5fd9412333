using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Jobs;
using Zeren.Core.Notifications;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Obligations;

/// <summary>What one day's obligation run did, or that another instance had already done it.</summary>
public sealed record ObligationRun(DateOnly Day, bool Ran, int Opened, int Updated, int OwnersReminded, int IssuersReminded, string? Skipped = null);

/// <summary>
/// 待办事项日任务: once a day (claimed in <c>job_runs</c>, so several app instances run it once) it opens the day's
/// obligations (the calendar's own for its target organizations, then every <see cref="IObligationGenerator"/>'s) and
/// then sends the reminders: each owing organization with open obligations due within <see cref="DueWithinDays"/> days
/// or overdue gets one notification of each, and each issuing organization one listing the overdue obligations owed to
/// it. A notification is made once per organization, kind and day (its key is the China date), however often it runs.
/// Runs as the app itself, over the whole deployment.
/// </summary>
public sealed class ObligationJob(
    ZerenDbContext db, ObligationService obligations, IEnumerable<IObligationGenerator> generators,
    AuditLog audit, TimeProvider clock, ILogger<ObligationJob> log)
{
    public const string JobName = "obligations";

    /// <summary>Owners are reminded of open obligations due within this many days (today included).</summary>
    public const int DueWithinDays = 3;

    /// <summary>How many obligations a notification names before it says "and n more".</summary>
    public const int NamedInNotice = 10;

    /// <summary>Runs today's generation and reminders unless this or another instance already has.</summary>
    public async Task<ObligationRun> RunAsync(CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var run = JobRun.Start(JobName, today, clock.GetUtcNow());
            ObligationRun result;
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
                    return new ObligationRun(today, false, 0, 0, 0, 0, "今天的待办事项已由其他实例生成和提醒。");
                }
                var (opened, updated) = await GenerateAsync(today, ct);
                var (owners, issuers) = await RemindAsync(today, ct);
                result = new ObligationRun(today, true, opened, updated, owners, issuers);
                run.Finish($"生成 {opened} 项、更新 {updated} 项待办事项；提醒 {owners} 个责任组织、{issuers} 个下达组织", clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }
            await audit.RecordAsync(AuditAction.Create, nameof(Obligation), null, $"待办事项生成和提醒（{today:yyyy-MM-dd}）：{run.Result}",
                after: new { Day = today, result.Opened, result.Updated, result.OwnersReminded, result.IssuersReminded }, ct: ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            log.LogInformation("Obligations for {Day}: {Opened} opened, {Updated} updated, {Owners} owners and {Issuers} issuers reminded",
                today, result.Opened, result.Updated, result.OwnersReminded, result.IssuersReminded);
            return result;
        });
    }

    /// <summary>Opens the day's obligations: the calendar's own, then each generator's (each in its own batch).</summary>
    public async Task<(int Opened, int Updated)> GenerateAsync(DateOnly today, CancellationToken ct = default)
    {
        var active = await db.Set<ObligationSchedule>().AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        var day = ObligationScheduleService.Day(today, active);
        var drafts = await CalendarDraftsAsync(day, active, ct);
        var (opened, updated) = await obligations.OpenAllAsync(drafts, ct);
        foreach (var generator in generators)
        {
            var more = await generator.DraftsAsync(day, ct);
            var (o, u) = await obligations.OpenAllAsync(more, ct);
            opened += o;
            updated += u;
        }
        return (opened, updated);
    }

    /// <summary>
    /// The calendar's obligations of the day (<see cref="ScheduleTargets.Orgs"/> entries): one per target organization
    /// and open period, owed to the organization's parent and submitted on the obligations page with evidence.
    /// </summary>
    private async Task<List<ObligationDraft>> CalendarDraftsAsync(ObligationDay day, IReadOnlyList<ObligationSchedule> active, CancellationToken ct)
    {
        var drafts = new List<ObligationDraft>();
        foreach (var schedule in active.Where(s => s.Targets == ScheduleTargets.Orgs))
        {
            var periods = day.For(schedule.Kind).ToList();
            if (periods.Count == 0)
            {
                continue;
            }
            var q = db.Set<Organization>().AsNoTracking().Where(o => o.Depth == schedule.TargetDepth && o.ParentId != null);
            if (schedule.TargetDomain is { } domain)
            {
                q = q.Where(o => o.Domain == domain);
            }
            if (schedule.TargetKind is { } kind)
            {
                q = q.Where(o => o.Kind == kind);
            }
            var targets = await q.OrderBy(o => o.Path).Select(o => new { o.Id, o.ParentId }).ToListAsync(ct);
            foreach (var p in periods)
            {
                drafts.AddRange(targets.Select(t => new ObligationDraft(
                    schedule.Kind, p.FullTitle, t.Id, p.DueOn, nameof(ObligationSchedule), schedule.Id, p.Period.Key,
                    IssuerOrgId: t.ParentId, HandledAtSource: false)));
            }
        }
        return drafts;
    }

    /// <summary>
    /// Today's reminders: owners of open obligations due within <see cref="DueWithinDays"/> days, owners of overdue ones,
    /// issuers of overdue ones; one notification per organization and kind a day.
    /// </summary>
    public async Task<(int Owners, int Issuers)> RemindAsync(DateOnly today, CancellationToken ct = default)
    {
        var key = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var until = today.AddDays(DueWithinDays - 1);
        var open = await db.Set<Obligation>().AsNoTracking()
            .Where(o => o.State == ObligationState.Open && o.DueOn <= until)
            .OrderBy(o => o.DueOn).ThenBy(o => o.Title)
            .Select(o => new { o.Id, o.OrgId, o.IssuerOrgId, o.Title, o.DueOn })
            .ToListAsync(ct);
        var already = (await db.Set<Notification>().AsNoTracking()
                .Where(n => n.DedupKey == key && (n.Kind == NotificationKind.ObligationDue || n.Kind == NotificationKind.ObligationOverdue
                    || n.Kind == NotificationKind.ObligationOverdueIssued))
                .Select(n => new { n.OrgId, n.Kind }).ToListAsync(ct))
            .Select(n => (n.OrgId, n.Kind)).ToHashSet();
        var names = await OrgNamesAsync(open.Select(o => o.OrgId), ct);
        var now = clock.GetUtcNow();
        var owners = new HashSet<Guid>();
        var issuers = new HashSet<Guid>();

        foreach (var group in open.Where(o => o.DueOn >= today).GroupBy(o => o.OrgId))
        {
            if (already.Add((group.Key, NotificationKind.ObligationDue)))
            {
                var list = group.ToList();
                db.Add(Notification.Create(group.Key, NotificationKind.ObligationDue, key,
                    $"有 {list.Count} 项待办事项即将到期", Named(list.Select(o => $"{o.Title}（{o.DueOn:M月d日}前）"), list.Count) + "。",
                    null, now));
                owners.Add(group.Key);
            }
        }
        var overdue = open.Where(o => o.DueOn < today).ToList();
        foreach (var group in overdue.GroupBy(o => o.OrgId))
        {
            if (already.Add((group.Key, NotificationKind.ObligationOverdue)))
            {
                var list = group.ToList();
                db.Add(Notification.Create(group.Key, NotificationKind.ObligationOverdue, key,
                    $"有 {list.Count} 项待办事项已逾期", Named(list.Select(o => $"{o.Title}（应于 {o.DueOn:yyyy年M月d日}前完成）"), list.Count) + "。",
                    null, now));
                owners.Add(group.Key);
            }
        }
        foreach (var group in overdue.Where(o => o.IssuerOrgId is not null).GroupBy(o => o.IssuerOrgId!.Value))
        {
            if (already.Add((group.Key, NotificationKind.ObligationOverdueIssued)))
            {
                var list = group.ToList();
                db.Add(Notification.Create(group.Key, NotificationKind.ObligationOverdueIssued, key,
                    $"下达的 {list.Count} 项待办事项已逾期",
                    Named(list.Select(o => $"{names.GetValueOrDefault(o.OrgId, "")}：{o.Title}（{o.DueOn:M月d日}到期）"), list.Count) + "。",
                    null, now));
                issuers.Add(group.Key);
            }
        }
        await db.SaveChangesAsync(ct);
        return (owners.Count, issuers.Count);
    }

    private static string Named(IEnumerable<string> items, int count) =>
        string.Join("；", items.Take(NamedInNotice)) + (count > NamedInNotice ? $" 等 {count} 项" : "");

    private async Task<Dictionary<Guid, string>> OrgNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            foreach (var o in await db.Set<Organization>().AsNoTracking().Where(o => chunk.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            {
                names[o.Id] = o.Name;
            }
        }
        return names;
    }
}
