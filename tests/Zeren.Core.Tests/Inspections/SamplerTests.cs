using FluentAssertions;
using Zeren.Core.Inspections;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Inspections;

/// <summary>
/// The sampler (随机抽样) without a database: the same seed and inputs give the same sample; townships are covered over a
/// cycle; recently visited villages are left out; no village twice; a draw the rules cannot meet is refused.
/// </summary>
public sealed class SamplerTests
{
    private static readonly DateOnly Monday = new(2026, 12, 7);

    /// <summary>A county of <paramref name="townships"/> townships with <paramref name="villages"/> villages each, three grids a village.</summary>
    private static (List<SampleStratum> Strata, List<SampleCandidate> Candidates) County(int townships, int villages, Func<Guid, DateOnly?>? lastVisit = null)
    {
        var strata = new List<SampleStratum>();
        var candidates = new List<SampleCandidate>();
        for (var t = 0; t < townships; t++)
        {
            var township = Guid.NewGuid();
            strata.Add(new SampleStratum(township, null));
            for (var v = 0; v < villages; v++)
            {
                var id = Guid.NewGuid();
                candidates.Add(new SampleCandidate(id, township, lastVisit?.Invoke(id), [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()]));
            }
        }
        return (strata, candidates);
    }

    private static SampleInput Input(SamplingRules rules, DateOnly on, long seed, List<SampleStratum> strata, List<SampleCandidate> candidates) =>
        new(rules, on, seed, strata, candidates);

    [Fact]
    public void SameSeedAndInputs_GiveTheSameSample_InAnyOrderOfTheInputs_AndAnotherSeedAnother()
    {
        var (strata, candidates) = County(15, 18);
        var rules = new SamplingRules(6, 2, 4, 8, DayOfWeek.Tuesday);
        var first = Sampler.Draw(Input(rules, Monday.AddDays(1), 77, strata, candidates));
        var again = Sampler.Draw(Input(rules, Monday.AddDays(1), 77, strata.AsEnumerable().Reverse().ToList(), candidates.OrderBy(_ => Guid.NewGuid()).ToList()));

        again.Should().BeEquivalentTo(first, o => o.WithStrictOrdering());
        first.Should().HaveCount(6);
        Sampler.Draw(Input(rules, Monday.AddDays(1), 78, strata, candidates)).Select(s => s.VillageId)
            .Should().NotEqual(first.Select(s => s.VillageId), "another seed draws another sample");
    }

    [Fact]
    public void StoredInputs_RoundTripThroughJson_AndDrawTheSameSample()
    {
        var (strata, candidates) = County(5, 4);
        var input = Input(new SamplingRules(3, 1, 2, 0, DayOfWeek.Tuesday), Monday, 123456789, strata, candidates);
        var plan = InspectionPlan.Create(Guid.NewGuid(), input, null, DateTimeOffset.UtcNow, "test");
        Sampler.Draw(plan.Input()).Should().BeEquivalentTo(Sampler.Draw(input), o => o.WithStrictOrdering());
    }

    [Fact]
    public void WeeklyDraws_CoverEveryTownshipWithinEachCycle_AndNeverRepeatAVillageOrAGrid()
    {
        var (strata, candidates) = County(15, 8);
        var rules = new SamplingRules(4, 2, 4, 8, DayOfWeek.Tuesday);
        var visits = new List<(DateOnly On, SampledVillage Village)>();
        for (var week = 0; week < 16; week++)
        {
            var on = Monday.AddDays(1 + 7 * week);
            var last = visits.GroupBy(v => v.Village.VillageId).ToDictionary(g => g.Key, g => g.Max(v => v.On));
            var now = candidates.Select(c => c with { LastVisitedOn = last.TryGetValue(c.VillageId, out var d) ? d : null }).ToList();
            var lastByTownship = visits.GroupBy(v => v.Village.TownshipId).ToDictionary(g => g.Key, g => g.Max(v => v.On));
            var nowStrata = strata.Select(s => s with { LastVisitedOn = lastByTownship.TryGetValue(s.TownshipId, out var d) ? d : null }).ToList();
            var sample = Sampler.Draw(Input(rules, on, 1000 + week, nowStrata, now));

            sample.Should().HaveCount(4);
            sample.Select(s => s.VillageId).Should().OnlyHaveUniqueItems();
            sample.Select(s => s.TownshipId).Should().OnlyHaveUniqueItems("a township gets a second village only after every township has one");
            sample.Should().OnlyContain(s => s.GridIds.Count == 2 && s.GridIds.Distinct().Count() == 2
                && s.GridIds.All(g => candidates.Single(c => c.VillageId == s.VillageId).GridIds.Contains(g)));
            visits.AddRange(sample.Select(s => (on, s)));
        }
        // Every window of 4 weekly draws (4 × 4 = 16 ≥ 15 townships) visits every township.
        for (var start = 0; start + 4 <= 16; start += 4)
        {
            var from = Monday.AddDays(1 + 7 * start);
            var to = from.AddDays(7 * 3);
            visits.Where(v => v.On >= from && v.On <= to).Select(v => v.Village.TownshipId).Distinct()
                .Should().HaveCount(15, $"every township is covered in the cycle from {from}");
        }
    }

    [Fact]
    public void VillagesVisitedWithinTheExcludedWeeks_AreNeverDrawn()
    {
        var on = Monday.AddDays(1);
        var recent = new HashSet<Guid>();
        var (strata, candidates) = County(3, 6, id =>
        {
            if (recent.Count < 12)
            {
                recent.Add(id);
                return on.AddDays(-7 * 3);
            }
            return on.AddDays(-7 * 9);
        });
        for (var seed = 0; seed < 50; seed++)
        {
            var sample = Sampler.Draw(Input(new SamplingRules(6, 0, 1, 8, DayOfWeek.Tuesday), on, seed, strata, candidates));
            sample.Should().HaveCount(6);
            sample.Select(s => s.VillageId).Should().NotIntersectWith(recent);
        }
    }

    [Fact]
    public void ADrawForMoreVillagesThanTheStrataAllow_OrACycleTooShort_IsRefusedWithEveryFault()
    {
        var on = Monday.AddDays(1);
        var (strata, candidates) = County(4, 2, _ => on.AddDays(-7));
        // Every village visited a week ago: with 2 weeks left out, none may be drawn.
        var refused = () => Sampler.Draw(Input(new SamplingRules(3, 1, 1, 2, DayOfWeek.Tuesday), on, 1, strata, candidates));
        var errors = refused.Should().Throw<ValidationFailedException>().Which.Errors.Select(e => e.Code).ToList();
        errors.Should().Contain(["sample_too_many", "sample_cycle_short"]);

        var bad = () => Sampler.Draw(Input(new SamplingRules(0, -1, 0, -1, DayOfWeek.Tuesday), on, 1, strata, candidates));
        bad.Should().Throw<ValidationFailedException>().Which.Errors.Select(e => e.Code)
            .Should().Contain(["sample_villages", "sample_grids", "sample_cycle", "sample_exclude"]);
    }

    [Fact]
    public void NextWeekday_IsTheNextTuesday_NeverToday()
    {
        Sampler.NextWeekday(Monday, DayOfWeek.Tuesday).Should().Be(Monday.AddDays(1));
        Sampler.NextWeekday(Monday.AddDays(1), DayOfWeek.Tuesday).Should().Be(Monday.AddDays(8));
    }
}
