namespace Zeren.Core.Spreadsheets;

/// <summary>How much an upload may hold. Bound from <c>Zeren:Import</c> in configuration.</summary>
public sealed class SpreadsheetLimits
{
    public const string Section = "Zeren:Import";

    /// <summary>Data rows in one file (the header row not counted).</summary>
    public int MaxRows { get; set; } = 20_000;

    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Every row is always checked; this only caps how many of the errors go back in one answer, so a file
    /// that is wrong on every line does not produce a response of many megabytes.
    /// </summary>
    public int MaxReportedErrors { get; set; } = 1_000;

    /// <summary>
    /// Uncompressed bytes of any one part of the workbook (a sheet, the shared strings). A sheet of 20 000 rows and
    /// 30 columns is about 30 MB; a zip of a few hundred KB can hold gigabytes.
    /// </summary>
    public long MaxPartBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Uncompressed bytes of all parts together.</summary>
    public long MaxPackageBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Parts (zip entries) in one workbook; Excel writes a dozen or so.</summary>
    public int MaxParts { get; set; } = 1_000;

    /// <summary>Characters of any one text (a shared or inline string, a cell value): Excel's own limit for a cell.</summary>
    public int MaxStringLength { get; set; } = 32_767;

    /// <summary>Imports running at once in this instance, over all accounts.</summary>
    public int MaxConcurrentImports { get; set; } = 2;

    /// <summary>Imports one account may run at once: one, so a double click or a script cannot queue several.</summary>
    public int MaxImportsPerAccount { get; set; } = 1;
}
