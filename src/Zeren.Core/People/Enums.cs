namespace Zeren.Core.People;

public enum Gender
{
    Male = 1,    // 男
    Female = 2,  // 女
}

public enum Education
{
    Primary = 1,        // 小学及以下
    JuniorHigh = 2,     // 初中
    SeniorHigh = 3,     // 高中/中专
    College = 4,        // 大专
    Bachelor = 5,       // 大学本科
    Postgraduate = 6,   // 研究生
}

/// <summary>党员身份.</summary>
public enum PartyStatus
{
    None = 0,           // 非党员 (e.g. a 村委会主任 who is not a member)
    Probationary = 1,   // 预备党员
    Full = 2,           // 正式党员
}

/// <summary>职务 in an organization.</summary>
public enum PositionTitle
{
    Secretary = 1,                  // 书记
    DeputySecretary = 2,            // 副书记
    OrganizationCommissioner = 3,   // 组织委员
    PropagandaCommissioner = 4,     // 宣传委员
    DisciplineCommissioner = 5,     // 纪检委员
    PartyOfficeDirector = 6,        // 党建办主任
    FirstSecretary = 7,             // 第一书记
    VillageCommitteeDirector = 8,   // 村委会主任
    Clerk = 9,                      // 文书
    ResidentTeamMember = 10,        // 驻村工作队员
    CountyLeader = 11,              // 县级领导
    TownshipCadre = 12,             // 乡镇干部
}

/// <summary>党建责任 that follows from a position (seed 004 §3).</summary>
public enum ResponsibilityRole
{
    First = 1,      // 第一责任人
    Direct = 2,     // 直接责任人
    Specific = 3,   // 具体责任人
}

/// <summary>联系 between a person and an organization.</summary>
public enum LinkKind
{
    CountyLeaderTownship = 1,   // 县级领导联系乡镇 (seed 003)
    VillageLeader = 2,          // 包村领导
    VillageCadre = 3,           // 包村干部
    TeamVillageCadre = 4,       // 组团联村干部
    KeyVillage = 5,             // 县级领导联系重点村 (seed 001)
}
