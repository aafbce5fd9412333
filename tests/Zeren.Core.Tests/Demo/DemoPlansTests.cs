using FluentAssertions;
using Xunit;
using Zeren.Core.Projects;

namespace Zeren.Core.Tests.Demo;

/// <summary>The demo county's plans and project ledgers (issue 10): every township planned, a few on later rounds, varied progress, some late.</summary>
public sealed class DemoPlansTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    [Fact]
    public void EveryTownship_HasAPlan_AFewOnLaterRounds_AndTwoFlagged()
    {
        var county = fixture.County;
        var plans = county.Plans.Plans;
        plans.Select(p => p.OrgId).Should().BeEquivalentTo(county.Townships.Select(t => t.Id));
        plans.Should().OnlyContain(p => p.Year == 2026);
        plans.Count(p => p.Round >= 2).Should().BeGreaterThanOrEqualTo(3);
        plans.Count(p => p.Flagged).Should().Be(2);
        plans.Should().Contain(p => p.Status == PlanStatus.Returned).And.Contain(p => p.Status == PlanStatus.Submitted);
        county.Plans.Versions.Should().HaveCount(plans.Sum(p => p.Round));
        county.Plans.Versions.Where(v => v.Decision == PlanDecision.Returned).Should().OnlyContain(v => v.Comments != null);
    }

    [Fact]
    public void EachLedger_HasFiveToTenProjects_AtVariedProgress_WithAYearOfReconciliations_SomeLate()
    {
        var county = fixture.County;
        var today = county.Today;
        foreach (var group in county.Plans.Projects.GroupBy(p => p.OrgId))
        {
            group.Count().Should().BeInRange(5, 10);
        }
        county.Plans.Projects.Select(p => p.OrgId).Distinct().Should().HaveCount(county.Townships.Count);
        var statuses = county.Plans.Projects.Select(p => p.StatusOn(today)).ToHashSet();
        statuses.Should().Contain([ProjectStatus.InProgress, ProjectStatus.Done, ProjectStatus.Overdue]);
        county.Plans.Projects.Should().OnlyContain(p => ProjectRules.Check(new ProjectTerms(p.Name, p.Target, p.Responsibility, p.PersonId, p.StartOn, p.DueOn)).Count == 0);
        var recs = county.Plans.Reconciliations;
        recs.Should().OnlyContain(r => r.SubmittedAt <= DemoCountyFixture.Now);
        recs.Select(r => r.Month).Distinct().Count().Should().BeGreaterThanOrEqualTo(6);
        recs.Count(r => r.Late).Should().BeGreaterThan(0).And.BeLessThan(recs.Count / 3);
        recs.GroupBy(r => (r.ProjectId, r.Month)).Should().OnlyContain(g => g.Count() == 1);
    }
}
