using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Zeren.Web.Input;

/// <summary>
/// A query parameter a page reads by hand (an enum, a date, one of a few words), declared on the page with
/// <c>@attribute [QueryParameter("status", typeof(PartyStatus))]</c> so that <see cref="InputContract"/> refuses a
/// malformed value before the page renders. Parameters supplied by <c>[SupplyParameterFromQuery]</c> need no declaration.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, Type type) : Attribute
{
    public string Name { get; } = name;

    public Type Type { get; } = type;

    /// <summary>For text: the only words it may be (<c>view=calendar</c>).</summary>
    public string[]? Choices { get; init; }
}

/// <summary>
/// What a page reads from its query string, checked before it renders: a value that does not parse would otherwise
/// throw while the page (and its layout, which may already be reading the database) renders, and a render abandoned
/// half-way can leave a database connection mid-use when the request ends. Typed <c>[SupplyParameterFromQuery]</c>
/// parameters of every component count for every page when the app reads that name as one type everywhere; the page's
/// own <see cref="QueryParameterAttribute"/>s for that page (and for a name read as different types on different pages).
/// </summary>
internal sealed class PageQueries
{
    private readonly Dictionary<string, QueryParameterAttribute> supplied = Supplied();
    private readonly ConcurrentDictionary<Type, Dictionary<string, QueryParameterAttribute>> pages = new();

    /// <summary>The first problem with the page's query, as (parameter, message), or null.</summary>
    public (string Name, string Message)? Problem(Endpoint endpoint, IQueryCollection query)
    {
        if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not { } page)
        {
            return null;
        }
        var declared = pages.GetOrAdd(page.Type, Declared);
        foreach (var (name, values) in query)
        {
            if (!declared.TryGetValue(name, out var parameter))
            {
                continue;
            }
            foreach (var value in values)
            {
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }
                if (parameter.Choices is { } choices && !choices.Contains(value, StringComparer.Ordinal))
                {
                    return (name, $"“{value}”不是可选值。可选值：{string.Join("、", choices)}。");
                }
                if (QueryValues.Problem(parameter.Type, value) is { } problem)
                {
                    return (name, problem);
                }
            }
        }
        return null;
    }

    private Dictionary<string, QueryParameterAttribute> Declared(Type page)
    {
        var declared = new Dictionary<string, QueryParameterAttribute>(supplied, StringComparer.OrdinalIgnoreCase);
        foreach (var own in page.GetCustomAttributes<QueryParameterAttribute>())
        {
            declared[own.Name] = own;
        }
        return declared;
    }

    /// <summary>
    /// Every typed <c>[SupplyParameterFromQuery]</c> of the app's components, by name, when all components that read the
    /// name read it as the same type (<c>page</c> is a number everywhere; <c>month</c> is a number on one page and text
    /// on another, so each such page declares its own).
    /// </summary>
    private static Dictionary<string, QueryParameterAttribute> Supplied()
    {
        var types = new Dictionary<string, HashSet<Type>>(StringComparer.OrdinalIgnoreCase);
        var components = typeof(PageQueries).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t));
        foreach (var property in components.SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)))
        {
            if (property.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is { } supply)
            {
                var name = supply.Name ?? property.Name;
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                (types.TryGetValue(name, out var seen) ? seen : types[name] = []).Add(type);
            }
        }
        return types.Where(t => t.Value.Count == 1 && t.Value.Single() != typeof(string))
            .ToDictionary(t => t.Key, t => new QueryParameterAttribute(t.Key, t.Value.Single()), StringComparer.OrdinalIgnoreCase);
    }
}
