namespace Zeren.Core.Platform;

/// <summary>
/// Personal numbers as a list or page shows them: enough to tell people apart, not enough to use.
/// Who may see the full value is decided elsewhere; these only hide.
/// </summary>
public static class Masking
{
    /// <summary>居民身份证号码: the 6-digit region and the last 4 stay, e.g. <c>330824********1234</c>.</summary>
    public static string? IdNumber(string? value) => Keep(value, 6, 4);

    /// <summary>手机号码: the 3-digit carrier prefix and the last 4 stay, e.g. <c>138****5678</c>.</summary>
    public static string? Mobile(string? value) => Keep(value, 3, 4);

    /// <summary>
    /// Keeps <paramref name="head"/> characters at the start and <paramref name="tail"/> at the end and stars the rest.
    /// A value too short to hide anything that way is starred whole: a malformed number must not leak either.
    /// </summary>
    public static string? Keep(string? value, int head, int tail)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(head);
        ArgumentOutOfRangeException.ThrowIfNegative(tail);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var v = value.Trim();
        var hidden = v.Length - head - tail;
        if (hidden < Math.Max(1, v.Length / 3))
        {
            return new string('*', v.Length);
        }
        return string.Concat(v.AsSpan(0, head), new string('*', hidden), v.AsSpan(v.Length - tail));
    }
}
