using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Organizations;
using Zeren.Core.People;

namespace Zeren.Core.Security;

/// <summary>Identity's tables under our names (snake_case like the rest), plus the account's own columns.</summary>
internal static class AccountTables
{
    public static void Configure(ModelBuilder mb)
    {
        mb.Entity<Account>(b =>
        {
            b.ToTable("accounts");
            b.Property(a => a.DisplayName).HasMaxLength(50).IsRequired();
            b.Property(a => a.PreviousPasswordHashes).HasMaxLength(2000);
            b.HasIndex(a => a.OrgId);
            b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrgId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.SetNull);
        });
        mb.Entity<IdentityRole<Guid>>().ToTable("roles");
        mb.Entity<IdentityUserRole<Guid>>().ToTable("account_roles");
        mb.Entity<IdentityUserClaim<Guid>>().ToTable("account_claims");
        mb.Entity<IdentityUserLogin<Guid>>().ToTable("account_logins");
        mb.Entity<IdentityUserToken<Guid>>().ToTable("account_tokens");
        mb.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
    }
}
