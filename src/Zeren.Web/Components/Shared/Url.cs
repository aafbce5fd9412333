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

    /// <summary>Reads an enum from a query value by name (case-insensitive); null when absent or unknown.</summary>
    public static T? ParseEnum<T>(string? value) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: true, out var v) && System.Enum.IsDefined(v) ? v : null;

    public static Guid? ParseGuid(string? value) => System.Guid.TryParse(value, out var g) ? g : null;

    public static int ParseInt(string? value, int fallback) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : fallback;
}
