using FluentAssertions;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Security;

/// <summary>口令复杂度: at least 8 characters, three of upper case, lower case, digit and symbol, not the user name.</summary>
public class PasswordPolicyTests
{
    [Theory]
    [InlineData("Ab1#xyz")]           // 7 characters, all four kinds
    [InlineData("")]
    [InlineData(null)]
    public void TooShort_IsRefused(string? password) =>
        PasswordPolicy.Problem("zhangsan", password).Should().Be("密码至少 8 位。");

    [Theory]
    [InlineData("abcdefg1")]          // lower + digit
    [InlineData("ABCDEFG1")]          // upper + digit
    [InlineData("abcdEFGH")]          // lower + upper
    [InlineData("abcd#$%&")]          // lower + symbol
    [InlineData("12345678")]          // digit only
    [InlineData("Passwordpassword")]  // long, still two kinds
    public void EightOrMore_WithTwoKinds_IsRefused(string password) =>
        PasswordPolicy.Problem("zhangsan", password).Should().Contain("至少三种");

    [Theory]
    [InlineData("abcdef1#")]          // lower + digit + symbol
    [InlineData("Abcdefg1")]          // upper + lower + digit
    [InlineData("ABCDEF1#")]          // upper + digit + symbol
    [InlineData("Abcdefg#")]          // upper + lower + symbol
    [InlineData("Zeren@2026")]        // all four
    [InlineData("党建abcd12")]         // Chinese characters count as symbols
    public void EightOrMore_WithThreeKinds_IsAccepted(string password) =>
        PasswordPolicy.Problem("zhangsan", password).Should().BeNull();

    [Theory]
    [InlineData("Zhang.San1", "Zhang.San1")]
    [InlineData("Zhang.San1", "zhang.san1")]  // the user name in another case is still the user name
    public void TheUserName_IsRefused(string userName, string password) =>
        PasswordPolicy.Problem(userName, password).Should().Be("密码不能与用户名相同。");

    [Fact]
    public async Task AsIdentityValidator_ReportsTheSameProblem()
    {
        var policy = new PasswordPolicy();
        var weak = await policy.ValidateAsync(null!, new Account { UserName = "zhangsan" }, "abcdefg1");
        weak.Succeeded.Should().BeFalse();
        weak.Errors.Should().ContainSingle().Which.Description.Should().Contain("至少三种");
        (await policy.ValidateAsync(null!, new Account { UserName = "zhangsan" }, "Abcdefg1")).Succeeded.Should().BeTrue();
    }
}
