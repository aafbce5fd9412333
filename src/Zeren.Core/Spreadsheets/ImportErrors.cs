using Zeren.Core.Platform;

namespace Zeren.Core.Spreadsheets;

/// <summary>What an import did. Unchanged rows matched an existing record that already said the same.</summary>
public sealed record ImportSummary(int Created, int Updated, int Unchanged = 0);

/// <summary>
/// Collects every problem of every row of an import, then refuses the whole file at once (all or nothing).
/// Each error names the row as the spreadsheet numbers it, the column by its header, and what is wrong.
/// </summary>
public sealed class ImportErrors(int maxReported)
{
    private readonly List<ValidationError> errors = [];
    private readonly HashSet<int> rows = [];
    private int total;

    public bool Any => total > 0;

    public int Count => total;

    public bool HasRow(int row) => rows.Contains(row);

    public void Add(int row, string column, string message)
    {
        total++;
        rows.Add(row);
        if (errors.Count < maxReported)
        {
            errors.Add(new ValidationError(column, Prefix(row, column) + message, row));
        }
    }

    /// <summary>
    /// What is wrong, without the “第 N 行“列”：” its message begins with: for a table that shows the row and the
    /// column in their own cells. Other messages come back whole.
    /// </summary>
    public static string Problem(ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var prefix = error.Row is { } row ? Prefix(row, error.Field) : null;
        return prefix is not null && error.Message.StartsWith(prefix, StringComparison.Ordinal) ? error.Message[prefix.Length..] : error.Message;
    }

    private static string Prefix(int row, string column) => $"第 {row} 行“{column}”：";

    /// <summary>Throws <see cref="ValidationFailedException"/> with all errors when there are any; nothing was imported.</summary>
    public void ThrowIfAny()
    {
        if (total == 0)
        {
            return;
        }
        var ordered = errors.OrderBy(e => e.Row).ToList();
        var shown = total > ordered.Count ? $"，以下列出前 {ordered.Count} 处" : "";
        throw new ValidationFailedException(
            $"导入未执行：{rows.Count} 行数据有 {total} 处错误{shown}。请改正后重新导入整个文件（全部通过才会导入）。", ordered);
    }
}
