using System.Collections;
using System.Globalization;
using System.Resources;
using FluentAssertions;
using Xunit;
using Zeren.Core.Audit;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;

namespace Zeren.Web.Tests;

public class SharedResourceTests
{
    private static readonly ResourceManager Resources = new("Zeren.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    private static HashSet<string> Keys(string culture) =>
        Resources.GetResourceSet(new CultureInfo(culture), createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();

    private static HashSet<string> NeutralKeys() =>
        Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();

    public static TheoryData<string> EnumKeys()
    {
        var data = new TheoryData<string>();
        foreach (var key in All<OrgKind>().Concat(All<OrgDomain>()).Concat(All<StrengthClass>()).Concat(All<StandardType>())
                     .Concat(All<Gender>()).Concat(All<Education>()).Concat(All<PartyStatus>()).Concat(All<PositionTitle>())
                     .Concat(All<ResponsibilityRole>()).Concat(All<LinkKind>()).Concat(All<Role>()).Concat(All<AuditAction>())
                     // Supervision orders (督办单).
                     .Concat(All<Zeren.Core.Supervision.SupervisionState>()).Concat(All<Zeren.Core.Supervision.SupervisionAction>()).Concat(All<Zeren.Core.Supervision.OrderSide>())
                     // 村级事务
                     .Concat(All<Zeren.Core.Decisions.MatterCategory>()).Concat(All<Zeren.Core.Decisions.MatterStep>()).Concat(All<Zeren.Core.Decisions.MatterState>())
                     .Concat(All<Zeren.Core.Decisions.StepOutcome>()).Concat(All<Zeren.Core.Decisions.AssemblyForm>()))
        {
            data.Add(key);
        }
        return data;
    }

    private static IEnumerable<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Names.Key);

    [Theory]
    [MemberData(nameof(EnumKeys))]
    public void EveryEnumValue_HasALabelInChineseAndEnglish(string key)
    {
        NeutralKeys().Should().Contain(key);
        Keys("en-US").Should().Contain(key);
    }

    [Fact]
    public void EnglishAndChinese_HaveTheSameKeys() =>
        Keys("en-US").Should().BeEquivalentTo(NeutralKeys());

    [Fact]
    public void RoleLabels_AreTheOnesTheDomainUses() =>
        Enum.GetValues<Role>().Should().OnlyContain(r => Resources.GetString(Names.Key(r), CultureInfo.InvariantCulture) == Roles.Label(r));

    [Fact]
    public void ChineseIsTheDefault() =>
        Resources.GetString("PositionTitle_Secretary", CultureInfo.InvariantCulture).Should().Be("书记");
}
