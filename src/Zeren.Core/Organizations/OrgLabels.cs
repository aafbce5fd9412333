using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Organizations;

/// <summary>The Chinese names of the org enums, as templates, exports and imports write them.</summary>
public static class OrgLabels
{
    public static readonly ChoiceLabels<OrgKind> Kind = new ChoiceLabels<OrgKind>()
        .Add(OrgKind.Committee, "党委")
        .Add(OrgKind.WorkingCommittee, "党工委")
        .Add(OrgKind.GeneralBranch, "党总支", "党总支部")
        .Add(OrgKind.Branch, "党支部", "支部")
        .Add(OrgKind.Group, "党小组");

    public static readonly ChoiceLabels<OrgDomain> Domain = new ChoiceLabels<OrgDomain>()
        .Add(OrgDomain.Comprehensive, "综合")
        .Add(OrgDomain.Rural, "农村")
        .Add(OrgDomain.Community, "社区")
        .Add(OrgDomain.Agency, "机关")
        .Add(OrgDomain.StateEnterprise, "国企", "国有企业")
        .Add(OrgDomain.NewEconomic, "两新", "两新组织")
        .Add(OrgDomain.School, "学校")
        .Add(OrgDomain.Hospital, "医院")
        .Add(OrgDomain.PublicInstitution, "事业单位");

    public static readonly ChoiceLabels<StrengthClass> Strength = new ChoiceLabels<StrengthClass>()
        .Add(StrengthClass.Strong, "党建强", "强")
        .Add(StrengthClass.Average, "一般")
        .Add(StrengthClass.Weak, "薄弱", "弱");

    public static readonly ChoiceLabels<StandardType> Standard = new ChoiceLabels<StandardType>()
        .Add(StandardType.Compliant, "达标型", "达标")
        .Add(StandardType.Model, "示范型", "示范");
}
