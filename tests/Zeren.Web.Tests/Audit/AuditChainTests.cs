using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Demo;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Audit;

/// <summary>
/// The hash chain catches tampering, and concurrent writers never fork it. These tests own their database:
/// they break chains on purpose, or count every entry.
/// </summary>
public class AuditChainTests
{
    /// <summary>An app with its own database and a handful of entries, 1..N.</summary>
    private static async Task<(ZerenFactory Factory, long Last)> AppWithEntries(string provider)
    {
        var factory = new ZerenFactory(provider);
        var client = factory.AdminClient();
        var (_, _, village) = await client.CreateCounty();
        await client.CreatePerson(TestData.Member(village.Id, "链一"));
        await client.CreatePerson(TestData.Member(village.Id, "链二"));
        var result = await factory.Verify();
        result.Intact.Should().BeTrue(result.Message);
        result.LastSequence.Should().BeGreaterThanOrEqualTo(5);
        return (factory, result.LastSequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verify_WhenARowWasEdited_NamesThatEntry(string provider)
    {
        var (factory, _) = await AppWithEntries(provider);
        await using var _ = factory;
        await factory.DisableTriggers();

        await factory.Sql("UPDATE audit_entries SET summary = '新增组织“别的县委”' WHERE sequence = 3");

        var result = await factory.Verify();
        result.Intact.Should().BeFalse();
        result.Break!.Sequence.Should().Be(3);
        result.Break.Reason.Should().Be(AuditBreakReason.HashMismatch);
        result.Count.Should().Be(2, "entries 1 and 2 are still good");
        result.Message.Should().Contain("第 3 条");

        var fromApi = await factory.AuditorClient().GetFromJson<AuditVerification>("/api/v1/audit/verify");
        fromApi.Break.Should().BeEquivalentTo(result.Break);

        var output = new StringWriter();
        (await AuditCommand.VerifyAsync(factory.Services, output)).Should().Be(1);
        output.ToString().Should().Contain("已断开").And.Contain("第 3 条").And.Contain("内容与哈希不符");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verify_WhenARowWasEditedAndRehashed_NamesTheNextEntry(string provider)
    {
        var (factory, _) = await AppWithEntries(provider);
        await using var _ = factory;
        await factory.DisableTriggers();

        // A careful intruder recomputes the edited row's hash; the next entry still chains to the old one.
        await factory.Sql("UPDATE audit_entries SET user_name = 'someone-else' WHERE sequence = 2");
        await using (var scope = factory.Scope())
        {
            var edited = await scope.Get<ZerenDbContext>().Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Sequence == 2);
            await factory.Sql($"UPDATE audit_entries SET hash = '{AuditHash.Of(edited)}' WHERE sequence = 2");
        }

        var result = await factory.Verify();
        result.Break!.Sequence.Should().Be(3);
        result.Break.Reason.Should().Be(AuditBreakReason.PreviousHashMismatch);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verify_WhenARowWasDeleted_NamesTheGap(string provider)
    {
        var (factory, _) = await AppWithEntries(provider);
        await using var _ = factory;
        await factory.DisableTriggers();

        await factory.Sql("DELETE FROM audit_entries WHERE sequence = 4");

        var result = await factory.Verify();
        result.Break!.Sequence.Should().Be(5);
        result.Break.Reason.Should().Be(AuditBreakReason.SequenceGap);
        result.Break.Message.Should().Contain("第 4 条缺失");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verify_WhenIntact_ExitsZero(string provider)
    {
        var (factory, last) = await AppWithEntries(provider);
        await using var _ = factory;

        var output = new StringWriter();
        (await AuditCommand.VerifyAsync(factory.Services, output)).Should().Be(0);
        output.ToString().Should().Contain("完整").And.Contain($"共 {last} 条");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ConcurrentSaves_ThroughSeparateScopes_MakeAGaplessChain(string provider)
    {
        await using var factory = new ZerenFactory(provider);
        var county = await factory.AdminClient().CreateOrg(null, "并发测试县委");
        var before = await factory.Verify();
        const int writers = 20;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await using var scope = factory.Scope();
            await scope.Get<OrganizationService>().CreateAsync(
                new OrgInput(county.Id, TestData.Code("P"), $"并发测试镇{i:D2}", OrgKind.Committee, OrgDomain.Comprehensive));
        })));

        var result = await factory.Verify();
        result.Intact.Should().BeTrue(result.Message);
        result.Count.Should().Be(before.Count + writers);
        await using var check = factory.Scope();
        var sequences = await check.Get<ZerenDbContext>().Set<AuditEntry>().Select(e => e.Sequence).OrderBy(s => s).ToListAsync();
        sequences.Should().Equal(Enumerable.Range(1, (int)result.Count).Select(i => (long)i));
        (await check.Get<ZerenDbContext>().Set<AuditEntry>().CountAsync(e => e.EntityType == nameof(Organization) && e.Action == AuditAction.Create))
            .Should().Be(1 + writers);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCounty_IsOneSummaryEntry_NotOnePerRow(string provider)
    {
        var factory = ZerenFactory.WithDemo(provider);
        // The demo's own audit administrator, exempt from two-factor set-up like every demo account.
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await factory.LoginAsync("auditor", DemoAccounts.Password));

        var demo = (await client.Audit($"?entityType={nameof(DemoCounty)}")).Items.Should().ContainSingle().Which;
        demo.Action.Should().Be(AuditAction.Import);
        demo.Summary.Should().StartWith("载入演示县").And.Contain("人");
        (await client.Audit($"?entityType={nameof(Person)}&action=Create&pageSize=1")).Total.Should().Be(0);
        (await client.Audit($"?entityType={nameof(Organization)}&action=Create&pageSize=1")).Total.Should().Be(0);
        // The demo accounts are ordinary accounts, recorded row by row after the load.
        (await client.Audit($"?entityType={nameof(Account)}&action=Create&pageSize=50")).Items
            .Should().Contain(e => e.Summary == "新增账号“auditor”" && e.UserName == "system");
        (await client.GetFromJson<AuditVerification>("/api/v1/audit/verify")).Intact.Should().BeTrue();
    }
}
