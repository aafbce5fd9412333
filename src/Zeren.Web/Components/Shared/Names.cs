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

    /// <summary>An instant as the time in China, e.g. 2026-03-01 14:05.</summary>
    public static string Time(DateTimeOffset? instant) =>
        instant is { } i ? Core.Platform.ChinaTime.ToChina(i).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : None;
}
