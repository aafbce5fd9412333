using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.People;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("people");
        b.ScopedByOrg(p => p.OrgId, Person.ScopeFilter).WrittenWith(Permission.PeopleWrite);
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(50).IsRequired();
        b.Property(p => p.Ethnicity).HasMaxLength(20).IsRequired();
        // Personal numbers only encrypted, with a keyed hash beside each for exact search (ADR 0012).
        b.Property(p => p.IdNumberCipher).HasMaxLength(Person.CipherMaxLength);
        b.Property(p => p.IdNumberHash).HasMaxLength(Person.HashLength);
        b.Property(p => p.MobileCipher).HasMaxLength(Person.CipherMaxLength);
        b.Property(p => p.MobileHash).HasMaxLength(Person.HashLength);
        b.HasIndex(p => p.IdNumberHash).IsUnique();
        b.HasIndex(p => p.MobileHash);
        // The list's page of ids is read from one of these alone (ADR 0045): by name over a large scope, by organization over a small one.
        b.HasIndex(p => new { p.OrgId, p.Name, p.Id });
        b.HasIndex(p => new { p.Name, p.Id, p.OrgId });
        // The list's other orders over a large scope (ADR 0045): a province's or a large county's first page by birth or
        // joining date is read from the index's start, not every person in scope sorted (0.6–1.3 s).
        b.HasIndex(p => new { p.BirthDate, p.Id, p.OrgId });
        b.HasIndex(p => new { p.JoinedPartyOn, p.Id, p.OrgId });
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> b)
    {
        b.ToTable("positions");
        b.ScopedByOrg(p => p.OrgId).WrittenWith(Permission.PeopleWrite);
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.EndReason).HasMaxLength(Reasons.MaxLength);
        b.HasIndex(p => new { p.OrgId, p.Title });
        b.HasIndex(p => p.PersonId);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LinkConfiguration : IEntityTypeConfiguration<Link>
{
    public void Configure(EntityTypeBuilder<Link> b)
    {
        b.ToTable("links");
        b.ScopedByOrg(l => l.OrgId).WrittenWith(Permission.PeopleWrite);
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.EndReason).HasMaxLength(Reasons.MaxLength);
        b.HasIndex(l => new { l.OrgId, l.Kind });
        b.HasIndex(l => new { l.PersonId, l.Kind });
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrgId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(l => l.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReserveCadreConfiguration : IEntityTypeConfiguration<ReserveCadre>
{
    public void Configure(EntityTypeBuilder<ReserveCadre> b)
    {
        b.ToTable("reserve_cadres");
        b.ScopedByOrg(r => r.OrgId).WrittenWith(Permission.PeopleWrite);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Note).HasMaxLength(500).HasMultiLineText();
        b.HasIndex(r => new { r.OrgId, r.PersonId }).IsUnique();
        b.HasIndex(r => r.PersonId);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// 网格长: a grid of the org tree names its leader, a person. The tree lies below the people and names none of them,
/// so the foreign key is declared here, beside the people it points to.
/// </summary>
internal sealed class GridLeaderConfiguration : IEntityTypeConfiguration<Grid>
{
    public void Configure(EntityTypeBuilder<Grid> b) =>
        b.HasOne<Person>().WithMany().HasForeignKey(g => g.LeaderPersonId).OnDelete(DeleteBehavior.SetNull);
}
