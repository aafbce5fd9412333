using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Projects;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("projects");
        b.ScopedByOrg(p => p.OrgId).WrittenWith(Permission.ProjectsWrite);
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(ProjectRules.NameMax).IsRequired();
        b.Property<string?>(p => p.Target).HasMaxLength(ProjectRules.TargetMax).IsRequired().HasMultiLineText();
        b.Property<string?>(p => p.Responsibility).HasMaxLength(ProjectRules.ResponsibilityMax).IsRequired().HasMultiLineText();
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(40);
        b.Property(p => p.CancelReason).HasMaxLength(Project.CancelReasonMax);
        b.Property(p => p.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(p => p.UpdatedBy).HasMaxLength(256).IsRequired();
        // A township's ledger is read by organization and year; the obligation generator reads open projects by status.
        b.HasIndex(p => new { p.OrgId, p.Year });
        b.HasIndex(p => new { p.Status, p.StartOn });
        b.HasIndex(p => p.PersonId);
        b.HasIndex(p => p.PlanId);
        // The ledger is a record: its township and the people it names stay (ProjectRecordsGuard says why first).
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AnnualPlan>().WithMany().HasForeignKey(p => p.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Milestones).WithOne().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Milestones).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> b)
    {
        b.ToTable("project_milestones");
        // A project's own rows: ProjectService changes them only with their project (whose update stamp moves), so the
        // project's township is checked in the same save.
        b.ScopedThrough(m => m.ProjectId).WrittenWith(Permission.ProjectsWrite);
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Title).HasMaxLength(ProjectRules.MilestoneTitleMax).IsRequired();
        b.HasIndex(m => new { m.ProjectId, m.Ordinal });
    }
}

internal sealed class ProgressEntryConfiguration : IEntityTypeConfiguration<ProgressEntry>
{
    public void Configure(EntityTypeBuilder<ProgressEntry> b)
    {
        b.ToTable("project_progress");
        b.ScopedThrough(p => p.ProjectId).WrittenWith(Permission.ProjectsWrite);
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property<string?>(p => p.Text).HasMaxLength(ProgressEntry.TextMax).IsRequired().HasMultiLineText();
        b.Property(p => p.CreatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(p => new { p.ProjectId, p.On });
        b.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressEvidenceConfiguration : IEntityTypeConfiguration<ProgressEvidence>
{
    public void Configure(EntityTypeBuilder<ProgressEvidence> b)
    {
        b.ToTable("project_evidence");
        // Added with a change of the project's update stamp (ProjectService), as above.
        b.ScopedThrough(e => e.ProgressEntryId).WrittenWith(Permission.ProjectsWrite);
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.CreatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(e => e.ProgressEntryId);
        b.HasIndex(e => e.StoredFileId).IsUnique();
        b.HasOne<ProgressEntry>().WithMany().HasForeignKey(e => e.ProgressEntryId).OnDelete(DeleteBehavior.Cascade);
        // Evidence is kept: its file cannot vanish under it.
        b.HasOne<StoredFile>().WithMany().HasForeignKey(e => e.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReconciliationConfiguration : IEntityTypeConfiguration<Reconciliation>
{
    public void Configure(EntityTypeBuilder<Reconciliation> b)
    {
        b.ToTable("project_reconciliations");
        b.ScopedThrough(r => r.ProjectId).WrittenWith(Permission.ProjectsWrite);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Month).HasMaxLength(7).IsRequired();
        b.Property<string?>(r => r.Progress).HasMaxLength(Reconciliation.TextMax).IsRequired().HasMultiLineText();
        b.Property(r => r.Problems).HasMaxLength(Reconciliation.TextMax).HasMultiLineText();
        b.Property<string?>(r => r.NextSteps).HasMaxLength(Reconciliation.TextMax).IsRequired().HasMultiLineText();
        b.Property(r => r.SubmittedBy).HasMaxLength(256).IsRequired();
        // One per project and month; the month's reconciliations of a township are read by month.
        b.HasIndex(r => new { r.ProjectId, r.Month }).IsUnique();
        b.HasIndex(r => r.Month);
        b.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnnualPlanConfiguration : IEntityTypeConfiguration<AnnualPlan>
{
    public void Configure(EntityTypeBuilder<AnnualPlan> b)
    {
        b.ToTable("annual_plans");
        // The township writes it (PlansWrite); the department's review also needs PlansReview, which the route asks for.
        b.ScopedByOrg(p => p.OrgId).WrittenWith(Permission.PlansWrite);
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(40);
        b.Property(p => p.ApprovedBy).HasMaxLength(256);
        b.Property(p => p.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(p => p.UpdatedBy).HasMaxLength(256).IsRequired();
        // One plan per township and year.
        b.HasIndex(p => new { p.OrgId, p.Year }).IsUnique();
        b.HasIndex(p => new { p.Year, p.Status });
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlanVersionConfiguration : IEntityTypeConfiguration<PlanVersion>
{
    public void Configure(EntityTypeBuilder<PlanVersion> b)
    {
        b.ToTable("annual_plan_versions");
        // Written only with its plan, whose update stamp moves in the same save.
        b.ScopedThrough(v => v.PlanId).WrittenWith(Permission.PlansWrite);
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property<string?>(v => v.Text).HasMaxLength(AnnualPlan.TextMax).IsRequired().HasMultiLineText();
        b.Property(v => v.Decision).HasConversion<string>().HasMaxLength(40);
        b.Property(v => v.Comments).HasMaxLength(AnnualPlan.CommentsMax).HasMultiLineText();
        b.Property(v => v.SubmittedBy).HasMaxLength(256).IsRequired();
        b.Property(v => v.ReviewedBy).HasMaxLength(256);
        b.HasIndex(v => new { v.PlanId, v.Number }).IsUnique();
        b.HasOne<AnnualPlan>().WithMany().HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(v => v.Projects).WithOne().HasForeignKey(p => p.VersionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(v => v.Projects).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PlanProjectConfiguration : IEntityTypeConfiguration<PlanProject>
{
    public void Configure(EntityTypeBuilder<PlanProject> b)
    {
        b.ToTable("annual_plan_projects");
        b.ScopedThrough(p => p.VersionId).WrittenWith(Permission.PlansWrite);
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(ProjectRules.NameMax).IsRequired();
        b.Property<string?>(p => p.Target).HasMaxLength(ProjectRules.TargetMax).IsRequired().HasMultiLineText();
        b.Property<string?>(p => p.Responsibility).HasMaxLength(ProjectRules.ResponsibilityMax).IsRequired().HasMultiLineText();
        b.HasIndex(p => new { p.VersionId, p.Ordinal });
        b.HasIndex(p => p.PersonId);
        b.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
