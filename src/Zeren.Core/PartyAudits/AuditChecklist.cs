namespace Zeren.Core.PartyAudits;

/// <summary>
/// The default 审计清单 of a new round: the six aspects seed 002 audits (抓党建责任落实、党建工作融入中心工作、基层组织规范化运行、
/// 党员队伍建设、联系服务群众、年度创新工作), 100 points in all. Each round keeps its own copy and may change it.
/// </summary>
public static class AuditChecklist
{
    public static IReadOnlyList<AuditItemInput> Default { get; } =
    [
        new("抓党建责任落实", 20),
        new("党建工作融入中心工作", 15),
        new("基层组织规范化运行", 20),
        new("党员队伍建设", 15),
        new("联系服务群众", 15),
        new("年度创新工作", 15),
    ];

    /// <summary>The most items one checklist has.</summary>
    public const int MaxItems = 50;
}
