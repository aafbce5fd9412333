using FluentAssertions;
using Zeren.Core.Competitions;

namespace Zeren.Core.Tests.Competitions;

/// <summary>The trimmed mean with configurable drops, its rounding, and the ranking's tie rule.</summary>
public class CompetitionRulesTests
{
    [Theory]
    [InlineData(1, 1, 85)]      // 80 85 90
    [InlineData(0, 0, 85)]      // all five
    [InlineData(2, 0, 78.33)]   // 70 80 85 → 78.333…
    [InlineData(0, 2, 91.67)]   // 85 90 100 → 91.666…
    [InlineData(2, 2, 85)]      // 85
    public void Trimmed_DropsTheHighestAndLowest_AndRoundsToTwoPlaces(int high, int low, double expected) =>
        CompetitionRules.Trimmed([90m, 80m, 85m, 70m, 100m], high, low).Should().Be((decimal)expected);

    [Fact]
    public void Trimmed_IsNone_WhenEveryScoreWouldBeDropped()
    {
        CompetitionRules.Trimmed([90m, 80m], 1, 1).Should().BeNull();
        CompetitionRules.Trimmed([], 0, 0).Should().BeNull();
    }

    [Fact]
    public void Rounding_IsHalfAwayFromZero() =>
        CompetitionRules.Trimmed([80.01m, 80.00m], 0, 0).Should().Be(80.01m, "80.005 rounds up");

    [Fact]
    public void Ties_GoToTheHigherPlainMean_ThenTheName()
    {
        var ranked = CompetitionRules.Rank(
        [
            new ContestantScores(Guid.NewGuid(), "丙镇", [40m, 84m, 85m, 86m, 99m]),  // 85, mean 78.8
            new ContestantScores(Guid.NewGuid(), "甲镇", [70m, 80m, 85m, 90m, 100m]), // 85, mean 85
            new ContestantScores(Guid.NewGuid(), "乙镇", [70m, 80m, 85m, 90m, 100m]), // 85, mean 85: name decides
            new ContestantScores(Guid.NewGuid(), "丁镇", [90m]),                      // none yet: last
            new ContestantScores(Guid.NewGuid(), "戊镇", [10m, 60m, 60m, 60m, 100m]), // 60
        ], 1, 1);

        ranked.Select(r => (r.Name, r.Rank)).Should().Equal(("乙镇", 1), ("甲镇", 2), ("丙镇", 3), ("戊镇", 4), ("丁镇", 5));
        string.CompareOrdinal("乙镇", "甲镇").Should().BeLessThan(0, "ordinal order of the names (乙 U+4E59 before 甲 U+7532)");
        CompetitionRules.Bottom(ranked, 2).Select(r => r.Name).Should().Equal("戊镇", "丁镇");
    }
}
