using FluentAssertions;
using Xunit;
using Zeren.Core.Platform;
using Zeren.Core.Projects;

namespace Zeren.Core.Tests.Projects;

/// <summary>一月一对账: the month's reconciliation is due by the 5th (configurable) of the next month, counted in China dates.</summary>
public class ReconciliationCalendarTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-01", 5, "2026-02-05")]
    [InlineData("2026-02", 5, "2026-03-05")] // a short month
    [InlineData("2026-12", 5, "2027-01-05")] // across the year's end
    [InlineData("2026-11", 10, "2026-12-10")] // configured
    [InlineData("2026-11", 31, "2026-12-31")] // a month's end
    [InlineData("2027-01", 31, "2027-02-28")]
    [InlineData("2026-11", 0, "2026-12-01")]
    public void DueOn_IsTheConfiguredDayOfTheNextMonth(string month, int dueDay, string due) =>
        ReconciliationCalendar.DueOn(Period.Parse(month), dueDay).Should().Be(D(due));

    [Fact]
    public void Late_IsAfterTheDueDay_InChina()
    {
        var november = Period.Month(2026, 11);
        ReconciliationCalendar.IsLate(november, 5, D("2026-12-05")).Should().BeFalse("the due day itself is in time");
        ReconciliationCalendar.IsLate(november, 5, D("2026-12-06")).Should().BeTrue();

        // 2026-12-05 16:30 UTC is already the 6th in Shanghai.
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 5, 16, 30, 0, TimeSpan.Zero));
        ReconciliationCalendar.IsLate(november, 5, ChinaTime.Today(clock)).Should().BeTrue();
        var earlier = new FixedClock(new DateTimeOffset(2026, 12, 5, 15, 59, 0, TimeSpan.Zero));
        ReconciliationCalendar.IsLate(november, 5, ChinaTime.Today(earlier)).Should().BeFalse();
    }

    [Fact]
    public void MonthsOwed_RunFromTheStartMonth_ThroughTheGivenDay()
    {
        ReconciliationCalendar.MonthsOwed(D("2026-10-31"), D("2027-01-01")).Select(m => m.ToString())
            .Should().Equal("2026-10", "2026-11", "2026-12", "2027-01");
        ReconciliationCalendar.MonthsOwed(D("2026-10-31"), D("2026-09-30")).Should().BeEmpty();
    }

    [Fact]
    public void AMonth_IsAMonth()
    {
        ReconciliationCalendar.ParseMonth("2026-03").Should().Be(Period.Month(2026, 3));
        var quarter = () => ReconciliationCalendar.ParseMonth("2026-Q1");
        quarter.Should().Throw<DomainException>().Which.Code.Should().Be("reconciliation_month_invalid");
    }

    [Fact]
    public void AReconciliation_OfAClosedProject_IsRefused_WithEveryOtherFault()
    {
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var project = Project.Create(Guid.NewGuid(), 2026, null,
            new ProjectTerms("项目", "目标", "责任", Guid.NewGuid(), D("2026-03-10"), D("2026-12-31")), [], D("2026-06-01"), now, "ta");
        project.Cancel("合并", now, "ta");
        var errors = Reconciliation.Check(project, Period.Month(2026, 2), null, false, "", null, "下步", 120, D("2026-06-01"));
        errors.Select(e => e.Code).Should().BeEquivalentTo(
            ["reconciliation_project_closed", "reconciliation_month_before_start", "reconciliation_progress_required", "progress_percent_range"]);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
