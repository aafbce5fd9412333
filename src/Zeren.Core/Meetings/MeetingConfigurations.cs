using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Meetings;

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.ToTable("meetings");
        b.ScopedByOrg(m => m.OrgId).WrittenWith(Permission.MeetingsWrite);
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Place).HasMaxLength(MeetingRules.PlaceMax).IsRequired();
        b.Property(m => m.Topic).HasMaxLength(MeetingRules.TopicMax).IsRequired();
        b.Property(m => m.Content).HasMaxLength(MeetingRules.ContentMax).HasMultiLineText();
        b.Property(m => m.Resolutions).HasMaxLength(MeetingRules.ResolutionsMax).HasMultiLineText();
        b.Property(m => m.NotCountedReason).HasMaxLength(200);
        b.Property(m => m.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(m => m.UpdatedBy).HasMaxLength(256).IsRequired();
        // A branch's ledger and every compliance count read meetings by organization and date; whole-province periods
        // by date alone. Both carry the id and the organization, so the ledger's page of ids comes from one of them
        // alone (ADR 0045).
        b.HasIndex(m => new { m.OrgId, m.HeldOn, m.Id });
        b.HasIndex(m => new { m.HeldOn, m.Id, m.OrgId });
        // 党课 coverage per leader.
        b.HasIndex(m => new { m.LecturerPersonId, m.HeldOn });
        b.HasIndex(m => m.ChairPersonId);
        b.HasIndex(m => m.RecorderPersonId);
        // An organization or a person with a ledger cannot simply vanish: the ledger is a record.
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(m => m.ChairPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(m => m.RecorderPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(m => m.LecturerPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.Types).WithOne().HasForeignKey(t => t.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(m => m.Types).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(m => m.Attendees).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MeetingTypeEntryConfiguration : IEntityTypeConfiguration<MeetingTypeEntry>
{
    public void Configure(EntityTypeBuilder<MeetingTypeEntry> b)
    {
        b.ToTable("meeting_types");
        // A meeting's own rows carry no organization: MeetingService changes them only together with their meeting
        // (whose UpdatedAt moves), so the meeting's organization is checked in the same save.
        b.ScopedThrough(t => t.MeetingId).WrittenWith(Permission.MeetingsWrite);
        // The key leads with the meeting: compliance joins each meeting of a branch and period to its types.
        b.HasKey(t => new { t.MeetingId, t.Type });
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> b)
    {
        b.ToTable("meeting_attendees");
        b.ScopedThrough(a => a.MeetingId).WrittenWith(Permission.MeetingsWrite);
        b.HasKey(a => new { a.MeetingId, a.PersonId });
        b.Property(a => a.Reason).HasMaxLength(MeetingRules.ReasonMax);
        b.HasIndex(a => a.PersonId);
        b.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingAmendmentConfiguration : IEntityTypeConfiguration<MeetingAmendment>
{
    public void Configure(EntityTypeBuilder<MeetingAmendment> b)
    {
        b.ToTable("meeting_amendments");
        b.ScopedThrough(a => a.MeetingId).WrittenWith(Permission.MeetingsWrite);
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.AmendedBy).HasMaxLength(256).IsRequired();
        b.Property(a => a.Snapshot).IsRequired();
        b.HasIndex(a => a.MeetingId);
        b.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingAttachmentConfiguration : IEntityTypeConfiguration<MeetingAttachment>
{
    public void Configure(EntityTypeBuilder<MeetingAttachment> b)
    {
        b.ToTable("meeting_attachments");
        // Added and removed with a change of the meeting's update stamp (MeetingService), as above.
        b.ScopedThrough(a => a.MeetingId).WrittenWith(Permission.MeetingsWrite);
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.CreatedBy).HasMaxLength(256).IsRequired();
        // A meeting's page lists its attachments; a file is kept by one meeting at most.
        b.HasIndex(a => a.MeetingId);
        b.HasIndex(a => a.StoredFileId).IsUnique();
        // Deleting a meeting (MeetingService loads and removes its attachments first, so each removal is audited).
        b.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        // A file kept by a meeting cannot vanish under it: the attachment goes first.
        b.HasOne<StoredFile>().WithMany().HasForeignKey(a => a.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingCadenceConfiguration : IEntityTypeConfiguration<MeetingCadence>
{
    public void Configure(EntityTypeBuilder<MeetingCadence> b)
    {
        b.ToTable("meeting_cadences");
        b.Unscoped("Cadence rules are the county's configuration, the same for everyone.").WrittenWith(Permission.ConfigWrite);
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Note).HasMaxLength(200);
        b.Property(c => c.CreatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(c => new { c.Type, c.EffectiveFrom });
    }
}
