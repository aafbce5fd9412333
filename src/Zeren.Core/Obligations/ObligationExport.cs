using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Obligations;

/// <summary>待办事项 as .xlsx: the list with the same filters as its page, and the township × month grid.</summary>
public sealed class ObligationExport(ObligationService obligations)
{
    /// <summary>Obligations fetched per query: a county's year is read in slices.</summary>
    public const int PageSize = 1000;

    private static readonly SheetColumn[] ListColumns =
    [
        new("截止日期", 13, ColumnFormat.Date),
        new("事项", 40, ColumnFormat.Wrapped),
        new("期间", 10, ColumnFormat.Text),
        new("责任组织", 28),
        new("状态", 10),
        new("逾期", 7),
        new("逾期报送", 9),
        new("报送时间", 18),
        new("办结时间", 18),
        new("事项类型", 30),
    ];

    /// <summary>The obligations a filter finds, in the list's order (open first, nearest due first).</summary>
    public async Task WriteListAsync(Stream output, ObligationFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("待办事项", ListColumns);
        for (var page = 1; ; page++)
        {
            var slice = await obligations.ListAsync(filter, new PageRequest(page, PageSize), ct);
            foreach (var o in slice.Items)
            {
                sheet.AddRow(o.DueOn, o.Title, o.Period, o.OrgName, ObligationLabels.Of(o.State), o.Overdue ? "是" : null,
                    o.SubmittedLate ? "是" : null, Time(o.SubmittedAt), Time(o.ClosedAt), o.Kind);
            }
            if (slice.Items.Count < PageSize)
            {
                break;
            }
        }
        xlsx.Finish();
    }

    /// <summary>
    /// The grid: one row per organization under the one asked for, per month the obligations due, done, late and
    /// overdue (应报/已报/逾期报送/逾期未报), and the year's totals.
    /// </summary>
    public async Task WriteGridAsync(Stream output, Guid orgId, int year, string? kind, CancellationToken ct = default)
    {
        var grid = await obligations.GridAsync(orgId, year, kind, ct);
        var columns = new List<SheetColumn> { new("组织", 28) };
        for (var m = 1; m <= 12; m++)
        {
            columns.Add(new($"{m}月应报", 8));
            columns.Add(new($"{m}月已报", 8));
            columns.Add(new($"{m}月逾期报送", 10));
            columns.Add(new($"{m}月逾期未报", 10));
        }
        columns.AddRange([new("全年应报", 9), new("全年已报", 9), new("全年逾期报送", 11), new("全年逾期未报", 11)]);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet($"{year}年待办事项", columns);
        foreach (var row in grid.Rows)
        {
            var values = new List<object?> { row.OrgName };
            foreach (var c in row.Months)
            {
                values.AddRange([c.Total, c.Done, c.Late, c.Overdue]);
            }
            values.AddRange([row.Months.Sum(c => c.Total), row.Months.Sum(c => c.Done), row.Months.Sum(c => c.Late), row.Months.Sum(c => c.Overdue)]);
            sheet.AddRow(values);
        }
        xlsx.Finish();
    }

    private static string? Time(DateTimeOffset? instant) =>
        instant is { } t ? ChinaTime.ToChina(t).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : null;
}
