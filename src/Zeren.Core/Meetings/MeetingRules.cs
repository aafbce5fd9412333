using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>
/// The rules a meeting record must keep, as pure functions over the input and <see cref="MeetingFacts"/>. Every rule
/// is checked and every refusal collected: a breach is one <see cref="ValidationFailedException"/> listing them all,
/// each with a code that names the rule, the field it is about and a message in Chinese, so a form shows every error
/// at once. Only an unknown or wrong organization stops the checks early: without the branch nothing else can be judged.
/// </summary>
public static class MeetingRules
{
    public const int PlaceMax = 100;
    public const int TopicMax = 200;
    public const int ContentMax = 20000;
    public const int ResolutionsMax = 5000;
    public const int ReasonMax = 100;

    /// <summary>The outcome of the checks: the cleaned text and the quorum of a 党员大会.</summary>
    public sealed record Checked(IReadOnlyList<MeetingType> Types, string Place, string Topic, string? Content, string? Resolutions, Quorum? Quorum);

    /// <summary>半数以上有表决权的党员到会: <see cref="Present"/> ≥ half of <see cref="Voting"/> (以上 includes the number).</summary>
    public sealed record Quorum(int Voting, int Present, bool Met, string? Reason);

    /// <summary>The posts of a 支部委员会: 书记、副书记 and the 委员 (组织、宣传、纪检).</summary>
    public static readonly IReadOnlyList<PositionTitle> CommitteeTitles =
    [
        PositionTitle.Secretary, PositionTitle.DeputySecretary, PositionTitle.OrganizationCommissioner,
        PositionTitle.PropagandaCommissioner, PositionTitle.DisciplineCommissioner,
    ];

