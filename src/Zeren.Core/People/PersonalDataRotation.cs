using System.Data;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Security;

namespace Zeren.Core.People;

/// <summary>What a key rotation did: people and values re-encrypted, by the key they were under, and batches tried again.</summary>
public sealed record KeyRotationReport(string CurrentKeyId, int People, int IdNumbers, int Mobiles, IReadOnlyDictionary<string, int> ByOldKey, int Retries);

/// <summary>
/// 密钥轮换: re-encrypts every ID number and mobile that is not under the current key, in batches. The hashes stay:
/// the index key does not rotate. Safe to run while the app is up and to run again. Each batch is read and written in
/// one repeatable-read transaction (SQLite's are serialized anyway), so an edit made meanwhile is never overwritten:
/// PostgreSQL refuses the batch instead, and it is read again.
/// </summary>
public sealed class PersonalDataRotation(ZerenDbContext db, PersonalDataProtector protector)
{
    public const int BatchSize = 500;
    private const int MaxRetries = 10;

    public async Task<KeyRotationReport> RotateAsync(IProgress<KeyRotationReport>? progress = null, CancellationToken ct = default)
    {
        var prefix = protector.CurrentPrefix;
        int people = 0, idNumbers = 0, mobiles = 0, retries = 0;
        var byOldKey = new SortedDictionary<string, int>(StringComparer.Ordinal);
        db.ChangeTracker.Clear();
        while (true)
        {
            List<(string? IdNumberKey, string? MobileKey)> done;
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
                // Rotated rows leave this query, so each pass takes the next ones.
                var batch = await db.Set<Person>().IgnoreQueryFilters()
                    .Where(p => (p.IdNumberCipher != null && !p.IdNumberCipher.StartsWith(prefix))
                        || (p.MobileCipher != null && !p.MobileCipher.StartsWith(prefix)))
                    .OrderBy(p => p.Id)
                    .Take(BatchSize)
                    .ToListAsync(ct);
                done = batch.Select(p => p.Reencrypt(protector)).ToList();
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (IsSerializationFailure(e) && retries < MaxRetries)
            {
                // Someone changed one of these people meanwhile: read the batch again.
                retries++;
                continue;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            if (done.Count == 0)
            {
                break;
            }
            foreach (var (idNumberKey, mobileKey) in done)
            {
                people++;
                if (idNumberKey is not null)
                {
                    idNumbers++;
                    byOldKey[idNumberKey] = byOldKey.GetValueOrDefault(idNumberKey) + 1;
                }
                if (mobileKey is not null)
                {
                    mobiles++;
                    byOldKey[mobileKey] = byOldKey.GetValueOrDefault(mobileKey) + 1;
                }
            }
            progress?.Report(new KeyRotationReport(protector.CurrentKeyId, people, idNumbers, mobiles, byOldKey, retries));
        }
        return new KeyRotationReport(protector.CurrentKeyId, people, idNumbers, mobiles, byOldKey, retries);
    }

    private static bool IsSerializationFailure(DbUpdateException e) =>
        e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure };

    /// <summary>Counts, per key id, the values encrypted under it: what a rotation would do, and proof that it did.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByKeyAsync(CancellationToken ct = default)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var rows = db.Set<Person>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.IdNumberCipher != null || p.MobileCipher != null)
            .Select(p => new { p.IdNumberCipher, p.MobileCipher })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            Count(counts, row.IdNumberCipher);
            Count(counts, row.MobileCipher);
        }
        return counts;
    }

    private static void Count(SortedDictionary<string, int> counts, string? cipher)
    {
        if (cipher is not null)
        {
            var key = PersonalDataProtector.KeyIdOf(cipher) ?? "?";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }
}
