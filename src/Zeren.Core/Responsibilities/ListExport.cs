using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Responsibilities;

/// <summary>A list's completion (接收单位 × 事项) as .xlsx: the receivers in the reader's scope, in tree order, read page by page.</summary>
public sealed class ListExport(ResponsibilityListService lists)
{
    /// <summary>Receivers fetched per query.</summary>
    public const int PageSize = 200;

    public static string StateText(CompletionState state, bool overdue) => state switch
    {
        CompletionState.Done => "已报完成",
        CompletionState.Confirmed => "已确认",
        CompletionState.Returned => overdue ? "已退回（逾期）" : "已退回",
        CompletionState.Revoked => "已撤销",
        _ => overdue ? "逾期未完成" : "待完成",
    };

    public async Task<ListDetail> WriteAsync(Stream output, Guid listId, CancellationToken ct = default)
    {
        var detail = await lists.GetAsync(listId, ct);
        var columns = new List<SheetColumn> { new("接收单位", 30) };
        columns.AddRange(detail.Items.Select(i => new SheetColumn($"{i.Number}. {Shorten(i.Content)}", 16)));
        columns.Add(new SheetColumn("事项数", 8));
        columns.Add(new SheetColumn("已完成", 8));
        columns.Add(new SheetColumn("已确认", 8));
        columns.Add(new SheetColumn("逾期", 8));
        columns.Add(new SheetColumn("完成率%", 9));
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("完成情况", columns);
        for (var page = 1; ; page++)
        {
            var rows = await lists.ReceiversAsync(listId, ReceiverFilter.All, new PageRequest(page, PageSize), ct);
            foreach (var r in rows.Items)
            {
                var cells = new List<object?> { r.OrgName };
                cells.AddRange(detail.Items.Select(i => r.Cells.FirstOrDefault(c => c.ItemId == i.Id) is { } c ? StateText(c.State, c.Overdue) : null));
                cells.AddRange([r.Items, r.Done + r.Confirmed, r.Confirmed, r.Overdue, r.DonePercent]);
                sheet.AddRow(cells);
            }
            if (page >= rows.PageCount)
            {
                break;
            }
        }
        var items = xlsx.AddSheet("事项", [new("序号", 6), new("事项内容", 50, ColumnFormat.Wrapped), new("完成标准", 40, ColumnFormat.Wrapped),
            new("完成时限", 13, ColumnFormat.Date), new("责任人", 14), new("完成率%", 9)]);
        foreach (var i in detail.Items)
        {
            items.AddRow(i.Number, i.Content, i.Standard, i.DueOn, i.PersonName ?? (i.Role is { } role ? RoleText(role) : null), i.Progress.DonePercent);
        }
        xlsx.Finish();
        return detail;
    }

    public static string RoleText(People.ResponsibilityRole role) => role switch
    {
        People.ResponsibilityRole.First => "第一责任人",
        People.ResponsibilityRole.Direct => "直接责任人",
        _ => "具体责任人",
    };

    private static string Shorten(string text) => text.Length <= 20 ? text : string.Concat(text.AsSpan(0, 20), "…");
}
