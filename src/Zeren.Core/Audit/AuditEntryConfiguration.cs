using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.Unscoped("The log is read by the audit administrator, who needs no data scope; AuditSearch narrows it by ActorOrgPath.")
            .GuardedElsewhere("Appended only by the AuditInterceptor, inside the save the guard let through; never changed or deleted.");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        // Stored as a UTC DateTime: SQLite cannot compare DateTimeOffset text, but compares DateTime text in order,
        // which the time filter needs. The column types stay those of a DateTimeOffset on both databases.
        b.Property(e => e.At).HasConversion(v => v.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
        b.Property(e => e.UserName).HasMaxLength(AuditEntry.UserNameMaxLength).IsRequired();
        b.Property(e => e.ClientAddress).HasMaxLength(AuditEntry.ClientAddressMaxLength);
        b.Property(e => e.ActorOrgPath).HasMaxLength(OrgPath.MaxLength).HasAnnotation(ZerenDbContext.BinaryCollationAnnotation, true);
        b.Property(e => e.EntityType).HasMaxLength(AuditEntry.EntityTypeMaxLength).IsRequired();
        b.Property(e => e.EntityId).HasMaxLength(AuditEntry.EntityIdMaxLength);
        b.Property(e => e.Summary).HasMaxLength(AuditEntry.SummaryMaxLength).IsRequired();
        b.Property(e => e.EntityName).HasMaxLength(AuditEntry.EntityNameMaxLength);
        b.Property(e => e.Reason).HasMaxLength(AuditEntry.ReasonMaxLength);
        b.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        b.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        b.HasIndex(e => new { e.UserName, e.Sequence });
        b.HasIndex(e => new { e.EntityType, e.EntityId, e.Sequence });
        b.HasIndex(e => e.At);
        // An operation's entries, for the page that shows one operation per row.
        b.HasIndex(e => e.Operation);
    }
}
