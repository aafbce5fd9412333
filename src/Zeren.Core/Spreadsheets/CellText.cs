using System.Globalization;
using System.Text.RegularExpressions;

namespace Zeren.Core.Spreadsheets;

/// <summary>Reads typed values from the cell texts <see cref="XlsxReader"/> returns.</summary>
public static partial class CellText
{
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    /// <summary>
    /// A date as people write it in a sheet: 2021-07-01, 2021/7/1, 2021.7.1, 2021年7月1日, 20210701, or a bare
    /// Excel serial number (a date cell formatted as a number).
    /// </summary>
    public static bool TryDate(string text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        var m = DateShape().Match(text);
        if (m.Success)
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            var mo = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var d = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            return TryMake(y, mo, d, out date);
        }
        if (text.Length == 8 && text.All(char.IsAsciiDigit))
        {
            return TryMake(int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture), int.Parse(text.AsSpan(4, 2), CultureInfo.InvariantCulture),
                int.Parse(text.AsSpan(6, 2), CultureInfo.InvariantCulture), out date);
        }
        if (text.Length <= 5 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial > 60)
        {
            date = ExcelEpoch.AddDays(serial);
            return true;
        }
        return false;
    }

    private static bool TryMake(int y, int m, int d, out DateOnly date)
    {
        date = default;
        if (y is < 1 or > 9999 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }
        date = new DateOnly(y, m, d);
        return true;
    }

    /// <summary>A whole number; "3.0" (a number cell) counts, "3.5" does not.</summary>
    public static bool TryInt(string text, out int value)
    {
        value = 0;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        return false;
    }

    [GeneratedRegex(@"^(?<y>\d{4})\s*[-/.年]\s*(?<m>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$")]
    private static partial Regex DateShape();
}
