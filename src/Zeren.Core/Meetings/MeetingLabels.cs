using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>Chinese names for messages, exports and print views (pages use the resource files).</summary>
public static class MeetingLabels
{
    public static string Of(MeetingType type) => type switch
    {
        MeetingType.Study => "党支部学习会",
        MeetingType.Committee => "支部委员会",
        MeetingType.ThemeDay => "主题党日",
        MeetingType.GroupMeeting => "党小组会",
        MeetingType.Congress => "党员大会",
        MeetingType.Lecture => "党课",
        MeetingType.OrgLife => "组织生活会",
        MeetingType.MemberReview => "民主评议党员",
        _ => type.ToString(),
    };

    public static string Of(PeriodKind period) => period switch
    {
        PeriodKind.Month => "每月",
        PeriodKind.Quarter => "每季度",
        PeriodKind.Year => "每年",
        _ => period.ToString(),
    };

    public static string Of(AttendanceStatus status) => status switch
    {
        AttendanceStatus.Present => "出席",
        AttendanceStatus.AbsentWithReason => "缺席",
        AttendanceStatus.OnLeave => "请假",
        _ => status.ToString(),
    };
}