    /// <summary>
    /// The 应到人员 a meeting lists unless the recorder changes them: a 支部委员会 alone expects the committee members who
    /// are members of the branch (when it has any on record); any other meeting, or one that is also another type,
    /// expects every member.
    /// </summary>
    public static IReadOnlyList<Guid> DefaultExpected(IEnumerable<MeetingType> types, IEnumerable<Guid> members, IEnumerable<Guid> committee)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(committee);
        var all = members.ToList();
        var chosen = types.Distinct().ToList();
        if (chosen is [MeetingType.Committee])
        {
            var board = committee.ToHashSet();
            var expected = all.Where(board.Contains).ToList();
            if (expected.Count > 0)
            {
                return expected;
            }
        }
        return all;
    }

    /// <summary>Checks every rule; throws one <see cref="ValidationFailedException"/> with all that are broken.</summary>
    public static Checked Check(MeetingInput input, MeetingFacts facts)
    {
        var errors = new List<ValidationError>();
        var result = Check(input, facts, errors);
        ValidationFailedException.ThrowIfAny(errors);
        return result!;
    }

    /// <summary>Every rule the input breaks, in the order of the form; empty when the meeting may be saved.</summary>
    public static IReadOnlyList<ValidationError> Problems(MeetingInput input, MeetingFacts facts)
    {
        var errors = new List<ValidationError>();
        Check(input, facts, errors);
        return errors;
    }

    private static Checked? Check(MeetingInput input, MeetingFacts facts, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(facts);
        void Fail(string code, string message, string field) => errors.Add(new ValidationError(field, message, Code: code));

        if (facts.Org is not { } org)
        {
            Fail("meeting_org_unknown", "未找到会议所属的党组织。", "orgId");
            return null;
        }
        if (org.Kind != OrgKind.Branch)
        {
            Fail("meeting_org_not_branch", $"“{org.Name}”不是党支部：三会一课台账按党支部登记。", "orgId");
            return null;
        }

        var heldOn = Meeting.DateOf(input.StartsAt);
        if (heldOn > facts.Today)
        {
            Fail("meeting_in_future", $"会议日期 {heldOn:yyyy-MM-dd} 晚于今天：台账只登记已召开的会议。", "startsAt");
        }
        if (input.EndsAt <= input.StartsAt)
        {
            Fail("meeting_end_before_start", "会议结束时间应晚于开始时间。", "endsAt");
        }
        else if (input.EndsAt - input.StartsAt > Meeting.MaxDuration)
        {
            Fail("meeting_too_long", "一次会议不能超过 24 小时；连续几天的活动请分次登记。", "endsAt");
        }
        if (input.Types is null || input.Types.Count == 0)
        {
            Fail("meeting_types_required", "请至少选择一种会议类型。", "types");
        }
        foreach (var t in (input.Types ?? []).Where(t => !Enum.IsDefined(t)).Distinct())
        {
            Fail("meeting_type_unknown", $"未知的会议类型（{(int)t}）。", "types");
        }
        var types = (input.Types ?? []).Where(Enum.IsDefined).Distinct().Order().ToList();
        var topic = Text(input.Topic, TopicMax, "topic", "会议主题", required: true, Fail);
        var place = Text(input.Place, PlaceMax, "place", "会议地点", required: true, Fail);

        CheckChair(input, facts, Fail);
        if (input.RecorderPersonId is { } recorder && !facts.Names.ContainsKey(recorder))
        {
            Fail("meeting_recorder_unknown", "未找到记录人。", "recorderPersonId");
        }
        if (types.Contains(MeetingType.Lecture))
        {
            if (input.LecturerPersonId is not { } lecturer)
            {
                Fail("meeting_lecturer_required", "党课应登记讲课人（党员领导干部）。", "lecturerPersonId");
            }
            else if (!facts.Names.ContainsKey(lecturer))
            {
                Fail("meeting_lecturer_unknown", "未找到讲课人。", "lecturerPersonId");
            }
        }
        var content = Text(input.Content, ContentMax, "content", "会议内容", required: false, Fail);
        var resolutions = Text(input.Resolutions, ResolutionsMax, "resolutions", "会议决议", required: false, Fail);
        CheckAttendees(input, facts, Fail);
        if (errors.Count > 0)
        {
            return null;
        }
        var quorum = types.Contains(MeetingType.Congress) ? QuorumOf(input.Attendees ?? [], facts.Members) : null;
        return new Checked(types, place!, topic!, content, resolutions, quorum);
    }

    /// <summary>
    /// 党员大会 quorum: full members (正式党员) vote, probationary members (预备党员) do not. It is met when the present
    /// voting members are at least half of all voting members of the branch, listed or not.
    /// </summary>
    public static Quorum QuorumOf(IEnumerable<AttendeeInput> attendees, IReadOnlyDictionary<Guid, PartyStatus> members)
    {
        var voting = members.Count(m => m.Value == PartyStatus.Full);
        var present = attendees
            .Where(a => a.Status == AttendanceStatus.Present && members.TryGetValue(a.PersonId, out var s) && s == PartyStatus.Full)
            .Select(a => a.PersonId)
            .Distinct()
            .Count();
        if (voting == 0)
        {
            return new Quorum(0, 0, false, "支部没有有表决权的正式党员，党员大会不计入。");
        }
        var met = present * 2 >= voting;
        return new Quorum(voting, present, met,
            met ? null : $"到会有表决权的党员 {present} 人，未达到全部 {voting} 名有表决权党员的半数，本次党员大会不计入。");
    }

    private static void CheckAttendees(MeetingInput input, MeetingFacts facts, Action<string, string, string> fail)
    {
        var seen = new HashSet<Guid>();
        foreach (var a in input.Attendees ?? [])
        {
            if (!seen.Add(a.PersonId))
            {
                fail("meeting_attendee_duplicate", $"参会人员“{facts.NameOf(a.PersonId)}”重复登记。", "attendees");
                continue;
            }
            if (!facts.Members.ContainsKey(a.PersonId))
            {
                fail("meeting_attendee_not_member", $"“{facts.NameOf(a.PersonId)}”不是本支部党员，不能登记为应到人员。", "attendees");
            }
            if (!Enum.IsDefined(a.Status))
            {
                fail("meeting_attendance_unknown", $"“{facts.NameOf(a.PersonId)}”的出席情况未知。", "attendees");
            }
            else if (a.Status == AttendanceStatus.AbsentWithReason && string.IsNullOrWhiteSpace(a.Reason))
            {
                fail("meeting_absence_reason", $"“{facts.NameOf(a.PersonId)}”缺席，请填写缺席事由。", "attendees");
            }
            if (a.Reason?.Trim().Length > ReasonMax)
            {
                fail("meeting_reason_too_long", $"“{facts.NameOf(a.PersonId)}”的缺席或请假事由不能超过 {ReasonMax} 个字。", "attendees");
            }
        }
    }

    /// <summary>
    /// 村党支部会议必须由村党支部书记主持，书记不在时由第一书记主持，不能由包村领导和包村干部主持 (seed 004 §2.1).
    /// The secretary is "not there" when they are listed as absent or on leave, or the post is vacant.
    /// </summary>
    private static void CheckChair(MeetingInput input, MeetingFacts facts, Action<string, string, string> fail)
    {
        var chair = input.ChairPersonId;
        if (!facts.Names.ContainsKey(chair))
        {
            fail("meeting_chair_unknown", "未找到主持人。", "chairPersonId");
            return;
        }
        if (facts.Secretaries.Contains(chair))
        {
            return;
        }
        if (facts.VillageLinked.Contains(chair) && !facts.FirstSecretaries.Contains(chair))
        {
            fail("meeting_chair_village_link",
                $"“{facts.NameOf(chair)}”是包村领导或包村干部：包村领导、包村干部不能主持党支部会议，应由支部书记主持，书记不在时由第一书记主持。",
                "chairPersonId");
            return;
        }
        if (facts.FirstSecretaries.Contains(chair))
        {
            var secretaryPresent = (input.Attendees ?? []).Any(a => a.Status == AttendanceStatus.Present && facts.Secretaries.Contains(a.PersonId));
            if (secretaryPresent)
            {
                fail("meeting_chair_secretary_present",
                    "支部书记到会时应由书记主持：第一书记只在书记不在时主持。", "chairPersonId");
            }
            return;
        }
        fail("meeting_chair_not_allowed",
            $"“{facts.NameOf(chair)}”不能主持：党支部会议应由支部书记主持，书记不在时由第一书记主持。", "chairPersonId");
    }

    private static string? Text(string? value, int max, string field, string label, bool required, Action<string, string, string> fail)
    {
        var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (v is null && required)
        {
            fail($"meeting_{field}_required", $"{label}不能为空。", field);
        }
        if (v?.Length > max)
        {
            fail($"meeting_{field}_too_long", $"{label}不能超过 {max} 个字。", field);
        }
        return v;
    }
}
