using Zeren.Core.Platform;

namespace Zeren.Core.Checklists;

/// <summary>One item of a default template: its name, what the standard says, whether a claim needs a photo.</summary>
public sealed record ChecklistItemInput(string Name, [MultiLineText] string? Description, bool PhotoRequired);

/// <summary>
/// The items a new template is offered, in the source documents' own words: 达标型 the red visual identity
/// 一徽一旗一廊一牌 and 示范型 the multi-function party–mass service centre (seed 001), 七个一 the venue's seven items
/// (seed 004).
/// </summary>
public static class ChecklistDefaults
{
    public static IReadOnlyList<ChecklistItemInput> For(ChecklistKind kind) => kind switch
    {
        ChecklistKind.Standard =>
        [
            new("屋顶树党徽", "村级组织活动场所屋顶树党徽", true),
            new("室内挂党旗", "村级组织活动场所室内挂党旗", true),
            new("室外建党建长廊", "村级组织活动场所室外建党建长廊", true),
            new("党员家门前贴共产党员牌", "党员家门前贴共产党员牌", true),
        ],
        ChecklistKind.Model =>
        [
            new("多功能党群服务中心", "将村级组织活动场所建设成为多功能党群服务中心", true),
            new("门常开、人常在、事常办", "实行村干部轮流值班制度，做到门常开、人常在、事常办", false),
        ],
        _ =>
        [
            new("一个文化活动广场", "一个文化活动广场", true),
            new("一个文化活动室", "一个文化活动室", true),
            new("一个简易文化戏台", "一个简易文化戏台", true),
            new("一个宣传栏", "一个宣传栏", true),
            new("一套文化器材", "一套文化器材", true),
            new("一套广播器材", "一套广播器材", true),
            new("一套体育器材", "一套体育器材", true),
        ],
    };

    public static string DefaultName(ChecklistKind kind, int year) => kind switch
    {
        ChecklistKind.Standard => $"{year}年“双整”达标型清单（一徽一旗一廊一牌）",
        ChecklistKind.Model => $"{year}年“双整”示范型清单（多功能党群服务中心）",
        _ => $"{year}年村级阵地“七个一”清单",
    };

    public static string KindLabel(ChecklistKind kind) => kind switch
    {
        ChecklistKind.Standard => "达标型",
        ChecklistKind.Model => "示范型",
        _ => "七个一",
    };

    public static string StateLabel(ChecklistItemState state) => state switch
    {
        ChecklistItemState.NotMet => "未达标",
        ChecklistItemState.Claimed => "已申报",
        ChecklistItemState.Verified => "已验收",
        _ => "已退回",
    };

    public static string ActionLabel(ChecklistAction action) => action switch
    {
        ChecklistAction.Claim => "申报",
        ChecklistAction.Verify => "验收",
        _ => "退回",
    };
}
