using System.Collections.Concurrent;

namespace Zeren.Core.Meetings;

/// <summary>
/// The judgements of large subtrees (a city's, a province's branches), kept for a few minutes (ADR 0050). A province's
/// heat map judges 60 000 branches' months in 3–4 s and its home page's branches behind take about 1 s a card: asked
/// again within <see cref="MaxAge"/>, the same answer is served from here, with the instant it was computed, which the
/// pages show. A county's and smaller subtrees are not kept: they are judged at each request, so what a county records
/// shows at once.
/// <para>One computation per key at a time: requests that ask while one runs wait for it rather than start their own
/// (eight connections opening a province's heat map together made eight 4 s statements). A computation that fails, or
/// whose request went away, is not kept, and the requests that waited for it compute again.</para>
/// <para>At most <see cref="MaxEntries"/> are held: a new key beyond it drops the oldest snapshots first, and when every
/// entry is a computation still running, its value is returned without being kept. A province's account asking for
/// many years, months and lengths of list cannot make the instance hold more.</para>
/// <para>Per instance, in memory: a snapshot is a cache, not state; two instances may each hold their own, computed at
/// different instants, and a page says which instant it shows.</para>
/// </summary>
public sealed class ComplianceSnapshots(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>How long a snapshot is served; 5 minutes unless configured (<c>Zeren:Compliance:SnapshotMinutes</c>).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many snapshots are held at most; 128 unless configured (<c>Zeren:Compliance:SnapshotEntries</c>).</summary>
    public int MaxEntries { get; set; } = 128;

    /// <summary>How many snapshots are held (for the tests and the health of the cache).</summary>
    public int Count => entries.Count;

    /// <summary>
    /// The value under <paramref name="key"/>, computed by <paramref name="compute"/> when none is held or the one held is
    /// older than <see cref="MaxAge"/>; with the instant its computation began (the data it reflects).
    /// </summary>
    public async Task<(T Value, DateTimeOffset At)> GetAsync<T>(string key, Func<CancellationToken, Task<T>> compute, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(compute);
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            if (entries.TryGetValue(key, out var held) && !(held.Value.Task.IsCompleted && now - held.At >= MaxAge))
            {
                try
                {
                    return ((T)await held.Value.Task.WaitAsync(ct), held.At);
                }
                catch (Exception) when (!ct.IsCancellationRequested && attempt < 2)
                {
                    // Another request's computation failed or was stopped with its request: compute here.
                    continue;
                }
            }
            if (held is null && !MakeRoom(now))
            {
                return (await compute(ct), now); // full of computations running: this one is not kept
            }
            var mine = new Entry(now);
            if (held is null ? !entries.TryAdd(key, mine) : !entries.TryUpdate(key, mine, held))
            {
                continue; // another request began one first: wait for it
            }
            try
            {
                var value = await compute(ct);
                mine.Value.SetResult(value);
                return (value, mine.At);
            }
            catch (Exception e)
            {
                entries.TryRemove(new KeyValuePair<string, Entry>(key, mine));
                mine.Value.SetException(e);
                _ = mine.Value.Task.Exception; // observed: the waiters, if any, compute again
                throw;
            }
        }
    }

    /// <summary>Forgets every snapshot (the tests).</summary>
    public void Clear() => entries.Clear();

    /// <summary>
    /// Before a new key: drops the snapshots long past their age, so that keys of past days do not pile up, and at
    /// <see cref="MaxEntries"/> the oldest computed ones; false when every entry held is a computation still running.
    /// </summary>
    private bool MakeRoom(DateTimeOffset now)
    {
        foreach (var (key, entry) in entries)
        {
            if (entry.Value.Task.IsCompleted && now - entry.At >= MaxAge * 2)
            {
                entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
        var room = Math.Max(MaxEntries, 1);
        var over = entries.Count - room + 1;
        if (over <= 0)
        {
            return true;
        }
        foreach (var (key, entry) in entries.Where(e => e.Value.Value.Task.IsCompleted).OrderBy(e => e.Value.At).Take(over).ToList())
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
        return entries.Count < room;
    }

    private sealed class Entry(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public TaskCompletionSource<object> Value { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
