namespace Zeren.Core.Spreadsheets;

/// <summary>Column letters (A … Z, AA … XFD) and cell references (B7).</summary>
public static class CellReference
{
    public const int MaxColumns = 16_384;

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Span<char> buffer = stackalloc char[4];
        var pos = buffer.Length;
        var n = index + 1;
        while (n > 0)
        {
            var rem = (n - 1) % 26;
            buffer[--pos] = (char)('A' + rem);
            n = (n - 1) / 26;
        }
        return new string(buffer[pos..]);
    }

    public static string Of(int columnIndex, int rowNumber) => ColumnName(columnIndex) + rowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The 0-based column of a reference such as "AB12", or -1 when it has no letters.</summary>
    public static int ColumnIndex(ReadOnlySpan<char> reference)
    {
        var n = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            n = n * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (n > MaxColumns)
            {
                return -1;
            }
        }
        return i == 0 ? -1 : n - 1;
    }
}
