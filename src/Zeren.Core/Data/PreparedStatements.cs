using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zeren.Core.Data;

/// <summary>
/// Prepares, on PostgreSQL, the statements a query marks with <see cref="Prepare{T}"/>: the server plans such a
/// statement once per connection, not at each run (ADR 0049). Only for statements whose parameters are keys, so that one
/// plan fits every value: a statement whose parameters are the data scope's path patterns needs a plan for its values
/// (an index range), which a prepared statement's generic plan cannot give.
/// </summary>
public sealed class PreparedStatements : DbCommandInterceptor
{
    /// <summary>The tag EF Core writes as the statement's first line, <c>-- prepared</c>.</summary>
    public const string Tag = "prepared";

    private const string Marker = "-- " + Tag + "\n";

    public static readonly PreparedStatements Instance = new();

    /// <summary>Marks <paramref name="query"/> to be prepared on its connection.</summary>
    public static IQueryable<T> Prepare<T>(IQueryable<T> query) => query.TagWith(Tag);

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.StartsWith(Marker, StringComparison.Ordinal))
        {
            // Npgsql keeps a connection's prepared statements across its returns to the pool: at the second request on
            // a connection this finds the statement already prepared and asks nothing of the server.
            await command.PrepareAsync(cancellationToken);
        }
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (command.CommandText.StartsWith(Marker, StringComparison.Ordinal))
        {
            command.Prepare();
        }
        return result;
    }
}
