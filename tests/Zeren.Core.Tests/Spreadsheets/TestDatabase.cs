using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Xunit;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Tests.Spreadsheets;

/// <summary>A real SQLite database in a temp file, built by the migrations, with the services an import needs.</summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "zeren-tests-" + Guid.NewGuid().ToString("N"));
    private string connectionString = "";

    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8)));

    public DateOnly Today => Zeren.Core.Platform.ChinaTime.Today(Clock);

    public SpreadsheetLimits Limits { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "zeren.db"), Pooling = false }.ToString();
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform; the temp folder is cleaned up by the OS.
        }
        return Task.CompletedTask;
    }

    public ZerenDbContext NewContext(params IInterceptor[] interceptors) => new(OptionsWith(interceptors));

    public DbContextOptions<ZerenDbContext> Options => OptionsWith([]);

    private DbContextOptions<ZerenDbContext> OptionsWith(IInterceptor[] interceptors) =>
        new DbContextOptionsBuilder<ZerenDbContext>()
            .UseSqlite(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .AddInterceptors(interceptors)
            .Options;

    /// <summary>The services over one fresh context, as a request scope would have them.</summary>
    public Services Open() => Open(NewContext());

    /// <summary>The services over the given context (e.g. one with query filters).</summary>
    public Services Open(ZerenDbContext db) => new(db, Clock, Microsoft.Extensions.Options.Options.Create(Limits));

    public sealed class Services(ZerenDbContext db, TimeProvider clock, IOptions<SpreadsheetLimits> limits) : IAsyncDisposable
    {
        public ZerenDbContext Db { get; } = db;
        public OrganizationService Orgs { get; } = new(db, clock, new OrgPeople(db));
        public PeopleService People => new(Db, Orgs, clock, TestKeys.Protector, Actor, new NoPersonalDataAudit());

        /// <summary>Who the services act for: the app itself unless a test says otherwise.</summary>
        public ActorAccessor Actor { get; } = new();
        public OrgImport OrgImport { get; } = new(db, clock, limits);
        public OrgExport OrgExport => new(Db, Orgs);
        public RosterImport RosterImport { get; } = new(db, clock, limits, TestKeys.Protector);
        public PeopleExport PeopleExport => new(Db, People, clock, TestKeys.Protector);

        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
