namespace Zeren.Core.Organizations;

/// <summary>组织类别: the kind of Party organization.</summary>
public enum OrgKind
{
    Committee = 1,          // 党委
    WorkingCommittee = 2,   // 党工委
    GeneralBranch = 3,      // 党总支
    Branch = 4,             // 党支部
    Group = 5,              // 党小组
}

/// <summary>领域: the sector an organization works in.</summary>
public enum OrgDomain
{
    Comprehensive = 0,      // 综合 (县委, 乡镇党委)
    Rural = 1,              // 农村
    Community = 2,          // 社区
    Agency = 3,             // 机关
    StateEnterprise = 4,    // 国企
    NewEconomic = 5,        // 两新 (非公企业和社会组织)
    School = 6,             // 学校
    Hospital = 7,           // 医院
    PublicInstitution = 8,  // 事业单位
}

/// <summary>党建强弱分类 (seed 001: 54 强 / 112 一般 / 100 薄弱 of 266).</summary>
public enum StrengthClass
{
    Strong = 1,     // 党建强
    Average = 2,    // 一般
    Weak = 3,       // 薄弱
}

/// <summary>“双整”标准类型 (seed 001).</summary>
public enum StandardType
{
    Compliant = 1,  // 达标型
    Model = 2,      // 示范型
}
