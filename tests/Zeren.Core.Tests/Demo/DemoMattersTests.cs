using FluentAssertions;
using Xunit;
using Zeren.Core.Decisions;
using Zeren.Core.Demo;
using Zeren.Core.Meetings;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;

namespace Zeren.Core.Tests.Demo;

/// <summary>
/// The demo county's village matters: at every step, some completed, a few rejected, each step recorded by the rules with
/// the village's own 书记 and 文书 of that day, 提议 and 审议 of a 党支部 in its ledger once, and what each matter owes kept
/// as the service keeps it.
/// </summary>
public sealed class DemoMattersTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private DemoCounty County => fixture.County;

    [Fact]
    public void Matters_AreAtEveryStep_SomeCompleted_AFewRejected()
    {
        var matters = County.Matters.Matters;
        matters.Should().HaveCountGreaterThanOrEqualTo(20);
        matters.Where(m => m.State == MatterState.InProgress).Select(m => m.NextStep!.Value).Distinct().Should().BeEquivalentTo(MatterRules.Order);
        matters.Count(m => m.State == MatterState.Completed).Should().BeGreaterThanOrEqualTo(2);
        matters.Count(m => m.State == MatterState.Rejected).Should().BeInRange(2, 8);
        County.Matters.Steps.Where(s => s.Outcome == StepOutcome.Rejected).Select(s => s.Step).Distinct()
            .Should().BeEquivalentTo([MatterStep.Review, MatterStep.Assembly]);
        matters.Select(m => m.OrgId).Distinct().Count().Should().BeGreaterThan(10, "across the county's townships");
        matters.Should().Contain(m => m.GuidedByPersonId != null && m.State == MatterState.Completed, "the county's view of guided runs has something to show");
    }

    [Fact]
    public void Steps_AreChairedByTheVillagesOwnPeople_OfThatDay_AndTheLedgerHoldsEachMeetingOnce()
    {
        var positions = County.Positions;
        var byId = County.Matters.Matters.ToDictionary(m => m.Id);
        foreach (var s in County.Matters.Steps.Where(s => s.Step is MatterStep.Proposal or MatterStep.Review or MatterStep.Assembly))
        {
            var village = byId[s.MatterId].OrgId;
            positions.Should().Contain(p => p.PersonId == s.ChairPersonId && p.OrgId == village && p.Title == PositionTitle.Secretary && p.IsActiveOn(s.On));
        }
        var orgs = County.Organizations.ToDictionary(o => o.Id);
        var meetings = County.Matters.Meetings.ToDictionary(m => m.Id);
        foreach (var s in County.Matters.Steps.Where(s => s.Step is MatterStep.Proposal or MatterStep.Review))
        {
            var branch = orgs[byId[s.MatterId].OrgId].Kind == OrgKind.Branch;
            if (branch)
            {
                var meeting = meetings[s.MeetingId!.Value];
                meeting.OrgId.Should().Be(byId[s.MatterId].OrgId);
                meeting.Types.Select(t => t.Type).Should().Equal(s.Step == MatterStep.Proposal ? MeetingType.Committee : MeetingType.Congress);
            }
            else
            {
                s.MeetingId.Should().BeNull();
            }
        }
        County.Matters.Steps.Where(s => s.MeetingId != null).Select(s => s.MeetingId).Should().OnlyHaveUniqueItems();
        County.Matters.Meetings.Should().HaveCount(County.Matters.Steps.Count(s => s.MeetingId != null));
        // The disclosure lasts seven days, both ends included, and 一知晓 comes after it.
        foreach (var d in County.Matters.Steps.Where(s => s.Step == MatterStep.Disclosure))
        {
            MatterRules.DisclosureDays(d.On, d.Until!.Value).Should().BeGreaterThanOrEqualTo(7);
            County.Matters.Steps.Where(n => n.MatterId == d.MatterId && n.Step == MatterStep.Notice && n.On <= d.Until).Should().BeEmpty();
        }
    }

    [Fact]
    public void EachWaitingMatter_OwesItsNextStep_AndEachRecordedStepClosedOrCancelledItsOwn()
    {
        var owed = County.Matters.Obligations;
        owed.Should().OnlyContain(o => o.Kind == MatterObligations.Kind);
        foreach (var m in County.Matters.Matters)
        {
            var steps = County.Matters.Steps.Where(s => s.MatterId == m.Id).ToList();
            foreach (var s in steps)
            {
                owed.Should().ContainSingle(o => o.SourceId == MatterObligations.SourceOf(m.Id, s.Run, s.Step)).Which.State
                    .Should().Be(s.Outcome == StepOutcome.Rejected ? ObligationState.Cancelled : ObligationState.Closed);
            }
            var open = owed.Where(o => o.OrgId == m.OrgId && o.State == ObligationState.Open
                && MatterRules.Order.Any(step => o.SourceId == MatterObligations.SourceOf(m.Id, m.Run, step))).ToList();
            if (m.State == MatterState.InProgress)
            {
                open.Should().ContainSingle().Which.SourceId.Should().Be(MatterObligations.SourceOf(m.Id, m.Run, m.NextStep!.Value));
            }
            else
            {
                open.Should().BeEmpty();
            }
        }
    }
}
