namespace Zeren.Core.Meetings;

/// <summary>会议类型 of the 党支部工作手册 (三会一课 and the other regular meetings, SPEC §3, seed 004 §2.2).</summary>
public enum MeetingType
{
    Study = 1,          // 党支部学习会
    Committee = 2,      // 支部委员会
    ThemeDay = 3,       // 主题党日
    GroupMeeting = 4,   // 党小组会
    Congress = 5,       // 支部党员大会
    Lecture = 6,        // 党课
    OrgLife = 7,        // 组织生活会
    MemberReview = 8,   // 民主评议党员
}

/// <summary>出席情况 of one expected attendee.</summary>
public enum AttendanceStatus
{
    Present = 1,            // 出席
    AbsentWithReason = 2,   // 缺席（有事由）
    OnLeave = 3,            // 请假
}
