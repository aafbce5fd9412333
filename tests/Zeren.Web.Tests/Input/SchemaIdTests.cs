using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FluentAssertions;
using Zeren.Web.Input;

namespace Zeren.Web.Tests.Input;

/// <summary>
/// Every schema id in /openapi/v1.json names one type: two capabilities' <c>ReturnInput</c> under one id would let one
/// describe the other's route, and the generated malformed-input test would test the wrong fields.
/// </summary>
public sealed class SchemaIdTests
{
    [Fact]
    public void NoTwoOfOurTypes_ShareASchemaId()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var types = new[] { typeof(Core.Data.ZerenDbContext).Assembly, typeof(OpenApiContract).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsGenericTypeDefinition && !t.IsAbstract && !t.IsInterface && !t.IsByRefLike && (t.IsValueType || t.GetConstructors().Length > 0));
        var ids = new List<(string Id, Type Type)>();
        foreach (var type in types)
        {
            JsonTypeInfo info;
            try
            {
                info = options.GetTypeInfo(type);
            }
            catch (InvalidOperationException)
            {
                continue;
            }
            catch (NotSupportedException)
            {
                continue;
            }
            if (OpenApiContract.SchemaId(info) is { } id)
            {
                ids.Add((id, type));
            }
        }

        ids.Should().Contain(i => i.Type == typeof(Core.Supervision.ReturnInput) && i.Id == "SupervisionReturnInput");
        ids.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key + ": " + string.Join(", ", g.Select(i => i.Type.FullName)))
            .Should().BeEmpty();
    }
}
