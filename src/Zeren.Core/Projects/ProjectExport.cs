using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Projects;

/// <summary>Names of statuses and decisions as the pages, the export and the API's descriptions show them.</summary>
public static class ProjectLabels
{
    public static string Of(ProjectStatus status) => status switch
    {
        ProjectStatus.Planned => "未开始",
        ProjectStatus.InProgress => "推进中",
        ProjectStatus.Done => "已完成",
        ProjectStatus.Overdue => "已逾期",
        ProjectStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    public static string Of(PlanStatus status) => status switch
    {
        PlanStatus.Submitted => "待审核",
        PlanStatus.Returned => "已退回",
        PlanStatus.Approved => "已通过",
        _ => status.ToString(),
    };

    public static string Of(PlanDecision decision) => decision switch
    {
        PlanDecision.Returned => "退回修改",
        PlanDecision.Approved => "审核通过",
        _ => decision.ToString(),
    };
}

/// <summary>项目账单 as .xlsx: the projects a filter selects, with their 五定 and progress.</summary>
public sealed class ProjectExport(ProjectService projects)
{
    private static readonly SheetColumn[] Columns =
    [
        new("乡镇（街道）", 20),
        new("年度", 7),
        new("项目名称（定事项）", 30, ColumnFormat.Wrapped),
        new("责任人（定人员）", 12),
        new("开始日期", 13, ColumnFormat.Date),
        new("完成时限（定时限）", 13, ColumnFormat.Date),
        new("状态", 9),
        new("完成进度（%）", 10),
        new("完成日期", 13, ColumnFormat.Date),
        new("最近对账月份", 12),
    ];

    public async Task WriteLedgerAsync(Stream output, ProjectFilter filter, CancellationToken ct = default)
    {
        var rows = await projects.AllAsync(filter, ct);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("项目账单", Columns);
        foreach (var r in rows)
        {
            sheet.AddRow(r.OrgName, r.Year, r.Name, r.PersonName, r.StartOn, r.DueOn, ProjectLabels.Of(r.Status), r.Percent, r.DoneOn, r.LastReconciled);
        }
        xlsx.Finish();
    }
}
