using System.Security.Cryptography;

namespace Zeren.Core.Security;

/// <summary>
/// 一次性密码: what a new account or a reset password gets, read off a screen (or over the phone) and typed once.
/// Made of letters and digits no font confuses: no 0/O/o, 1/l/I/i/j, 2/Z/z, 5/S/s, B, G/b, g/q, U/u/V/v, no lower-case
/// letter that looks like its capital (c k p w x y), no r (rn reads as m), and no symbol, which a phone keyboard keeps
/// on another page. It has an upper-case letter, a lower-case letter and a digit, so it meets <see cref="PasswordPolicy"/>;
/// 12 of 31 characters is about 59 bits.
/// </summary>
public static class OneTimePasswords
{
    public const int Length = 12;

    public const string Upper = "ACDEFHJKLMNPRTWXY";
    public const string Lower = "adefhmnt";
    public const string Digits = "346789";

    /// <summary>Characters a generated password never holds, because they are mistaken for others or hard to type.</summary>
    public const string HardToRead = "0Oo1lIij2Zz5SsBGbgqUuVvckpwxyr";

    public static string Alphabet => Upper + Lower + Digits;

    public static string Generate()
    {
        var all = Alphabet;
        var chars = new char[Length];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
