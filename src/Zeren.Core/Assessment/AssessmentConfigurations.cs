using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Core.Assessment;

internal sealed class AssessmentSchemeConfiguration : IEntityTypeConfiguration<AssessmentScheme>
{
    public void Configure(EntityTypeBuilder<AssessmentScheme> b)
    {
        b.ToTable("assessment_schemes");
        // Scoped by the assessing organization (the county, or a township for its villages).
        b.ScopedByOrg(s => s.OrgId).WrittenWith(Permission.AssessmentConfigure);
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Name).HasMaxLength(AssessmentScheme.NameMax).IsRequired();
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.BonusCap).HasPrecision(10, 2);
        b.Property(s => s.DeductionCap).HasPrecision(10, 2);
        b.Property(s => s.TiersJson).HasMaxLength(2000).IsRequired();
        b.Property(s => s.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(s => s.UpdatedBy).HasMaxLength(256).IsRequired();
        b.Ignore(s => s.IsFrozen);
        b.Ignore(s => s.Tiers);
        b.HasIndex(s => new { s.OrgId, s.Year });
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SchemeItemConfiguration : IEntityTypeConfiguration<SchemeItem>
{
    public void Configure(EntityTypeBuilder<SchemeItem> b)
    {
        b.ToTable("assessment_items");
        // Changed only together with their scheme (its UpdatedAt moves), whose organization the guard checks in that save.
        b.ScopedThrough(i => i.SchemeId).WrittenWith(Permission.AssessmentConfigure);
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Name).HasMaxLength(SchemeItem.NameMax).IsRequired();
        b.Property(i => i.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Source).HasMaxLength(SchemeItem.SourceMax);
        b.Property(i => i.Points).HasPrecision(10, 2);
        b.Property(i => i.Cap).HasPrecision(10, 2);
        b.Property(i => i.Note).HasMaxLength(SchemeItem.NoteMax).HasMultiLineText();
        b.HasIndex(i => i.SchemeId);
        b.HasOne<AssessmentScheme>().WithMany().HasForeignKey(i => i.SchemeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SchemeItem>().WithMany().HasForeignKey(i => i.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScoringRunConfiguration : IEntityTypeConfiguration<ScoringRun>
{
    public void Configure(EntityTypeBuilder<ScoringRun> b)
    {
        b.ToTable("scoring_runs");
        b.ScopedByOrg(r => r.OrgId).WrittenWith(Permission.AssessmentScore);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Period).HasMaxLength(ScoringRun.PeriodMax).IsRequired();
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Reason).HasMaxLength(ScoringRun.ReasonMax);
        b.Property(r => r.PublishedBy).HasMaxLength(256);
        b.Property(r => r.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(r => r.UpdatedBy).HasMaxLength(256).IsRequired();
        // One version number per scheme and period: a correction is the next.
        b.HasIndex(r => new { r.SchemeId, r.Period, r.Version }).IsUnique();
        b.HasOne<AssessmentScheme>().WithMany().HasForeignKey(r => r.SchemeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ScoringRun>().WithMany().HasForeignKey(r => r.CorrectsRunId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RunEntryConfiguration : IEntityTypeConfiguration<RunEntry>
{
    public void Configure(EntityTypeBuilder<RunEntry> b)
    {
        b.ToTable("scoring_entries");
        // Written only with a change of their run (its UpdatedAt moves), whose organization the guard checks in that save.
        b.ScopedThrough(e => e.RunId).WrittenWith(Permission.AssessmentScore);
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Value).HasPrecision(12, 4);
        b.Property(e => e.Points).HasPrecision(10, 2);
        b.Property(e => e.Data).HasMaxLength(RunEntry.DataMax);
        b.Property(e => e.Reason).HasMaxLength(RunEntry.ReasonMax).HasMultiLineText();
        b.Property(e => e.UpdatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(e => new { e.RunId, e.OrgId, e.ItemId }).IsUnique();
        b.HasOne<ScoringRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SchemeItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RunResultConfiguration : IEntityTypeConfiguration<RunResult>
{
    public void Configure(EntityTypeBuilder<RunResult> b)
    {
        b.ToTable("scoring_results");
        b.ScopedThrough(r => r.RunId).WrittenWith(Permission.AssessmentScore);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.BasePoints).HasPrecision(10, 2);
        b.Property(r => r.Bonus).HasPrecision(10, 2);
        b.Property(r => r.Deduction).HasPrecision(10, 2);
        b.Property(r => r.Total).HasPrecision(10, 2);
        b.Property(r => r.Tier).HasMaxLength(20);
        b.HasIndex(r => new { r.RunId, r.OrgId }).IsUnique();
        b.HasOne<ScoringRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StarBandSetConfiguration : IEntityTypeConfiguration<StarBandSet>
{
    public void Configure(EntityTypeBuilder<StarBandSet> b)
    {
        b.ToTable("star_band_sets");
        b.ScopedByOrg(s => s.OrgId).WrittenWith(Permission.AssessmentConfigure);
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.BandsJson).HasMaxLength(1000).IsRequired();
        b.Property(s => s.UpdatedBy).HasMaxLength(256).IsRequired();
        b.Ignore(s => s.Bands);
        b.HasIndex(s => new { s.OrgId, s.Year }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StarRatingConfiguration : IEntityTypeConfiguration<StarRating>
{
    public void Configure(EntityTypeBuilder<StarRating> b)
    {
        b.ToTable("star_ratings");
        b.ScopedByOrg(r => r.OrgId).WrittenWith(Permission.AssessmentScore);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.BandsJson).HasMaxLength(1000).IsRequired();
        b.Property(r => r.RatedBy).HasMaxLength(256).IsRequired();
        b.Ignore(r => r.Bands);
        // One rating per published run.
        b.HasIndex(r => r.RunId).IsUnique();
        b.HasIndex(r => new { r.OrgId, r.Year });
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ScoringRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StarRatingEntryConfiguration : IEntityTypeConfiguration<StarRatingEntry>
{
    public void Configure(EntityTypeBuilder<StarRatingEntry> b)
    {
        b.ToTable("star_rating_entries");
        // Scoped by the branch rated, so its own accounts read its history; written only with its rating.
        b.ScopedByOrg(e => e.OrgId).WrittenWith(Permission.AssessmentScore);
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Score).HasPrecision(10, 2);
        b.HasIndex(e => new { e.RatingId, e.OrgId }).IsUnique();
        b.HasIndex(e => new { e.OrgId, e.Year });
        b.HasOne<StarRating>().WithMany().HasForeignKey(e => e.RatingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
