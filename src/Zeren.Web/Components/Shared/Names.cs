using Microsoft.Extensions.Localization;

namespace Zeren.Web.Components.Shared;

/// <summary>
/// Display names of domain enums, from the shared resources: the key is the enum's type name and value,
/// e.g. <c>OrgKind_Committee</c> (党委), <c>PositionTitle_Secretary</c> (书记).
/// </summary>
public static class Names
{
    public const string None = "—";

    public static string Key<T>(T value) where T : struct, Enum => $"{typeof(T).Name}_{value}";

    public static string Name<T>(this IStringLocalizer l, T value) where T : struct, Enum => l[Key(value)];

    public static string Name<T>(this IStringLocalizer l, T? value) where T : struct, Enum => value is { } v ? l.Name(v) : None;

    /// <summary>星级 as ★★★☆☆.</summary>
    public static string Stars(int? stars) => stars is >= 1 and <= 5 and var s ? new string('★', s) + new string('☆', 5 - s) : None;

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? None;
}
