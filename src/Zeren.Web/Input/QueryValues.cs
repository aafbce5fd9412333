using System.Globalization;
using Zeren.Core.Platform;

namespace Zeren.Web.Input;

/// <summary>
/// One value of a query string (or a form field read by hand) as the input contract reads it: integers are digits,
/// booleans true or false, ids UUIDs, dates yyyy-MM-dd, enums one of their names. An empty value counts as absent.
/// </summary>
public static class QueryValues
{
    /// <summary>What is wrong with <paramref name="value"/> as a <paramref name="type"/>, or null when it is fine.</summary>
    public static string? Problem(Type type, string value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return null;
        }
        if (type.IsEnum)
        {
            return EnumNames.TryParse(type, value, out _) ? null : EnumNames.Refusal(type, value);
        }
        if (type == typeof(int))
        {
            return Integer(value, int.MinValue, int.MaxValue);
        }
        if (type == typeof(long))
        {
            return Integer(value, long.MinValue, long.MaxValue);
        }
        if (type == typeof(bool))
        {
            return value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)
                ? null : "应为 true 或 false。";
        }
        if (type == typeof(Guid))
        {
            return Guid.TryParseExact(value, "D", out _) ? null : "应为 UUID，如 0192f000-0000-7000-8000-000000000001。";
        }
        if (type == typeof(DateOnly))
        {
            return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : "应为日期，格式 yyyy-MM-dd。";
        }
        return null;
    }

    public static bool IsChecked(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type.IsEnum || type == typeof(int) || type == typeof(long) || type == typeof(bool)
            || type == typeof(Guid) || type == typeof(DateOnly);
    }

    private static string? Integer(string value, long min, long max)
    {
        var digits = value.StartsWith('-') ? value.AsSpan(1) : value.AsSpan();
        if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return "应为整数。";
        }
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? null
            : $"数值超出范围（{min.ToString(CultureInfo.InvariantCulture)} 到 {max.ToString(CultureInfo.InvariantCulture)}）。";
    }
}

/// <summary>
/// A page or fragment was asked for with a query value (or a form value it reads by hand) it cannot read
/// (<c>?page=x</c>, <c>?status=7</c>): the request is answered 400 with the styled error page (<see cref="InputContract"/>).
/// </summary>
public sealed class MalformedValueException(string parameter, string message) : Exception($"{parameter}：{message}")
{
    public string Parameter { get; } = parameter;
}
