using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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
            // An account's organization is its scope, not its owner: sign-in and account management find accounts
            // across scopes, and AccountService keeps an administrator to accounts bound inside their own scope.
            b.Unscoped("Sign-in finds any account; AccountService limits administrators to their own scope.")
                .GuardedElsewhere("AccountService checks AccountsManage; sign-in itself (failed-attempt counters) writes before anyone is signed in.");
            b.Property(a => a.DisplayName).HasMaxLength(50).IsRequired();
            b.Property(a => a.PreviousPasswordHashes).HasMaxLength(2000);
            b.HasIndex(a => a.OrgId);
            b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrgId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.SetNull);
        });
        // Identity's own tables change with their account, through AccountService and sign-in, as above.
        IdentityTable(mb.Entity<IdentityRole<Guid>>().ToTable("roles"));
        IdentityTable(mb.Entity<IdentityUserRole<Guid>>().ToTable("account_roles"));
        IdentityTable(mb.Entity<IdentityUserClaim<Guid>>().ToTable("account_claims"));
        IdentityTable(mb.Entity<IdentityUserLogin<Guid>>().ToTable("account_logins"));
        IdentityTable(mb.Entity<IdentityUserToken<Guid>>().ToTable("account_tokens"));
        IdentityTable(mb.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims"));
    }

    private static void IdentityTable<T>(EntityTypeBuilder<T> b) where T : class =>
        b.Unscoped("Part of an account, found across scopes like the account.")
            .GuardedElsewhere("Changed with its account, through AccountService (AccountsManage) and sign-in.");
}
