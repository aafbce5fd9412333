using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Core.Inspections;

internal sealed class InspectionPlanConfiguration : IEntityTypeConfiguration<InspectionPlan>
{
    /// <summary>The name of the secrecy filter (ADR 0029).</summary>
    public const string SecrecyFilter = "InspectionPlan.Secrecy";

    public const string ScopeFilter = "InspectionPlan.Scope";

    public void Configure(EntityTypeBuilder<InspectionPlan> b)
    {
        b.ToTable("inspection_plans");
        // Scoped by the organization that made it (the county), written by those who draw plans.
        b.ScopedByOrg(p => p.OrgId, ScopeFilter).WrittenWith(Permission.InspectionsPlan);
        // 三不: before its visit date only its team and the department see it; for everyone else, every query of every
        // capability finds nothing (a 404 by id, nothing in a list, an export or a count).
        b.VisibleOnlyWhen<InspectionPlan>(SecrecyFilter, (db, p) => p.VisitOn <= db.Today
            || db.ActorMay(Permission.InspectionsPlan)
            || db.Set<InspectionPlanMember>().Any(m => m.PlanId == p.Id && m.AccountId == db.ActorAccountId));
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        // The audit log keeps who drew a plan and when, the rules and the seed, never the date or the villages.
        b.Property(p => p.VisitOn).IsSealedInAudit();
        b.Property(p => p.InputJson).IsRequired().IsSealedInAudit();
        b.Property(p => p.Note).HasMaxLength(InspectionPlan.NoteMax).HasMultiLineText().IsSealedInAudit();
        b.Property(p => p.CreatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(p => new { p.OrgId, p.VisitOn });
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionPlanMemberConfiguration : IEntityTypeConfiguration<InspectionPlanMember>
{
    public void Configure(EntityTypeBuilder<InspectionPlanMember> b)
    {
        b.ToTable("inspection_plan_members");
        // Scoped by the plan's organization (copied), not through the plan: the plan's secrecy rule reads this table.
        b.ScopedByOrg(m => m.OrgId).WrittenWith(Permission.InspectionsPlan);
        b.HasKey(m => new { m.PlanId, m.AccountId });
        b.HasIndex(m => m.AccountId);
        b.HasOne<InspectionPlan>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionPlanVillageConfiguration : IEntityTypeConfiguration<InspectionPlanVillage>
{
    public void Configure(EntityTypeBuilder<InspectionPlanVillage> b)
    {
        b.ToTable("inspection_plan_villages");
        // Through the plan, so its secrecy hides them with it.
        b.ScopedThrough(v => v.PlanId).WrittenWith(Permission.InspectionsPlan);
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property(v => v.VillageId).IsSealedInAudit();
        b.Property(v => v.TownshipId).IsSealedInAudit();
        b.Property(v => v.GridIds).HasMaxLength(400).IsRequired().IsSealedInAudit();
        b.HasIndex(v => new { v.PlanId, v.VillageId }).IsUnique();
        b.HasIndex(v => v.VillageId);
        b.HasOne<InspectionPlan>().WithMany().HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(v => v.VillageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> b)
    {
        b.ToTable("inspections");
        // Scoped by the village visited: the village, its township and the county read it.
        b.ScopedByOrg(i => i.OrgId).WrittenWith(Permission.InspectionsWrite);
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Team).HasMaxLength(Inspection.TeamMax).IsRequired();
        b.Property(i => i.Summary).HasMaxLength(Inspection.SummaryMax).HasMultiLineText();
        b.Property(i => i.RecordedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(i => new { i.OrgId, i.VisitedOn });
        b.HasIndex(i => i.VisitedOn);
        b.HasIndex(i => i.PlanId);
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.TownshipId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<InspectionPlan>().WithMany().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionGridConfiguration : IEntityTypeConfiguration<InspectionGrid>
{
    public void Configure(EntityTypeBuilder<InspectionGrid> b)
    {
        b.ToTable("inspection_grids");
        b.ScopedThrough(g => g.InspectionId).WrittenWith(Permission.InspectionsWrite);
        b.HasKey(g => new { g.InspectionId, g.GridId });
        b.HasIndex(g => g.GridId);
        b.HasOne<Inspection>().WithMany().HasForeignKey(g => g.InspectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Grid>().WithMany().HasForeignKey(g => g.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionCheckConfiguration : IEntityTypeConfiguration<InspectionCheck>
{
    public void Configure(EntityTypeBuilder<InspectionCheck> b)
    {
        b.ToTable("inspection_checks");
        b.ScopedThrough(c => c.InspectionId).WrittenWith(Permission.InspectionsWrite);
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Item).HasMaxLength(InspectionCheck.ItemMax).IsRequired();
        b.Property(c => c.Note).HasMaxLength(InspectionCheck.NoteMax).HasMultiLineText();
        b.HasIndex(c => c.InspectionId);
        b.HasOne<Inspection>().WithMany().HasForeignKey(c => c.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InspectionFindingConfiguration : IEntityTypeConfiguration<InspectionFinding>
{
    public void Configure(EntityTypeBuilder<InspectionFinding> b)
    {
        b.ToTable("inspection_findings");
        b.ScopedThrough(f => f.InspectionId).WrittenWith(Permission.InspectionsWrite);
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.Text).HasMaxLength(InspectionFinding.TextMax).IsRequired();
        b.Property<string?>(nameof(InspectionFinding.Text)).HasMultiLineText();
        b.HasIndex(f => f.InspectionId);
        b.HasOne<Inspection>().WithMany().HasForeignKey(f => f.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InspectionPhotoConfiguration : IEntityTypeConfiguration<InspectionPhoto>
{
    public void Configure(EntityTypeBuilder<InspectionPhoto> b)
    {
        b.ToTable("inspection_photos");
        b.ScopedThrough(p => p.InspectionId).WrittenWith(Permission.InspectionsWrite);
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.HasIndex(p => p.InspectionId);
        b.HasIndex(p => p.FindingId);
        b.HasIndex(p => p.StoredFileId).IsUnique();
        b.HasOne<Inspection>().WithMany().HasForeignKey(p => p.InspectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<InspectionFinding>().WithMany().HasForeignKey(p => p.FindingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredFile>().WithMany().HasForeignKey(p => p.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}
