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
}
