using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Zeren.Web.Input;

/// <summary>
/// What /openapi/v1.json says about the input contract beyond what the serializer's metadata gives it: each text
/// property's kind in <c>x-zeren-text</c> (single-line, multi-line or verbatim, see <see cref="Core.Platform.TextRules"/>)
/// and the longest text a body may hold.
/// </summary>
public static class OpenApiContract
{
    public const string TextExtension = "x-zeren-text";

    public static void Describe(OpenApiOptions options, int maxTextLength)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is { } property && property.PropertyType == typeof(string))
            {
                schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                schema.Extensions[TextExtension] = new JsonNodeExtension(JsonValue.Create(JsonContract.DocumentName(JsonContract.TextKindOf(property))));
                schema.MaxLength ??= maxTextLength;
            }
            return Task.CompletedTask;
        });
    }
}
