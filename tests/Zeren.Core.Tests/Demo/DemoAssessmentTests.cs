using FluentAssertions;
using Xunit;
using Zeren.Core.Assessment;
using Zeren.Core.Obligations;

namespace Zeren.Core.Tests.Demo;

/// <summary>The demo county's 考核 (issue 13): last year's township ranking, published, with its tiers and the bottom's obligations.</summary>
public sealed class DemoAssessmentTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    [Fact]
    public void LastYearsTownshipRanking_IsPublished_WithTiersAVetoAndTheBottomThreesObligations()
    {
        var county = fixture.County;
        var a = county.Assessment;
        var scheme = a.Schemes.Should().ContainSingle().Subject;
        (scheme.Kind, scheme.Year, scheme.IsFrozen).Should().Be((AssessedKind.Township, fixture.Clock.GetUtcNow().Year - 1, true));
        var run = a.Runs.Should().ContainSingle().Subject;
        (run.State, run.Period).Should().Be((RunState.Published, $"{scheme.Year}"));

        a.Results.Select(r => r.OrgId).Should().BeEquivalentTo(county.Townships.Select(t => t.Id), "every township is ranked");
        a.Results.OrderBy(r => r.Rank).Select(r => r.Tier).Take(6).Should().Equal("一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖");
        a.Results.Should().ContainSingle(r => r.Vetoed).Which.Rank.Should().Be(county.Townships.Count, "a veto ranks last");
        a.Entries.Where(e => !e.Manual).Should().OnlyContain(e => e.Data != null);
        a.Entries.Where(e => e.Manual).Should().OnlyContain(e => e.Reason != null);

        var bottom = a.Results.OrderByDescending(r => r.Rank).Take(scheme.BottomCount).Select(r => r.OrgId).ToList();
        a.Obligations.Select(o => (o.OrgId, o.Kind)).Should().BeEquivalentTo(
            bottom.SelectMany(id => AssessmentService.BottomObligations.Select(b => (id, b.Kind))));
        a.Obligations.Should().OnlyContain(o => o.SourceId == run.Id && o.IssuerOrgId == county.County.Id);
        a.Obligations.Should().ContainSingle(o => o.SubmittedLate);
    }
}
