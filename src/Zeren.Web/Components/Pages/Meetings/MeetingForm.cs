using Zeren.Core.Meetings;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Pages.Meetings;

/// <summary>
/// The "record a meeting" form: a day and two times in China time, the types as ticks, one row per member of the
/// branch with a tick for 应到 (expected) and the attendance. A 支委会 ticks the committee by default, other meetings
/// every member; the recorder adds and removes people by ticking, and the two preset buttons reset the ticks.
/// </summary>
public sealed class MeetingForm
{
    /// <summary>The preset buttons' values: tick the committee, or every member.</summary>
    public const string PresetCommittee = "committee";
    public const string PresetAll = "all";

    public DateOnly? Date { get; set; }
    public TimeOnly? StartTime { get; set; } = new(9, 0);
    public TimeOnly? EndTime { get; set; } = new(11, 0);
    public string? Place { get; set; }
    public string? Topic { get; set; }
    public List<TypeChoice> Types { get; set; } = [];
    public Guid? ChairPersonId { get; set; }
    public Guid? RecorderPersonId { get; set; }
    public Guid? LecturerPersonId { get; set; }
    public string? Content { get; set; }
    public string? Resolutions { get; set; }
    public List<AttendeeRow> Attendees { get; set; } = [];

    /// <summary>Set by a preset button: the form comes back with the ticks reset, and nothing is saved.</summary>
    public string? Preset { get; set; }

    public static MeetingForm New(BranchOfficers officers, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(officers);
        var expected = officers.Expected.ToHashSet();
        return new MeetingForm
        {
            Date = today,
            Types = Enum.GetValues<MeetingType>().Select(t => new TypeChoice { Type = t }).ToList(),
            ChairPersonId = officers.Secretaries.Count > 0 ? officers.Secretaries[0].PersonId : null,
            RecorderPersonId = officers.Clerks.Count > 0 ? officers.Clerks[0].PersonId : null,
            Attendees = InCommitteeOrder(officers)
                .Select(m => new AttendeeRow { PersonId = m.PersonId, Status = AttendanceStatus.Present, Expected = expected.Contains(m.PersonId) })
                .ToList(),
        };
    }

    /// <summary>The record as it stands: those listed ticked, then the members not listed, unticked, to add.</summary>
    public static MeetingForm From(MeetingDetail d, BranchOfficers officers)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(officers);
        var start = ChinaTime.ToChina(d.Meeting.StartsAt);
        var end = ChinaTime.ToChina(d.Meeting.EndsAt);
        var listed = d.Attendees.Select(a => a.PersonId).ToHashSet();
        return new MeetingForm
        {
            Date = d.Meeting.HeldOn,
            StartTime = TimeOnly.FromDateTime(start.DateTime),
            EndTime = TimeOnly.FromDateTime(end.DateTime),
            Place = d.Meeting.Place,
            Topic = d.Meeting.Topic,
            Types = Enum.GetValues<MeetingType>().Select(t => new TypeChoice { Type = t, Selected = d.Meeting.Types.Contains(t) }).ToList(),
            ChairPersonId = d.Meeting.ChairPersonId,
            RecorderPersonId = d.RecorderPersonId,
            LecturerPersonId = d.LecturerPersonId,
            Content = d.Content,
            Resolutions = d.Resolutions,
            Attendees = d.Attendees.Select(a => new AttendeeRow { PersonId = a.PersonId, Status = a.Status, Reason = a.Reason, Expected = true })
                .Concat(InCommitteeOrder(officers).Where(m => !listed.Contains(m.PersonId))
                    .Select(m => new AttendeeRow { PersonId = m.PersonId, Status = AttendanceStatus.Present }))
                .ToList(),
        };
    }

    /// <summary>The members with the committee first, in the order of their posts, then the rest as listed.</summary>
    private static IEnumerable<BranchMember> InCommitteeOrder(BranchOfficers officers)
    {
        var rank = officers.Committee.Select((c, i) => (c.PersonId, i)).ToDictionary(x => x.PersonId, x => x.i);
        return officers.Members.OrderBy(m => rank.GetValueOrDefault(m.PersonId, int.MaxValue));
    }

    /// <summary>Resets the 应到 ticks as a preset button asks: the committee members, or every member; the rest of the form stays.</summary>
    public void ApplyPreset(BranchOfficers officers)
    {
        ArgumentNullException.ThrowIfNull(officers);
        var expected = (Preset == PresetCommittee ? officers.ExpectedFor([MeetingType.Committee]) : officers.ExpectedFor([])).ToHashSet();
        foreach (var row in Attendees)
        {
            row.Expected = expected.Contains(row.PersonId);
        }
        Preset = null;
    }

    /// <summary>
    /// The input for the service; times are China time on the chosen day (an end before the start stays so, for the
    /// rule to say so). Without a day, <paramref name="dayIfNone"/> stands in so that the other rules can still be checked.
    /// </summary>
    public MeetingInput ToInput(Guid orgId, DateOnly dayIfNone)
    {
        var day = Date ?? dayIfNone;
        var offset = ChinaTime.Zone.BaseUtcOffset;
        var start = new DateTimeOffset(day.ToDateTime(StartTime ?? TimeOnly.MinValue), offset);
        var end = new DateTimeOffset(day.ToDateTime(EndTime ?? TimeOnly.MinValue), offset);
        return new MeetingInput(orgId, start, end, Place ?? "", Types.Where(t => t.Selected).Select(t => t.Type).ToList(), Topic ?? "",
            ChairPersonId ?? Guid.Empty, RecorderPersonId,
            Attendees.Where(a => a.Expected).Select(a => new AttendeeInput(a.PersonId, a.Status, a.Reason)).ToList(),
            LecturerPersonId, Content, Resolutions);
    }
}

public sealed class TypeChoice
{
    public MeetingType Type { get; set; }
    public bool Selected { get; set; }
}

public sealed class AttendeeRow
{
    public Guid PersonId { get; set; }

    /// <summary>Listed as 应到 (expected): only ticked rows are the meeting's attendees. Unticked posts nothing, so false is the default.</summary>
    public bool Expected { get; set; }
    public AttendanceStatus Status { get; set; }
    public string? Reason { get; set; }
}
