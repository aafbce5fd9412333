using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Obligations;

/// <summary>
/// 履责日历: the entries of the obligation calendar, and what they make of a day (<see cref="DayAsync"/>): every period
/// open that day with its due day, which the daily job opens for the target organizations and hands to the generators.
/// </summary>
public sealed class ObligationScheduleService(ZerenDbContext db)
{
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
