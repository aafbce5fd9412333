using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Obligations;

internal sealed class ObligationConfiguration : IEntityTypeConfiguration<Obligation>
{
    public void Configure(EntityTypeBuilder<Obligation> b)
    {
        b.ToTable("obligations");
        // Written only through ObligationService: by the capability whose action the obligation records (a project's
        // reconciliation, an order's response), under that capability's own permission, which it checked; by the daily
        // job (the app itself); and on the obligations pages, where submitting, closing and cancelling ask for
        // ObligationsWrite. So the guard asks only that the writer reads data, and always that the owing organization is
        // in the writer's scope (before and after the change).
        b.ScopedByOrg(o => o.OrgId).WrittenWith(Permission.DataRead);
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.Kind).HasMaxLength(Obligation.KindMax).IsRequired();
        b.Property(o => o.Title).HasMaxLength(Obligation.TitleMax).IsRequired();
        b.Property(o => o.Period).HasMaxLength(Obligation.PeriodMax).IsRequired();
        b.Property(o => o.SourceType).HasMaxLength(Obligation.SourceTypeMax).IsRequired();
        b.Property(o => o.Link).HasMaxLength(Obligation.LinkMax);
        b.Property(o => o.SubmittedBy).HasMaxLength(256);
        b.Property(o => o.Evidence).HasMaxLength(Obligation.EvidenceMax).HasMultiLineText();
        b.Property(o => o.ClosedBy).HasMaxLength(256);
        b.Property(o => o.Reason).HasMaxLength(Platform.Reasons.MaxLength);
        b.Property(o => o.CreatedBy).HasMaxLength(256).IsRequired();
        // Opening is idempotent: a source owes one obligation of a kind per period and organization (the period is empty,
        // never null, for what is owed once, so the key holds on both databases).
        b.HasIndex(o => new { o.Kind, o.SourceId, o.Period, o.OrgId }).IsUnique();
        // An organization's obligations by due day (its page, the grid, the home card).
        b.HasIndex(o => new { o.OrgId, o.DueOn });
        // The daily reminders and the overdue counts read open obligations by due day.
        b.HasIndex(o => new { o.State, o.DueOn });
        b.HasIndex(o => new { o.PersonId, o.DueOn });
        b.HasIndex(o => o.IssuerOrgId);
        // A record of who owed what: an organization or a person with obligations stays (ObligationRecordsGuard).
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.IssuerOrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(o => o.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(o => o.Files).WithOne().HasForeignKey(f => f.ObligationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.Files).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ObligationFileConfiguration : IEntityTypeConfiguration<ObligationFile>
{
    public void Configure(EntityTypeBuilder<ObligationFile> b)
    {
        b.ToTable("obligation_files");
        // Changed only with their obligation (its UpdatedAt moves), whose organization the guard checks in the same save.
        b.ScopedThrough(f => f.ObligationId).WrittenWith(Permission.DataRead);
        b.HasKey(f => new { f.ObligationId, f.StoredFileId });
        b.HasIndex(f => f.StoredFileId);
        // A file kept as evidence cannot vanish under it (and the clean-up of unused uploads sees it kept).
        b.HasOne<StoredFile>().WithMany().HasForeignKey(f => f.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ObligationScheduleConfiguration : IEntityTypeConfiguration<ObligationSchedule>
{
    public void Configure(EntityTypeBuilder<ObligationSchedule> b)
    {
        b.ToTable("obligation_schedules");
        b.Unscoped("The obligation calendar is the county's configuration, the same for everyone.").WrittenWith(Permission.ConfigWrite);
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Kind).HasMaxLength(Obligation.KindMax).IsRequired();
        b.Property(s => s.Title).HasMaxLength(100).IsRequired();
        b.Property(s => s.Note).HasMaxLength(ObligationSchedule.NoteMax);
        b.Property(s => s.UpdatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(s => s.Kind).IsUnique();
    }
}
