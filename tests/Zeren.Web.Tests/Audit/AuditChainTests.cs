using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Demo;
using Zeren.Core.Organizations;
using Zeren.Core.People;
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
        var client = factory.CreateClient();
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

        var fromApi = await factory.CreateClient().GetFromJson<AuditVerification>("/api/v1/audit/verify");
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
        var county = await factory.CreateClient().CreateOrg(null, "并发测试县委");
        const int writers = 20;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await using var scope = factory.Scope();
            await scope.Get<OrganizationService>().CreateAsync(
                new OrgInput(county.Id, TestData.Code("P"), $"并发测试镇{i:D2}", OrgKind.Committee, OrgDomain.Comprehensive));
        })));

        var result = await factory.Verify();
        result.Intact.Should().BeTrue(result.Message);
        result.Count.Should().Be(1 + writers);
        await using var check = factory.Scope();
        var sequences = await check.Get<ZerenDbContext>().Set<AuditEntry>().Select(e => e.Sequence).OrderBy(s => s).ToListAsync();
        sequences.Should().Equal(Enumerable.Range(1, 1 + writers).Select(i => (long)i));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCounty_IsOneSummaryEntry_NotOnePerRow(string provider)
    {
        var client = ZerenFactory.WithDemo(provider).CreateClient();

        var demo = (await client.Audit($"?entityType={nameof(DemoCounty)}")).Items.Should().ContainSingle().Which;
        demo.Action.Should().Be(AuditAction.Import);
        demo.Summary.Should().StartWith("载入演示县").And.Contain("人");
        demo.Sequence.Should().Be(1);
        (await client.Audit($"?entityType={nameof(Person)}&action=Create&pageSize=1")).Total.Should().Be(0);
        (await client.GetFromJson<AuditVerification>("/api/v1/audit/verify")).Intact.Should().BeTrue();
    }
}
