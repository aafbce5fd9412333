using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Platform;

/// <summary>The input contract's rules without a database: text (<see cref="TextRules"/>), enum names, and the check of a save.</summary>
public sealed class InputRulesTests
{
    [Theory]
    [InlineData("张三", TextKind.SingleLine)]
    [InlineData("Zoë O'Neil-李", TextKind.SingleLine)]
    [InlineData("😀 emoji 𠀀", TextKind.SingleLine)]
    [InlineData("一、学习\n二、讨论\t发言\r\n", TextKind.MultiLine)]
    [InlineData("带\u200B零宽的会议记录", TextKind.MultiLine)]
    [InlineData("pass\u202Eword \u200B", TextKind.Verbatim)]
    public void Allowed(string text, TextKind kind) => TextRules.Check(text, kind).Should().BeNull();

    [Theory]
    [InlineData("张\0三", TextKind.SingleLine, 2, 0x0000)]
    [InlineData("张\u001B三", TextKind.MultiLine, 2, 0x001B)]
    [InlineData("张\u007F三", TextKind.MultiLine, 2, 0x007F)]
    [InlineData("张\u0085三", TextKind.MultiLine, 2, 0x0085)]
    [InlineData("张三\n", TextKind.SingleLine, 3, 0x000A)]
    [InlineData("张\t三", TextKind.SingleLine, 2, 0x0009)]
    [InlineData("张\u2028三", TextKind.SingleLine, 2, 0x2028)]
    [InlineData("张\u202E三", TextKind.MultiLine, 2, 0x202E)]
    [InlineData("张\u2066三", TextKind.MultiLine, 2, 0x2066)]
    [InlineData("张\u200B三", TextKind.SingleLine, 2, 0x200B)]
    [InlineData("张\u200F三", TextKind.SingleLine, 2, 0x200F)]
    [InlineData("张\u2060三", TextKind.SingleLine, 2, 0x2060)]
    [InlineData("\uFEFF张三", TextKind.SingleLine, 1, 0xFEFF)]
    [InlineData("😀\0", TextKind.SingleLine, 2, 0x0000)]
    [InlineData("pass\tword", TextKind.Verbatim, 5, 0x0009)]
    public void Refused_NamingTheCharacterAndWhereItIs(string text, TextKind kind, int position, int codePoint)
    {
        var problem = TextRules.Check(text, kind);
        problem.Should().NotBeNull();
        problem!.Position.Should().Be(position);
        problem.CodePoint.Should().Be(codePoint);
        problem.Message.Should().Contain($"第 {position} 个字符").And.Contain($"U+{codePoint:X4}");
    }

    [Fact]
    public void BrokenUtf16_IsRefused()
    {
        // Built here: a lone surrogate does not survive an attribute's constant.
        var lone = "张" + (char)0xD800 + "三";
        TextRules.Check(lone, TextKind.MultiLine)!.CodePoint.Should().Be(0xD800);
        TextRules.Check(lone, TextKind.Verbatim).Should().NotBeNull();
        TextRules.Check("张" + (char)0xDC00, TextKind.SingleLine)!.Position.Should().Be(2);
    }

    [Fact]
    public void Normalize_ComposesAndUnifiesLineBreaks_ButLeavesSecretsAlone()
    {
        TextRules.Normalize("Cafe\u0301", TextKind.SingleLine).Should().Be("Caf\u00E9");
        TextRules.Normalize("一\r\n二\r三\n四", TextKind.MultiLine).Should().Be("一\n二\n三\n四");
        TextRules.Normalize("Cafe\u0301", TextKind.Verbatim).Should().Be("Cafe\u0301");
        var ascii = "plain";
        TextRules.Normalize(ascii, TextKind.SingleLine).Should().BeSameAs(ascii);
    }

    [Theory]
    [InlineData("Male", true)]
    [InlineData("female", true)]
    [InlineData("7", false)]
    [InlineData("-1", false)]
    [InlineData("Male,Female", false)]
    [InlineData(" Male", false)]
    [InlineData("", false)]
    public void EnumNames_AcceptOnlyOneDefinedName(string text, bool accepted)
    {
        EnumNames.TryParse<Gender>(text, out _).Should().Be(accepted);
        if (!accepted)
        {
            EnumNames.Refusal(typeof(Gender), text).Should().Contain("Male、Female");
        }
    }

    [Fact]
    public void TheSave_RefusesUndefinedEnumsAndBadText_NamingEveryField_AndNormalizesTheRest()
    {
        using var db = NewContext();
        var org = Organization.Create(null, new OrgDetails("C-1", "县委\u200B", (OrgKind)42, OrgDomain.Comprehensive), DateTimeOffset.UtcNow);
        db.Add(org);
        var refused = FluentActions.Invoking(() => StoredValues.Check(db.ChangeTracker)).Should().Throw<ValidationFailedException>().Which;
        refused.Errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo([("name", "text"), ("kind", "enum")]);

        db.ChangeTracker.Clear();
        var good = Organization.Create(null, new OrgDetails("C-2", "Cafe\u0301", OrgKind.Committee, OrgDomain.Comprehensive), DateTimeOffset.UtcNow);
        db.Add(good);
        StoredValues.Check(db.ChangeTracker);
        good.Name.Should().Be("Caf\u00E9");
    }

    [Fact]
    public void TheSave_KnowsWhichColumnsHoldSeveralLines()
    {
        using var db = NewContext();
        StoredValues.KindOf(db.Model.FindEntityType(typeof(Meeting))!.FindProperty(nameof(Meeting.Content))!).Should().Be(TextKind.MultiLine);
        StoredValues.KindOf(db.Model.FindEntityType(typeof(Meeting))!.FindProperty(nameof(Meeting.Topic))!).Should().Be(TextKind.SingleLine);
        StoredValues.KindOf(db.Model.FindEntityType(typeof(Person))!.FindProperty(nameof(Person.Name))!).Should().Be(TextKind.SingleLine);
    }

    private static ZerenDbContext NewContext() =>
        new(new DbContextOptionsBuilder<ZerenDbContext>().UseSqlite("Data Source=:memory:").Options);
}
