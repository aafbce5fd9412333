using System.Globalization;
using System.Text.RegularExpressions;

namespace Zeren.Core.People;

/// <summary>居民身份证号码 (GB 11643-1999): 17 digits and a check character.</summary>
public static partial class ChineseIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    /// <summary>Returns null when valid, otherwise what is wrong, in Chinese.</summary>
    public static string? Problem(string value)
    {
        if (!Shape().IsMatch(value))
        {
            return "身份证号码应为 18 位：17 位数字加 1 位数字或 X。";
        }
        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return "身份证号码中的出生日期无效。";
        }
        if (char.ToUpperInvariant(value[17]) != CheckCharacter(value))
        {
            return "身份证号码校验位不正确（GB 11643）。";
        }
        return null;
    }

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public static DateOnly BirthDate(string valid) =>
        DateOnly.ParseExact(valid.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The 17th digit: odd for men, even for women.</summary>
    public static Gender Gender(string valid) => (valid[16] - '0') % 2 == 1 ? People.Gender.Male : People.Gender.Female;

    [GeneratedRegex(@"^\d{17}[\dXx]$")]
    private static partial Regex Shape();
}

/// <summary>Mainland mobile numbers: 11 digits starting 13–19.</summary>
public static partial class MobileNumber
{
    public static bool IsValid(string value) => Shape().IsMatch(value);

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Shape();
}
