using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Security;

namespace Zeren.Core.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.ScopedByPath(o => o.Path, o => o.ParentId).WrittenWith(Permission.OrgsWrite);
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.Code).HasMaxLength(40).IsRequired();
        b.Property(o => o.Name).HasMaxLength(100).IsRequired();
        b.Property(o => o.Path).HasMaxLength(OrgPath.MaxLength).IsRequired().HasBinaryCollation();
        b.HasIndex(o => o.Code).IsUnique();
        b.HasIndex(o => o.Path).IsUnique();
        b.HasIndex(o => new { o.ParentId, o.SortOrder });
        b.HasIndex(o => o.RegionId);
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(o => o.RegionId).OnDelete(DeleteBehavior.SetNull);
        b.Ignore(o => o.IsVillage);
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("regions");
        // A county's regions group its townships: seen by accounts whose scope holds the county.
        b.ScopedByOrg(r => r.CountyOrgId).WrittenWith(Permission.OrgsWrite);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Name).HasMaxLength(50).IsRequired();
        b.HasIndex(r => new { r.CountyOrgId, r.Name }).IsUnique();
        // No foreign key to organizations: organizations.region_id already points here, and a cycle of
        // constraints would make the tables impossible to create in one pass.
    }
}

internal sealed class GridConfiguration : IEntityTypeConfiguration<Grid>
{
    public void Configure(EntityTypeBuilder<Grid> b)
    {
        b.ToTable("grids");
        b.ScopedByOrg(g => g.OrgId).WrittenWith(Permission.OrgsWrite);
        b.HasKey(g => g.Id);
        b.Property(g => g.Id).ValueGeneratedNever();
        b.Property(g => g.Name).HasMaxLength(50).IsRequired();
        b.HasIndex(g => new { g.OrgId, g.Name }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(g => g.OrgId).OnDelete(DeleteBehavior.Cascade);
        // The 网格长's foreign key to people is declared by People (GridLeaderConfiguration): the tree names no person.
    }
}
