namespace Zeren.Core.Organizations;

/// <summary>
/// The materialized path of an organization: each ancestor's id (32 hex digits) followed by '/',
/// from the root down to the organization itself. A subtree is every path that starts with the
/// root's path, queried as the range [path, path with its final '/' replaced by '0'), which an
/// ordinary B-tree index answers on both databases (binary collation on SQLite, "C" on PostgreSQL).
/// </summary>
public static class OrgPath
{
    public const int SegmentLength = 33;
    public const int MaxLength = SegmentLength * 12;

    public static string Segment(Guid id) => id.ToString("N") + "/";

    public static string Child(string? parentPath, Guid id) => (parentPath ?? string.Empty) + Segment(id);

    /// <summary>Exclusive upper bound of the subtree under <paramref name="path"/>: '0' sorts right after '/'.</summary>
    public static string UpperBound(string path) => string.Concat(path.AsSpan(0, path.Length - 1), "0");

    public static int DepthOf(string path) => path.Length / SegmentLength - 1;

    public static IReadOnlyList<Guid> Ancestry(string path)
    {
        var ids = new List<Guid>(path.Length / SegmentLength);
        for (var i = 0; i + SegmentLength <= path.Length; i += SegmentLength)
        {
            ids.Add(Guid.ParseExact(path.AsSpan(i, 32), "N"));
        }
        return ids;
    }
}
