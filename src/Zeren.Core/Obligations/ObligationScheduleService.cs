using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Obligations;

/// <summary>
/// 履责日历: the entries of the obligation calendar, and what they make of a day (<see cref="DayAsync"/>): every period
/// open that day with its due day, which the daily job opens for the target organizations and hands to the generators.
/// </summary>
public sealed class ObligationScheduleService(ZerenDbContext db, TimeProvider clock, ActorAccessor actor)
{
    /// <summary>One entry of the calendar.</summary>
    public async Task<ObligationSchedule> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.Set<ObligationSchedule>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("履责日历事项", id);

    /// <summary>
    /// The 系统管理员 changes an entry: its name, whether it is in use, its due day (months after the period's end and
    /// the day of that month), how many days before the due day its obligations are opened, its note. Its kind, period
    /// and targets stay (the obligations already opened carry them). Applies to what the daily job opens from then on
    /// and to the open obligations of periods still open; every fault of the input at once, nothing saved.
    /// </summary>
    public async Task<ObligationSchedule> UpdateAsync(Guid id, ScheduleChange change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!actor.Current.Has(Permission.ConfigWrite))
        {
            throw new ForbiddenException("只有系统管理员可以修改履责日历。");
        }
        var s = await db.Set<ObligationSchedule>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("履责日历事项", id);
        s.Update(new ScheduleInput(s.Kind, change.Title ?? "", s.Recurrence, change.DueMonthsAfter, change.DueDay, change.LeadDays, s.Targets,
            s.TargetDepth, s.TargetDomain, s.TargetKind, change.Active, change.Note), clock.GetUtcNow(), actor.Current.UserName);
        await db.SaveChangesAsync(ct);
        return s;
    }

    public async Task<IReadOnlyList<ObligationSchedule>> ListAsync(CancellationToken ct = default) =>
        await db.Set<ObligationSchedule>().AsNoTracking().OrderBy(s => s.Recurrence).ThenBy(s => s.Kind).ToListAsync(ct);

    /// <summary>The periods of every active entry open on a China day (<see cref="CalendarRule.PeriodsOpenOn"/>).</summary>
    public async Task<ObligationDay> DayAsync(DateOnly today, CancellationToken ct = default)
    {
        var schedules = await db.Set<ObligationSchedule>().AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        return Day(today, schedules);
    }

    /// <summary>The same, from entries at hand (pure).</summary>
    public static ObligationDay Day(DateOnly today, IEnumerable<ObligationSchedule> schedules)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        var periods = schedules.Where(s => s.Active).OrderBy(s => s.Kind, StringComparer.Ordinal)
            .SelectMany(s => s.Rule.PeriodsOpenOn(today).Select(p => new ScheduledPeriod(s.Id, s.Kind, s.Title, p, s.Rule.DueOn(p))))
            .ToList();
        return new ObligationDay(today, periods);
    }
}

/// <summary>
/// What the 系统管理员 changes of a calendar entry: its name, in use or not, its due day (<see cref="DueMonthsAfter"/>
/// months after the period's end, on <see cref="DueDay"/>; a day past the month's end is its last day), how many days
/// before the due day its obligations are opened, and its note.
/// </summary>
public sealed record ScheduleChange(string? Title, bool Active, int DueMonthsAfter, int DueDay, int LeadDays, string? Note = null);
