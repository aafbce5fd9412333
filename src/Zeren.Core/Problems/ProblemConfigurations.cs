using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Rectification;

/// <summary>An instant kept as a UTC date-time: comparable and sortable on SQLite (text) as on PostgreSQL.</summary>
internal static class UtcInstant
{
    public static readonly ValueConverter<DateTimeOffset, DateTime> Converter =
        new(v => v.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
}

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    /// <summary>The open problems, as an index's filter (the same text in the model and its migration, on both databases).</summary>
    internal const string OpenFilter = "state <> 'Closed'";

    public void Configure(EntityTypeBuilder<Problem> b)
    {
        b.ToTable("problems");
        // Scoped by the rectifying organization: the issuing side lies above it, so both sides see the problem. Three
        // sides write it (the raiser, the rectifying organization, the verifier), each with its own permission that
        // ProblemService checks with the account's organization; the guard checks every save is in scope.
        b.ScopedByOrg(p => p.OrgId).WrittenWith(Permission.DataRead);
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.SourceType).HasMaxLength(Problem.SourceTypeMax);
        b.Property(p => p.SourceTitle).HasMaxLength(Problem.SourceTitleMax);
        b.Property(p => p.Category).HasMaxLength(Problem.CategoryMax);
        b.Property(p => p.Title).HasMaxLength(Problem.TitleMax).IsRequired();
        b.Property(p => p.Description).HasMaxLength(Problem.DescriptionMax).IsRequired();
        b.Property<string?>(nameof(Problem.Description)).HasMultiLineText();
        b.Property(p => p.Severity).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.CauseAnalysis).HasMaxLength(Problem.AnalysisMax).HasMultiLineText();
        b.Property(p => p.Measures).HasMaxLength(Problem.AnalysisMax).HasMultiLineText();
        b.Property(p => p.RaisedBy).HasMaxLength(256).IsRequired();
        b.Property(p => p.UpdatedBy).HasMaxLength(256).IsRequired();
        b.Ignore(p => p.IsOpen);
        // Compared and grouped by period: kept as UTC date-times, which SQLite compares as text (like the audit log's).
        b.Property(p => p.RaisedAt).HasConversion(UtcInstant.Converter);
        b.Property(p => p.ClosedAt).HasConversion(UtcInstant.Converter);
        // The list and statistics by subtree, state and period; the board; what is overdue; a source's problems.
        b.HasIndex(p => new { p.OrgId, p.State });
        b.HasIndex(p => new { p.State, p.DueOn });
        // The open ones by deadline (辖区逾期问题, most overdue first): a page of them from the index's first entries,
        // not from every open problem of a province sorted (38 ms, 0.4 ms with it).
        b.HasIndex(p => new { p.DueOn, p.Id }, "IX_problems_due_on_id_open").HasFilter(OpenFilter);
        b.HasIndex(p => p.RaisedAt);
        b.HasIndex(p => p.IssuerOrgId);
        b.HasIndex(p => new { p.SourceType, p.SourceId });
        b.HasIndex(p => p.OriginProblemId);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.IssuerOrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(p => p.ResponsiblePersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Problem>().WithMany().HasForeignKey(p => p.OriginProblemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProblemEventConfiguration : IEntityTypeConfiguration<ProblemEvent>
{
    public void Configure(EntityTypeBuilder<ProblemEvent> b)
    {
        b.ToTable("problem_events");
        // Added only with a change of their problem (its UpdatedAt moves), whose organization the guard checks in that save.
        b.ScopedThrough(e => e.ProblemId).WrittenWith(Permission.DataRead);
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Action).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Text).HasMaxLength(Problem.TextMax * 2 + 20).HasMultiLineText();
        b.Property(e => e.By).HasMaxLength(256).IsRequired();
        b.HasIndex(e => e.ProblemId);
        b.HasOne<Problem>().WithMany().HasForeignKey(e => e.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProblemFileConfiguration : IEntityTypeConfiguration<ProblemFile>
{
    public void Configure(EntityTypeBuilder<ProblemFile> b)
    {
        b.ToTable("problem_files");
        // Added with an application, which changes the problem in the same save.
        b.ScopedThrough(f => f.ProblemId).WrittenWith(Permission.DataRead);
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.HasIndex(f => f.ProblemId);
        b.HasIndex(f => f.EventId);
        b.HasIndex(f => f.StoredFileId).IsUnique();
        b.HasOne<Problem>().WithMany().HasForeignKey(f => f.ProblemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ProblemEvent>().WithMany().HasForeignKey(f => f.EventId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredFile>().WithMany().HasForeignKey(f => f.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SelfCheckConfiguration : IEntityTypeConfiguration<SelfCheck>
{
    public void Configure(EntityTypeBuilder<SelfCheck> b)
    {
        b.ToTable("self_checks");
        // Scoped by the issuer; the organizations below see it through their answers (ProblemService reads it for them).
        b.ScopedByOrg(s => s.IssuerOrgId).WrittenWith(Permission.ProblemsRaise);
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Title).HasMaxLength(Problem.TitleMax).IsRequired();
        b.Property(s => s.Instructions).HasMaxLength(SelfCheck.InstructionsMax).HasMultiLineText();
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(s => s.Domain).HasConversion<string>().HasMaxLength(40);
        b.Property(s => s.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(s => s.CreatedAt).HasConversion(UtcInstant.Converter);
        b.HasIndex(s => s.ProblemId);
        b.HasIndex(s => s.IssuerOrgId);
        b.HasOne<Problem>().WithMany().HasForeignKey(s => s.ProblemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.IssuerOrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.UnderOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SelfCheckAnswerConfiguration : IEntityTypeConfiguration<SelfCheckAnswer>
{
    public void Configure(EntityTypeBuilder<SelfCheckAnswer> b)
    {
        b.ToTable("self_check_answers");
        // Created by the issuer with the self-check, answered by the organization: ProblemService says which side does what.
        b.ScopedByOrg(a => a.OrgId).WrittenWith(Permission.DataRead);
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Result).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Note).HasMaxLength(SelfCheckAnswer.NoteMax).HasMultiLineText();
        b.Property(a => a.AnsweredBy).HasMaxLength(256);
        b.HasIndex(a => new { a.SelfCheckId, a.OrgId }).IsUnique();
        b.HasIndex(a => a.OrgId);
        b.HasOne<SelfCheck>().WithMany().HasForeignKey(a => a.SelfCheckId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Problem>().WithMany().HasForeignKey(a => a.FoundProblemId).OnDelete(DeleteBehavior.Restrict);
    }
}
