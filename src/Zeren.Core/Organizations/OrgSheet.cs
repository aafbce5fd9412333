using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Organizations;

/// <summary>The 组织 sheet: one layout for the template, the import and the export, so an export re-imports.</summary>
public static class OrgSheet
{
    public const string SheetName = "组织";

    public const string Code = "组织编码";
    public const string Name = "组织名称";
    public const string ParentCode = "上级组织编码";
    public const string Kind = "组织类别";
    public const string Domain = "领域";
    public const string Strength = "党建强弱";
    public const string Standard = "标准类型";
    public const string Stars = "星级";
    public const string Region = "片区";
    public const string SortOrder = "排序";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(Code, 16, ColumnFormat.Text) { Required = true, Note = "唯一编码，最多 40 个字符。系统中已有此编码时更新该组织，否则新建。" },
        new(Name, 30) { Required = true, Note = "最多 100 个字。" },
        new(ParentCode, 16, ColumnFormat.Text)
        {
            Note = "顶级组织（县委）留空。可填系统中已有组织的编码，也可填本文件中其他行（上下行均可）的编码。已有组织的上级不能通过导入调整。",
        },
        new(Kind, 10) { Required = true, Choices = OrgLabels.Kind.Labels, Note = "党小组之下不能再设组织。" },
        new(Domain, 10) { Required = true, Choices = OrgLabels.Domain.Labels, Note = "县委、乡镇党委填“综合”。" },
        new(Strength, 10) { Choices = OrgLabels.Strength.Labels, Note = "党建强弱分类，可留空。" },
        new(Standard, 10) { Choices = OrgLabels.Standard.Labels, Note = "“双整”标准类型，可留空。" },
        new(Stars, 8) { Choices = ["1", "2", "3", "4", "5"], Note = "1 到 5 的整数，未评定留空。" },
        new(Region, 12) { Note = "乡镇所属片区的名称，须是该县已建立的片区；可留空。" },
        new(SortOrder, 8) { Note = "同级组织的显示顺序，整数，默认 0。" },
    ];

    /// <summary>The rules of the org import, for the 说明 sheet.</summary>
    public static IReadOnlyList<string> Rules(SpreadsheetLimits limits) =>
    [
        "第一行为表头，列名须与模板一致（列的顺序可以调整，多余的列会被忽略）；从第二行起每行一个组织，空行会被跳过。",
        "导入前逐行检查全部数据：只要有一行有错误，整个文件都不导入，并列出每个错误所在的行、列和原因；改正后重新导入整个文件即可。",
        "组织编码在文件中不能重复。系统中已有的编码视为更新：按本行覆盖名称、类别、领域、强弱、标准类型、星级、片区和排序（空单元格即清空该项）。",
        "上级组织编码须是系统中已有的组织或本文件中的另一行；上级关系不能成环。已有组织的上级不能通过导入调整，请在组织管理中调整。",
        "片区须是该县已建立的片区（先建组织、再建片区，然后可再次导入以填写片区）。",
        SpreadsheetRules.SizeRule(limits),
    ];
}
