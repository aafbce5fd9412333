using FluentAssertions;
using Xunit;
using Zeren.Core.Obligations;
using Zeren.Core.Platform;
using Zeren.Core.Tests.Demo;

namespace Zeren.Core.Tests.Obligations;

/// <summary>
/// The obligation calendar's arithmetic (履责日历): periods and their keys, the 5th-of-next-month rule, month ends, the
/// year and quarter boundaries, and which periods are open on a China day (the clock read in Asia/Shanghai).
/// </summary>
public class ObligationCalendarTests
{
    private static readonly CalendarRule MonthlyReconciliation = new(ObligationRecurrence.Monthly, 1, 5, 10);

    private static ObligationPeriod Month(int year, int month) => new(ObligationRecurrence.Monthly, year, month);

    [Theory]
    [InlineData(2026, 11, "2026-12-05")]
    [InlineData(2026, 12, "2027-01-05")] // the year turns
    [InlineData(2027, 1, "2027-02-05")]
    public void MonthlyReconciliation_IsDueTheFifthOfTheNextMonth(int year, int month, string due) =>
        MonthlyReconciliation.DueOn(Month(year, month)).Should().Be(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(2027, 1, "2027-02-28")] // February of a common year
    [InlineData(2028, 1, "2028-02-29")] // and of a leap year
    [InlineData(2027, 3, "2027-04-30")] // a 30-day month
    [InlineData(2027, 4, "2027-05-31")]
    public void DueOnTheThirtyFirst_IsTheMonthsLastDay(int year, int month, string due) =>
        new CalendarRule(ObligationRecurrence.Monthly, 1, 31, 0).DueOn(Month(year, month))
            .Should().Be(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Periods_HaveTheirDaysKeysAndLabels()
    {
        var feb = ObligationPeriod.Containing(new DateOnly(2028, 2, 10), ObligationRecurrence.Monthly);
        (feb.Start, feb.LastDay, feb.Key, feb.Label).Should().Be((new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 29), "2028-02", "2028年2月"));
        var q4 = ObligationPeriod.Containing(new DateOnly(2026, 12, 31), ObligationRecurrence.Quarterly);
        (q4.Start, q4.LastDay, q4.Key, q4.Label).Should().Be((new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31), "2026-Q4", "2026年第四季度"));
        q4.Next.Key.Should().Be("2027-Q1");
        var h2 = ObligationPeriod.Containing(new DateOnly(2026, 7, 1), ObligationRecurrence.HalfYearly);
        (h2.Start, h2.LastDay, h2.Key, h2.Label).Should().Be((new DateOnly(2026, 7, 1), new DateOnly(2026, 12, 31), "2026-H2", "2026年下半年"));
        ObligationPeriod.Containing(new DateOnly(2026, 6, 30), ObligationRecurrence.HalfYearly).Key.Should().Be("2026-H1");
        var year = ObligationPeriod.Containing(new DateOnly(2026, 5, 5), ObligationRecurrence.Yearly);
        (year.Start, year.LastDay, year.Key).Should().Be((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "2026"));

