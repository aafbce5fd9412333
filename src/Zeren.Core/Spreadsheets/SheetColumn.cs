namespace Zeren.Core.Spreadsheets;

/// <summary>How the cells of a column are written.</summary>
public enum ColumnFormat
{
    General,

    /// <summary>Text even when it looks like a number: ID numbers, mobiles, codes (Excel would turn 18 digits into 3.30824E+17).</summary>
    Text,

    /// <summary>A real Excel date shown as yyyy-mm-dd.</summary>
    Date,

    /// <summary>Long text that wraps inside the cell.</summary>
    Wrapped,
}

/// <summary>A column of a sheet: its header, width in characters (0 = fit the header) and format.</summary>
public sealed record SheetColumn(string Header, double Width = 0, ColumnFormat Format = ColumnFormat.General)
{
    /// <summary>Allowed values: a template offers them as a drop-down and lists them on the 说明 sheet.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Must be filled on every row of an import.</summary>
    public bool Required { get; init; }

    /// <summary>How to fill the column, for the 说明 sheet.</summary>
    public string? Note { get; init; }
}
