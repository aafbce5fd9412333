using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Zeren.Core.Platform;

namespace Zeren.Core.Audit;

/// <summary>
/// Before and after values as the audit log keeps them: a JSON object of property → value, with personal data
/// masked. ID numbers and mobiles (and Identity's PhoneNumber) keep what a list shows (<see cref="Masking"/>); secrets and their derived forms
/// (password hashes, stamps, ciphertexts, keyed hashes, tokens) are replaced by <see cref="Hidden"/>, so the log
/// shows that they changed but never what they are.
/// </summary>
public static class AuditValues
{
    /// <summary>What a secret value is shown as.</summary>
    public const string Hidden = "***";

    private static readonly string[] SecretMarkers =
        ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Cipher", "Hash", "Secret", "Token", "AuthenticatorKey", "RecoveryCode"];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Readable text (Chinese, "+"): the values are shown HTML-encoded, and the hash covers the text as stored.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = null,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>True for a property whose value must never be written to the log.</summary>
    public static bool IsSecret(string entityType, string property)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        ArgumentNullException.ThrowIfNull(property);
        // Identity keeps the authenticator key and recovery codes in a token row's Value.
        if (property == "Value" && entityType.Contains("Token", StringComparison.Ordinal))
        {
            return true;
        }
        // A password itself ("Password", "NewPassword"), but not facts about it ("PasswordChangedAt").
        return property.EndsWith("Password", StringComparison.OrdinalIgnoreCase)
            || SecretMarkers.Any(m => property.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The value as the log keeps it.</summary>
    public static object? Mask(string entityType, string property, object? value)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (value is null)
        {
            return null;
        }
        if (IsSecret(entityType, property))
        {
            return Hidden;
        }
        if (property.Contains("IdNumber", StringComparison.OrdinalIgnoreCase))
        {
            return value is string s ? Masking.IdNumber(s) : Hidden;
        }
        if (property.Contains("Mobile", StringComparison.OrdinalIgnoreCase) || property.Contains("PhoneNumber", StringComparison.OrdinalIgnoreCase))
        {
            return value is string s ? Masking.Mobile(s) : Hidden;
        }
        return value;
    }

    /// <summary>A JSON object of the given properties, masked; null when there are none.</summary>
    public static string? Serialize(string entityType, IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        // Written straight to UTF-8, as the JSON object it used to build would write itself (every save of every row
        // comes here: a node per value cost a parsed document each).
        var buffer = new ArrayBufferWriter<byte>(512);
        var count = 0;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                writer.WritePropertyName(name);
                if (Mask(entityType, name, value) is { } masked)
                {
                    JsonSerializer.Serialize(writer, masked, masked.GetType(), Json);
                }
                else
                {
                    writer.WriteNullValue();
                }
                count++;
            }
            writer.WriteEndObject();
        }
        return count == 0 ? null : Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Any object (an anonymous type, a record, a dictionary) as JSON, with every property at any depth masked by its
    /// name as above. Explicit events use it for their before and after values.
    /// </summary>
    public static string? Serialize(string entityType, object? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value is string s)
        {
            return JsonSerializer.Serialize(s, Json);
        }
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), Json);
        MaskNode(entityType, node);
        return node?.ToJsonString(Json);
    }

    private static void MaskNode(string entityType, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[name];
                    if (child is JsonValue v)
                    {
                        var raw = v.TryGetValue<string>(out var text) ? text : v.ToJsonString();
                        var masked = Mask(entityType, name, raw);
                        if (!Equals(masked, raw))
                        {
                            obj[name] = JsonValue.Create((string?)masked);
                        }
                    }
                    else
                    {
                        MaskNode(entityType, child);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MaskNode(entityType, item);
                }
                break;
        }
    }

    /// <summary>Reads a stored before/after value back as property → display text, in stored order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            var node = JsonNode.Parse(json);
            if (node is JsonObject obj)
            {
                return obj.Select(p => new KeyValuePair<string, string?>(p.Key, Text(p.Value))).ToList();
            }
            return [new("", Text(node))];
        }
        catch (JsonException)
        {
            return [new("", json)];
        }
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(Json),
    };
}
