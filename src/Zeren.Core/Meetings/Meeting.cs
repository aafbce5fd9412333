using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>
/// 会议记录: one meeting of a 党支部 in its 工作手册. One record may count for several types (seed 004: the village
/// decision meetings merge with 三会一课 and the 主题党日). The rules are checked on every save against
/// <see cref="MeetingFacts"/>, what the database knows about the branch on the meeting's date.
/// </summary>
[DisplayName("会议")]
public sealed class Meeting
{

    /// <summary>An edit this long after the meeting ended keeps the original as an amendment (补正).</summary>
    public static readonly TimeSpan FreeEditWindow = TimeSpan.FromDays(7);

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    private readonly List<MeetingTypeEntry> types = [];
    private readonly List<MeetingAttendee> attendees = [];

    private Meeting()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The 党支部 that held the meeting.</summary>
    [DisplayName("党支部")]
    public Guid OrgId { get; private set; }

    [DisplayName("开始时间")]
    public DateTimeOffset StartsAt { get; private set; }

    [DisplayName("结束时间")]
    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>The China date of <see cref="StartsAt"/>: the day that decides the month, quarter and year it counts for.</summary>
    [DisplayName("会议日期")]
    public DateOnly HeldOn { get; private set; }

    [DisplayName("地点")]
    public string Place { get; private set; } = "";

    [DisplayName("主题")]
    public string Topic { get; private set; } = "";

    [DisplayName("主持人")]
    public Guid ChairPersonId { get; private set; }

    [DisplayName("记录人")]
    public Guid? RecorderPersonId { get; private set; }

    /// <summary>Who gave the 党课, when the meeting is one.</summary>
    [DisplayName("授课人")]
    public Guid? LecturerPersonId { get; private set; }

    [DisplayName("会议内容")]
    public string? Content { get; private set; }

    [DisplayName("决议")]
    public string? Resolutions { get; private set; }

    /// <summary>Attendees listed (应到) and present (实到), kept here so compliance sums them without reading every attendee.</summary>
    [DisplayName("应到人数")]
    public int ExpectedCount { get; private set; }

    [DisplayName("实到人数")]
    public int PresentCount { get; private set; }

    /// <summary>For a 党员大会: full members of the branch (有表决权) on the day, and how many of them were present.</summary>
    [DisplayName("有表决权党员")]
    public int VotingMembers { get; private set; }

    [DisplayName("有表决权党员到会")]
    public int VotingPresent { get; private set; }

    /// <summary>Why a type of this meeting does not count (a 党员大会 below quorum); null when everything counts.</summary>
    [DisplayName("不计入原因")]
    public string? NotCountedReason { get; private set; }

    /// <summary>Changed after the free edit window: the versions before are in meeting_amendments.</summary>
    [DisplayName("已补正")]
    public bool IsAmended { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("登记人")]
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    [DisplayName("更新人")]
    public string UpdatedBy { get; private set; } = "";

    public IReadOnlyList<MeetingTypeEntry> Types => types;
    public IReadOnlyList<MeetingAttendee> Attendees => attendees;

    /// <summary>The China date a meeting starting at <paramref name="startsAt"/> is held on.</summary>
    public static DateOnly DateOf(DateTimeOffset startsAt) => DateOnly.FromDateTime(ChinaTime.ToChina(startsAt).DateTime);

    public static Meeting Record(MeetingInput input, MeetingFacts facts, DateTimeOffset now, string by, Guid? id = null)
    {
        var meeting = new Meeting { Id = id ?? Ids.New(), OrgId = input.OrgId, CreatedAt = now, CreatedBy = by };
        meeting.Apply(input, facts, now, by);
        return meeting;
    }

    /// <summary>
    /// Whether a change now would be an amendment: more than <see cref="FreeEditWindow"/> after the meeting ended.
    /// </summary>
    public bool ChangeIsAmendment(DateTimeOffset now) => now - EndsAt > FreeEditWindow;

    /// <summary>
    /// Changes the record. After the free edit window the version before the change is returned as an amendment to
    /// keep (the caller saves it), and the meeting is marked amended.
    /// </summary>
    public MeetingAmendment? Revise(MeetingInput input, MeetingFacts facts, DateTimeOffset now, string by)
    {
        if (input.OrgId != OrgId)
        {
            throw new DomainException("meeting_org_change", "会议记录不能改到另一个支部：请删除后在正确的支部重新登记。", "orgId");
        }
        MeetingAmendment? amendment = null;
        if (ChangeIsAmendment(now))
        {
            amendment = MeetingAmendment.Of(this, now, by);
            IsAmended = true;
        }
        Apply(input, facts, now, by);
        return amendment;
    }

