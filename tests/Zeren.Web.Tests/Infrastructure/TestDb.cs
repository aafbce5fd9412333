using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>A fresh, empty database of one provider, with a DbContext over it (no app around it).</summary>
public sealed class TestDb
{
    private TestDb(DatabaseTarget target) => Target = target;

    public DatabaseTarget Target { get; }

    public static TestDb Create(string provider) => provider == TestDatabases.Postgres
        ? new TestDb(new DatabaseTarget(DatabaseProvider.PostgreSql, TestDatabases.CreatePostgresDatabase("zeren_db")))
        : new TestDb(new DatabaseTarget(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(TestDatabases.NewTempFolder("zeren-db"), "zeren.db")};Pooling=false"));

    public ZerenDbContext Context()
    {
        var options = new DbContextOptionsBuilder<ZerenDbContext>();
        Target.Configure(options);
        return new ZerenDbContext(options.Options);
    }
}
