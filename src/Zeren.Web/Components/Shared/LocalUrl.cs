namespace Zeren.Web.Components.Shared;

/// <summary>A return address from a query string, kept only if it points into this site.</summary>
public static class LocalUrl
{
    public static string OrHome(string? url) => url is not null && IsLocal(url) ? url : "/";

    /// <summary>
    /// A path of this site: "/" followed by anything but a second "/" or "\" (which browsers read as another host), and no
    /// control character anywhere (browsers drop tabs and line breaks, so "/\t/evil.example" would become "//evil.example").
    /// </summary>
    public static bool IsLocal(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.StartsWith('/')
            && (url.Length == 1 || url[1] is not ('/' or '\\'))
            && !url.Any(char.IsControl);
    }
}
