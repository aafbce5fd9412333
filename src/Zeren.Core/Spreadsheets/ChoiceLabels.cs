namespace Zeren.Core.Spreadsheets;

/// <summary>
/// The Chinese labels of an enum as a spreadsheet shows them, and the other spellings people type
/// (本科 for 大学本科). Export writes the label; import accepts the label or an alias.
/// </summary>
public sealed class ChoiceLabels<T>
    where T : struct, Enum
{
    private readonly Dictionary<T, string> labels = [];
    private readonly Dictionary<string, T> values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> ordered = [];

    public ChoiceLabels<T> Add(T value, string label, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        labels.Add(value, label);
        ordered.Add(label);
        values.Add(label, value);
        foreach (var alias in aliases)
        {
            values.Add(alias, value);
        }
        return this;
    }

    /// <summary>The labels in the order they were added, for drop-downs and the 说明 sheet.</summary>
    public IReadOnlyList<string> Labels => ordered;

    public string Label(T value) => labels.TryGetValue(value, out var label) ? label : value.ToString();

    public string? Label(T? value) => value is { } v ? Label(v) : null;

    public bool TryParse(string text, out T value) => values.TryGetValue(XlsxReader.NormalizeHeader(text), out value);

    /// <summary>“x”不是可选值 … for an import error.</summary>
    public string Unknown(string text) => $"“{text}”不是可选值，应为：{string.Join("、", ordered)}。";
}
