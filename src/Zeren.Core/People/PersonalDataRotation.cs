using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Security;

namespace Zeren.Core.People;

/// <summary>What a key rotation did: values re-encrypted, by the key they were under, and rows changed meanwhile.</summary>
public sealed record KeyRotationReport(string CurrentKeyId, int People, int IdNumbers, int Mobiles, IReadOnlyDictionary<string, int> ByOldKey, int ChangedMeanwhile);

/// <summary>
/// 密钥轮换: re-encrypts every ID number and mobile that is not under the current key, in batches. The hashes stay:
/// the index key does not rotate. Safe to run while the app is up and to run again; each row is rewritten only if it
/// still holds what was read, so an edit made meanwhile is never overwritten.
/// </summary>
public sealed class PersonalDataRotation(ZerenDbContext db, PersonalDataProtector protector)
{
    public const int BatchSize = 500;

    public async Task<KeyRotationReport> RotateAsync(IProgress<KeyRotationReport>? progress = null, CancellationToken ct = default)
    {
        var prefix = protector.CurrentPrefix;
        int people = 0, idNumbers = 0, mobiles = 0, changedMeanwhile = 0;
        var byOldKey = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var skipped = new HashSet<Guid>();
        while (true)
        {
            // Rotated rows leave this query, so each pass takes the next ones; rows that changed meanwhile are left out.
            var batch = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking()
                .Where(p => (p.IdNumberCipher != null && !p.IdNumberCipher.StartsWith(prefix))
                    || (p.MobileCipher != null && !p.MobileCipher.StartsWith(prefix)))
                .Where(p => !skipped.Contains(p.Id))
                .OrderBy(p => p.Id)
                .Take(BatchSize)
                .Select(p => new { p.Id, p.IdNumberCipher, p.MobileCipher })
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var row in batch)
            {
                var idNumber = Reencrypt(row.IdNumberCipher);
                var mobile = Reencrypt(row.MobileCipher);
                var written = await db.Set<Person>().IgnoreQueryFilters()
                    .Where(p => p.Id == row.Id && p.IdNumberCipher == row.IdNumberCipher && p.MobileCipher == row.MobileCipher)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.IdNumberCipher, idNumber).SetProperty(p => p.MobileCipher, mobile), ct);
                if (written == 0)
                {
                    // Edited (and so encrypted anew) since it was read; never touch it again in this run.
                    changedMeanwhile++;
                    skipped.Add(row.Id);
                    continue;
                }
                people++;
                if (idNumber != row.IdNumberCipher)
                {
                    idNumbers++;
                    Count(byOldKey, row.IdNumberCipher);
                }
                if (mobile != row.MobileCipher)
                {
                    mobiles++;
                    Count(byOldKey, row.MobileCipher);
                }
            }
            await tx.CommitAsync(ct);
            progress?.Report(new KeyRotationReport(protector.CurrentKeyId, people, idNumbers, mobiles, byOldKey, changedMeanwhile));
        }
        return new KeyRotationReport(protector.CurrentKeyId, people, idNumbers, mobiles, byOldKey, changedMeanwhile);
    }

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

    private string? Reencrypt(string? cipher) =>
        cipher is null || protector.IsCurrent(cipher) ? cipher : protector.Encrypt(protector.Decrypt(cipher));
}
