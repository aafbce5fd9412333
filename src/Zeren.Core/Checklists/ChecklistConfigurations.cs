using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.Rectification;
using Zeren.Core.Security;

namespace Zeren.Core.Checklists;

internal sealed class ChecklistTemplateConfiguration : IEntityTypeConfiguration<ChecklistTemplate>
{
    /// <summary>The visibility rule's name: templates held along the account's line (in its scope or above it).</summary>
    public const string LineFilter = "checklist-line";

    public void Configure(EntityTypeBuilder<ChecklistTemplate> b)
    {
        b.ToTable("checklist_templates");
        // The standard's wording, which the villages under the holder must read: not scoped by its holder (which would
        // hide the county's standard from its villages) but seen along the account's line only: held in its scope (by
        // its organization or one under it) or by an organization above it. ChecklistService writes only a holder in
        // the account's scope, with AssessmentConfigure.
        b.Unscoped("标准化建设清单: a published standard (items and wording) read by the villages under its holder; seen along the account's line (the visibility rule below), written only by a holder in scope.")
            .WrittenWith(Permission.AssessmentConfigure);
        b.VisibleOnlyWhen(LineFilter, (db, t) => EF.Functions.Like(db.ScopeWhole, "%") || db.ActorOrgLine.Contains(t.OrgId) || db.Set<Organization>().Any(o => o.Id == t.OrgId));
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Name).HasMaxLength(ChecklistTemplate.NameMax).IsRequired();
        b.Property(t => t.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(t => t.UpdatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(t => new { t.OrgId, t.Year, t.Kind, t.Version }).IsUnique();
        b.HasIndex(t => t.CopiedFromId);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ChecklistTemplate>().WithMany().HasForeignKey(t => t.CopiedFromId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChecklistItemConfiguration : IEntityTypeConfiguration<ChecklistItem>
{
    public void Configure(EntityTypeBuilder<ChecklistItem> b)
    {
        b.ToTable("checklist_items");
        b.Unscoped("清单条目: the items of a published standard, read with their template.").WrittenWith(Permission.AssessmentConfigure);
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Name).HasMaxLength(ChecklistItem.NameMax).IsRequired();
        b.Property(i => i.Description).HasMaxLength(ChecklistItem.DescriptionMax).IsRequired();
        b.Property<string?>(nameof(ChecklistItem.Description)).HasMultiLineText();
        b.HasIndex(i => new { i.TemplateId, i.Position });
        b.HasOne<ChecklistTemplate>().WithMany().HasForeignKey(i => i.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChecklistEntryConfiguration : IEntityTypeConfiguration<ChecklistEntry>
{
    public void Configure(EntityTypeBuilder<ChecklistEntry> b)
    {
        b.ToTable("checklist_entries");
        // Scoped by the village: the village and every organization above it see it. Two sides write it (the village
        // claims with ListsReport, an organization above verifies or returns with ProblemsVerify), which
        // ChecklistService checks with the account's organization; the guard checks every save is in scope.
        b.ScopedByOrg(e => e.OrgId).WrittenWith(Permission.DataRead);
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Note).HasMaxLength(ChecklistEntry.NoteMax).HasMultiLineText();
        b.Property(e => e.ClaimedBy).HasMaxLength(256);
        b.Property(e => e.VerifiedBy).HasMaxLength(256);
        b.Property(e => e.ReturnReason).HasMaxLength(Platform.Reasons.MaxLength);
        b.Property(e => e.UpdatedBy).HasMaxLength(256).IsRequired();
        // Compared with a period's end by the assessment sources: kept as UTC date-times (comparable on SQLite too).
        b.Property(e => e.VerifiedAt).HasConversion(UtcInstant.Converter);
        b.HasIndex(e => new { e.ItemId, e.OrgId }).IsUnique();
        b.HasIndex(e => new { e.TemplateId, e.State });
        b.HasIndex(e => new { e.OrgId, e.State });
        b.HasOne<ChecklistTemplate>().WithMany().HasForeignKey(e => e.TemplateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ChecklistItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChecklistEventConfiguration : IEntityTypeConfiguration<ChecklistEvent>
{
    public void Configure(EntityTypeBuilder<ChecklistEvent> b)
    {
        b.ToTable("checklist_events");
        // Added only with a change of their entry (its UpdatedAt moves), whose organization the guard checks in that save.
        b.ScopedThrough(e => e.EntryId).WrittenWith(Permission.DataRead);
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Action).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Text).HasMaxLength(ChecklistEntry.NoteMax).HasMultiLineText();
        b.Property(e => e.By).HasMaxLength(256).IsRequired();
        b.HasIndex(e => e.EntryId);
        b.HasOne<ChecklistEntry>().WithMany().HasForeignKey(e => e.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChecklistFileConfiguration : IEntityTypeConfiguration<ChecklistFile>
{
    public void Configure(EntityTypeBuilder<ChecklistFile> b)
    {
        b.ToTable("checklist_files");
        // Added with a claim, which changes the entry in the same save.
        b.ScopedThrough(f => f.EntryId).WrittenWith(Permission.DataRead);
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.HasIndex(f => f.EntryId);
        b.HasIndex(f => f.EventId);
        b.HasIndex(f => f.StoredFileId).IsUnique();
        b.HasOne<ChecklistEntry>().WithMany().HasForeignKey(f => f.EntryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ChecklistEvent>().WithMany().HasForeignKey(f => f.EventId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredFile>().WithMany().HasForeignKey(f => f.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}
