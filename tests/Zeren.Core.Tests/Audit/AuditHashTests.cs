using System.Text;
using FluentAssertions;
using Zeren.Core.Audit;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Audit;

public class AuditHashTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 3, 4, 5, 678, TimeSpan.Zero);

    private static AuditEntry Entry(string entityType = "Person", string? entityId = "0193a1b2-0000-7000-8000-000000000001", string summary = "新增人员“张三”",
        string? after = """{"Name":"张三","IdNumber":"330824********1234"}""", long previous = 41, string? previousHash = null, Actor? actor = null) =>
        AuditEntry.Next(previous, previousHash ?? new string('a', 64), At,
            actor ?? new Actor(Guid.Parse("0193a1b2-0000-7000-8000-0000000000aa"), "王文书", "198.51.100.2", [Role.BranchClerk], DataScope.Nothing,
                orgPath: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"),
            new AuditDraft(AuditAction.Create, entityType, entityId, summary, null, after));

    [Fact]
    public void Sm3_MatchesTheStandardsExample() =>
        // GB/T 32905-2016, example 1.
        AuditHash.Sm3(Encoding.ASCII.GetBytes("abc")).Should().Be("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");

    [Fact]
    public void Of_AKnownEntry_IsPinned()
    {
        // The canonical form is a promise to every chain already written: this value must never change.
        var entry = Entry();
        entry.Sequence.Should().Be(42);
        entry.Hash.Should().Be(AuditHash.Of(entry)).And.HaveLength(64).And.MatchRegex("^[0-9a-f]{64}$");
        entry.Hash.Should().Be(PinnedHash);
    }

    /// <summary>Computed independently, by another SM3 implementation over the netstrings the format documents.</summary>
    private const string PinnedHash = "9d65a5821d2f84d12fe9aeb1c2e01491fe6e96c5edd11aa39b8ce7af25f445dc";

    /// <summary>The same entry in the second format: in an operation (its own), with the object's name and a reason.</summary>
    private static AuditEntry Entry2(long? operation = 42, string? name = "张三", string? reason = "重复登记") =>
        AuditEntry.Next(41, new string('a', 64), At,
            new Actor(Guid.Parse("0193a1b2-0000-7000-8000-0000000000aa"), "王文书", "198.51.100.2", [Role.BranchClerk], DataScope.Nothing,
                orgPath: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"),
            new AuditDraft(AuditAction.Create, "Person", "0193a1b2-0000-7000-8000-000000000001", "新增人员“张三”", null,
                """{"Name":"张三","IdNumber":"330824********1234"}""") { EntityName = name },
            operation, reason);

    [Fact]
    public void Of_TheSecondFormat_IsPinned()
    {
        // zeren-audit-2: the first format's fields, then Operation, EntityName and Reason, then PreviousHash (ADR 0019).
        var entry = Entry2();
        AuditHash.FormatOf(entry).Should().Be(2);
        entry.Hash.Should().Be(AuditHash.Of(entry)).And.Be(PinnedHash2);
    }

    /// <summary>Computed independently (Python's OpenSSL SM3 over the netstrings ADR 0019 documents).</summary>
    private const string PinnedHash2 = "ba1878ca58c825a23295cbd642ec37af29f70c13421e924a97ae83453d953dce";

    [Fact]
    public void Of_TheSecondFormat_DependsOnOperationNameAndReason()
    {
        var baseline = Entry2().Hash;
        Entry2(operation: 41).Hash.Should().NotBe(baseline);
        Entry2(name: "李四").Hash.Should().NotBe(baseline);
        Entry2(reason: null).Hash.Should().NotBe(baseline);
        // An entry of either format cannot pass for the other: the tag differs.
        Entry2(operation: null, name: null, reason: null).Hash.Should().Be(PinnedHash);
        Entry2(name: null, reason: null).Hash.Should().NotBe(PinnedHash);
    }

    [Fact]
    public void Check_AnOldEntryGivenAnOperation_IsBroken()
    {
        // An entry written before operations existed verifies as it was; giving it an operation afterwards changes which
        // form is hashed, and the stored hash no longer matches.
        var old = Entry();
        AuditVerifier.Check(old, 41, new string('a', 64)).Should().BeNull();
        typeof(AuditEntry).GetProperty(nameof(AuditEntry.Operation))!.SetValue(old, 42L);
        AuditVerifier.Check(old, 41, new string('a', 64))!.Reason.Should().Be(AuditBreakReason.HashMismatch);
    }

    [Fact]
    public void Of_DependsOnEveryField()
    {
        var baseline = Entry().Hash;
        Entry(entityType: "Organization").Hash.Should().NotBe(baseline);
        Entry(entityId: null).Hash.Should().NotBe(baseline);
        Entry(summary: "新增人员“李四”").Hash.Should().NotBe(baseline);
        Entry(after: null).Hash.Should().NotBe(baseline);
        Entry(previous: 42).Hash.Should().NotBe(baseline);
        Entry(previousHash: new string('b', 64)).Hash.Should().NotBe(baseline);
        Entry(actor: Actor.System).Hash.Should().NotBe(baseline);
    }

    [Fact]
    public void Of_TellsFieldBoundariesAndNullFromEmpty()
    {
        Entry(entityType: "ab", entityId: "c").Hash.Should().NotBe(Entry(entityType: "a", entityId: "bc").Hash);
        Entry(entityId: null).Hash.Should().NotBe(Entry(entityId: "").Hash);
    }

    [Fact]
    public void Next_CutsTheTimeToMillisecondsInUtc()
    {
        var at = new DateTimeOffset(2026, 11, 22, 11, 4, 5, TimeSpan.FromHours(8)).AddTicks(6_789_123);
        var entry = AuditEntry.Next(0, AuditHash.Genesis, at, Actor.System, new AuditDraft(AuditAction.Export, "Person", null, "导出", null, null));

        entry.At.Should().Be(new DateTimeOffset(2026, 11, 22, 3, 4, 5, 678, TimeSpan.Zero));
        entry.At.Offset.Should().Be(TimeSpan.Zero);
        entry.Sequence.Should().Be(1);
        entry.PreviousHash.Should().Be(AuditHash.Genesis).And.Be(new string('0', 64));
    }

    [Fact]
    public void Check_FindsEachKindOfBreak()
    {
        var first = AuditEntry.Next(0, AuditHash.Genesis, At, Actor.System, new AuditDraft(AuditAction.Export, "Person", null, "导出", null, null));
        var second = AuditEntry.Next(1, first.Hash, At, Actor.System, new AuditDraft(AuditAction.Export, "Person", null, "导出", null, null));

        AuditVerifier.Check(first, 0, AuditHash.Genesis).Should().BeNull();
        AuditVerifier.Check(second, 1, first.Hash).Should().BeNull();
        AuditVerifier.Check(second, 0, AuditHash.Genesis)!.Reason.Should().Be(AuditBreakReason.SequenceGap);
        AuditVerifier.Check(second, 1, new string('f', 64))!.Reason.Should().Be(AuditBreakReason.PreviousHashMismatch);
    }
}
