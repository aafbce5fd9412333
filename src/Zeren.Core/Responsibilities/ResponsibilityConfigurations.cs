using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Responsibilities;

internal sealed class ResponsibilityListConfiguration : IEntityTypeConfiguration<ResponsibilityList>
{
    public void Configure(EntityTypeBuilder<ResponsibilityList> b)
    {
        b.ToTable("responsibility_lists");
        // Scoped by the issuer. A receiver outside the issuer's scope reads the list through its receiver row, lifting
        // this filter alone (ResponsibilityListService.VisibleLists).
        b.ScopedByOrg(l => l.IssuerOrgId, ResponsibilityList.ScopeFilter).WrittenWith(Permission.ListsIssue);
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.Title).HasMaxLength(ListRules.TitleMax).IsRequired();
        b.Property(l => l.Note).HasMaxLength(ListRules.NoteMax).HasAnnotation(StoredValues.MultiLineAnnotation, true);
        b.Property(l => l.IssuedBy).HasMaxLength(256);
        b.Property(l => l.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(l => l.UpdatedBy).HasMaxLength(256).IsRequired();
        b.Ignore(l => l.IsIssued);
        b.HasIndex(l => l.IssuerOrgId);
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.IssuerOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResponsibilityItemConfiguration : IEntityTypeConfiguration<ResponsibilityItem>
{
    public void Configure(EntityTypeBuilder<ResponsibilityItem> b)
    {
        b.ToTable("responsibility_items");
        // Added only together with a change of their list's update stamp, so the issuer is checked in the same save.
        b.ScopedThrough(i => i.ListId).WrittenWith(Permission.ListsIssue);
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Content).HasMaxLength(ListRules.ContentMax).IsRequired().HasAnnotation(StoredValues.MultiLineAnnotation, true);
        b.Property(i => i.Standard).HasMaxLength(ListRules.StandardMax).IsRequired().HasAnnotation(StoredValues.MultiLineAnnotation, true);
        b.Property(i => i.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(i => i.RevokedBy).HasMaxLength(256);
        b.Property(i => i.RevokeReason).HasMaxLength(Platform.Reasons.MaxLength);
        b.Ignore(i => i.IsRevoked);
        b.HasIndex(i => new { i.ListId, i.Number }).IsUnique();
        b.HasIndex(i => i.PersonId);
        b.HasOne<ResponsibilityList>().WithMany().HasForeignKey(i => i.ListId).OnDelete(DeleteBehavior.Cascade);
        // A person named on a list stays (a record of who answered for what).
        b.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ListReceiverConfiguration : IEntityTypeConfiguration<ListReceiver>
{
    public void Configure(EntityTypeBuilder<ListReceiver> b)
    {
        b.ToTable("list_receivers");
        b.ScopedByOrg(r => r.OrgId).WrittenWith(Permission.ListsIssue);
        // The key leads with the list: a list's receivers are one index range, paged in that order.
        b.HasKey(r => new { r.ListId, r.OrgId });
        // An organization's received lists.
        b.HasIndex(r => r.OrgId);
        b.HasOne<ResponsibilityList>().WithMany().HasForeignKey(r => r.ListId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ItemCompletionConfiguration : IEntityTypeConfiguration<ItemCompletion>
{
    public void Configure(EntityTypeBuilder<ItemCompletion> b)
    {
        b.ToTable("list_completions");
        b.ScopedByOrg(c => c.OrgId).WrittenWith(Permission.ListsReport);
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Evidence).HasMaxLength(ListRules.EvidenceMax).HasAnnotation(StoredValues.MultiLineAnnotation, true);
        b.Property(c => c.DoneBy).HasMaxLength(256);
        b.Property(c => c.ConfirmedBy).HasMaxLength(256);
        b.Property(c => c.ReturnedBy).HasMaxLength(256);
        b.Property(c => c.ReturnComment).HasMaxLength(ListRules.CommentMax).HasAnnotation(StoredValues.MultiLineAnnotation, true);
        b.Ignore(c => c.IsOpen);
        // One record per item and receiver; an item's receivers are counted from it.
        b.HasIndex(c => new { c.ItemId, c.OrgId }).IsUnique();
        // A list's progress by receiver and state, counted without the items.
        b.HasIndex(c => new { c.ListId, c.OrgId, c.State });
        b.HasIndex(c => c.OrgId);
        b.HasIndex(c => c.PersonId);
        // Records keep their list, item and organization: nothing reported vanishes with them.
        b.HasOne<ResponsibilityList>().WithMany().HasForeignKey(c => c.ListId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ResponsibilityItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrgId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CompletionFileConfiguration : IEntityTypeConfiguration<CompletionFile>
{
    public void Configure(EntityTypeBuilder<CompletionFile> b)
    {
        b.ToTable("list_completion_files");
        // Added with a change of their completion's update stamp, so the receiver's organization is checked in that save.
        b.ScopedThrough(f => f.CompletionId).WrittenWith(Permission.ListsReport);
        b.HasKey(f => new { f.CompletionId, f.StoredFileId });
        b.Property(f => f.AddedBy).HasMaxLength(256).IsRequired();
        // A file is evidence of one completion at most.
        b.HasIndex(f => f.StoredFileId).IsUnique();
        b.HasOne<ItemCompletion>().WithMany().HasForeignKey(f => f.CompletionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StoredFile>().WithMany().HasForeignKey(f => f.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}
