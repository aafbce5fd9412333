using FluentAssertions;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Security;

/// <summary>一次性密码: easy to read off a screen and type, and still a password the policy accepts.</summary>
public class OneTimePasswordsTests
{
    [Fact]
    public void Generated_HoldNoCharacterThatIsHardToReadOrType_AndMeetThePolicy()
    {
        for (var i = 0; i < 2000; i++)
        {
            var password = OneTimePasswords.Generate();
            password.Should().HaveLength(OneTimePasswords.Length);
            password.Should().NotContainAny(OneTimePasswords.HardToRead.Select(c => c.ToString()));
            password.All(char.IsAsciiLetterOrDigit).Should().BeTrue("no symbol: a phone keyboard keeps them on another page");
            PasswordPolicy.Problem("zhangsan", password).Should().BeNull(password);
            AccountService.GeneratePassword().Should().NotContainAny(OneTimePasswords.HardToRead.Select(c => c.ToString()));
        }
    }

    [Fact]
    public void TheAlphabet_LeavesOutEveryConfusablePair()
    {
        foreach (var c in "0Oo1lIi2Zz5SsBGbgqUuVv")
        {
            OneTimePasswords.Alphabet.Should().NotContain(c.ToString());
        }
        // Lower-case letters shaped like their capitals, and r (rn reads as m).
        foreach (var c in "ckpwxyosuvzr")
        {
            OneTimePasswords.Lower.Should().NotContain(c.ToString());
        }
        OneTimePasswords.Alphabet.Distinct().Should().HaveCount(OneTimePasswords.Alphabet.Length);
    }

    [Fact]
    public void Generated_AreNotRepeated()
    {
        var made = Enumerable.Range(0, 1000).Select(_ => OneTimePasswords.Generate()).ToHashSet();
        made.Should().HaveCount(1000);
    }
}
