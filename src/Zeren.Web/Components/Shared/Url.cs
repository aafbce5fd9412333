using Zeren.Core.Platform;
using Zeren.Web.Input;

namespace Zeren.Web.Components.Shared;

/// <summary>Query strings for links that carry a list's filters, sort and page.</summary>
public static class Url
{
    /// <summary>"?a=1&amp;b=x" from the pairs that have a value; "" when none do.</summary>
    public static string Query(params (string Key, object? Value)[] pairs)
    {
        var parts = pairs
            .Select(p => (p.Key, Value: Format(p.Value)))
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value!));
        var query = string.Join("&", parts);
        return query.Length == 0 ? "" : "?" + query;
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "1" : null,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    // Reading a query value (or a form value read by hand) by the input contract (QueryValues): absent or empty is null,
    // a value that does not parse is a MalformedValueException, which answers the request with 400 and the styled page.

    /// <summary>An enum by one of its names (any case); never a number.</summary>
    public static T? ParseEnum<T>(string name, string? value) where T : struct, System.Enum =>
        string.IsNullOrEmpty(value) ? null
        : EnumNames.TryParse<T>(value, out var v) ? v
        : throw new MalformedValueException(name, EnumNames.Refusal(typeof(T), value));

    public static Guid? ParseGuid(string name, string? value) =>
        string.IsNullOrEmpty(value) ? null : Guid.Parse(Checked<Guid>(name, value), System.Globalization.CultureInfo.InvariantCulture);

    public static int ParseInt(string name, string? value, int fallback) =>
        string.IsNullOrEmpty(value) ? fallback : int.Parse(Checked<int>(name, value), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A day as yyyy-MM-dd.</summary>
    public static DateOnly? ParseDate(string name, string? value) =>
        string.IsNullOrEmpty(value) ? null
        : DateOnly.ParseExact(Checked<DateOnly>(name, value), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One of a few words (<c>view=calendar</c>); null when absent.</summary>
    public static string? Choice(string name, string? value, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return string.IsNullOrEmpty(value) ? null
            : allowed.Contains(value, StringComparer.Ordinal) ? value
            : throw new MalformedValueException(name, $"“{value}”不是可选值。可选值：{string.Join("、", allowed)}。");
    }

    private static string Checked<T>(string name, string value) =>
        QueryValues.Problem(typeof(T), value) is { } problem ? throw new MalformedValueException(name, problem) : value;
}
