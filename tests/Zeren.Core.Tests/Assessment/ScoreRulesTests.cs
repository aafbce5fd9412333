using FluentAssertions;
using Zeren.Core.Assessment;

namespace Zeren.Core.Tests.Assessment;

/// <summary>The arithmetic of assessment without the database: weighting, caps, veto, the tie rule, tiers, the trimmed mean.</summary>
public class ScoreRulesTests
{
    private static SchemeItem Item(ItemType type, decimal points, decimal? cap = null) =>
        new() { Id = Guid.NewGuid(), Name = type.ToString(), Type = type, Points = points, Cap = cap };

    private static Standing S(string name, decimal total, bool vetoed = false, int late = 0, DateTimeOffset? last = null) =>
        new(Guid.NewGuid(), name, total, 0, 0, vetoed, late, last);

    [Fact]
    public void Computed_ScoreItem_WeightsItsPointsByTheRate_Clamped()
    {
        var item = Item(ItemType.Score, 30);
        ScoreRules.Computed(item, 0.8333m).Should().Be(25.00m);
        ScoreRules.Computed(item, 1.5m).Should().Be(30m, "a rate above 1 counts as 1");
        ScoreRules.Computed(item, -1m).Should().Be(0m);
    }

    [Fact]
    public void Computed_DeductionItem_IsPointsPerUnit_UpToItsCap()
    {
        var item = Item(ItemType.Deduction, 0.5m, cap: 2);
        ScoreRules.Computed(item, 3).Should().Be(1.5m);
        ScoreRules.Computed(item, 10).Should().Be(2m, "the item's cap");
    }

    [Fact]
    public void Totals_CapBonusAndDeductionPerItemAndPerScheme_AndAVetoApplies()
    {
        var scheme = new AssessmentScheme { BonusCap = 3, DeductionCap = 5 };
        var score1 = Item(ItemType.Score, 60);
        var score2 = Item(ItemType.Score, 40);
        var bonus1 = Item(ItemType.Bonus, 2, cap: 2);
        var bonus2 = Item(ItemType.Bonus, 2, cap: 2);
        var deduction = Item(ItemType.Deduction, 1, cap: 10);
        var veto = Item(ItemType.Veto, 0);
        SchemeItem[] items = [score1, score2, bonus1, bonus2, deduction, veto];

        var (b, bonus, ded, vetoed) = ScoreRules.Totals(scheme, items,
            [(score1.Id, 0.9m, 54m), (score2.Id, 1m, 45m), (bonus1.Id, 2, 2m), (bonus2.Id, 5, 5m), (deduction.Id, 7, 7m), (veto.Id, 0, 0)]);

        b.Should().Be(94m, "a score item gives at most its points (45 → 40)");
        bonus.Should().Be(3m, "2 + min(5, 2) = 4, then the scheme's bonus cap of 3");
        ded.Should().Be(5m, "7 under the item's cap, then the scheme's deduction cap of 5");
        vetoed.Should().BeFalse();
        new Standing(Guid.Empty, "x", b, bonus, ded, vetoed, 0, null).Total.Should().Be(92m);

        ScoreRules.Totals(scheme, items, [(veto.Id, 1, 0)]).Vetoed.Should().BeTrue();
    }

    [Fact]
    public void Rank_OrdersByTotal_ThenFewerLate_ThenEarlierLastSubmission_AndTiesShareARank()
    {
        var early = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var late = early.AddDays(3);
        var ranking = ScoreRules.Rank(
        [
            S("丙", 90, late: 2),
            S("甲", 95),
            S("乙", 90, late: 0, last: late),
            S("丁", 90, late: 0, last: early),
            S("戊", 90, late: 2),
            S("否", 99, vetoed: true),
        ], []);

        ranking.Select(p => (p.Standing.Name, p.Rank)).Should().Equal(
            ("甲", 1), ("丁", 2), ("乙", 3), ("丙", 4), ("戊", 4), ("否", 6));
    }

    [Fact]
    public void Rank_HandsOutTiersTopDown_TiesAtTheEdgeShareTheTier_AndAVetoGetsNone()
    {
        RewardTier[] tiers = [new("一等奖", 1, 6000), new("二等奖", 2, 5500), new("三等奖", 1, 5000)];
        var ranking = ScoreRules.Rank(
        [
            S("一", 99, vetoed: true), S("二", 98), S("三", 97), S("四", 97), S("五", 90), S("六", 80), S("七", 70),
        ], tiers);

        ranking.Select(p => (p.Standing.Name, p.Tier, p.Amount)).Should().Equal(
            ("二", "一等奖", 6000), ("三", "二等奖", 5500), ("四", "二等奖", 5500), ("五", "三等奖", 5000), ("六", null, null), ("七", null, null),
            ("一", null, null));
    }

    [Fact]
    public void Bottom_TakesTheLastPlaces_WithTiesAtTheEdge()
    {
        var ranking = ScoreRules.Rank([S("a", 90), S("b", 80), S("c", 70), S("d", 70), S("e", 60)], []);
        ScoreRules.Bottom(ranking, 3).Select(p => p.Standing.Name).Should().Equal("c", "d", "e");
        ScoreRules.Bottom(ranking, 2).Select(p => p.Standing.Name).Should().Equal(["c", "d", "e"], "d ties with c, so both are in");
        ScoreRules.Bottom(ranking, 0).Should().BeEmpty();
    }

    [Fact]
    public void TrimmedMean_DropsTheHighestAndLowest_AndKeepsAllWhenTooFew()
    {
        ScoreRules.TrimmedMean([90, 80, 85, 70, 99]).Should().Be(85m, "(80 + 85 + 90) / 3");
        ScoreRules.TrimmedMean([90, 80]).Should().Be(85m, "two scores cannot lose two");
        ScoreRules.TrimmedMean([90, 80, 85, 70, 99, 60], trim: 2).Should().Be(82.5m);
        ScoreRules.TrimmedMean([90, 80, 85], trim: 0).Should().Be(85m);
        ScoreRules.TrimmedMean([]).Should().BeNull();
    }
}
