using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Security;

namespace Zeren.Core.Notifications;

/// <summary>What a notification is about; each kind has its own wording and link.</summary>
public enum NotificationKind
{
    /// <summary>会议提醒: a branch still owes a required meeting and the period ends within a week.</summary>
    MeetingDue = 1,

    /// <summary>会议提醒（乡镇）: the branches of a township that still owe required meetings this period.</summary>
    MeetingDueSummary = 2,

    // ----- 待办事项 (the obligation engine's daily reminders; one a day per organization and kind) -----

    /// <summary>待办到期提醒: open obligations of the organization fall due within three days.</summary>
    ObligationDue = 3,

    /// <summary>待办逾期提醒: open obligations of the organization are past their due day.</summary>
    ObligationOverdue = 4,

    /// <summary>下达事项逾期: obligations owed to the organization are past their due day.</summary>
    ObligationOverdueIssued = 5,

    // Annual plans (党建思路)
    /// <summary>三上三下: a township's plan returned a third time and still not approved (to the county).</summary>
    PlanReturnedThrice = 30,
}

/// <summary>
/// 站内通知: a message to an organization, read by the accounts bound to it. Written by the app (the daily
/// reminder job), never by a user; the first account of the organization to open it marks it read for all.
/// <see cref="DedupKey"/> (e.g. the period, 2026-11) makes a notification once per organization, kind and key,
/// however often a job runs.
/// </summary>
[DisplayName("站内通知")]
public sealed class Notification
{
    private Notification()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("接收组织")]
    public Guid OrgId { get; private set; }

    [DisplayName("通知类型")]
    public NotificationKind Kind { get; private set; }

    [DisplayName("去重键")]
    public string DedupKey { get; private set; } = "";

    [DisplayName("标题")]
    public string Title { get; private set; } = "";

    [DisplayName("内容")]
    public string Body { get; private set; } = "";

    /// <summary>A page of the app where the matter is dealt with (relative address).</summary>
    [DisplayName("链接")]
    public string? Link { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("阅读时间")]
    public DateTimeOffset? ReadAt { get; private set; }

    [DisplayName("阅读人")]
    public string? ReadBy { get; private set; }

    public static Notification Create(Guid orgId, NotificationKind kind, string dedupKey, string title, string body, string? link, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrgId = orgId,
        Kind = kind,
        DedupKey = dedupKey,
        Title = title.Length > 200 ? title[..200] : title,
        Body = body.Length > 2000 ? body[..1999] + "…" : body,
        Link = link,
        CreatedAt = now,
    };

    public void MarkRead(string userName, DateTimeOffset now)
    {
        if (ReadAt is null)
        {
            ReadAt = now;
            ReadBy = userName;
        }
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        // Written by the daily reminder job (the app itself); an account may only mark its organization's as read,
        // which NotificationService allows to anyone who reads data.
        b.ScopedByOrg(n => n.OrgId).WrittenWith(Permission.DataRead);
        b.HasKey(n => n.Id);
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(n => n.DedupKey).HasMaxLength(100).IsRequired();
        b.Property(n => n.Title).HasMaxLength(200).IsRequired();
        b.Property(n => n.Body).HasMaxLength(2000).IsRequired();
        b.Property(n => n.Link).HasMaxLength(400);
        b.Property(n => n.ReadBy).HasMaxLength(100);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(n => n.OrgId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.OrgId, n.Kind, n.DedupKey }).IsUnique();
    }
}
