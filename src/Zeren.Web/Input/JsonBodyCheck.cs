using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Zeren.Core.Platform;

namespace Zeren.Web.Input;

/// <summary>
/// Reads a parsed JSON body against the type it will be bound to, with the metadata the binder and the OpenAPI
/// document use (<see cref="JsonTypeInfo"/> of the app's options), and lists every field at fault: a required field
/// missing, null where the type has no null, a value of the wrong type or out of range, an enum value that is not a
/// name, text that breaks <see cref="TextRules"/>, an unknown or repeated field. Fields are named as JSON paths without
/// the root: <c>gender</c>, <c>attendees[2].status</c>.
/// </summary>
public sealed class JsonBodyCheck(JsonSerializerOptions options, int maxTextLength)
{
    public IReadOnlyList<ValidationError> Check(JsonElement body, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var errors = new List<ValidationError>();
        if (body.ValueKind == JsonValueKind.Null)
        {
            if (!type.IsNullableValue() && type.IsValueType)
            {
                errors.Add(new ValidationError("", "请求体不能为 null。", Code: "null"));
            }
            return errors;
        }
        Value(body, options.GetTypeInfo(type), "", TextKind.SingleLine, errors);
        return errors;
    }

    private void Value(JsonElement e, JsonTypeInfo info, string path, TextKind text, List<ValidationError> errors)
    {
        var type = info.Type;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Value(e, options.GetTypeInfo(underlying), path, text, errors);
            return;
        }
        if (type == typeof(string))
        {
            if (e.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError(path, "应为文本（JSON 字符串）。", Code: "type"));
            }
            else if (Text(e) is not { } value)
            {
                errors.Add(new ValidationError(path, "文本含有不完整的 UTF-16 代理项。", Code: "text"));
            }
            else if (value.Length > maxTextLength)
            {
                errors.Add(new ValidationError(path, $"文本过长（{value.Length} 个字符，最多 {maxTextLength} 个）。", Code: "length"));
            }
            else if (TextRules.Check(value, text) is { } problem)
            {
                errors.Add(new ValidationError(path, problem.Message, Code: "text"));
            }
            return;
        }
        if (type.IsEnum)
        {
            if (e.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError(path, $"应为以下名称之一（不接受数字）：{string.Join("、", EnumNames.Of(type))}。", Code: "enum"));
            }
            else if (!EnumNames.TryParse(type, Text(e), out _))
            {
                errors.Add(new ValidationError(path, EnumNames.Refusal(type, Text(e) ?? ""), Code: "enum"));
            }
            return;
        }
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                Object(e, info, path, errors);
                return;
            case JsonTypeInfoKind.Enumerable:
                Array(e, info, path, errors);
                return;
            default:
                Leaf(e, info, path, errors);
                return;
        }
    }

    private void Object(JsonElement e, JsonTypeInfo info, string path, List<ValidationError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, "应为 JSON 对象。", Code: "type"));
            return;
        }
        var comparer = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var properties = info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).ToDictionary(p => p.Name, comparer);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in e.EnumerateObject())
        {
            if (!properties.TryGetValue(member.Name, out var property))
            {
                errors.Add(new ValidationError(Join(path, member.Name), "未知字段：请对照 /openapi/v1.json 检查字段名。", Code: "unknown"));
                continue;
            }
            var field = Join(path, property.Name);
            if (!seen.Add(property.Name))
            {
                errors.Add(new ValidationError(field, "字段重复出现。", Code: "duplicate"));
                continue;
            }
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                if (!AcceptsNull(property))
                {
                    errors.Add(new ValidationError(field, "不能为 null。", Code: "null"));
                }
                continue;
            }
            Value(member.Value, options.GetTypeInfo(property.PropertyType), field, JsonContract.TextKindOf(property), errors);
        }
        foreach (var property in properties.Values)
        {
            if (property.IsRequired && !seen.Contains(property.Name))
            {
                errors.Add(new ValidationError(Join(path, property.Name), "缺少必填字段。", Code: "required"));
            }
        }
    }

    private void Array(JsonElement e, JsonTypeInfo info, string path, List<ValidationError> errors)
    {
        if (e.ValueKind != JsonValueKind.Array || info.ElementType is not { } elementType)
        {
            errors.Add(new ValidationError(path, "应为 JSON 数组。", Code: "type"));
            return;
        }
        var element = options.GetTypeInfo(elementType);
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            var field = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (item.ValueKind == JsonValueKind.Null)
            {
                if (!elementType.IsNullableValue())
                {
                    errors.Add(new ValidationError(field, "不能为 null。", Code: "null"));
                }
            }
            else
            {
                Value(item, element, field, TextKind.SingleLine, errors);
            }
            i++;
        }
    }

    /// <summary>Numbers, dates, ids, booleans: read by the binder's own converter; what it refuses is described by type.</summary>
    private static void Leaf(JsonElement e, JsonTypeInfo info, string path, List<ValidationError> errors)
    {
        var type = info.Type;
        if ((type == typeof(DateTimeOffset) || type == typeof(DateTime)) && e.ValueKind == JsonValueKind.String && !HasOffset(Text(e)))
        {
            errors.Add(new ValidationError(path, Expected(type), Code: "type"));
            return;
        }
        try
        {
            JsonSerializer.Deserialize(e, info);
        }
        catch (JsonException)
        {
            errors.Add(new ValidationError(path, OutOfRange(type, e) ?? Expected(type), Code: "type"));
        }
    }

    private static bool AcceptsNull(JsonPropertyInfo property) =>
        property.PropertyType.IsNullableValue() || (!property.PropertyType.IsValueType && property.IsSetNullable);

    /// <summary>The string, or null when it is not valid UTF-16 (a lone surrogate written as an escape).</summary>
    private static string? Text(JsonElement e)
    {
        try
        {
            return e.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An instant must say its offset (Z or ±hh:mm): without one the server would have to guess the zone.</summary>
    private static bool HasOffset(string? text) =>
        text is { Length: > 10 } t && (t.EndsWith('Z') || t.EndsWith('z') || (t.Length > 6 && t[^6] is '+' or '-' && t[^3] == ':'));

    private static string? OutOfRange(Type type, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Number)
        {
            return null;
        }
        var (min, max) = type == typeof(int) ? (int.MinValue, int.MaxValue)
            : type == typeof(long) ? (long.MinValue, long.MaxValue)
            : type == typeof(short) ? (short.MinValue, short.MaxValue)
            : type == typeof(byte) ? (byte.MinValue, (long)byte.MaxValue)
            : (0L, 0L);
        if (min == 0 && max == 0)
        {
            return type == typeof(decimal) || type == typeof(double) || type == typeof(float) ? "数值超出范围。" : null;
        }
        var raw = e.GetRawText();
        var integral = raw.All(c => char.IsAsciiDigit(c) || c == '-');
        return integral
            ? $"数值超出范围（{min.ToString(CultureInfo.InvariantCulture)} 到 {max.ToString(CultureInfo.InvariantCulture)}）。"
            : "应为整数。";
    }

    private static string Expected(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) ? "应为整数（JSON 数字，不带引号）。"
        : type == typeof(decimal) || type == typeof(double) || type == typeof(float) ? "应为数字（JSON 数字，不带引号）。"
        : type == typeof(bool) ? "应为 true 或 false。"
        : type == typeof(Guid) ? "应为 UUID，如 0192f000-0000-7000-8000-000000000001。"
        : type == typeof(DateOnly) ? "应为日期，格式 yyyy-MM-dd。"
        : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "应为带时区的时间（ISO 8601），如 2026-11-01T09:00:00+08:00。"
        : type == typeof(TimeOnly) ? "应为时间，格式 HH:mm:ss。"
        : "格式不正确。";

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
