using Zeren.Core.Meetings;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Pages.Meetings;

/// <summary>The "record a meeting" form: a day and two times in China time, the types as ticks, one row per expected attendee.</summary>
public sealed class MeetingForm
{
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

    public static MeetingForm New(BranchOfficers officers, DateOnly today) => new()
    {
        Date = today,
        Types = Enum.GetValues<MeetingType>().Select(t => new TypeChoice { Type = t }).ToList(),
        ChairPersonId = officers.Secretaries.Count > 0 ? officers.Secretaries[0].PersonId : null,
        RecorderPersonId = officers.Clerks.Count > 0 ? officers.Clerks[0].PersonId : null,
        Attendees = officers.Members.Select(m => new AttendeeRow { PersonId = m.PersonId, Status = AttendanceStatus.Present }).ToList(),
    };

    public static MeetingForm From(MeetingDetail d)
    {
        var start = ChinaTime.ToChina(d.Meeting.StartsAt);
        var end = ChinaTime.ToChina(d.Meeting.EndsAt);
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
            Attendees = d.Attendees.Select(a => new AttendeeRow { PersonId = a.PersonId, Status = a.Status, Reason = a.Reason }).ToList(),
        };
    }

    /// <summary>The input for the service; times are China time on the chosen day (an end before the start stays so, for the rule to say so).</summary>
    public MeetingInput ToInput(Guid orgId)
    {
        var day = Date ?? DateOnly.MinValue;
        var offset = ChinaTime.Zone.BaseUtcOffset;
        var start = new DateTimeOffset(day.ToDateTime(StartTime ?? TimeOnly.MinValue), offset);
        var end = new DateTimeOffset(day.ToDateTime(EndTime ?? TimeOnly.MinValue), offset);
        return new MeetingInput(orgId, start, end, Place ?? "", Types.Where(t => t.Selected).Select(t => t.Type).ToList(), Topic ?? "",
            ChairPersonId ?? Guid.Empty, RecorderPersonId,
            Attendees.Select(a => new AttendeeInput(a.PersonId, a.Status, a.Reason)).ToList(),
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
    public AttendanceStatus Status { get; set; }
    public string? Reason { get; set; }
}
