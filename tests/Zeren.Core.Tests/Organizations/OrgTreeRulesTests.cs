using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Organizations;

public class OrgTreeRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static Organization Org(Organization? parent, string name, OrgKind kind = OrgKind.Committee) =>
        Organization.Create(parent, new OrgDetails(name, name, kind, OrgDomain.Rural), Now);

    [Fact]
    public void Path_IsAncestryAndDepth()
    {
        var county = Org(null, "县委");
        var township = Org(county, "镇");
        var village = Org(township, "村", OrgKind.Branch);

        village.Depth.Should().Be(2);
        OrgPath.Ancestry(village.Path).Should().Equal(county.Id, township.Id, village.Id);
        village.Path.Should().StartWith(township.Path);
        village.IsVillage.Should().BeTrue();
        township.IsVillage.Should().BeFalse();
    }

    [Fact]
    public void UpperBound_CoversExactlyTheSubtree()
    {
        var county = Org(null, "县委");
        var township = Org(county, "镇");
        var sibling = Org(county, "另一镇");
        var village = Org(township, "村");
        var upper = OrgPath.UpperBound(township.Path);

        bool InRange(Organization o) => string.CompareOrdinal(o.Path, township.Path) >= 0 && string.CompareOrdinal(o.Path, upper) < 0;

        InRange(township).Should().BeTrue();
        InRange(village).Should().BeTrue();
        InRange(sibling).Should().BeFalse();
        InRange(county).Should().BeFalse();
    }

    [Fact]
    public void PlaceUnder_OwnDescendant_IsACycle()
    {
        var county = Org(null, "县委");
        var township = Org(county, "镇");
        var village = Org(township, "村");

        var act = () => township.PlaceUnder(village);
        act.Should().Throw<DomainException>().Which.Code.Should().Be("org_cycle");
        var self = () => township.PlaceUnder(township);
        self.Should().Throw<DomainException>().Which.Code.Should().Be("org_cycle");
    }

    [Fact]
    public void PlaceUnder_PartyGroup_IsRefused()
    {
        var county = Org(null, "县委");
        var group = Org(county, "党小组", OrgKind.Group);
        var act = () => Org(group, "下级");
        act.Should().Throw<DomainException>().Which.Code.Should().Be("org_parent_is_group");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Stars_OutsideOneToFive_AreRefused(int stars)
    {
        var act = () => Organization.Create(null, new OrgDetails("C", "名", OrgKind.Branch, OrgDomain.Rural, Stars: stars), Now);
        act.Should().Throw<ValidationFailedException>().Which.Errors.Should().ContainSingle(e => e.Field == "stars");
    }
}
