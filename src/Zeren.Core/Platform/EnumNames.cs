using System.Collections.Concurrent;

namespace Zeren.Core.Platform;

/// <summary>
/// Enums as the app takes them in (JSON bodies, query strings, forms): by one of their defined names, ignoring case,
/// and nothing else: not a number, not a list of names, not a name with spaces around it. Values are stored by name too.
/// </summary>
public static class EnumNames
{
    private static readonly ConcurrentDictionary<Type, (string[] Names, Dictionary<string, object> Values)> Cache = new();

    /// <summary>The defined names of <paramref name="enumType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Of(Type enumType) => Lookup(enumType).Names;

    public static bool TryParse(Type enumType, string? text, out object? value)
    {
        value = null;
        return text is not null && Lookup(enumType).Values.TryGetValue(text, out value);
    }

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        var ok = TryParse(typeof(T), text, out var boxed);
        value = ok ? (T)boxed! : default;
        return ok;
    }

    /// <summary>"“7”不是可选值。可选值：Male、Female。"</summary>
    public static string Refusal(Type enumType, string text) =>
        $"“{Shorten(text)}”不是可选值。可选值：{string.Join("、", Of(enumType))}。";

    /// <summary>Whether a value (boxed, of the enum type) is one of the defined members.</summary>
    public static bool IsDefined(Type enumType, object value) => Enum.IsDefined(enumType, value);

    private static (string[] Names, Dictionary<string, object> Values) Lookup(Type enumType)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        if (!enumType.IsEnum)
        {
            throw new ArgumentException($"{enumType} is not an enum.", nameof(enumType));
        }
        return Cache.GetOrAdd(enumType, static t =>
        {
            var names = Enum.GetNames(t);
            var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                values[name] = Enum.Parse(t, name);
            }
            return (names, values);
        });
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
