using System.ComponentModel;
using Zeren.Core.Files;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>What an attachment of a meeting shows.</summary>
public enum AttachmentKind
{
    Photo = 1,          // 会议照片
    SignInSheet = 2,    // 签到表
    Other = 3,          // 其他材料
}

/// <summary>
/// 会议附件: an uploaded file (a <see cref="StoredFile"/> of the meeting's organization) kept with a meeting record:
/// a photo of the meeting, the scanned sign-in sheet, or other material. Added at any time (a sign-in sheet is often
/// scanned late); removed only while the meeting itself may still be deleted, after that the record keeps it.
/// </summary>
[DisplayName("会议附件")]
public sealed class MeetingAttachment
{
    /// <summary>How many files one meeting keeps at most.</summary>
    public const int MaxPerMeeting = 20;

    /// <summary>Photos and scans: images and PDF, never workbooks.</summary>
    public static readonly IReadOnlyList<FileKind> AcceptedFiles = [FileKind.Jpeg, FileKind.Png, FileKind.Pdf];

    private MeetingAttachment()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("会议")]
    public Guid MeetingId { get; private set; }

    [DisplayName("文件")]
    public Guid StoredFileId { get; private set; }

    [DisplayName("附件类别")]
    public AttachmentKind Kind { get; private set; }

    [DisplayName("上传时间")]
    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("上传人")]
    public string CreatedBy { get; private set; } = "";

    /// <summary>
    /// A file kept with <paramref name="meeting"/>, which has <paramref name="existing"/> attachments already. The
    /// meeting's update stamp moves, so the write guard checks the meeting's organization in the same save.
    /// </summary>
    internal static MeetingAttachment Of(Meeting meeting, int existing, Guid storedFileId, AttachmentKind kind, DateTimeOffset now, string by)
    {
        EnsureRoom(existing);
        if (!Enum.IsDefined(kind))
        {
            throw UnknownKind();
        }
        meeting.AttachmentsChanged(now, by);
        return new MeetingAttachment
        {
            Id = Ids.New(),
            MeetingId = meeting.Id,
            StoredFileId = storedFileId,
            Kind = kind,
            CreatedAt = now,
            CreatedBy = by,
        };
    }

    /// <summary>Refuses a new attachment when the meeting already keeps <see cref="MaxPerMeeting"/>.</summary>
    public static void EnsureRoom(int existing)
    {
        if (existing >= MaxPerMeeting)
        {
            throw new DomainException("meeting_attachments_full", $"每次会议最多保存 {MaxPerMeeting} 个附件，这次会议已达上限。", "file");
        }
    }

    /// <summary>The kind named by a form or API field (Photo, SignInSheet, Other); an absent one is <see cref="AttachmentKind.Other"/>.</summary>
    public static AttachmentKind ParseKind(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return AttachmentKind.Other;
        }
        return Enum.TryParse<AttachmentKind>(value.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _)
            ? kind
            : throw UnknownKind();
    }

    internal static DomainException UnknownKind() =>
        new("meeting_attachment_kind", "附件类别只能是会议照片（Photo）、签到表（SignInSheet）或其他材料（Other）。", "kind");
}
