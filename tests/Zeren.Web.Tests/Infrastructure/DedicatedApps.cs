namespace Zeren.Web.Tests.Infrastructure;

/// <summary>
/// A class fixture with one app per provider that only that test class uses: its own database (for tests that compare
/// snapshots) or its own settings (<see cref="Settings"/>). Disposed after the class.
/// </summary>
public abstract class DedicatedApps : IDisposable
{
    private readonly Dictionary<string, ZerenFactory> apps = [];

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public ZerenFactory For(string provider)
    {
        lock (apps)
        {
            if (!apps.TryGetValue(provider, out var app))
            {
                app = new ZerenFactory(provider, settings: Settings);
                apps[provider] = app;
            }
            return app;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var app in apps.Values)
            {
                app.Dispose();
            }
        }
    }
}
