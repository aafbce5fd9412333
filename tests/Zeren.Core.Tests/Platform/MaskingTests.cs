using FluentAssertions;
using Xunit;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Platform;

public class MaskingTests
{
    [Fact]
    public void IdNumber_KeepsRegionAndLastFour() =>
        Masking.IdNumber("330824199001011234").Should().Be("330824********1234");

    [Fact]
    public void IdNumber_WithCheckCharacterX_KeepsIt() =>
        Masking.IdNumber("33082419900101123X").Should().Be("330824********123X");

    [Fact]
    public void Mobile_KeepsPrefixAndLastFour() =>
        Masking.Mobile("13812345678").Should().Be("138****5678");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_IsNull(string? value)
    {
        Masking.IdNumber(value).Should().BeNull();
        Masking.Mobile(value).Should().BeNull();
    }

    [Theory]
    [InlineData("1234", "****")]
    [InlineData("12345678", "********")]
    public void TooShortToHideAPart_IsStarredWhole(string value, string expected) =>
        Masking.Mobile(value).Should().Be(expected);

    [Fact]
    public void SurroundingSpaces_AreIgnored() =>
        Masking.Mobile(" 13812345678 ").Should().Be("138****5678");

    [Fact]
    public void MaskedValue_KeepsLength() =>
        Masking.IdNumber("330824199001011234")!.Length.Should().Be(18);
}
