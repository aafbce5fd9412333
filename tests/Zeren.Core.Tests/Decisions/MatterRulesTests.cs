using FluentAssertions;
using Zeren.Core.Decisions;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Decisions;

/// <summary>The arithmetic of 三议一会 at its edges, and the order and chair rules without a database.</summary>
public class MatterRulesTests
{
    [Theory]
    [InlineData(10, 5, true)]   // exactly half: 半数以上 includes half
    [InlineData(10, 4, false)]
    [InlineData(9, 5, true)]
    [InlineData(9, 4, false)]   // 4.5 is half of 9: four is below
    [InlineData(1, 1, true)]
    [InlineData(0, 0, false)]   // no voting member: no vote
    public void CongressQuorum_HalfOrMore(int voting, int present, bool met) =>
        MatterRules.CongressQuorum(voting, present).Should().Be(met);

    [Theory]
    [InlineData(10, 5, false)]  // exactly half is not 超过半数
    [InlineData(10, 6, true)]
    [InlineData(9, 5, true)]
    [InlineData(9, 4, false)]
    public void CongressPasses_MoreThanHalfOfTheVotingMembers(int voting, int votesFor, bool passes) =>
        MatterRules.CongressPasses(voting, votesFor).Should().Be(passes);

    [Theory]
    [InlineData(9, 6, true)]    // exactly two thirds: 三分之二以上 includes it
    [InlineData(9, 5, false)]
    [InlineData(10, 7, true)]   // 6.67: seven is above
    [InlineData(10, 6, false)]
    [InlineData(21, 14, true)]
    [InlineData(21, 13, false)]
    public void RepresentativesQuorum_TwoThirdsOrMore(int members, int present, bool met) =>
        MatterRules.RepresentativesQuorum(members, present).Should().Be(met);

    [Theory]
    [InlineData(100, 51, null, null, true)]
    [InlineData(100, 50, null, null, false)]    // exactly half is not 过半数
    [InlineData(100, 50, 30, 20, true)]         // two thirds of the households exactly
    [InlineData(100, 50, 30, 19, false)]
    [InlineData(101, 51, null, null, true)]
    public void VillagersQuorum_MoreThanHalfOfAdults_OrTwoThirdsOfHouseholds(int adults, int present, int? households, int? represented, bool met) =>
        MatterRules.VillagersQuorum(adults, present, households, represented).Should().Be(met);

    [Theory]
    [InlineData(6, 3, false)]   // exactly half of those present is not 过半数
    [InlineData(6, 4, true)]
    [InlineData(7, 4, true)]
    [InlineData(7, 3, false)]
    public void AssemblyPasses_MoreThanHalfOfThosePresent(int present, int votesFor, bool passes) =>
        MatterRules.AssemblyPasses(present, votesFor).Should().Be(passes);

    [Fact]
    public void DisclosureDays_CountBothEnds() =>
        MatterRules.DisclosureDays(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 7)).Should().Be(7);

    private static readonly Guid Secretary = Guid.NewGuid(), First = Guid.NewGuid(), Clerk = Guid.NewGuid(), Cadre = Guid.NewGuid(), Leader = Guid.NewGuid(),
        Director = Guid.NewGuid(), Member = Guid.NewGuid();

    private static StepFacts Facts(MatterStep next) => new(
        new DateOnly(2026, 12, 3), MatterState.InProgress, next, null, null,
        new HashSet<Guid> { Secretary }, new HashSet<Guid> { First }, new HashSet<Guid> { Clerk }, new HashSet<Guid> { Director },
        new HashSet<Guid> { Leader }, new HashSet<Guid> { Cadre },
        new Dictionary<Guid, string> { [Secretary] = "书记", [First] = "第一书记", [Clerk] = "文书", [Cadre] = "包村干部", [Leader] = "包村领导", [Director] = "主任", [Member] = "党员" },
        7);

    private static StepInput Meeting(MatterStep step, Guid chair, Guid recorder) =>
        new(step, new DateOnly(2026, 12, 1), chair, recorder, "会议室", Summary: "内容", VotingMembers: 10, VotingPresent: 8, VotesFor: 6,
            Form: AssemblyForm.Representatives, Members: 9, Present: 9);

    [Theory]
    [InlineData(MatterStep.Proposal, "Secretary", null)]
    [InlineData(MatterStep.Proposal, "Cadre", "matter_chair_village_link")]
    [InlineData(MatterStep.Proposal, "Leader", "matter_chair_village_link")]
    [InlineData(MatterStep.Proposal, "Director", "matter_chair_not_allowed")]
    [InlineData(MatterStep.Proposal, "First", "matter_chair_secretary_present")]
    [InlineData(MatterStep.Deliberation, "Cadre", null)]
    [InlineData(MatterStep.Deliberation, "Leader", null)]
    [InlineData(MatterStep.Deliberation, "Director", null)]
    [InlineData(MatterStep.Deliberation, "Secretary", null)]
    [InlineData(MatterStep.Deliberation, "First", "matter_chair_not_allowed")]
    [InlineData(MatterStep.Review, "Member", "matter_chair_not_allowed")]
    [InlineData(MatterStep.Assembly, "Secretary", null)]
    [InlineData(MatterStep.Assembly, "Director", "matter_chair_not_allowed")]
    public void Chairs_ByStep(MatterStep step, string who, string? code)
    {
        var chair = who switch
        {
            "Secretary" => Secretary, "First" => First, "Cadre" => Cadre, "Leader" => Leader, "Director" => Director, _ => Member,
        };
        var problems = MatterRules.Problems(Meeting(step, chair, Clerk), Facts(step));
        if (code is null)
        {
            problems.Should().BeEmpty();
        }
        else
        {
            problems.Should().ContainSingle().Which.Code.Should().Be(code);
        }
    }

    [Fact]
    public void FirstSecretary_ChairsWhenTheRecordSaysTheSecretaryWasAway_AndACadreMayRecord() =>
        MatterRules.Problems(Meeting(MatterStep.Proposal, First, Cadre) with { SecretaryAbsent = true }, Facts(MatterStep.Proposal)).Should().BeEmpty();

    [Fact]
    public void ALeaderMayNotRecord() =>
        MatterRules.Problems(Meeting(MatterStep.Deliberation, Secretary, Leader), Facts(MatterStep.Deliberation))
            .Should().ContainSingle().Which.Message.Should().EndWith(MatterRules.RecorderRule);

    [Fact]
    public void Steps_ComeInOrder()
    {
        MatterRules.Order.Should().Equal(MatterStep.Proposal, MatterStep.Deliberation, MatterStep.Review, MatterStep.Assembly, MatterStep.Disclosure, MatterStep.Notice);
        var skip = () => MatterRules.Check(Meeting(MatterStep.Review, Secretary, Clerk), Facts(MatterStep.Deliberation));
        skip.Should().Throw<ValidationFailedException>().Which.Code.Should().Be("matter_step_out_of_order");
        MatterRules.After(MatterStep.Notice).Should().BeNull();
    }
}
