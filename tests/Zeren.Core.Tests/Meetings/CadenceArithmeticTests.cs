using FluentAssertions;
using Xunit;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Meetings;

public class CadenceArithmeticTests
{
    private static readonly IReadOnlyList<MeetingCadence> Defaults = CadenceDefaults.Rules().ToList();
    private static readonly BranchInfo Branch = new(Guid.NewGuid(), "B1", "测试村党支部", OrgDomain.Rural, HasGroups: false, null, "");
    private static readonly DateOnly AfterYear = new(2027, 3, 1);

    private static BranchCounts Held(params (DateOnly Day, MeetingType Type)[] meetings)
    {
        var c = new BranchCounts();
        foreach (var (day, type) in meetings)
        {
            var key = (BranchCounts.Key(day), type);
            c.ByMonth[key] = c.ByMonth.TryGetValue(key, out var v) ? (v.Counted + 1, v.NotCounted) : (1, 0);
        }
        return c;
    }

    private static ComplianceCell Cell(Period p, MeetingType type, BranchCounts counts, DateOnly? today = null, IReadOnlyList<MeetingCadence>? rules = null,
        IReadOnlyList<BranchLeader>? leaders = null, BranchInfo? branch = null) =>
        ComplianceEngine.Evaluate(branch ?? Branch, p, type, rules ?? Defaults, counts, leaders ?? [], today ?? AfterYear);

