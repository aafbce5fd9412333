using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Core.PartyAudits;

internal sealed class AuditRoundConfiguration : IEntityTypeConfiguration<AuditRound>
{
    public const string ScopeFilter = "AuditRound.Scope";

    public void Configure(EntityTypeBuilder<AuditRound> b)
    {
        b.ToTable("party_audit_rounds");
        // Scoped by the organization that runs it (the county); written by the department (PartyAuditsRun).
        b.ScopedByOrg(r => r.OrgId, ScopeFilter).WrittenWith(Permission.PartyAuditsRun);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Name).HasMaxLength(AuditRound.NameMax).IsRequired();
        b.Property(r => r.State).HasMaxLength(40).IsConcurrencyToken();
        b.Property(r => r.SampledBy).HasMaxLength(256);
        b.Property(r => r.ClosedBy).HasMaxLength(256);
        b.Property(r => r.CreatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(r => new { r.OrgId, r.Year });
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditUnitConfiguration : IEntityTypeConfiguration<AuditUnit>
{
    public const string ScopeFilter = "AuditUnit.Scope";
    public const string ReleaseFilter = "AuditUnit.Release";

    public void Configure(EntityTypeBuilder<AuditUnit> b)
    {
        b.ToTable("party_audit_units");
        // Scoped by the audited unit: its own accounts (and those above it) may read its result...
        b.ScopedByOrg(u => u.OrgId, ScopeFilter).WrittenWith(Permission.PartyAuditsRun);
        // ...but only once the round is closed (released); until then only auditors see the unit and its sample (三不直).
        b.VisibleOnlyWhen<AuditUnit>(ReleaseFilter, (db, u) => u.ReleasedAt != null || db.ActorMay(Permission.PartyAuditsScore));
        b.HasKey(u => u.Id);
        b.Property(u => u.Id).ValueGeneratedNever();
        b.HasIndex(u => new { u.RoundId, u.OrgId }).IsUnique();
        b.HasIndex(u => u.OrgId);
        b.HasOne<AuditRound>().WithMany().HasForeignKey(u => u.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditItemConfiguration : IEntityTypeConfiguration<AuditItem>
{
    public void Configure(EntityTypeBuilder<AuditItem> b)
    {
        b.ToTable("party_audit_items");
        // The checklist is the round's published standard (what is audited, and its points), the same for everyone who sees a
        // result of it; the round, its units, sample and scores are scoped.
        b.Unscoped("审计清单: a round's published standard (item and points), no organization's data; the round and its results are scoped.")
            .WrittenWith(Permission.PartyAuditsRun);
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Title).HasMaxLength(AuditItem.TitleMax).IsRequired();
        b.HasIndex(i => new { i.RoundId, i.Position });
        b.HasOne<AuditRound>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditSampleConfiguration : IEntityTypeConfiguration<AuditSample>
{
    public void Configure(EntityTypeBuilder<AuditSample> b)
    {
        b.ToTable("party_audit_branches");
        // Through the unit: hidden with it until the round closes, and seen by the unit's side after.
        b.ScopedThrough(s => s.UnitId).WrittenWith(Permission.PartyAuditsScore);
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Kind).HasMaxLength(40);
        b.Property(s => s.ScoredBy).HasMaxLength(256);
        b.HasIndex(s => new { s.UnitId, s.OrgId }).IsUnique();
        b.HasIndex(s => s.RoundId);
        b.HasIndex(s => s.OrgId);
        b.HasOne<AuditRound>().WithMany().HasForeignKey(s => s.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AuditUnit>().WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditScoreConfiguration : IEntityTypeConfiguration<AuditScore>
{
    public void Configure(EntityTypeBuilder<AuditScore> b)
    {
        b.ToTable("party_audit_scores");
        b.ScopedThrough(s => s.SampleId).WrittenWith(Permission.PartyAuditsScore);
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Note).HasMaxLength(AuditScore.NoteMax).HasMultiLineText();
        b.HasIndex(s => new { s.SampleId, s.ItemId }).IsUnique();
        b.HasIndex(s => s.ItemId);
        b.HasOne<AuditSample>().WithMany().HasForeignKey(s => s.SampleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AuditItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}
