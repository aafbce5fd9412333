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
        options.CreateSchemaReferenceId = SchemaId;
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

    /// <summary>
    /// Type names the capabilities use more than once (each capability has its <c>ReturnInput</c>, say): schema ids by
    /// short name alone would let one capability's schema describe another's route.
    /// </summary>
    private static readonly HashSet<string> SharedNames = [.. new[] { typeof(Core.Data.ZerenDbContext).Assembly, typeof(OpenApiContract).Assembly }
        .SelectMany(a => a.GetExportedTypes())
        .GroupBy(t => t.Name, StringComparer.Ordinal)
        .Where(g => g.Count() > 1)
        .Select(g => g.Key)];

    /// <summary>
    /// The default schema id, prefixed with the capability (the namespace's last part: <c>SupervisionReturnInput</c>)
    /// when our own type's name is used by more than one capability, so every schema id names one type.
    /// </summary>
    public static string? SchemaId(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var id = OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        var type = info.Type;
        if (id is null || type.Namespace is not { } ns || !ns.StartsWith("Zeren.", StringComparison.Ordinal) || !SharedNames.Contains(type.Name))
        {
            return id;
        }
        return ns[(ns.LastIndexOf('.') + 1)..] + (type.DeclaringType?.Name ?? "") + id;
    }
}
