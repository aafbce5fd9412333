using FluentAssertions;
using Xunit;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Tests.Spreadsheets;

namespace Zeren.Core.Tests.Meetings;

public class MeetingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Branch = Guid.NewGuid();
    private static readonly Guid Secretary = Guid.NewGuid();
    private static readonly Guid FirstSecretary = Guid.NewGuid();
    private static readonly Guid VillageCadre = Guid.NewGuid();
    private static readonly Guid Outsider = Guid.NewGuid();
    private static readonly Guid[] FullMembers = [Secretary, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
    private static readonly Guid Probationary = Guid.NewGuid();

    private static MeetingFacts Facts(OrgKind kind = OrgKind.Branch, bool noOrg = false)
    {
        var members = FullMembers.ToDictionary(m => m, _ => PartyStatus.Full);
        members[Probationary] = PartyStatus.Probationary;
        var names = members.Keys.ToDictionary(k => k, k => k == Secretary ? "李书记" : "党员" + k.ToString()[..4]);
        names[FirstSecretary] = "王第一书记";
        names[VillageCadre] = "赵包村";
        names[Outsider] = "钱外人";
        return new MeetingFacts(
            ChinaTime.Today(new FixedClock(Now)),
            noOrg ? null : new MeetingFacts.OrgFacts(Branch, "测试村党支部", kind),
            members,
            new HashSet<Guid> { Secretary },
            new HashSet<Guid> { FirstSecretary },
            new HashSet<Guid> { VillageCadre },
            names);
    }

    private static MeetingInput Input(
        MeetingType[]? types = null, Guid? chair = null, IEnumerable<AttendeeInput>? attendees = null,
        DateTimeOffset? start = null, TimeSpan? length = null, Guid? lecturer = null)
    {
        var s = start ?? Now.AddDays(-1);
        return new MeetingInput(Branch, s, s + (length ?? TimeSpan.FromHours(2)), "村党群服务中心", types ?? [MeetingType.Study], "学习党的二十届四中全会精神",
            chair ?? Secretary, null, (attendees ?? FullMembers.Select(m => new AttendeeInput(m, AttendanceStatus.Present))).ToList(), lecturer);
    }

    private static Meeting Record(MeetingInput input, DateTimeOffset? now = null) => Meeting.Record(input, Facts(), now ?? Now, "tester");

    [Fact]
    public void Record_WithTheSecretaryInTheChair_IsAccepted()
    {
        var m = Record(Input());
        m.HeldOn.Should().Be(new DateOnly(2026, 11, 21));
        m.ExpectedCount.Should().Be(4);
        m.PresentCount.Should().Be(4);
        m.Types.Should().ContainSingle(t => t.Type == MeetingType.Study && t.Counts);
    }

    [Fact]
    public void Record_WhenLaterThanToday_IsRefused()
    {
        var act = () => Record(Input(start: Now.AddDays(1)));
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_in_future" && e.Message.Contains("晚于今天"));
    }

    [Fact]
    public void Record_LaterTodayThanNow_IsAccepted()
    {
        // Still today in China: a meeting may be entered as it starts.
        Record(Input(start: Now.AddHours(2))).HeldOn.Should().Be(new DateOnly(2026, 11, 22));
    }

    [Fact]
    public void Record_WhenEndIsBeforeStart_IsRefused()
    {
        var act = () => Record(Input(length: TimeSpan.FromMinutes(-30)));
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_end_before_start" && e.Field == "endsAt");
    }

    [Fact]
    public void Record_ForAnUnknownOrgOrANonBranch_IsRefused()
    {
        var unknown = () => Meeting.Record(Input(), Facts(noOrg: true), Now, "t");
        unknown.Should().Throw<DomainException>().Where(e => e.Code == "meeting_org_unknown");
        var committee = () => Meeting.Record(Input(), Facts(OrgKind.Committee), Now, "t");
        committee.Should().Throw<DomainException>().Where(e => e.Code == "meeting_org_not_branch" && e.Message.Contains("不是党支部"));
    }

    [Fact]
    public void Record_WithoutTypeOrWithAnUnknownType_IsRefused()
    {
        var none = () => Record(Input(types: []));
        none.Should().Throw<DomainException>().Where(e => e.Code == "meeting_types_required");
        var unknown = () => Record(Input(types: [(MeetingType)99]));
        unknown.Should().Throw<DomainException>().Where(e => e.Code == "meeting_type_unknown");
    }

    [Fact]
    public void Record_WithAnAttendeeFromAnotherBranch_IsRefusedNamingThem()
    {
        var act = () => Record(Input(attendees: [new AttendeeInput(Secretary, AttendanceStatus.Present), new AttendeeInput(Outsider, AttendanceStatus.Present)]));
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_attendee_not_member" && e.Message.Contains("钱外人"));
    }

    [Fact]
    public void Record_AbsentWithoutReason_IsRefused()
    {
        var act = () => Record(Input(attendees: [new AttendeeInput(Secretary, AttendanceStatus.Present), new AttendeeInput(FullMembers[1], AttendanceStatus.AbsentWithReason)]));
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_absence_reason");
    }

    [Fact]
    public void Chair_WhenVillageCadre_IsRefusedNamingTheRule()
    {
        var act = () => Record(Input(chair: VillageCadre));
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_chair_village_link" && e.Message.Contains("包村领导、包村干部不能主持"));
    }

    [Fact]
    public void Chair_WhenAnOrdinaryMember_IsRefused()
    {
        var act = () => Record(Input(chair: FullMembers[2]));
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_chair_not_allowed" && e.Message.Contains("书记不在时由第一书记主持"));
    }

    [Fact]
    public void Chair_FirstSecretaryWhileTheSecretaryIsPresent_IsRefused()
    {
        var act = () => Record(Input(chair: FirstSecretary));
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_chair_secretary_present");
    }

    [Fact]
    public void Chair_FirstSecretaryWhenTheSecretaryIsAway_IsAccepted()
    {
        var attendees = FullMembers.Select(m => new AttendeeInput(m, m == Secretary ? AttendanceStatus.OnLeave : AttendanceStatus.Present, m == Secretary ? "外出学习" : null));
        Record(Input(chair: FirstSecretary, attendees: attendees)).ChairPersonId.Should().Be(FirstSecretary);
    }

    [Fact]
    public void Lecture_WithoutLecturer_IsRefused()
    {
        var act = () => Record(Input(types: [MeetingType.Lecture]));
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_lecturer_required");
        Record(Input(types: [MeetingType.Lecture], lecturer: Secretary)).LecturerPersonId.Should().Be(Secretary);
    }

    [Fact]
    public void OneMeeting_CountsForSeveralTypes()
    {
        var m = Record(Input(types: [MeetingType.ThemeDay, MeetingType.Study, MeetingType.Congress, MeetingType.Study]));
        m.Types.Select(t => t.Type).Should().Equal(MeetingType.Study, MeetingType.ThemeDay, MeetingType.Congress);
        m.Types.Should().OnlyContain(t => t.Counts);
    }

    [Fact]
    public void Congress_WithExactlyHalfTheVotingMembersPresent_Counts()
    {
        // 4 full members vote; 2 present is half: 半数以上 includes half. The probationary member does not vote.
        var attendees = new[]
        {
            new AttendeeInput(FullMembers[0], AttendanceStatus.Present),
            new AttendeeInput(FullMembers[1], AttendanceStatus.Present),
            new AttendeeInput(FullMembers[2], AttendanceStatus.OnLeave, "住院"),
            new AttendeeInput(FullMembers[3], AttendanceStatus.AbsentWithReason, "外出务工"),
            new AttendeeInput(Probationary, AttendanceStatus.Present),
        };
        var m = Record(Input(types: [MeetingType.Congress, MeetingType.Study], attendees: attendees));
        m.VotingMembers.Should().Be(4);
        m.VotingPresent.Should().Be(2);
        m.Types.Should().OnlyContain(t => t.Counts);
        m.NotCountedReason.Should().BeNull();
    }

    [Fact]
    public void Congress_BelowHalf_IsRecordedButDoesNotCount_AndSaysWhy()
    {
        var attendees = new[]
        {
            new AttendeeInput(FullMembers[0], AttendanceStatus.Present),
            new AttendeeInput(FullMembers[1], AttendanceStatus.OnLeave, "外出"),
            new AttendeeInput(FullMembers[2], AttendanceStatus.OnLeave, "住院"),
            new AttendeeInput(FullMembers[3], AttendanceStatus.AbsentWithReason, "外出务工"),
            new AttendeeInput(Probationary, AttendanceStatus.Present),
        };
        var m = Record(Input(types: [MeetingType.Congress, MeetingType.Study], attendees: attendees));
        m.Types.Single(t => t.Type == MeetingType.Congress).Counts.Should().BeFalse();
        m.Types.Single(t => t.Type == MeetingType.Study).Counts.Should().BeTrue("only the congress needs a quorum");
        m.NotCountedReason.Should().Contain("1 人").And.Contain("4 名").And.Contain("不计入");
    }

    [Fact]
    public void Revise_WithinSevenDays_ChangesInPlace()
    {
        var m = Record(Input());
        var amendment = m.Revise(Input() with { Topic = "改后的主题" }, Facts(), Now.AddDays(5), "tester2");
        amendment.Should().BeNull();
        m.IsAmended.Should().BeFalse();
        m.Topic.Should().Be("改后的主题");
        m.UpdatedBy.Should().Be("tester2");
    }

    [Fact]
    public void Revise_AfterSevenDays_KeepsTheOriginalAsAnAmendment()
    {
        var m = Record(Input());
        var later = Now.AddDays(8);
        var facts = Facts() with { Today = ChinaTime.Today(new FixedClock(later)) };
        var amendment = m.Revise(Input() with { Topic = "补正后的主题", Types = [MeetingType.Study, MeetingType.ThemeDay] }, facts, later, "clerk");
        amendment.Should().NotBeNull();
        m.IsAmended.Should().BeTrue();
        m.Topic.Should().Be("补正后的主题");
        var original = amendment!.Original();
        original.Topic.Should().Be("学习党的二十届四中全会精神");
        original.Types.Should().ContainSingle(t => t.Type == MeetingType.Study);
        amendment.AmendedBy.Should().Be("clerk");
        amendment.AmendedAt.Should().Be(later);
        var delete = () => m.EnsureDeletable(later);
        delete.Should().Throw<DomainException>().Where(e => e.Code == "meeting_delete_after_window");
    }

    [Fact]
    public void Record_WithoutAttendeeList_IsAcceptedWithNoOneListed()
    {
        var m = Record(Input() with { Attendees = null! });
        m.ExpectedCount.Should().Be(0);
        var act = () => Record(Input() with { Types = null! });
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_types_required");
    }

    [Fact]
    public void Revise_ToAnotherBranch_IsRefused()
    {
        var m = Record(Input());
        var act = () => m.Revise(Input() with { OrgId = Guid.NewGuid() }, Facts(), Now, "t");
        act.Should().Throw<DomainException>().Where(e => e.Code == "meeting_org_change");
    }
    [Fact]
    public void Record_WithSeveralFaults_IsRefusedWithEveryOneAtOnce()
    {
        var input = Input(types: [MeetingType.Lecture, (MeetingType)42], chair: FullMembers[2], start: Now.AddDays(2), length: TimeSpan.FromMinutes(-30),
            attendees: [new AttendeeInput(Secretary, AttendanceStatus.Present), new AttendeeInput(Outsider, AttendanceStatus.Present),
                new AttendeeInput(FullMembers[1], AttendanceStatus.AbsentWithReason)]) with { Topic = " ", Place = "" };
        var act = () => Record(input);
        var e = act.Should().Throw<ValidationFailedException>().Which;
        e.Errors.Select(x => x.Code).Should().Equal(
            "meeting_in_future", "meeting_end_before_start", "meeting_type_unknown", "meeting_topic_required", "meeting_place_required",
            "meeting_chair_not_allowed", "meeting_lecturer_required", "meeting_attendee_not_member", "meeting_absence_reason");
        e.Errors.Select(x => x.Field).Should().Equal(
            "startsAt", "endsAt", "types", "topic", "place", "chairPersonId", "lecturerPersonId", "attendees", "attendees");
        e.Errors.Should().OnlyContain(x => x.Message.Length > 0);
        e.Errors.Single(x => x.Code == "meeting_attendee_not_member").Message.Should().Contain("钱外人");
        // The first rule broken heads the refusal, for a client that reads only the top.
        e.Code.Should().Be("meeting_in_future");
        e.Field.Should().Be("startsAt");
        MeetingRules.Problems(input, Facts()).Should().HaveCount(9);
        MeetingRules.Problems(Input(), Facts()).Should().BeEmpty();
    }

    [Fact]
    public void Record_ForAnUnknownBranch_StopsAtTheBranch()
    {
        var act = () => Meeting.Record(Input() with { Topic = "" }, Facts(noOrg: true), Now, "t");
        act.Should().Throw<ValidationFailedException>().Which.Errors.Should().ContainSingle().Which.Code.Should().Be("meeting_org_unknown");
    }

    [Fact]
    public void Expected_ForACommitteeMeeting_IsTheCommittee_ElseEveryMember()
    {
        Guid[] members = [.. FullMembers, Probationary];
        Guid[] committee = [Secretary, FullMembers[1], FirstSecretary];
        MeetingRules.DefaultExpected([MeetingType.Committee], members, committee).Should().Equal(Secretary, FullMembers[1]);
        MeetingRules.DefaultExpected([MeetingType.Committee, MeetingType.Committee], members, committee).Should().Equal(Secretary, FullMembers[1]);
        MeetingRules.DefaultExpected([MeetingType.Committee, MeetingType.Study], members, committee).Should().Equal(members);
        MeetingRules.DefaultExpected([MeetingType.Study], members, committee).Should().Equal(members);
        MeetingRules.DefaultExpected([], members, committee).Should().Equal(members);
        MeetingRules.DefaultExpected([MeetingType.Committee], members, []).Should().Equal(members, "a branch with no committee on record lists everyone");
    }

    [Fact]
    public void ExpectedCount_FollowsTheListedAttendees()
    {
        var m = Record(Input(types: [MeetingType.Committee], attendees: [new AttendeeInput(Secretary, AttendanceStatus.Present),
            new AttendeeInput(FullMembers[1], AttendanceStatus.OnLeave, "外出")]));
        m.ExpectedCount.Should().Be(2);
        m.PresentCount.Should().Be(1);
        m.Revise(Input(types: [MeetingType.Committee], attendees: [new AttendeeInput(Secretary, AttendanceStatus.Present)]), Facts(), Now, "t");
        m.ExpectedCount.Should().Be(1);
        m.PresentCount.Should().Be(1);
    }
}
