using Zeren.Core.Spreadsheets;

namespace Zeren.Core.People;

/// <summary>The Chinese names of the people enums, as templates, exports and imports write them.</summary>
public static class PeopleLabels
{
    public static readonly ChoiceLabels<Gender> Gender = new ChoiceLabels<Gender>()
        .Add(People.Gender.Male, "男", "男性")
        .Add(People.Gender.Female, "女", "女性");

    public static readonly ChoiceLabels<Education> Education = new ChoiceLabels<Education>()
        .Add(People.Education.Primary, "小学及以下", "小学", "文盲", "半文盲")
        .Add(People.Education.JuniorHigh, "初中")
        .Add(People.Education.SeniorHigh, "高中", "中专", "高中/中专", "中技", "职高")
        .Add(People.Education.College, "大专", "专科", "大学专科")
        .Add(People.Education.Bachelor, "大学本科", "本科", "大学")
        .Add(People.Education.Postgraduate, "研究生", "硕士", "博士", "硕士研究生", "博士研究生", "研究生及以上");

    public static readonly ChoiceLabels<PartyStatus> PartyStatus = new ChoiceLabels<PartyStatus>()
        .Add(People.PartyStatus.Full, "正式党员", "中共党员")
        .Add(People.PartyStatus.Probationary, "预备党员", "中共预备党员")
        .Add(People.PartyStatus.None, "非党员", "群众");

    public static readonly ChoiceLabels<LinkKind> LinkKind = new ChoiceLabels<LinkKind>()
        .Add(People.LinkKind.CountyLeaderTownship, "县级领导联系乡镇")
        .Add(People.LinkKind.VillageLeader, "包村领导")
        .Add(People.LinkKind.VillageCadre, "包村干部")
        .Add(People.LinkKind.TeamVillageCadre, "组团联村干部")
        .Add(People.LinkKind.KeyVillage, "县级领导联系重点村");

    public static readonly ChoiceLabels<PositionTitle> Title = new ChoiceLabels<PositionTitle>()
        .Add(PositionTitle.Secretary, "书记")
        .Add(PositionTitle.DeputySecretary, "副书记")
        .Add(PositionTitle.OrganizationCommissioner, "组织委员")
        .Add(PositionTitle.PropagandaCommissioner, "宣传委员")
        .Add(PositionTitle.DisciplineCommissioner, "纪检委员")
        .Add(PositionTitle.PartyOfficeDirector, "党建办主任")
        .Add(PositionTitle.FirstSecretary, "第一书记")
        .Add(PositionTitle.VillageCommitteeDirector, "村委会主任")
        .Add(PositionTitle.Clerk, "文书")
        .Add(PositionTitle.ResidentTeamMember, "驻村工作队员")
        .Add(PositionTitle.CountyLeader, "县级领导")
        .Add(PositionTitle.TownshipCadre, "乡镇干部");
}
