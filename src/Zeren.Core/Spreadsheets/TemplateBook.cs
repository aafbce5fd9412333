namespace Zeren.Core.Spreadsheets;

/// <summary>
/// An import template: the data sheet with its header row and drop-downs, and a 说明 sheet that lists each
/// column (required or not, how to fill it, the allowed values) and the rules of the import.
/// </summary>
public static class TemplateBook
{
    public const string GuideSheetName = "说明";

    private static readonly SheetColumn[] GuideColumns =
    [
        new("列名", 16),
        new("必填", 8),
        new("填写说明", 60, ColumnFormat.Wrapped),
        new("可选值", 50, ColumnFormat.Wrapped),
    ];

    public static void Write(Stream output, string sheetName, IReadOnlyList<SheetColumn> columns, IReadOnlyList<string> rules, int dropDownRows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rules);
        using var xlsx = new XlsxWriter(output);
        xlsx.AddSheet(sheetName, columns, dropDownRows);
        var guide = xlsx.AddSheet(GuideSheetName, GuideColumns);
        foreach (var c in columns)
        {
            guide.AddRow(c.Header, c.Required ? "是" : "否", c.Note ?? "", c.Choices is { Count: > 0 } choices ? string.Join("、", choices) : "");
        }
        guide.AddRow();
        for (var i = 0; i < rules.Count; i++)
        {
            guide.AddRow(i == 0 ? "导入规则" : "", "", $"{i + 1}. {rules[i]}");
        }
        xlsx.Finish();
    }
}

/// <summary>Rule texts every import template shares.</summary>
public static class SpreadsheetRules
{
    public static string SizeRule(SpreadsheetLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return $"每个文件最多 {limits.MaxRows} 行数据、{limits.MaxFileBytes / 1024.0 / 1024.0:0.#} MB，须为 .xlsx 格式（旧版 .xls 请先另存为 .xlsx）。";
    }
}
