using System.Globalization;
using System.Text;

namespace Zeren.Core.Platform;

/// <summary>
/// What a text field may hold: one line (names, codes, places; the default), several (minutes, notes), or a secret
/// taken as typed (passwords: no control characters, otherwise unchanged).
/// </summary>
public enum TextKind
{
    SingleLine,
    MultiLine,
    Verbatim,
}

/// <summary>
/// Marks a text field that may hold several lines: on an input record's parameter or property (the JSON contract)
/// and, through <c>HasMultiLineText()</c>, on the entity's column (the check before saving). Every other text is one line.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class MultiLineTextAttribute : Attribute;

/// <summary>
/// Marks a text field taken as sent (<see cref="TextKind.Verbatim"/>): passwords, which are never shown or stored as
/// text and must compare exactly with what was set, so they are not normalized; only control characters are refused.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class VerbatimTextAttribute : Attribute;

/// <summary>One character a text field may not hold: where it is (1-based, as a person counts) and what it is.</summary>
public sealed record TextProblem(int Position, int CodePoint, string What)
{
    public string Message => $"第 {Position} 个字符是{What}（U+{CodePoint:X4}），不允许使用，请删除。";
}

/// <summary>
/// The rules every text the app takes in follows, wherever it comes from (the API, a form, an import): no control
/// characters (C0 except, in multi-line text, tab and line breaks; DEL; C1), no bidirectional embeddings, overrides or
/// isolates (U+202A–202E, U+2066–2069), no broken UTF-16; one-line text also no line breaks, tabs or zero-width and
/// direction marks (U+200B–200F, U+2060, U+FEFF), which make two names that look the same differ. Text is kept in
/// Unicode normalization form C, and multi-line text with "\n" line breaks. Verbatim text (passwords) is only refused
/// control characters and broken UTF-16, and is never changed.
/// </summary>
public static class TextRules
{
    /// <summary>The first character <paramref name="text"/> may not hold as <paramref name="kind"/> text, or null.</summary>
    public static TextProblem? Check(string text, TextKind kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        for (var i = 0; i < text.Length; i++)
        {
            position++;
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return new TextProblem(position, c, "不完整的 UTF-16 代理项");
            }
            if (Refused(c, kind) is { } what)
            {
                return new TextProblem(position, c, what);
            }
        }
        return null;
    }

    /// <summary>Why <paramref name="c"/> is refused in <paramref name="kind"/> text, or null when it is allowed.</summary>
    private static string? Refused(char c, TextKind kind)
    {
        if (kind == TextKind.Verbatim)
        {
            return char.IsControl(c) ? "控制字符" : null;
        }
        var multiLine = kind == TextKind.MultiLine;
        return c switch
        {
            '\t' => multiLine ? null : "制表符",
            '\n' or '\r' or '\u2028' or '\u2029' => multiLine ? null : "换行符",
            < '\u0020' or (>= '\u007F' and <= '\u009F') => "控制字符",
            (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => "双向文本控制符",
            (>= '\u200B' and <= '\u200F') or '\u2060' or '\uFEFF' => multiLine ? null : "不可见的零宽字符或方向标记",
            _ => null,
        };
    }

    /// <summary>
    /// <paramref name="text"/> in normalization form C; multi-line text with every line break as "\n". Call on text that
    /// passed <see cref="Check"/> (broken UTF-16 cannot be normalized).
    /// </summary>
    public static string Normalize(string text, TextKind kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (kind == TextKind.Verbatim)
        {
            return text;
        }
        if (kind == TextKind.MultiLine && text.Contains('\r', StringComparison.Ordinal))
        {
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }
        return IsAscii(text) || text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    private static bool IsAscii(string text) => Ascii.IsValid(text);

    /// <summary>A field name as the API spells it: the property's name in camelCase.</summary>
    public static string FieldName(string propertyName)
    {
        ArgumentNullException.ThrowIfNull(propertyName);
        return propertyName.Length == 0 ? propertyName : char.ToLower(propertyName[0], CultureInfo.InvariantCulture) + propertyName[1..];
    }
}