    /// <summary>A meeting may be deleted only while it may be changed freely; later the record stays.</summary>
    public void EnsureDeletable(DateTimeOffset now)
    {
        if (ChangeIsAmendment(now) || IsAmended)
        {
            throw new DomainException("meeting_delete_after_window", "会议结束超过 7 天的记录不能删除，只能补正（原记录会保留）。");
        }
    }

    /// <summary>Whether an attachment may still be removed: only while the meeting itself may be deleted.</summary>
    public bool AttachmentsRemovable(DateTimeOffset now) => !ChangeIsAmendment(now) && !IsAmended;

    /// <summary>
    /// Refuses to remove an attachment once the meeting is more than 7 days past: the record keeps what it had.
    /// Adding one stays possible (a sign-in sheet scanned late).
    /// </summary>
    public void EnsureAttachmentRemovable(DateTimeOffset now)
    {
        if (!AttachmentsRemovable(now))
        {
            throw new DomainException("meeting_attachment_remove_after_window",
                "会议结束超过 7 天，附件不能再删除：会议记录及其附件须保留（可以继续补充上传附件）。");
        }
    }

    /// <summary>An attachment was added or removed: the record changed, by whom and when.</summary>
    internal void AttachmentsChanged(DateTimeOffset now, string by)
    {
        UpdatedAt = now;
        UpdatedBy = by;
    }

    private void Apply(MeetingInput input, MeetingFacts facts, DateTimeOffset now, string by)
    {
        // A JSON body may leave the lists out.
        input = input with { Types = input.Types ?? [], Attendees = input.Attendees ?? [] };
        var rules = MeetingRules.Check(input, facts);
        StartsAt = input.StartsAt.ToUniversalTime();
        EndsAt = input.EndsAt.ToUniversalTime();
        HeldOn = DateOf(StartsAt);
        Place = rules.Place;
        Topic = rules.Topic;
        ChairPersonId = input.ChairPersonId;
        RecorderPersonId = input.RecorderPersonId;
        LecturerPersonId = rules.Types.Contains(MeetingType.Lecture) ? input.LecturerPersonId : null;
        Content = rules.Content;
        Resolutions = rules.Resolutions;
        VotingMembers = rules.Quorum?.Voting ?? 0;
        VotingPresent = rules.Quorum?.Present ?? 0;
        NotCountedReason = rules.Quorum is { Met: false } q ? q.Reason : null;

        var wanted = rules.Types.ToDictionary(t => t, t => t != MeetingType.Congress || rules.Quorum?.Met != false);
        types.RemoveAll(t => !wanted.ContainsKey(t.Type));
        foreach (var (type, counts) in wanted)
        {
            var entry = types.Find(t => t.Type == type);
            if (entry is null)
            {
                types.Add(new MeetingTypeEntry(Id, type, counts));
            }
            else
            {
                entry.Counts = counts;
            }
        }

        var byPerson = input.Attendees.ToDictionary(a => a.PersonId);
        attendees.RemoveAll(a => !byPerson.ContainsKey(a.PersonId));
        foreach (var a in input.Attendees)
        {
            var reason = string.IsNullOrWhiteSpace(a.Reason) ? null : a.Reason.Trim();
            var existing = attendees.Find(x => x.PersonId == a.PersonId);
            if (existing is null)
            {
                attendees.Add(new MeetingAttendee(Id, a.PersonId, a.Status, reason));
            }
            else
            {
                existing.Set(a.Status, reason);
            }
        }
        ExpectedCount = attendees.Count;
        PresentCount = attendees.Count(a => a.Status == AttendanceStatus.Present);
        UpdatedAt = now;
        UpdatedBy = by;
    }

    /// <summary>The record as it stands, for an amendment or an export.</summary>
    public MeetingSnapshot Snapshot() => new(
        Id, OrgId, StartsAt, EndsAt, HeldOn, Place, Topic, ChairPersonId, RecorderPersonId, LecturerPersonId, Content, Resolutions,
        types.OrderBy(t => t.Type).Select(t => new MeetingSnapshot.TypeRow(t.Type, t.Counts)).ToList(),
        attendees.OrderBy(a => a.PersonId).Select(a => new MeetingSnapshot.AttendeeRow(a.PersonId, a.Status, a.Reason)).ToList(),
        VotingMembers, VotingPresent, NotCountedReason, UpdatedAt, UpdatedBy);
}

/// <summary>One type a meeting counts for. <see cref="Counts"/> is false for a 党员大会 below quorum.</summary>
[DisplayName("会议类型")]
public sealed class MeetingTypeEntry
{
    private MeetingTypeEntry()
    {
    }

