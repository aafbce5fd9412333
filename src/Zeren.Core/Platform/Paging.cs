using Microsoft.EntityFrameworkCore;

namespace Zeren.Core.Platform;

/// <summary>?page=&amp;pageSize= as asked, clamped to what the server will do.</summary>
public readonly record struct PageRequest(int Page = 1, int PageSize = PageRequest.DefaultSize)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 200;

    public int SafePage => Math.Max(1, Page);
    public int SafeSize => PageSize <= 0 ? DefaultSize : Math.Min(PageSize, MaxSize);
    public int Skip => (SafePage - 1) * SafeSize;

    public static PageRequest Of(int? page, int? pageSize) => new(page ?? 1, pageSize ?? DefaultSize);
}

/// <summary>
/// One page of a list and the total the whole list has; or, when <see cref="TotalIsLowerBound"/>, the number at which
/// counting stopped (the list holds more: ADR 0046).
/// </summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;

    /// <summary>The list holds more than <see cref="Total"/> rows: counting stopped there.</summary>
    public bool TotalIsLowerBound { get; init; }

    /// <summary>The same page of the same list, its items made into others (one for one, in order).</summary>
    public Paged<TOut> With<TOut>(IReadOnlyList<TOut> items) => new(items, Total, Page, PageSize) { TotalIsLowerBound = TotalIsLowerBound };
}

public static class PagingExtensions
{
    /// <summary>
    /// Pages and counts in the database. The query must already be ordered. A page that is not full and not past the
    /// end is the list's last, so the rows before it and on it are the total, and the count is not asked for.
    /// </summary>
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> query, PageRequest page, CancellationToken ct = default)
    {
        var items = await query.Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        var total = LastPageTotal(page, items.Count, null) ?? await query.CountAsync(ct);
        return new Paged<T>(items, total, page.SafePage, page.SafeSize);
    }

    /// <summary>
    /// The list's total when a page of <paramref name="count"/> rows says it: a page with fewer rows than its size is the
    /// last, unless it is empty past the first page (asked beyond the end), or its rows reach past a count's limit.
    /// </summary>
    private static int? LastPageTotal(PageRequest page, int count, int? upTo) =>
        count < page.SafeSize && (count > 0 || page.SafePage == 1) && page.Skip + count <= (upTo ?? int.MaxValue)
            ? page.Skip + count
            : null;

    /// <summary>
    /// The most rows a list of people or meetings counts (ADR 0046): a county's lists (up to some 40 000 people and
    /// 100 000 meetings over three years) are counted whole; a city's or the province's stop here and say "more than".
    /// </summary>
    public const int CountUpTo = 100_000;

    /// <summary>
    /// Reads a page in two statements (ADR 0045), and counts unless the page says the total (see <see cref="ToPagedAsync"/>): the page's ids from the ordered ids alone (an index-only
    /// scan where an index carries the order, the id and the scope's key), then the rows of those ids, put back in the
    /// page's order. Reading the rows in list order instead reads each row from the table before the scope can turn it away.
    /// The count is of <paramref name="counted"/> (the same rows, unordered), up to <paramref name="countUpTo"/> when
    /// given: it must not carry the list's order, or its limit makes the database read the rows in that order (a county's
    /// people by name: the whole province's name index, to find its 40 000).
    /// </summary>
    public static async Task<Paged<TRow>> ToPagedByIdsAsync<TRow>(this IQueryable<Guid> orderedIds, PageRequest page,
        Func<List<Guid>, IQueryable<TRow>> rowsOf, Func<TRow, Guid> idOf, IQueryable<Guid> counted, int? countUpTo, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rowsOf);
        var ids = await orderedIds.Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        var (total, more) = LastPageTotal(page, ids.Count, countUpTo) is { } known ? (known, false) : await CountAsync(counted, countUpTo, ct);
        var rows = (await rowsOf(ids).ToListAsync(ct)).ToDictionary(idOf);
        return new Paged<TRow>([.. ids.Where(rows.ContainsKey).Select(id => rows[id])], total, page.SafePage, page.SafeSize)
        {
            TotalIsLowerBound = more,
        };
    }

    /// <summary>The rows of a query, or, with a limit, at most that many and whether there are more.</summary>
    private static async Task<(int Total, bool More)> CountAsync<T>(IQueryable<T> query, int? upTo, CancellationToken ct)
    {
        if (upTo is not { } limit)
        {
            return (await query.CountAsync(ct), false);
        }
        // count(*) over a LIMIT: the database stops reading after limit + 1 rows. Unordered on purpose (the rows' order
        // does not change their number), so EF Core's warning of a Take without OrderBy is logged at Debug (DatabaseSetup).
        var counted = await query.Take(limit + 1).CountAsync(ct);
        return counted > limit ? (limit, true) : (counted, false);
    }
}
