using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Security;

/// <summary>A new table cannot slip past the data scope or the write guard.</summary>
public class ModelGuardTests
{
    private static ZerenDbContext Context() =>
        new(new DbContextOptionsBuilder<ZerenDbContext>().UseSqlite("Data Source=:memory:").Options);

    [Fact]
    public void EveryEntityThatBelongsToAnOrganization_HasAScopeFilter()
    {
        using var db = Context();
        var owned = db.Model.GetEntityTypes()
            .Where(t => t.ClrType == typeof(Organization) || t.FindProperty("OrgId") is not null || t.FindProperty("CountyOrgId") is not null)
            // An account's organization is its scope, not its owner: sign-in and account management find accounts across scopes.
            .Where(t => t.ClrType != typeof(Account))
            .ToList();
        owned.Should().HaveCountGreaterThan(5);
        owned.Where(t => t.GetDeclaredQueryFilters().Count == 0).Select(t => t.ClrType.Name)
            .Should().BeEmpty("DataScopeFilters must put a filter on every org-owned entity");
    }

    [Fact]
    public void EveryEntity_IsClassifiedInTheWriteGuard()
    {
        using var db = Context();
        db.Model.GetEntityTypes().Select(t => t.ClrType).Where(t => !WriteGuard.IsClassified(t)).Select(t => t.Name)
            .Should().BeEmpty();
    }
}
