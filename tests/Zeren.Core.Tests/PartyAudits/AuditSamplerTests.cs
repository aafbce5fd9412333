using FluentAssertions;
using Zeren.Core.PartyAudits;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.PartyAudits;

/// <summary>The audit sampler without a database: counts per kind, no repeats, reproducibility, refusals.</summary>
public class AuditSamplerTests
{
    private static AuditUnitCandidates Unit(string name, int agency, int grassroots) => new(Guid.NewGuid(), name,
        Enumerable.Range(0, agency).Select(_ => new AuditCandidate(Guid.NewGuid(), AuditBranchKind.Agency))
            .Concat(Enumerable.Range(0, grassroots).Select(_ => new AuditCandidate(Guid.NewGuid(), AuditBranchKind.Grassroots))).ToList());

    [Fact]
    public void Draw_TakesBetweenTheLeastAndTheMostOfEachKind_WithoutRepeats_AndTheSameSeedGivesTheSameSample()
    {
        var units = Enumerable.Range(0, 6).Select(i => Unit($"单位{i}", 4, 10)).ToList();
        var counts = new HashSet<int>();
        for (var seed = 1L; seed <= 40; seed++)
        {
            var input = new AuditSampleInput(AuditSamplingRules.Default, seed, units);
            var drawn = AuditSampler.Draw(input);
            drawn.Select(d => d.BranchId).Should().OnlyHaveUniqueItems();
            foreach (var unit in units)
            {
                var mine = drawn.Where(d => d.UnitId == unit.UnitId).ToList();
                mine.Should().OnlyContain(d => unit.Branches.Any(b => b.BranchId == d.BranchId && b.Kind == d.Kind));
                mine.Count(d => d.Kind == AuditBranchKind.Agency).Should().BeInRange(1, 2);
                var grassroots = mine.Count(d => d.Kind == AuditBranchKind.Grassroots);
                grassroots.Should().BeInRange(2, 3);
                counts.Add(grassroots);
            }
            AuditSampler.Draw(input with { Units = units.AsEnumerable().Reverse().ToList() }).Should().Equal(drawn, "the order of the inputs does not matter");
        }
        counts.Should().BeEquivalentTo([2, 3], "both ends of the range are drawn over many seeds");
        AuditSampler.Draw(new AuditSampleInput(AuditSamplingRules.Default, 1, units))
            .Should().NotEqual(AuditSampler.Draw(new AuditSampleInput(AuditSamplingRules.Default, 2, units)), "another seed, another sample");
    }

    [Fact]
    public void Draw_RefusesEveryUnitWithTooFewBranchesOfAKind_AndGivesAllOfAKindWhenItHasFewerThanTheMost()
    {
        var poor = Unit("丙镇党委", 0, 1);
        var act = () => AuditSampler.Draw(new AuditSampleInput(AuditSamplingRules.Default, 1, [Unit("甲镇党委", 2, 3), poor]));
        act.Should().Throw<ValidationFailedException>().Which.Errors.Select(e => e.Code).Should().Equal("audit_too_few_branches", "audit_too_few_branches");

        var just = Unit("乙镇党委", 1, 2);
        var drawn = AuditSampler.Draw(new AuditSampleInput(AuditSamplingRules.Default, 99, [just]));
        drawn.Select(d => d.BranchId).Should().BeEquivalentTo(just.Branches.Select(b => b.BranchId));
    }

    [Fact]
    public void Rules_MinAboveMaxOrNothingToDraw_AreRefusedTogether()
    {
        var problems = new Problems();
        AuditSampler.CheckRules(new AuditSamplingRules(2, 1, -1, 0), problems);
        problems.Errors.Select(e => e.Field).Should().Equal("rules.agencyMax", "rules.grassrootsMin");
        var none = new Problems();
        AuditSampler.CheckRules(new AuditSamplingRules(0, 0, 0, 0), none);
        none.Errors.Select(e => e.Code).Should().Equal("audit_sample_empty");
    }
}