    [Theory]
    [InlineData("2026-03", PeriodKind.Month, "2026-03-01", "2026-04-01")]
    [InlineData("2026-Q1", PeriodKind.Quarter, "2026-01-01", "2026-04-01")]
    [InlineData("2026-q4", PeriodKind.Quarter, "2026-10-01", "2027-01-01")]
    [InlineData("2026", PeriodKind.Year, "2026-01-01", "2027-01-01")]
    public void Period_Parses(string text, PeriodKind kind, string start, string end)
    {
        var p = Period.Parse(text);
        p.Kind.Should().Be(kind);
        p.Start.Should().Be(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        p.EndExclusive.Should().Be(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-Q5")]
    [InlineData("26")]
    [InlineData("March")]
    public void Period_WhenMalformed_IsRefusedInChinese(string text)
    {
        var act = () => Period.Parse(text);
        act.Should().Throw<DomainException>().Where(e => e.Code == "period_invalid" && e.Message.Contains("2026-Q1"));
    }

    [Fact]
    public void Period_StartsAtMidnightInShanghai()
    {
        Period.Month(2026, 4).StartInstant.Should().Be(new DateTimeOffset(2026, 3, 31, 16, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Meeting_At1700UtcOnMarch31_IsAnAprilMeetingInShanghai()
    {
        var heldOn = Meeting.DateOf(new DateTimeOffset(2026, 3, 31, 17, 0, 0, TimeSpan.Zero));
        heldOn.Should().Be(new DateOnly(2026, 4, 1));
        var counts = Held((heldOn, MeetingType.Study));
        Cell(Period.Month(2026, 3), MeetingType.Study, counts).Status.Should().Be(ComplianceStatus.Missing);
        Cell(Period.Month(2026, 4), MeetingType.Study, counts).Status.Should().Be(ComplianceStatus.Met);
        Cell(Period.Quarter(2026, 1), MeetingType.Congress, Held((heldOn, MeetingType.Congress))).Missing.Should().Be(1);
        Cell(Period.Quarter(2026, 2), MeetingType.Congress, Held((heldOn, MeetingType.Congress))).Status.Should().Be(ComplianceStatus.Met);
    }

    [Fact]
    public void Meeting_At1559UtcOnDecember31_StaysInTheOldYear()
    {
        Meeting.DateOf(new DateTimeOffset(2026, 12, 31, 15, 59, 0, TimeSpan.Zero)).Should().Be(new DateOnly(2026, 12, 31));
        Meeting.DateOf(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero)).Should().Be(new DateOnly(2027, 1, 1));
    }

    [Fact]
    public void MonthlyRule_OverAYear_IsJudgedMonthByMonth()
    {
        // Twelve study meetings all in January do not make up for the other eleven months.
        var counts = Held(Enumerable.Range(1, 12).Select(d => (new DateOnly(2026, 1, d), MeetingType.Study)).ToArray());
        var cell = Cell(Period.OfYear(2026), MeetingType.Study, counts);
        cell.Required.Should().Be(12);
        cell.Held.Should().Be(12);
        cell.Missing.Should().Be(11);
        cell.Status.Should().Be(ComplianceStatus.Missing);
    }

    [Fact]
    public void QuarterlyCongress_OverAYear_NeedsOnePerQuarter()
    {
        var counts = Held((new DateOnly(2026, 2, 1), MeetingType.Congress), (new DateOnly(2026, 5, 1), MeetingType.Congress),
            (new DateOnly(2026, 8, 1), MeetingType.Congress), (new DateOnly(2026, 12, 31), MeetingType.Congress));
        var cell = Cell(Period.OfYear(2026), MeetingType.Congress, counts);
        cell.Required.Should().Be(4);
        cell.Missing.Should().Be(0);
        cell.Status.Should().Be(ComplianceStatus.Met);
    }

    [Fact]
    public void YearlyRule_InAMonth_IsNotDue()
    {
        Cell(Period.Month(2026, 3), MeetingType.OrgLife, Held()).Status.Should().Be(ComplianceStatus.NotDue);
    }

    [Fact]
    public void MemberReview_OutsideTheFourthQuarter_IsLate()
    {
        var counts = Held((new DateOnly(2026, 6, 10), MeetingType.MemberReview));
        var year = Cell(Period.OfYear(2026), MeetingType.MemberReview, counts);
        year.Status.Should().Be(ComplianceStatus.Late);
        year.Late.Should().Be(1);
        year.Missing.Should().Be(0);
        Cell(Period.Quarter(2026, 4), MeetingType.MemberReview, counts).Status.Should().Be(ComplianceStatus.Missing);
        Cell(Period.Quarter(2026, 2), MeetingType.MemberReview, counts).Status.Should().Be(ComplianceStatus.NotDue);
        Cell(Period.OfYear(2026), MeetingType.MemberReview, Held((new DateOnly(2026, 11, 10), MeetingType.MemberReview)))
            .Status.Should().Be(ComplianceStatus.Met);
    }

    [Fact]
    public void RunningPeriod_ShortfallIsPendingNotMissing_AndFutureMonthsAreNotDue()
    {
        var today = new DateOnly(2026, 11, 22);
        var counts = Held(Enumerable.Range(1, 10).Select(m => (new DateOnly(2026, m, 5), MeetingType.Committee)).ToArray());
        var cell = Cell(Period.OfYear(2026), MeetingType.Committee, counts, today);
        cell.Required.Should().Be(11, "December has not begun");
        cell.Missing.Should().Be(0);
        cell.Pending.Should().Be(1, "November is still running");
        cell.Status.Should().Be(ComplianceStatus.Pending);
        Cell(Period.Month(2026, 12), MeetingType.Committee, counts, today).Status.Should().Be(ComplianceStatus.NotDue);
    }

    [Fact]
    public void OneMeeting_CountsForEveryTypeItWasRecordedAs()
    {
        var day = new DateOnly(2026, 5, 12);
        var counts = Held((day, MeetingType.Study), (day, MeetingType.ThemeDay), (day, MeetingType.Committee));
        var cells = ComplianceEngine.Evaluate(Branch, Period.Month(2026, 5), Defaults, counts, [], AfterYear);
        cells.Where(c => c.Type is MeetingType.Study or MeetingType.ThemeDay or MeetingType.Committee)
            .Should().OnlyContain(c => c.Status == ComplianceStatus.Met);
    }

    [Fact]
    public void CongressBelowQuorum_IsShownButDoesNotCount()
    {
        var counts = new BranchCounts();
        counts.ByMonth[(BranchCounts.Key(2026, 5), MeetingType.Congress)] = (0, 1);
        var cell = Cell(Period.Quarter(2026, 2), MeetingType.Congress, counts);
        cell.NotCounted.Should().Be(1);
        cell.Held.Should().Be(0);
        cell.Status.Should().Be(ComplianceStatus.Missing);
    }

    [Fact]
    public void GroupMeetings_AreRequiredOnlyWhereGroupsExist()
    {
        Cell(Period.Month(2026, 5), MeetingType.GroupMeeting, Held()).Status.Should().Be(ComplianceStatus.NotDue);
        Cell(Period.Month(2026, 5), MeetingType.GroupMeeting, Held(), branch: Branch with { HasGroups = true }).Status.Should().Be(ComplianceStatus.Missing);
    }

    [Fact]
    public void Lecture_IsOwedByEachLeader()
    {
        var secretary = new BranchLeader(Guid.NewGuid(), "李书记", PositionTitle.Secretary);
        var deputy = new BranchLeader(Guid.NewGuid(), "周副书记", PositionTitle.DeputySecretary);
        var counts = Held((new DateOnly(2026, 7, 1), MeetingType.Lecture), (new DateOnly(2026, 8, 1), MeetingType.Lecture));
        counts.Lectures[(secretary.PersonId, BranchCounts.Key(2026, 7))] = 1;
        counts.Lectures[(secretary.PersonId, BranchCounts.Key(2026, 8))] = 1;
        var cell = Cell(Period.OfYear(2026), MeetingType.Lecture, counts, leaders: [secretary, deputy]);
        cell.Required.Should().Be(2);
        cell.Held.Should().Be(2);
        cell.Missing.Should().Be(1, "the deputy secretary gave none, whatever the secretary gave");
    }

    [Fact]
    public void RuleChange_AppliesFromItsDate_AndNeverToEarlierMonths()
    {
        // From July 2026 the county asks for two study meetings a month; January to June keep the old rule.
        var rules = Defaults.Append(MeetingCadence.Create(
            new CadenceInput(MeetingType.Study, null, 2, PeriodKind.Month, new DateOnly(2026, 7, 1)), DateTimeOffset.UnixEpoch, "admin")).ToList();
        var counts = Held(Enumerable.Range(1, 12).Select(m => (new DateOnly(2026, m, 3), MeetingType.Study)).ToArray());
        Cell(Period.Month(2026, 6), MeetingType.Study, counts, rules: rules).Status.Should().Be(ComplianceStatus.Met);
        Cell(Period.Month(2026, 7), MeetingType.Study, counts, rules: rules).Missing.Should().Be(1);
        var year = Cell(Period.OfYear(2026), MeetingType.Study, counts, rules: rules);
        year.Required.Should().Be(6 + 12);
        year.Missing.Should().Be(6);
    }

    [Fact]
    public void DomainRule_WinsOverTheRuleForEveryDomain()
    {
        var rules = Defaults.Append(MeetingCadence.Create(
            new CadenceInput(MeetingType.ThemeDay, OrgDomain.Agency, 0, PeriodKind.Month, new DateOnly(2026, 1, 1)), DateTimeOffset.UnixEpoch, "admin")).ToList();
        Cell(Period.Month(2026, 5), MeetingType.ThemeDay, Held(), rules: rules, branch: Branch with { Domain = OrgDomain.Agency })
            .Status.Should().Be(ComplianceStatus.NotDue);
        Cell(Period.Month(2026, 5), MeetingType.ThemeDay, Held(), rules: rules).Status.Should().Be(ComplianceStatus.Missing);
    }

    [Fact]
    public void CadenceRule_EffectiveMidMonth_IsRefused()
    {
        var act = () => MeetingCadence.Create(new CadenceInput(MeetingType.Study, null, 1, PeriodKind.Month, new DateOnly(2026, 7, 15)), DateTimeOffset.UnixEpoch, "a");
        act.Should().Throw<ValidationFailedException>().Where(e => e.Errors.Any(x => x.Field == "effectiveFrom"));
    }

    [Fact]
    public void HeatmapMonth_CollectsMonthlyQuarterlyAndYearlyDues()
    {
        var march = ComplianceEngine.DueInMonth(Branch, 2026, 3, Defaults, Held(), [], AfterYear);
        march.Select(c => c.Type).Should().BeEquivalentTo([MeetingType.Study, MeetingType.Committee, MeetingType.ThemeDay, MeetingType.Congress]);
        var december = ComplianceEngine.DueInMonth(Branch, 2026, 12, Defaults, Held(), [], AfterYear);
        december.Select(c => c.Type).Should().Contain([MeetingType.Lecture, MeetingType.OrgLife, MeetingType.MemberReview, MeetingType.Congress]);
        ComplianceEngine.DueInMonth(Branch, 2026, 2, Defaults, Held(), [], AfterYear).Should().HaveCount(3);
    }
}
