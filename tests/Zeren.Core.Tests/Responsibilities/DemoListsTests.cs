using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.Responsibilities;
using Zeren.Core.Tests.Demo;

namespace Zeren.Core.Tests.Responsibilities;

/// <summary>The demo county's responsibility lists: two common lists of the county, two townships' own, partly done.</summary>
public sealed class DemoListsTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private Zeren.Core.Demo.DemoListSet Set => fixture.County.Lists;

    [Fact]
    public void TheCounty_IssuesToEveryTownshipAndEveryVillageBranch_AndTwoTownshipsToTheirBranches()
    {
        var county = fixture.County;
        Set.Lists.Should().HaveCount(4).And.OnlyContain(l => l.IsIssued);
        var common = Set.Lists.Where(l => l.Kind == ListKind.Common).ToList();
        common.Should().HaveCount(2).And.OnlyContain(l => l.IssuerOrgId == county.County.Id);
        var receiversOf = Set.Receivers.GroupBy(r => r.ListId).ToDictionary(g => g.Key, g => g.Select(r => r.OrgId).ToHashSet());
        receiversOf[common[0].Id].Should().BeEquivalentTo(county.Townships.Select(t => t.Id));
        receiversOf[common[1].Id].Should().BeEquivalentTo(county.Organizations.Where(o => o.Kind == OrgKind.Branch && o.IsVillage).Select(o => o.Id));
        var own = Set.Lists.Where(l => l.Kind == ListKind.Own).ToList();
        own.Select(l => l.IssuerOrgId).Should().BeEquivalentTo(county.Townships.Take(2).Select(t => t.Id));
        own.Should().OnlyContain(l => receiversOf[l.Id].Count > 0);
        // Every item reaches every receiver once, naming who answers for it there (a township's 书记).
        Set.Completions.Should().HaveCount(Set.Lists.Sum(l => Set.Items.Count(i => i.ListId == l.Id) * receiversOf[l.Id].Count));
        Set.Completions.Select(c => (c.ItemId, c.OrgId)).Should().OnlyHaveUniqueItems();
        // (A township whose secretary took office after the list was issued has nobody named.)
        var townships = Set.Completions.Where(c => c.ListId == common[0].Id).ToList();
        townships.Count(c => c.PersonId != null).Should().BeGreaterThanOrEqualTo(townships.Count * 3 / 4);
    }

    [Fact]
    public void CompletionIsPartial_WithLateConfirmedReturnedAndOverdue()
    {
        var today = fixture.County.Today;
        var items = Set.Items.ToDictionary(i => i.Id);
        Set.Completions.Should().Contain(c => c.State == CompletionState.Confirmed)
            .And.Contain(c => c.State == CompletionState.Done)
            .And.Contain(c => c.State == CompletionState.Returned)
            .And.Contain(c => c.State == CompletionState.Open && items[c.ItemId].DueOn < today, "some items are overdue")
            .And.Contain(c => c.Late);
        Set.Completions.Where(c => c.DoneAt is not null).Should().OnlyContain(c => c.DoneAt < fixture.Clock.GetUtcNow());
        var past = Set.Completions.Where(c => items[c.ItemId].DueOn < today).ToList();
        past.Count(c => !c.IsOpen).Should().BeGreaterThan(past.Count / 2);
    }

    [Fact]
    public void EveryItemAtEveryReceiver_IsAnObligation_InTheStateOfItsRecord()
    {
        Set.Obligations.Should().HaveCount(Set.Completions.Count).And.OnlyContain(o => o.Kind == ResponsibilityListService.ObligationKind);
        var owed = Set.Obligations.ToDictionary(o => (o.SourceId, o.OrgId));
        foreach (var c in Set.Completions)
        {
            var o = owed[(c.ItemId, c.OrgId)];
            o.PersonId.Should().Be(c.PersonId);
            o.State.Should().Be(c.State switch
            {
                CompletionState.Done => Zeren.Core.Obligations.ObligationState.Submitted,
                CompletionState.Confirmed => Zeren.Core.Obligations.ObligationState.Closed,
                _ => Zeren.Core.Obligations.ObligationState.Open,
            });
        }
    }
}
