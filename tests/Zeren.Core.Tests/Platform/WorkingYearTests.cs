using FluentAssertions;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Platform;

/// <summary>One range of working years (工作年度) for every capability, narrower than the periods a read may name.</summary>
public class WorkingYearTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(1999, false)]
    [InlineData(2000, true)]
    [InlineData(2026, true)]
    [InlineData(2100, true)]
    [InlineData(2101, false)]
    public void IsWorkingYear_IsTheOneRange(int? year, bool expected) => Period.IsWorkingYear(year).Should().Be(expected);

    [Fact]
    public void WorkingYears_LieInsideThePeriods_AndTheRefusalNamesThem()
    {
        Period.FirstWorkingYear.Should().BeGreaterThanOrEqualTo(Period.MinYear);
        Period.LastWorkingYear.Should().BeLessThanOrEqualTo(Period.MaxYear);
        Period.WorkingYearMessage.Should().Be("年度应在 2000 到 2100 之间。");
    }
}
