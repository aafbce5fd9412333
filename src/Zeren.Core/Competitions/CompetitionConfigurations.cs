using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Core.Competitions;

internal sealed class CompetitionConfiguration : IEntityTypeConfiguration<Competition>
{
    public void Configure(EntityTypeBuilder<Competition> b)
    {
        b.ToTable("competitions");
        // Scoped by the organizing organization (the region); organized by those who score assessments.
        b.ScopedByOrg(c => c.OrgId).WrittenWith(Permission.AssessmentScore);
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Name).HasMaxLength(Competition.NameMax).IsRequired();
        b.Property(c => c.Theme).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Period).HasMaxLength(Competition.PeriodMax).IsRequired();
        b.Property(c => c.MaxScore).HasPrecision(6, 2);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.PublishedBy).HasMaxLength(256);
        b.Property(c => c.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(c => c.UpdatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(c => new { c.OrgId, c.Period });
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CompetitionContestantConfiguration : IEntityTypeConfiguration<CompetitionContestant>
{
    public void Configure(EntityTypeBuilder<CompetitionContestant> b)
    {
        b.ToTable("competition_contestants");
        // Changed only together with their competition (its UpdatedAt moves), whose organization the guard checks in that save.
        b.ScopedThrough(c => c.CompetitionId).WrittenWith(Permission.AssessmentScore);
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Score).HasPrecision(6, 2);
        b.Property(c => c.Mean).HasPrecision(6, 2);
        b.HasIndex(c => new { c.CompetitionId, c.OrgId }).IsUnique();
        b.HasIndex(c => c.OrgId);
        b.HasOne<Competition>().WithMany().HasForeignKey(c => c.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CompetitionJudgeConfiguration : IEntityTypeConfiguration<CompetitionJudge>
{
    public void Configure(EntityTypeBuilder<CompetitionJudge> b)
    {
        b.ToTable("competition_judges");
        // Changed only together with their competition, like the contestants.
        b.ScopedThrough(j => j.CompetitionId).WrittenWith(Permission.AssessmentScore);
        b.HasKey(j => new { j.CompetitionId, j.AccountId });
        b.HasIndex(j => j.AccountId);
        b.HasOne<Competition>().WithMany().HasForeignKey(j => j.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(j => j.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CompetitionScoreConfiguration : IEntityTypeConfiguration<CompetitionScore>
{
    public void Configure(EntityTypeBuilder<CompetitionScore> b)
    {
        b.ToTable("competition_scores");
        // A judge needs no write permission of their own: CompetitionService.ScoreAsync lets only a judge of the panel
        // write their own scores, while the event is being scored.
        b.ScopedThrough(s => s.CompetitionId).GuardedElsewhere(
            "CompetitionService.ScoreAsync: only a judge of the event's panel writes, their own scores only, while the event is 评分中.");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Points).HasPrecision(6, 2);
        b.HasIndex(s => new { s.ContestantId, s.JudgeAccountId }).IsUnique();
        b.HasIndex(s => s.CompetitionId);
        b.HasIndex(s => s.JudgeAccountId);
        b.HasOne<Competition>().WithMany().HasForeignKey(s => s.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CompetitionContestant>().WithMany().HasForeignKey(s => s.ContestantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(s => s.JudgeAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
