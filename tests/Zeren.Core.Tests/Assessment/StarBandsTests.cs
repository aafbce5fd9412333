using FluentAssertions;
using Zeren.Core.Assessment;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Assessment;

/// <summary>Star bands without the database: the stars of a score at each boundary, and the bands refused (gap, overlap, order, 0–100 not covered).</summary>
public class StarBandsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(59.99, 1)]
    [InlineData(60, 2)]
    [InlineData(69.99, 2)]
    [InlineData(70, 3)]
    [InlineData(80, 4)]
    [InlineData(89.99, 4)]
    [InlineData(90, 5)]
    [InlineData(100, 5)]
    [InlineData(104.5, 5)]
    [InlineData(-3, 1)]
    public void Default_Bands_GiveTheStarsOfTheirBoundaries(double score, int stars) =>
        StarBands.StarsOf(StarBands.Default, (decimal)score, vetoed: false).Should().Be(stars);

    [Fact]
    public void A_Veto_GivesOneStar_WhateverTheScore() => StarBands.StarsOf(StarBands.Default, 98, vetoed: true).Should().Be(1);

    [Fact]
    public void Default_Bands_AreValid_AndCustomThreeBandsWork()
    {
        var problems = new Problems();
        StarBands.Check(StarBands.Default, problems);
        problems.Any.Should().BeFalse();
        IReadOnlyList<StarBand> three = [new(1, 0, 50), new(3, 50, 85), new(5, 85, 100)];
        StarBands.Check(three, problems);
        problems.Any.Should().BeFalse();
        StarBands.StarsOf(three, 84.99m, false).Should().Be(3);
        StarBands.StarsOf(three, 85m, false).Should().Be(5);
    }

    [Fact]
    public void Faulty_Bands_AreRefused_NamingEveryFault()
    {
        var problems = new Problems();
        StarBands.Check([new(2, 10, 60), new(1, 60, 70), new(3, 75, 80), new(4, 79, 79), new(5, 90, 99)], problems);
        problems.Errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("bands[0].min", "star_band_start"), ("bands[1].stars", "star_band_order"), ("bands[2].min", "star_band_gap"),
            ("bands[3].max", "star_band_range"), ("bands[3].min", "star_band_overlap"), ("bands[4].min", "star_band_gap"), ("bands[4].max", "star_band_end"),
        });
        var none = new Problems();
        StarBands.Check([], none);
        none.Errors.Single().Code.Should().Be("star_bands_count");
        var six = new Problems();
        StarBands.Check([.. StarBands.Default, new StarBand(5, 100, 110)], six);
        six.Errors.Single().Code.Should().Be("star_bands_count");
    }
}
