using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;

namespace Zeren.Core.Meetings;

/// <summary>
/// The cadence rules (<see cref="MeetingCadence"/>) as compliance judges by them, held in memory: they change only when
/// a system administrator adds a version, and every compliance question read them again (a statement of each county's
/// report, heat map and home card). A save through this process that adds or changes a rule makes the next question
/// read them again; a change saved by another instance of the app is seen within <see cref="MaxAge"/> (ADR 0051). The
/// cadence page itself (<see cref="CadenceService"/>) reads the table.
/// </summary>
public sealed class CadenceRules(TimeProvider clock)
{
    /// <summary>Bumped by every save in this process that touches a rule (every app in it: a test host holds many).</summary>
    private static long changes;

    private Held? held;

    /// <summary>How long rules read are used before they are read again. Zero: read at every question.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The rules: those held, when no rule was saved since and they are younger than <see cref="MaxAge"/>; else read now.</summary>
    public async Task<IReadOnlyList<MeetingCadence>> GetAsync(ZerenDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        // The count before the read: a save during the read leaves the rules held one change behind, so the next question reads again.
        var seen = Interlocked.Read(ref changes);
        if (held is { } h && h.Changes == seen && now >= h.At && now - h.At < MaxAge)
        {
            return h.Rules;
        }
        var rules = await db.Set<MeetingCadence>().AsNoTracking().ToListAsync(ct);
        held = new Held(rules, seen, now);
        return rules;
    }

    /// <summary>A rule was saved (and committed): the rules held are read again at the next question.</summary>
    internal static void Changed() => Interlocked.Increment(ref changes);

    private sealed record Held(IReadOnlyList<MeetingCadence> Rules, long Changes, DateTimeOffset At);

    /// <summary>The context's hook (<see cref="IDerivedRows"/>): any save that adds or changes a rule, whoever makes it, counts as a change.</summary>
    private sealed class Hook : IDerivedRows
    {
        public Task<object?> TouchedAsync(ZerenDbContext db, CancellationToken ct) =>
            Task.FromResult<object?>(db.ChangeTracker.Entries<MeetingCadence>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                ? this : null);

        public Task RefreshAsync(ZerenDbContext db, object touched, CancellationToken ct)
        {
            Changed();
            return Task.CompletedTask;
        }
    }
}
