using Microsoft.EntityFrameworkCore;

namespace Zeren.Core.Audit;

/// <summary>
/// The end of the chain, read under the append lock. Appends must be serialized across every instance of the app,
/// or two would take the same sequence number: on PostgreSQL a transaction-scoped advisory lock does it (held until
/// commit or rollback); on SQLite the write transaction itself does (Microsoft.Data.Sqlite begins with
/// <c>BEGIN IMMEDIATE</c>, which takes the database's write lock at once).
/// </summary>
internal static class AuditChain
{
    /// <summary>The advisory lock's key: "ZerenAud" as eight ASCII bytes, so no other use of advisory locks collides by chance.</summary>
    public const long AdvisoryLockKey = 6513738216028337508;

    private const string LockSql = "SELECT pg_advisory_xact_lock(6513738216028337508)";

    public static async Task<(long Sequence, string Hash)> LockAndReadLastAsync(DbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(LockSql, ct);
        }
        var last = await Last(db).FirstOrDefaultAsync(ct);
        return last is null ? (0, AuditHash.Genesis) : (last.Sequence, last.Hash);
    }

    public static (long Sequence, string Hash) LockAndReadLast(DbContext db)
    {
        if (db.Database.IsNpgsql())
        {
            db.Database.ExecuteSqlRaw(LockSql);
        }
        var last = Last(db).FirstOrDefault();
        return last is null ? (0, AuditHash.Genesis) : (last.Sequence, last.Hash);
    }

    /// <summary>
    /// Whether the entry <paramref name="sequence"/> is still the one with <paramref name="hash"/>: an operation's first
    /// entry, written by an earlier save of the scope, may have been rolled back with its transaction and its number
    /// taken by someone else's entry since.
    /// </summary>
    public static async Task<bool> IsEntryAsync(DbContext db, long sequence, string hash, CancellationToken ct) =>
        await db.Set<AuditEntry>().IgnoreQueryFilters().AsNoTracking().AnyAsync(e => e.Sequence == sequence && e.Hash == hash, ct);

    public static bool IsEntry(DbContext db, long sequence, string hash) =>
        db.Set<AuditEntry>().IgnoreQueryFilters().AsNoTracking().Any(e => e.Sequence == sequence && e.Hash == hash);

    private sealed record Tip(long Sequence, string Hash);

    private static IQueryable<Tip> Last(DbContext db) =>
        db.Set<AuditEntry>().IgnoreQueryFilters().AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new Tip(e.Sequence, e.Hash));
}
