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

/// <summary>One page of a list and the total the whole list has.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

public static class PagingExtensions
{
    /// <summary>Counts and pages in the database. The query must already be ordered.</summary>
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> query, PageRequest page, CancellationToken ct = default)
    {
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<T>(items, total, page.SafePage, page.SafeSize);
    }
}
