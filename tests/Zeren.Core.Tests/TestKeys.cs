using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Tests;

/// <summary>One set of fresh personal-data keys for the test run, and the numbers of a person read back through them.</summary>
public static class TestKeys
{
    public static readonly PersonalDataProtector Protector = new(PersonalDataKeys.Generate());

    public static string? IdNumber(this Person person) => person.IdNumberCipher is { } c ? Protector.Decrypt(c) : null;

    public static string? Mobile(this Person person) => person.MobileCipher is { } c ? Protector.Decrypt(c) : null;
}
