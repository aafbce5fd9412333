using FluentAssertions;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Security;

/// <summary>
/// 口令复杂度: at least 8 characters, three of upper case, lower case, digit and symbol, not the user name, not a
/// common password, not the published demo password (except for the demo accounts).
/// </summary>
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
    [InlineData("Lqmvbtr#")]          // upper + lower + symbol
    [InlineData("Qinglan#Xian7")]     // all four
    [InlineData("党建abcd12")]         // Chinese characters count as symbols
    public void EightOrMore_WithThreeKinds_IsAccepted(string password) =>
        PasswordPolicy.Problem("zhangsan", password).Should().BeNull();

    [Theory]
    [InlineData("Zhang.San1", "Zhang.San1")]
    [InlineData("Zhang.San1", "zhang.san1")]  // the user name in another case is still the user name
    public void TheUserName_IsRefused(string userName, string password) =>
        PasswordPolicy.Problem(userName, password).Should().Be("密码不能与用户名相同。");

    [Theory]
    [InlineData("Qq123456")]          // qq123456
    [InlineData("qq123456!")]         // a symbol at the end is not a new password
    [InlineData("A123456!")]
    [InlineData("Woaini1314")]
    [InlineData("woaini1314.")]
    [InlineData("P@ssw0rd")]
    [InlineData("Admin@123")]
    [InlineData("1qaz@WSX")]
    [InlineData("Zeren@2025")]        // the app's name and a year
    [InlineData("Dangjian@2026")]
    [InlineData("Abc@123456")]
    [InlineData("Zhang123456")]
    [InlineData("Abcdefg#")]          // abcdefg, with a symbol after it
    public void CommonPasswords_AreRefused(string password)
    {
        PasswordPolicy.Problem("zhangsan", password).Should().Be("这是常见密码，很容易被猜中，请换一个。");
        PasswordPolicy.IsCommon(password).Should().BeTrue();
    }

    [Fact]
    public void TheCommonList_IsAFewThousandPasswords_WithTheChineseFavourites()
    {
        PasswordPolicy.CommonCount.Should().BeInRange(3000, 20000);
        foreach (var favourite in new[] { "123456", "a123456", "woaini1314", "qq123456", "5201314", "1qaz2wsx", "zeren@2026" })
        {
            PasswordPolicy.IsCommon(favourite).Should().BeTrue(favourite);
        }
        PasswordPolicy.IsCommon("Qinglan#Xian7").Should().BeFalse();
    }

    [Fact]
    public void TheDemoPassword_IsRefused_ExceptForDemoAccounts()
    {
        PasswordPolicy.Problem("zhangsan", PasswordPolicy.DemoPassword).Should().Be("不能使用演示账号的公开密码。");
        PasswordPolicy.Problem("zhangsan", "zeren@2026").Should().Be("不能使用演示账号的公开密码。", "in any case");
        PasswordPolicy.Problem("county", PasswordPolicy.DemoPassword, isDemo: true).Should().BeNull();
        PasswordPolicy.Problem("county", "Zeren@2025", isDemo: true).Should().NotBeNull("only the demo password itself is spared");
    }

    [Fact]
    public async Task AsIdentityValidator_RefusesTheDemoPassword_UnlessTheAccountIsADemoAccount()
    {
        var policy = new PasswordPolicy();
        (await policy.ValidateAsync(null!, new Account { UserName = "zhangsan" }, PasswordPolicy.DemoPassword)).Succeeded.Should().BeFalse();
        (await policy.ValidateAsync(null!, new Account { UserName = "county", IsDemo = true }, PasswordPolicy.DemoPassword)).Succeeded.Should().BeTrue();
    }

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
