using System.Security.Cryptography;
using FluentAssertions;
using Xunit;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Security;

public class PersonalDataProtectorTests
{
    private const string IdNumber = "33082419900101123X";

    private static PersonalDataKeys Keys(string current, params string[] ids) =>
        new(ids.ToDictionary(id => id, _ => RandomNumberGenerator.GetBytes(16)), current, RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Encrypt_ThenDecrypt_GivesTheValueBack()
    {
        var protector = new PersonalDataProtector(PersonalDataKeys.Generate());

        protector.Decrypt(protector.Encrypt(IdNumber)).Should().Be(IdNumber);
        protector.Decrypt(protector.Encrypt("13812345678")).Should().Be("13812345678");
        protector.Decrypt(protector.Encrypt("")).Should().Be("");
    }

    [Fact]
    public void Encrypt_SameValueTwice_GivesDifferentCiphertexts_UnderTheCurrentKeyId()
    {
        var protector = new PersonalDataProtector(Keys("7", "7"));

        var first = protector.Encrypt(IdNumber);
        var second = protector.Encrypt(IdNumber);

        first.Should().NotBe(second);
        first.Should().StartWith("k7:").And.NotContain(IdNumber).And.NotContain(IdNumber[..17]);
        // 12-byte nonce, 18 bytes of text, 16-byte tag.
        Convert.FromBase64String(first[3..]).Should().HaveCount(12 + 18 + 16);
    }

    [Fact]
    public void Decrypt_WhenTampered_IsRefused()
    {
        var protector = new PersonalDataProtector(PersonalDataKeys.Generate());
        var stored = protector.Encrypt(IdNumber);
        var bytes = Convert.FromBase64String(stored[3..]);
        bytes[20] ^= 1;

        var act = () => protector.Decrypt("k1:" + Convert.ToBase64String(bytes));

        act.Should().Throw<CryptographicException>().WithMessage("*integrity*");
    }

    [Fact]
    public void Decrypt_UnderAKeyNotConfigured_SaysWhichKey()
    {
        var old = new PersonalDataProtector(Keys("1", "1"));
        var other = new PersonalDataProtector(Keys("2", "2"));

        var act = () => other.Decrypt(old.Encrypt(IdNumber));

        act.Should().Throw<CryptographicException>().WithMessage("*'1'*");
    }

    [Fact]
    public void Decrypt_WithAnotherKeyUnderTheSameId_FailsTheIntegrityCheck()
    {
        var act = () => new PersonalDataProtector(Keys("1", "1")).Decrypt(new PersonalDataProtector(Keys("1", "1")).Encrypt(IdNumber));

        act.Should().Throw<CryptographicException>();
    }

    [Fact]
    public void NewCurrentKey_EncryptsNewValues_AndOldValuesStillDecrypt()
    {
        var keys = Keys("1", "1");
        var before = new PersonalDataProtector(keys).Encrypt(IdNumber);
        var rotated = keys.WithNewCurrentKey();
        var protector = new PersonalDataProtector(rotated);

        rotated.CurrentKeyId.Should().Be("2");
        protector.Decrypt(before).Should().Be(IdNumber);
        protector.IsCurrent(before).Should().BeFalse();
        protector.Encrypt(IdNumber).Should().StartWith("k2:");
        protector.Index(IdNumber).Should().Be(new PersonalDataProtector(keys).Index(IdNumber), "the index key does not rotate");
    }

    [Fact]
    public void Index_IsStableForAValue_DiffersBetweenValuesAndIndexKeys_AndIsHex()
    {
        var protector = new PersonalDataProtector(PersonalDataKeys.Generate());

        var hash = protector.Index(IdNumber);

        hash.Should().MatchRegex("^[0-9a-f]{64}$");
        protector.Index(IdNumber).Should().Be(hash);
        protector.Index("330824199001011230").Should().NotBe(hash);
        new PersonalDataProtector(PersonalDataKeys.Generate()).Index(IdNumber).Should().NotBe(hash);
    }

    [Fact]
    public void Index_IsHmacSm3()
    {
        // RFC 2104 HMAC over GB/T 32905 SM3, checked against an independent computation of the same construction:
        // key "key" (padded with zeros to SM3's 64-byte block), message "abc".
        var key = "key"u8.ToArray();
        var protector = new PersonalDataProtector(new PersonalDataKeys(
            new Dictionary<string, byte[]> { ["1"] = new byte[16] }, "1", [.. key, .. new byte[13]]));

        protector.Index("abc").Should().Be(HmacSm3([.. key, .. new byte[13]], "abc"u8.ToArray()));
        // GB/T 32905-2016, example 1: the digest underneath is the standard SM3.
        Convert.ToHexStringLower(Sm3("abc"u8.ToArray())).Should().Be("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    [Fact]
    public void Keys_FromOptions_CheckWhatIsConfigured()
    {
        var key = Convert.ToBase64String(new byte[16]);
        var index = Convert.ToBase64String(new byte[32]);

        PersonalDataKeys.From(new PersonalDataOptions { Keys = { ["a"] = key }, IndexKey = index }).CurrentKeyId.Should().Be("a");
        FluentActions.Invoking(() => PersonalDataKeys.From(new PersonalDataOptions { Keys = { ["1"] = key, ["2"] = key }, IndexKey = index }))
            .Should().Throw<InvalidOperationException>().WithMessage("*CurrentKey*");
        FluentActions.Invoking(() => PersonalDataKeys.From(new PersonalDataOptions { Keys = { ["1"] = Convert.ToBase64String(new byte[32]) }, IndexKey = index }))
            .Should().Throw<InvalidOperationException>().WithMessage("*16 bytes*");
        FluentActions.Invoking(() => PersonalDataKeys.From(new PersonalDataOptions { Keys = { ["1"] = key } }))
            .Should().Throw<InvalidOperationException>().WithMessage("*IndexKey*");
        FluentActions.Invoking(() => PersonalDataKeys.From(new PersonalDataOptions { Keys = { ["1"] = key }, CurrentKey = "2", IndexKey = index }))
            .Should().Throw<InvalidOperationException>().WithMessage("*'2'*");
        FluentActions.Invoking(() => PersonalDataKeys.From(new PersonalDataOptions { Keys = { ["k:1"] = key }, IndexKey = index }))
            .Should().Throw<InvalidOperationException>().WithMessage("*key id*");
    }

    [Fact]
    public void KeyIdOf_ReadsThePrefix()
    {
        PersonalDataProtector.KeyIdOf("k12:AAAA").Should().Be("12");
        PersonalDataProtector.KeyIdOf("330824199001011234").Should().BeNull();
        PersonalDataProtector.KeyIdOf("k:AAAA").Should().BeNull();
    }

    /// <summary>HMAC written out from its definition over BouncyCastle's plain SM3, to check the protector's use of HMac.</summary>
    private static string HmacSm3(byte[] key, byte[] message)
    {
        var block = new byte[64];
        key.CopyTo(block, 0);
        var inner = Sm3([.. block.Select(b => (byte)(b ^ 0x36)), .. message]);
        return Convert.ToHexStringLower(Sm3([.. block.Select(b => (byte)(b ^ 0x5c)), .. inner]));
    }

    private static byte[] Sm3(byte[] data)
    {
        var d = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        d.BlockUpdate(data, 0, data.Length);
        var output = new byte[32];
        d.DoFinal(output, 0);
        return output;
    }
}