        foreach (var key in new[] { "2026-11", "2026-Q4", "2026-H2", "2026" })
        {
            ObligationPeriod.TryParse(key, out var parsed).Should().BeTrue(key);
            parsed.Key.Should().Be(key);
        }
        foreach (var bad in new[] { "2026-13", "2026-Q5", "2026-H3", "26", "2026/11", "" })
        {
            ObligationPeriod.TryParse(bad, out _).Should().BeFalse(bad);
        }
    }

    [Fact]
    public void QuarterlyAndHalfYearReports_AreDueAfterTheirPeriodsEnd()
    {
        var quarterly = new CalendarRule(ObligationRecurrence.Quarterly, 1, 10, 30);
        quarterly.DueOn(new(ObligationRecurrence.Quarterly, 2026, 4)).Should().Be(new DateOnly(2027, 1, 10));
        quarterly.DueOn(new(ObligationRecurrence.Quarterly, 2027, 1)).Should().Be(new DateOnly(2027, 4, 10));
        var halfYear = new CalendarRule(ObligationRecurrence.HalfYearly, 1, 15, 30);
        halfYear.DueOn(new(ObligationRecurrence.HalfYearly, 2026, 1)).Should().Be(new DateOnly(2026, 7, 15));
        halfYear.DueOn(new(ObligationRecurrence.HalfYearly, 2026, 2)).Should().Be(new DateOnly(2027, 1, 15));
        // Within the year's last month (0 months after): due on the year's last day.
        new CalendarRule(ObligationRecurrence.Yearly, 0, 31, 30).DueOn(new(ObligationRecurrence.Yearly, 2026, 0)).Should().Be(new DateOnly(2026, 12, 31));
    }

    [Fact]
    public void PeriodsOpenOn_AreThoseOpenedAndNotYetPastDue()
    {
        // November's reconciliation (due 5 December) opens ten days before: on 25 November.
        MonthlyReconciliation.OpensOn(Month(2026, 11)).Should().Be(new DateOnly(2026, 11, 25));
        MonthlyReconciliation.PeriodsOpenOn(new DateOnly(2026, 11, 24)).Should().BeEmpty("October was due on 5 November and November opens tomorrow");
        MonthlyReconciliation.PeriodsOpenOn(new DateOnly(2026, 11, 25)).Select(p => p.Key).Should().Equal("2026-11");
        MonthlyReconciliation.PeriodsOpenOn(new DateOnly(2026, 12, 5)).Select(p => p.Key).Should().Equal("2026-11");
        MonthlyReconciliation.PeriodsOpenOn(new DateOnly(2026, 12, 6)).Should().BeEmpty("November is past due and December opens on 26 December");
        MonthlyReconciliation.PeriodsOpenOn(new DateOnly(2026, 12, 26)).Select(p => p.Key).Should().Equal("2026-12");
        // A lead longer than a month: two periods open at once.
        new CalendarRule(ObligationRecurrence.Monthly, 1, 5, 40).PeriodsOpenOn(new DateOnly(2026, 12, 1)).Select(p => p.Key).Should().Equal("2026-11", "2026-12");
    }

    [Fact]
    public void ThePlanEntry_OwesNextYearsPlan_From1December_By31January()
    {
        var e = ScheduleDefaults.PlanSubmissionEntry.Entry;
        var rule = new CalendarRule(e.Recurrence, e.DueMonthsAfter, e.DueDay, e.LeadDays);
        // The plan for 2027 is the period 2026's: owed once 2026 ends.
        var year2026 = Zeren.Core.Projects.ProjectObligations.PlanPeriod(2027);
        (rule.DueOn(year2026), rule.OpensOn(year2026)).Should().Be((new DateOnly(2027, 1, 31), new DateOnly(2026, 12, 1)));
        Zeren.Core.Projects.ProjectObligations.PlanYear(year2026).Should().Be(2027);
        rule.PeriodsOpenOn(new DateOnly(2026, 11, 30)).Should().BeEmpty();
        rule.PeriodsOpenOn(new DateOnly(2026, 12, 1)).Select(p => p.Key).Should().Equal("2026");
        rule.PeriodsOpenOn(new DateOnly(2027, 1, 31)).Select(p => p.Key).Should().Equal("2026");
        rule.PeriodsOpenOn(new DateOnly(2027, 2, 1)).Should().BeEmpty("past due, a township added later owes no plan already due");
        ScheduleDefaults.Current().Select(s => s.Kind).Should().OnlyHaveUniqueItems().And.Contain(ScheduleDefaults.PlanSubmission).And.HaveCount(6);
    }

    [Fact]
    public void TheDefaultCalendar_OnNewYearsDayInChina_WhileUtcIsStillInTheOldYear()
    {
        // 2026-12-31T16:30Z is 2027-01-01 00:30 in Asia/Shanghai.
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero));
        var today = ChinaTime.Today(clock);
        today.Should().Be(new DateOnly(2027, 1, 1));
        var day = ObligationScheduleService.Day(today, ScheduleDefaults.Schedules());
        var open = day.Periods.Select(p => (p.Kind, p.Period.Key, p.DueOn)).ToList();
        open.Should().BeEquivalentTo(new[]
        {
            (ScheduleDefaults.ProjectReconciliation, "2026-12", new DateOnly(2027, 1, 5)),
            (ScheduleDefaults.QuarterlyReport, "2026-Q4", new DateOnly(2027, 1, 10)),
            (ScheduleDefaults.HalfYearReport, "2026-H2", new DateOnly(2027, 1, 15)),
            (ScheduleDefaults.YearEndAssessment, "2026", new DateOnly(2027, 1, 15)),
        }, "the year-end reconciliation was due by 31 December, a China day already past");
        day.For(ScheduleDefaults.QuarterlyReport).Single().FullTitle.Should().Be("2026年第四季度党建工作季度报告");

        // Half an hour earlier in UTC terms it is still 31 December in China: the year-end reconciliation is open.
        var before = ChinaTime.Today(new FixedClock(new DateTimeOffset(2026, 12, 31, 15, 30, 0, TimeSpan.Zero)));
        before.Should().Be(new DateOnly(2026, 12, 31));
        ObligationScheduleService.Day(before, ScheduleDefaults.Schedules()).For(ScheduleDefaults.YearEndReconciliation)
            .Select(p => (p.Period.Key, p.DueOn)).Should().Equal(("2026", new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public void ASwitchedOffEntry_OpensNothing()
    {
        var entries = ScheduleDefaults.All.Select(d => ObligationSchedule.Create(
            d.Entry with { Active = d.Entry.Kind != ScheduleDefaults.QuarterlyReport }, ScheduleDefaults.CreatedAt, "t", d.Id)).ToList();
        ObligationScheduleService.Day(new DateOnly(2027, 1, 1), entries).For(ScheduleDefaults.QuarterlyReport).Should().BeEmpty();
    }

    [Fact]
    public void BadEntries_AreRefusedNamingEveryField()
    {
        var act = () => ObligationSchedule.Create(new ScheduleInput("Bad Kind!", "", (ObligationRecurrence)9, -1, 0, 400, ScheduleTargets.Orgs),
            ScheduleDefaults.CreatedAt, "t");
        act.Should().Throw<ValidationFailedException>().Which.Errors.Select(e => e.Field)
            .Should().BeEquivalentTo(["kind", "title", "recurrence", "dueMonthsAfter", "dueDay", "leadDays", "targetDepth"]);
    }
}
