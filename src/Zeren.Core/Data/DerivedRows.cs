namespace Zeren.Core.Data;

/// <summary>
/// Rows derived from others and rewritten in the same transaction as every save that changes their sources (the
/// meetings' monthly summaries, ADR 0031). A capability implements it; the context finds every implementation in this
/// assembly and knows none by name.
/// </summary>
public interface IDerivedRows
{
    /// <summary>Before the save: what the pending changes touch, or null when nothing of this kind changes.</summary>
    Task<object?> TouchedAsync(ZerenDbContext db, CancellationToken ct);

    /// <summary>After the save, in its transaction: rewrites the derived rows of what was touched.</summary>
    Task RefreshAsync(ZerenDbContext db, object touched, CancellationToken ct);
}

internal static class DerivedRows
{
    /// <summary>Every <see cref="IDerivedRows"/> of this assembly (each has a parameterless constructor).</summary>
    public static readonly IReadOnlyList<IDerivedRows> All = typeof(IDerivedRows).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDerivedRows).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IDerivedRows)Activator.CreateInstance(t, nonPublic: true)!)
        .ToList();
}
