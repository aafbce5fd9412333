using FluentAssertions;
using Zeren.Core.Meetings;

namespace Zeren.Core.Tests.Meetings;

/// <summary>
/// The snapshots of large subtrees' judgements (ADR 0050): served for their age, then computed again; one computation
/// at a time per key, which the requests asking meanwhile wait for; a failed or abandoned one is not kept.
/// </summary>
public class ComplianceSnapshotsTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task AValue_IsServedForItsAge_ThenComputedAgain()
    {
        var clock = new Clock();
        var snapshots = new ComplianceSnapshots(clock) { MaxAge = TimeSpan.FromMinutes(5) };
        var computed = 0;
        Task<string> Compute(CancellationToken _) => Task.FromResult($"v{++computed}");

        var first = await snapshots.GetAsync("k", Compute, default);
        first.Should().Be(("v1", clock.Now));
        clock.Now += TimeSpan.FromMinutes(4);
        (await snapshots.GetAsync("k", Compute, default)).Should().Be(first, "younger than its age");
        (await snapshots.GetAsync("other", Compute, default)).Value.Should().Be("v2", "each key has its own");
        clock.Now += TimeSpan.FromMinutes(1);
        (await snapshots.GetAsync("k", Compute, default)).Should().Be(("v3", clock.Now), "as old as its age: computed again");
    }

    [Fact]
    public async Task RequestsAskingWhileOneComputes_WaitForIt()
    {
        var snapshots = new ComplianceSnapshots(new Clock());
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var computed = 0;
        Task<string> Compute(CancellationToken _)
        {
            Interlocked.Increment(ref computed);
            return gate.Task;
        }
        var asks = Enumerable.Range(0, 8).Select(_ => snapshots.GetAsync("k", Compute, default)).ToList();
        await Task.Delay(50);
        computed.Should().Be(1);
        asks.Should().OnlyContain(t => !t.IsCompleted);
        gate.SetResult("v");
        (await Task.WhenAll(asks)).Select(a => a.Value).Should().AllBe("v");
        computed.Should().Be(1);
    }

    [Fact]
    public async Task AComputationStoppedWithItsRequest_IsNotKept_AndTheWaitingRequestComputes()
    {
        var snapshots = new ComplianceSnapshots(new Clock());
        using var gone = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> Slow(CancellationToken ct)
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        }
        var leaving = snapshots.GetAsync("k", Slow, gone.Token);
        await started.Task;
        var waiting = snapshots.GetAsync("k", _ => Task.FromResult("mine"), default);
        gone.Cancel();
        await FluentActions.Awaiting(() => leaving).Should().ThrowAsync<OperationCanceledException>();
        (await waiting).Value.Should().Be("mine");
        (await snapshots.GetAsync("k", _ => Task.FromResult("again"), default)).Value.Should().Be("mine", "the waiter's value was kept");
    }

    [Fact]
    public async Task AFailure_IsNotKept()
    {
        var snapshots = new ComplianceSnapshots(new Clock());
        await FluentActions.Awaiting(() => snapshots.GetAsync<string>("k", _ => throw new InvalidOperationException("down"), default))
            .Should().ThrowAsync<InvalidOperationException>();
        snapshots.Count.Should().Be(0);
        (await snapshots.GetAsync("k", _ => Task.FromResult("v"), default)).Value.Should().Be("v");
    }

    [Fact]
    public async Task SnapshotsOfPastDays_AreDropped()
    {
        var clock = new Clock();
        var snapshots = new ComplianceSnapshots(clock) { MaxAge = TimeSpan.FromMinutes(5) };
        await snapshots.GetAsync("day 1", _ => Task.FromResult("a"), default);
        clock.Now += TimeSpan.FromMinutes(11);
        await snapshots.GetAsync("day 2", _ => Task.FromResult("b"), default);
        snapshots.Count.Should().Be(1);
    }

    [Fact]
    public async Task AtMostMaxEntriesAreHeld_TheOldestGoFirst()
    {
        var clock = new Clock();
        var snapshots = new ComplianceSnapshots(clock) { MaxAge = TimeSpan.FromMinutes(5), MaxEntries = 3 };
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            await snapshots.GetAsync(key, _ => Task.FromResult(key), default);
            clock.Now += TimeSpan.FromSeconds(1);
        }
        snapshots.Count.Should().Be(3);
        var computed = 0;
        (await snapshots.GetAsync("a", _ => { computed++; return Task.FromResult("a again"); }, default)).Value
            .Should().Be("a again", "the oldest, a, was dropped for d");
        (await snapshots.GetAsync("d", _ => { computed++; return Task.FromResult("d again"); }, default)).Value.Should().Be("d");
        computed.Should().Be(1);
        snapshots.Count.Should().Be(3);
    }

    [Fact]
    public async Task WhenEveryEntryIsStillComputing_ANewKeyIsComputedAndNotKept()
    {
        var snapshots = new ComplianceSnapshots(new Clock()) { MaxEntries = 1 };
        var running = new TaskCompletionSource<string>();
        var first = snapshots.GetAsync("slow", _ => running.Task, default);
        (await snapshots.GetAsync("other", _ => Task.FromResult("o"), default)).Value.Should().Be("o");
        snapshots.Count.Should().Be(1, "only the computation running is held");
        running.SetResult("s");
        (await first).Value.Should().Be("s");
        (await snapshots.GetAsync("slow", _ => Task.FromResult("not asked"), default)).Value.Should().Be("s");
    }
}
