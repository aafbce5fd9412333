using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Core.Supervision;

internal sealed class SupervisionOrderConfiguration : IEntityTypeConfiguration<SupervisionOrder>
{
    public void Configure(EntityTypeBuilder<SupervisionOrder> b)
    {
        b.ToTable("supervision_orders");
        // Scoped by the receiver: the issuer lies above it (the county, or the township over it), so both sides see the
        // order, and so does every organization between them. Both sides write the row (the receiver acknowledges and
        // answers, the issuer verifies, returns, escalates): SupervisionService says which side may take which step.
        b.ScopedByOrg(o => o.OrgId).WrittenWith(Permission.SupervisionRespond);
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.Title).HasMaxLength(SupervisionOrder.TitleMax).IsRequired();
        b.Property(o => o.Content).HasMaxLength(SupervisionOrder.ContentMax).IsRequired();
        b.Property<string?>(nameof(SupervisionOrder.Content)).HasMultiLineText();
        b.Property(o => o.Requirements).HasMaxLength(SupervisionOrder.RequirementsMax).HasMultiLineText();
        b.Property(o => o.SourceType).HasMaxLength(SupervisionOrder.SourceTypeMax).IsRequired();
        b.Property(o => o.SourceId).HasMaxLength(SupervisionOrder.SourceIdMax);
        b.Property(o => o.SourceTitle).HasMaxLength(SupervisionOrder.SourceTitleMax);
        b.Property(o => o.SourceLink).HasMaxLength(SupervisionOrder.SourceLinkMax);
        b.Property(o => o.State).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.IssuedBy).HasMaxLength(256).IsRequired();
        b.Property(o => o.UpdatedBy).HasMaxLength(256).IsRequired();
        b.Ignore(o => o.NumberText);
        b.Ignore(o => o.IsOpen);
        // 督办〔年〕N号 is unique per issuer: the counter gives each number once, the index says so to the database.
        b.HasIndex(o => new { o.IssuerOrgId, o.Year, o.Number }).IsUnique();
        // The register by receiver subtree and state; the issuer's own queue; what is overdue today.
        b.HasIndex(o => new { o.OrgId, o.State });
        b.HasIndex(o => new { o.State, o.DueOn });
        b.HasIndex(o => o.BatchId);
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.IssuerOrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SupervisionEventConfiguration : IEntityTypeConfiguration<SupervisionEvent>
{
    public void Configure(EntityTypeBuilder<SupervisionEvent> b)
    {
        b.ToTable("supervision_events");
        // Added only with a change of their order (its UpdatedAt moves), whose organization the guard checks in that save.
        b.ScopedThrough(e => e.OrderId).WrittenWith(Permission.SupervisionRespond);
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Action).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Text).HasMaxLength(SupervisionOrder.ResponseMax).HasMultiLineText();
        b.Property(e => e.By).HasMaxLength(256).IsRequired();
        b.HasIndex(e => e.OrderId);
        b.HasOne<SupervisionOrder>().WithMany().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupervisionFileConfiguration : IEntityTypeConfiguration<SupervisionFile>
{
    public void Configure(EntityTypeBuilder<SupervisionFile> b)
    {
        b.ToTable("supervision_files");
        // Added with an answer, which changes the order in the same save.
        b.ScopedThrough(f => f.OrderId).WrittenWith(Permission.SupervisionRespond);
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.HasIndex(f => f.OrderId);
        b.HasIndex(f => f.EventId);
        // A file is evidence of one answer at most, and stays while the order does.
        b.HasIndex(f => f.StoredFileId).IsUnique();
        b.HasOne<SupervisionOrder>().WithMany().HasForeignKey(f => f.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SupervisionEvent>().WithMany().HasForeignKey(f => f.EventId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredFile>().WithMany().HasForeignKey(f => f.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SupervisionCounterConfiguration : IEntityTypeConfiguration<SupervisionCounter>
{
    public void Configure(EntityTypeBuilder<SupervisionCounter> b)
    {
        b.ToTable("supervision_counters");
        b.Unscoped("A number counter per issuing organization and year: it holds no business content, and the order it numbers is scoped.")
            .GuardedElsewhere("raised by SupervisionService with one statement in the transaction that saves the order, whose save the guard checks");
        // The order it numbers is recorded; the counter is its bookkeeping.
        b.IsNotAudited();
        b.HasKey(c => new { c.IssuerOrgId, c.Year });
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.IssuerOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
