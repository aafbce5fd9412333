namespace Zeren.Core.Spreadsheets;

/// <summary>
/// Looks up many keys in slices: a 20 000-row import would otherwise put 20 000 parameters in one IN (…),
/// beyond what SQLite accepts.
/// </summary>
public static class Batches
{
    public const int Size = 500;

    public static async Task<List<T>> LoadAsync<TKey, T>(IEnumerable<TKey> keys, Func<List<TKey>, Task<List<T>>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var result = new List<T>();
        foreach (var chunk in keys.Distinct().Chunk(Size))
        {
            result.AddRange(await load([.. chunk]));
        }
        return result;
    }
}
