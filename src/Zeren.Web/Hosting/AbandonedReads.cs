using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zeren.Web.Hosting;

/// <summary>
/// A page's reads stop when its reader has gone. The server-rendered pages (Razor components) pass no cancellation
/// token to their services, so a province's home page or heat map left by its reader (a closed tab, a second click,
/// a client's timeout) went on reading for seconds, while the next readers waited behind it. For a GET or HEAD whose
/// client has disconnected, this cancels the database query it is running: the query is stopped in the database, the
/// request ends as aborted (logged at Debug, not as an error). Other methods are left to finish: a write that has begun
/// completes or rolls back whole, whoever is still listening.
/// <para>Queries EF Core runs (every <c>ToListAsync</c>, <c>CountAsync</c>, …); the few hand-written statements take the
/// request's token themselves.</para>
/// </summary>
public sealed class AbandonedReads(IHttpContextAccessor http) : DbCommandInterceptor
{
    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (result.HasResult || http.HttpContext is not { } context
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || !context.RequestAborted.CanBeCanceled || context.RequestAborted == cancellationToken)
        {
            return result;
        }
        // The query runs here, under the caller's token and the request's; the reader goes back to EF Core as its result.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.RequestAborted);
        return InterceptionResult<DbDataReader>.SuppressWithResult(await command.ExecuteReaderAsync(either.Token));
    }
}
