namespace Zeren.Web.Tests.Infrastructure;

/// <summary>A clock the test moves: it starts at the real time and only goes forward when told to.</summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Puts the clock at an instant, before anything in the test has used it.</summary>
    public void Set(DateTimeOffset instant)
    {
        lock (gate)
        {
            now = instant.ToUniversalTime();
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}
