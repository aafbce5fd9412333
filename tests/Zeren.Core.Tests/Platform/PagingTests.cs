using System.Data.Common;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit;
using Zeren.Core.Platform;
using Zeren.Core.Tests.Spreadsheets;

namespace Zeren.Core.Tests.Platform;

/// <summary>A page gives the list's total: counted in the database, or, on the list's last page, the rows up to it.</summary>
public sealed class PagingTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Theory]
    [InlineData(45, 1, 20, 45, true)]
    [InlineData(45, 2, 20, 45, true)]
    [InlineData(45, 3, 5, 45, false)]
    [InlineData(45, 4, 0, 45, true)]
    [InlineData(45, 9, 0, 45, true)]
    [InlineData(20, 1, 20, 20, true)]
    [InlineData(7, 1, 7, 7, false)]
    [InlineData(0, 1, 0, 0, false)]
    [InlineData(0, 2, 0, 0, true)]
    public async Task TheTotal_IsCounted_UnlessThePageIsTheLast(int rows, int page, int onPage, int total, bool counted)
    {
        var counts = new Counts();
        await using var db = database.NewContext(counts);

        var paged = await Numbers(db, rows).OrderBy(n => n).ToPagedAsync(new PageRequest(page, 20));

        paged.Items.Should().HaveCount(onPage);
        paged.Items.Should().Equal(Enumerable.Range((page - 1) * 20 + 1, onPage));
        paged.Total.Should().Be(total);
        counts.Asked.Should().Be(counted ? 1 : 0);
    }

    /// <summary>1 … <paramref name="rows"/>, read from the database so that the paging runs there.</summary>
    private static IQueryable<int> Numbers(DbContext db, int rows) => db.Database.SqlQueryRaw<int>(
        "WITH RECURSIVE n(v) AS (SELECT 1 WHERE {0} > 0 UNION ALL SELECT v + 1 FROM n WHERE v < {0}) SELECT v AS \"Value\" FROM n", rows);

    /// <summary>How many statements asked the database for a count.</summary>
    private sealed class Counts : DbCommandInterceptor
    {
        public int Asked { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Asked += command.CommandText.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Asked += command.CommandText.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
