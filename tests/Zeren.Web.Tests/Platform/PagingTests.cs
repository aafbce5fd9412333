using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Platform;

/// <summary>
/// A page read as ids, then rows (ADR 0045), and a count that stops at a limit (ADR 0046), on both databases: the
/// rows come back in the ids' order, and a list longer than the limit says "at least" rather than a wrong total.
/// </summary>
public sealed class PagingTests
{
    private readonly string prefix = "PG" + Guid.NewGuid().ToString("N")[..8];

    private async Task SeedAsync(ZerenFactory factory)
    {
        await using var scope = factory.Scope();
        var orgs = scope.Get<OrganizationService>();
        var county = await orgs.CreateAsync(new OrgInput(null, $"{prefix}0", "分页县委", OrgKind.Committee, OrgDomain.Comprehensive));
        for (var i = 1; i <= 5; i++)
        {
            await orgs.CreateAsync(new OrgInput(county.Id, $"{prefix}{i}", $"分页{i}镇党委", OrgKind.Committee, OrgDomain.Comprehensive));
        }
    }

    private async Task<Paged<string>> PageAsync(ZerenFactory factory, int page, int size, int? countUpTo)
    {
        await using var scope = factory.Scope();
        var db = scope.Get<ZerenDbContext>();
        var orgs = db.Set<Organization>().IgnoreQueryFilters().AsNoTracking();
        // Descending, so that the ids' order is not the order the rows happen to come back in.
        var mine = orgs.Where(o => o.Code.StartsWith(prefix));
        var paged = await mine.OrderByDescending(o => o.Code).Select(o => o.Id)
            .ToPagedByIdsAsync(new PageRequest(page, size), ids => orgs.Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Code }),
                r => r.Id, mine.Select(o => o.Id), countUpTo);
        return paged.With<string>([.. paged.Items.Select(r => r.Code)]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task APage_IsItsIdsRowsInOrder_AndACappedCountSaysAtLeast(string provider)
    {
        var factory = ZerenFactory.For(provider);
        await SeedAsync(factory);

        var whole = await PageAsync(factory, 2, 2, countUpTo: null);
        whole.Items.Should().Equal($"{prefix}3", $"{prefix}2");
        whole.Total.Should().Be(6);
        whole.TotalIsLowerBound.Should().BeFalse();
        whole.PageCount.Should().Be(3);

        var under = await PageAsync(factory, 1, 4, countUpTo: 6);
        under.Items.Should().Equal($"{prefix}5", $"{prefix}4", $"{prefix}3", $"{prefix}2");
        under.Total.Should().Be(6);
        under.TotalIsLowerBound.Should().BeFalse();

        var capped = await PageAsync(factory, 3, 2, countUpTo: 3);
        capped.Items.Should().Equal($"{prefix}1", $"{prefix}0");
        capped.Total.Should().Be(3);
        capped.TotalIsLowerBound.Should().BeTrue();
    }
}
