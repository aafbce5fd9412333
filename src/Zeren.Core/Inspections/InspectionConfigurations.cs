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

internal sealed class InspectionRoundConfiguration : IEntityTypeConfiguration<InspectionRound>
{
    /// <summary>The round's scope filter: the 一村一清单 of a village names its round across it (ADR 0033).</summary>
    public const string ScopeFilter = "InspectionRound.Scope";

    public void Configure(EntityTypeBuilder<InspectionRound> b)
    {
        b.ToTable("inspection_rounds");
        // Scoped by the organization that runs it (the county), written by the department.
        b.ScopedByOrg(r => r.OrgId, ScopeFilter).WrittenWith(Permission.InspectionsPlan);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Name).HasMaxLength(InspectionRound.NameMax).IsRequired();
        b.Property(r => r.Note).HasMaxLength(InspectionRound.NoteMax).HasMultiLineText();
        b.Property(r => r.CreatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(r => new { r.OrgId, r.StartsOn });
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionGroupConfiguration : IEntityTypeConfiguration<InspectionGroup>
{
    public void Configure(EntityTypeBuilder<InspectionGroup> b)
    {
        b.ToTable("inspection_groups");
        // Scoped by the round's organization (copied), written by the department.
        b.ScopedByOrg(g => g.OrgId).WrittenWith(Permission.InspectionsPlan);
        b.HasKey(g => g.Id);
        b.Property(g => g.Id).ValueGeneratedNever();
        b.Property(g => g.Name).HasMaxLength(InspectionGroup.NameMax).IsRequired();
        b.HasIndex(g => new { g.RoundId, g.Name }).IsUnique();
        b.HasOne<InspectionRound>().WithMany().HasForeignKey(g => g.RoundId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(g => g.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(g => g.LeaderAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionGroupMemberConfiguration : IEntityTypeConfiguration<InspectionGroupMember>
{
    public void Configure(EntityTypeBuilder<InspectionGroupMember> b)
    {
        b.ToTable("inspection_group_members");
        // Scoped by the round's organization (copied), not through the group: the assignments' secrecy rule reads this table.
        b.ScopedByOrg(m => m.OrgId).WrittenWith(Permission.InspectionsPlan);
        b.HasKey(m => new { m.GroupId, m.AccountId });
        b.HasIndex(m => m.AccountId);
        b.HasOne<InspectionGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionRoundVillageConfiguration : IEntityTypeConfiguration<InspectionRoundVillage>
{
    /// <summary>The name of the assignments' secrecy filter (ADR 0033).</summary>
    public const string SecrecyFilter = "InspectionRoundVillage.Secrecy";

    public void Configure(EntityTypeBuilder<InspectionRoundVillage> b)
    {
        b.ToTable("inspection_round_villages");
        // Scoped by the village: once revealed, the village, its township and the county read it. Written by those who
        // record inspections (the department assigns; a recording links the visit).
        b.ScopedByOrg(a => a.VillageId, "InspectionRoundVillage.Scope").WrittenWith(Permission.InspectionsWrite);
        // Before its visit an assignment would tell the village when the group comes: only the department and the group's
        // members see it, until the visit is recorded or the round is finished (ADR 0033).
        b.VisibleOnlyWhen<InspectionRoundVillage>(SecrecyFilter, (db, a) => a.InspectionId != null || a.Revealed
            || db.ActorMay(Permission.InspectionsPlan)
            || db.Set<InspectionGroupMember>().Any(m => m.GroupId == a.GroupId && m.AccountId == db.ActorAccountId));
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        // The audit log keeps that a group was given villages, not which.
        b.Property(a => a.VillageId).IsSealedInAudit();
        b.Property(a => a.TownshipId).IsSealedInAudit();
        b.HasIndex(a => new { a.RoundId, a.VillageId }).IsUnique();
        b.HasIndex(a => a.GroupId);
        b.HasIndex(a => a.VillageId);
        b.HasIndex(a => a.InspectionId).IsUnique();
        b.HasOne<InspectionRound>().WithMany().HasForeignKey(a => a.RoundId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<InspectionGroup>().WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.VillageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Inspection>().WithMany().HasForeignKey(a => a.InspectionId).OnDelete(DeleteBehavior.Restrict);
    }
}
