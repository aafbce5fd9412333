namespace Zeren.Core.Decisions;

/// <summary>事项类别 of a village-level matter (村级事务, seed 004 §2.1).</summary>
public enum MatterCategory
{
    CollectiveAssets = 1,   // 集体资产资源
    LandContracting = 2,    // 土地承包
    Projects = 3,           // 村级项目建设
    Finance = 4,            // 集体财务收支
    CustomsReform = 5,      // 移风易俗
    VillageRules = 6,       // 村规民约
    Other = 9,              // 其他
}

/// <summary>
/// The six steps of 三议一会一公开一知晓, in their order: 提议 (村党组织), 商议 (联席会议), 审议 (党员大会), 一会 (村民代表会议或
/// 村民会议), 一公开 (公开), 一知晓 (结果告知).
/// </summary>
public enum MatterStep
{
    Proposal = 1,       // 提议
    Deliberation = 2,   // 商议
    Review = 3,         // 审议
    Assembly = 4,       // 一会
    Disclosure = 5,     // 一公开
    Notice = 6,         // 一知晓
}

/// <summary>Where a matter's current run stands.</summary>
public enum MatterState
{
    InProgress = 1,     // 进行中
    Completed = 2,      // 已完成
    Rejected = 3,       // 未通过
}

/// <summary>How a step ended: done (or passed by vote), or rejected by vote (the run ends).</summary>
public enum StepOutcome
{
    Done = 1,           // 已完成/通过
    Rejected = 2,       // 未通过
}

/// <summary>一会: which meeting of the villagers decided.</summary>
public enum AssemblyForm
{
    Representatives = 1,    // 村民代表会议
    Villagers = 2,          // 村民会议
}
