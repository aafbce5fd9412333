using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Decisions;

internal sealed class MatterConfiguration : IEntityTypeConfiguration<Matter>
{
    public void Configure(EntityTypeBuilder<Matter> b)
    {
        b.ToTable("matters");
        b.ScopedByOrg(m => m.OrgId).WrittenWith(Permission.MattersWrite);
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Title).HasMaxLength(MatterRules.TitleMax).IsRequired();
        b.Property(m => m.Proposer).HasMaxLength(MatterRules.ProposerMax).IsRequired();
        b.Property(m => m.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(m => m.UpdatedBy).HasMaxLength(256).IsRequired();
        b.Ignore(m => m.Amount);
        // A village's and a township's lists read matters by organization; the county's guided runs by leader and end.
        b.HasIndex(m => new { m.OrgId, m.State });
        b.HasIndex(m => new { m.GuidedByPersonId, m.EndedOn });
        // A record: the village and the leader it names stay.
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(m => m.GuidedByPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MatterStepRecordConfiguration : IEntityTypeConfiguration<MatterStepRecord>
{
    public void Configure(EntityTypeBuilder<MatterStepRecord> b)
    {
        b.ToTable("matter_steps");
        // Added only together with a change of their matter (MatterService), whose village the guard checks in that save.
        b.ScopedThrough(s => s.MatterId).WrittenWith(Permission.MattersWrite);
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.OutcomeNote).HasMaxLength(300);
        b.Property(s => s.Place).HasMaxLength(MatterRules.PlaceMax);
        b.Property(s => s.Summary).HasMaxLength(MatterRules.SummaryMax).HasMultiLineText();
        b.Property(s => s.RecordedBy).HasMaxLength(256).IsRequired();
        // Each step once per run: a second save of the same step fails on the key, whatever raced.
        b.HasIndex(s => new { s.MatterId, s.Run, s.Step }).IsUnique();
        b.HasIndex(s => s.MeetingId);
        b.HasIndex(s => s.ChairPersonId);
        b.HasIndex(s => s.RecorderPersonId);
        b.HasIndex(s => s.PhotoFileId);
        b.HasOne<Matter>().WithMany().HasForeignKey(s => s.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Meeting>().WithMany().HasForeignKey(s => s.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(s => s.ChairPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(s => s.RecorderPersonId).OnDelete(DeleteBehavior.Restrict);
        // The disclosure's photo is kept by the step (the clean-up of unused uploads spares it).
        b.HasOne<StoredFile>().WithMany().HasForeignKey(s => s.PhotoFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MatterAmendmentConfiguration : IEntityTypeConfiguration<MatterAmendment>
{
    public void Configure(EntityTypeBuilder<MatterAmendment> b)
    {
        b.ToTable("matter_amendments");
        b.ScopedThrough(a => a.MatterId).WrittenWith(Permission.MattersWrite);
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property<string?>(nameof(MatterAmendment.Correction)).HasMaxLength(MatterRules.AmendmentMax).IsRequired().HasMultiLineText();
        b.Property(a => a.Reason).HasMaxLength(Platform.Reasons.MaxLength).IsRequired();
        b.Property(a => a.AmendedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(a => a.MatterId);
        b.HasIndex(a => a.StepId);
        b.HasOne<Matter>().WithMany().HasForeignKey(a => a.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MatterStepRecord>().WithMany().HasForeignKey(a => a.StepId).OnDelete(DeleteBehavior.Restrict);
    }
}