    internal MeetingTypeEntry(Guid meetingId, MeetingType type, bool counts)
    {
        MeetingId = meetingId;
        Type = type;
        Counts = counts;
    }

    [DisplayName("会议")]
    public Guid MeetingId { get; private set; }

    [DisplayName("会议类型")]
    public MeetingType Type { get; private set; }

    [DisplayName("计入")]
    public bool Counts { get; internal set; }
}

/// <summary>One expected attendee (应到) and whether they came.</summary>
[DisplayName("参会人员")]
public sealed class MeetingAttendee
{
    private MeetingAttendee()
    {
    }

    internal MeetingAttendee(Guid meetingId, Guid personId, AttendanceStatus status, string? reason)
    {
        MeetingId = meetingId;
        PersonId = personId;
        Set(status, reason);
    }

    [DisplayName("会议")]
    public Guid MeetingId { get; private set; }

    [DisplayName("人员")]
    public Guid PersonId { get; private set; }

    [DisplayName("出席情况")]
    public AttendanceStatus Status { get; private set; }

    /// <summary>缺席或请假事由.</summary>
    [DisplayName("事由")]
    public string? Reason { get; private set; }

    internal void Set(AttendanceStatus status, string? reason)
    {
        Status = status;
        Reason = status == AttendanceStatus.Present ? null : reason;
    }
}

/// <summary>补正记录: the version of a meeting record before a change made after the free edit window.</summary>
[DisplayName("会议补正")]
public sealed class MeetingAmendment
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private MeetingAmendment()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("会议")]
    public Guid MeetingId { get; private set; }

    [DisplayName("补正时间")]
    public DateTimeOffset AmendedAt { get; private set; }

    [DisplayName("补正人")]
    public string AmendedBy { get; private set; } = "";

    /// <summary>The superseded version as JSON (<see cref="MeetingSnapshot"/>).</summary>
    [DisplayName("补正前记录")]
    public string Snapshot { get; private set; } = "";

    internal static MeetingAmendment Of(Meeting meeting, DateTimeOffset now, string by) => new()
    {
        Id = Ids.New(),
        MeetingId = meeting.Id,
        AmendedAt = now,
        AmendedBy = by,
        Snapshot = JsonSerializer.Serialize(meeting.Snapshot(), Json),
    };

    public MeetingSnapshot Original() => JsonSerializer.Deserialize<MeetingSnapshot>(Snapshot, Json)!;
}

/// <summary>A meeting record frozen at one moment.</summary>
public sealed record MeetingSnapshot(
    Guid Id, Guid OrgId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateOnly HeldOn, string Place, string Topic,
    Guid ChairPersonId, Guid? RecorderPersonId, Guid? LecturerPersonId, string? Content, string? Resolutions,
    IReadOnlyList<MeetingSnapshot.TypeRow> Types, IReadOnlyList<MeetingSnapshot.AttendeeRow> Attendees,
    int VotingMembers, int VotingPresent, string? NotCountedReason, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public sealed record TypeRow(MeetingType Type, bool Counts);

    public sealed record AttendeeRow(Guid PersonId, AttendanceStatus Status, string? Reason);
}

/// <summary>What a person enters about a meeting.</summary>
public sealed record MeetingInput(
    Guid OrgId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Place,
    IReadOnlyList<MeetingType> Types,
    string Topic,
    Guid ChairPersonId,
    Guid? RecorderPersonId,
    IReadOnlyList<AttendeeInput> Attendees,
    Guid? LecturerPersonId = null,
    [MultiLineText] string? Content = null,
    [MultiLineText] string? Resolutions = null);

public sealed record AttendeeInput(Guid PersonId, AttendanceStatus Status, string? Reason = null);

/// <summary>
/// What the database knows that the rules need, on the meeting's date: the branch, its members, who holds the
/// secretary and first-secretary posts, who is linked to the village as 包村领导/包村干部, and the names of the
/// people the input mentions.
/// </summary>
public sealed record MeetingFacts(
    DateOnly Today,
    MeetingFacts.OrgFacts? Org,
    IReadOnlyDictionary<Guid, PartyStatus> Members,
    IReadOnlySet<Guid> Secretaries,
    IReadOnlySet<Guid> FirstSecretaries,
    IReadOnlySet<Guid> VillageLinked,
    IReadOnlyDictionary<Guid, string> Names)
{
    public sealed record OrgFacts(Guid Id, string Name, OrgKind Kind);

    public string NameOf(Guid personId) => Names.TryGetValue(personId, out var n) ? n : personId.ToString();
}
