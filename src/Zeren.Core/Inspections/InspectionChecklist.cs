namespace Zeren.Core.Inspections;

/// <summary>
/// 基层党建共性清单: what every village visit checks (seed 000 §5, seed 001 “一徽一旗一廊一牌”); a visit adds the village's own
/// items (个性清单) beside them.
/// </summary>
public static class InspectionChecklist
{
    public static IReadOnlyList<string> Common { get; } =
    [
        "党群服务中心正常开放、有人值守",
        "党建视觉标识（一徽一旗一廊一牌）到位",
        "三会一课、主题党日记录规范完整",
        "党务村务公开及时、内容真实",
        "网格员熟悉网格内党员群众情况",
        "群众知晓村党组织书记和联系干部",
    ];
}
