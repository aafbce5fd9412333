using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Zeren.Core.Platform;

namespace Zeren.Web.Input;

/// <summary>
/// How the API reads JSON (ADR 0015). Numbers are numbers (not strings), enums are names (not numbers), a constructor
/// parameter without a default must be present (<see cref="JsonSerializerOptions.RespectRequiredConstructorParameters"/>,
/// which is what the OpenAPI document lists as required), a property appears once and an unknown property is refused.
/// The same options describe the API in /openapi/v1.json, so the document and the binder agree. <see cref="JsonBodyCheck"/>
/// reads each body against the same metadata before it is bound, to name every field at fault at once, and adds what
/// the converters leave out: an enum is exactly one of its names (<see cref="EnumNames"/>), text follows
/// <see cref="TextRules"/> (one line unless its parameter says <see cref="MultiLineTextAttribute"/>), null only where the
/// type allows it. Text is normalized when it is stored (<see cref="Zeren.Core.Data.StoredValues"/>).
/// </summary>
public static class JsonContract
{
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectRequiredConstructorParameters = true;
        options.AllowDuplicateProperties = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // Names only, never numbers; the names are what the OpenAPI document lists. (The converter also takes a name in
        // another case, with spaces or as a comma list: JsonBodyCheck refuses those before the binder sees them.)
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
    }

    /// <summary>What a property declares about its text: one line (the default), several, or verbatim.</summary>
    public static TextKind TextKindOf(JsonPropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (Declares<VerbatimTextAttribute>(property))
        {
            return TextKind.Verbatim;
        }
        return Declares<MultiLineTextAttribute>(property) ? TextKind.MultiLine : TextKind.SingleLine;
    }

    /// <summary>How /openapi/v1.json names a text kind, in the extension <c>x-zeren-text</c> of each text property.</summary>
    public static string DocumentName(TextKind kind) => kind switch
    {
        TextKind.MultiLine => "multi-line",
        TextKind.Verbatim => "verbatim",
        _ => "single-line",
    };

    private static bool Declares<T>(JsonPropertyInfo property)
        where T : Attribute =>
        property.AttributeProvider?.IsDefined(typeof(T), inherit: true) == true
        || property.AssociatedParameter?.AttributeProvider?.IsDefined(typeof(T), inherit: true) == true;
}

internal static class MemberInfoExtensions
{
    public static bool IsNullableValue(this Type type) => Nullable.GetUnderlyingType(type) is not null;

    public static Type WithoutNullable(this Type type) => Nullable.GetUnderlyingType(type) ?? type;
}
