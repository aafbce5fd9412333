using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Responsibilities;

namespace Zeren.Core.Tests.Responsibilities;

public class ListRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void AnItem_WithEveryFault_IsRefusedWithEveryFieldAtOnce()
    {
        var problems = ListRules.CheckItem(new ItemInput(" ", "", Today.AddDays(-1), null, null), Today);
        problems.Errors.Select(e => e.Field).Should().BeEquivalentTo(["content", "standard", "dueOn", "role"]);
        problems.Errors.Should().OnlyContain(e => e.Message.Length > 0 && e.Code != null);
    }

    [Fact]
    public void AnItem_NamesARoleOrAPerson_NotBoth()
    {
        ListRules.CheckItem(new ItemInput("内容", "标准", Today, ResponsibilityRole.First, Guid.NewGuid()), Today).Errors
            .Should().ContainSingle().Which.Code.Should().Be("item_responsible_both");
        ListRules.CheckItem(new ItemInput("内容", "标准", Today, null, Guid.NewGuid()), Today).Any.Should().BeFalse();
        ListRules.CheckItem(new ItemInput("内容", "标准", Today, ResponsibilityRole.Specific, null), Today).Any.Should().BeFalse();
    }

    [Fact]
    public void TheRoles_AreHeldByTheSecretaries_AsSeed004Says()
    {
        ListRules.TitlesFor(ResponsibilityRole.First, OrgKind.Committee).Should().Equal(PositionTitle.Secretary);
        ListRules.TitlesFor(ResponsibilityRole.Direct, OrgKind.Committee).Should().Equal(PositionTitle.DeputySecretary);
        ListRules.TitlesFor(ResponsibilityRole.Specific, OrgKind.Branch).Should().Contain(PositionTitle.Secretary);
        ListRules.TitlesFor(ResponsibilityRole.First, OrgKind.Branch).Should().BeEmpty();
    }

    [Fact]
    public void Evidence_AndReturnComment_AreRequired()
    {
        FluentActions.Invoking(() => ListRules.CheckEvidence("  ")).Should().Throw<DomainException>().Which.Code.Should().Be("completion_evidence_required");
        FluentActions.Invoking(() => ListRules.CheckEvidence(new string('字', ListRules.EvidenceMax + 1))).Should().Throw<DomainException>()
            .Which.Code.Should().Be("completion_evidence_too_long");
        FluentActions.Invoking(() => ListRules.CheckComment(null)).Should().Throw<DomainException>().Which.Code.Should().Be("return_comment_required");
        ListRules.CheckEvidence(" 已完成 ").Should().Be("已完成");
    }
}
