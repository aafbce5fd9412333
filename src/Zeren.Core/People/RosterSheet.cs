using Zeren.Core.Spreadsheets;

namespace Zeren.Core.People;

/// <summary>The 人员名册 sheet: one layout for the template, the import and the export, so an unmasked export re-imports.</summary>
public static class RosterSheet
{
    public const string SheetName = "人员名册";

    public const string Name = "姓名";
    public const string Gender = "性别";
    public const string Ethnicity = "民族";
    public const string BirthDate = "出生日期";
    public const string Education = "学历";
    public const string IdNumber = "身份证号码";
    public const string Mobile = "手机号码";
    public const string PartyStatus = "党员身份";
    public const string JoinedPartyOn = "入党日期";
    public const string OrgCode = "所属组织编码";

    /// <summary>Only in exports, after the import columns: the organization's name, for people to read.</summary>
    public const string OrgName = "所属组织";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(Name, 12) { Required = true, Note = "最多 50 个字。" },
        new(Gender, 8) { Required = true, Choices = PeopleLabels.Gender.Labels, Note = "须与身份证号码一致；填了身份证号码时可留空，由号码推出。" },
        new(Ethnicity, 10) { Note = "如“汉族”“畲族”；留空记为汉族。" },
        new(BirthDate, 13, ColumnFormat.Date) { Note = "如 1980-01-01；须与身份证号码一致；留空时取自身份证号码。" },
        new(Education, 12) { Choices = PeopleLabels.Education.Labels, Note = "可留空。" },
        new(IdNumber, 22, ColumnFormat.Text)
        {
            Note = "18 位居民身份证号码（含校验位，末位可为 X）。系统中已有此号码的人员按本行更新，否则新建。请保持本列为文本格式。",
        },
        new(Mobile, 14, ColumnFormat.Text) { Note = "11 位手机号码，可留空。" },
        new(PartyStatus, 10) { Required = true, Choices = PeopleLabels.PartyStatus.Labels },
        new(JoinedPartyOn, 13, ColumnFormat.Date) { Note = "党员必填，非党员不填；入党时应年满十八岁，且不晚于今天。" },
        new(OrgCode, 16, ColumnFormat.Text) { Required = true, Note = "所在党组织（非党员为所在单位）的组织编码，须是系统中已有的组织。" },
    ];

    public static IReadOnlyList<string> Rules(SpreadsheetLimits limits) =>
    [
        "第一行为表头，列名须与模板一致（列的顺序可以调整，多余的列会被忽略）；从第二行起每行一人，空行会被跳过。",
        "导入前逐行检查全部数据：只要有一行有错误，整个文件都不导入，并列出每个错误所在的行、列和原因；改正后重新导入整个文件即可。",
        "身份证号码在文件中不能重复。系统中已有此身份证号码的人员按本行更新（空单元格即清空该项），否则新建人员；未填身份证号码的行每次导入都会新建人员。",
        "所属组织编码须是系统中已有的组织：请先导入或建立组织。",
        "日期可写作 2021-07-01、2021/7/1、2021.7.1 或 2021年7月1日，也可使用 Excel 日期格式。",
        "身份证号码、手机号码列请保持“文本”格式：设为数字格式时 Excel 会把 18 位号码的末几位变成 0。",
        SpreadsheetRules.SizeRule(limits),
    ];
}
