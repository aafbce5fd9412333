using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;

namespace Zeren.Core.Audit;

/// <summary>Why the chain is broken at an entry.</summary>
public enum AuditBreakReason
{
    /// <summary>序号不连续: an entry before this one is missing (deleted), or the numbering was changed.</summary>
    SequenceGap,

    /// <summary>前一哈希不符: this entry does not chain to the one before it (that one, or this link, was changed).</summary>
    PreviousHashMismatch,

    /// <summary>哈希不符: this entry's fields are not what its hash was computed over (the row was edited).</summary>
    HashMismatch,
}

/// <summary>The first entry at which the chain does not hold.</summary>
public sealed record AuditBreak(long Sequence, AuditBreakReason Reason, string Message);

/// <summary>
/// The result of walking the chain: intact with <paramref name="Count"/> entries up to <paramref name="LastSequence"/>
/// (whose hash, <paramref name="LastHash"/>, an operator can note down to detect a later truncation), or broken at
/// <paramref name="Break"/> after <paramref name="Count"/> good entries.
/// </summary>
public sealed record AuditVerification(bool Intact, long Count, long LastSequence, string? LastHash, AuditBreak? Break)
{
    /// <summary>One line in Chinese for the command line and the page.</summary>
    public string Message => Break is { } b
        ? $"审计日志哈希链已断开：第 {b.Sequence} 条。{b.Message}"
        : Count == 0
            ? "审计日志为空。"
            : $"审计日志哈希链完整：共 {Count} 条，最后一条序号 {LastSequence}。";
}

/// <summary>
/// Walks the audit log in sequence order and checks every link: numbering without gaps from 1, each entry's
/// previous hash equal to the hash of the one before, each hash equal to the SM3 of the entry's fields.
/// Reads in batches by sequence range, so that a province's millions of entries stream through in constant memory
/// and no read holds the database for long (on SQLite a long read would block writers).
/// </summary>
public sealed class AuditVerifier(ZerenDbContext db)
{
    public const int DefaultBatchSize = 2000;

    public async Task<AuditVerification> VerifyAsync(int batchSize = DefaultBatchSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        long count = 0;
        long previous = 0;
        var previousHash = AuditHash.Genesis;
        while (true)
        {
            var after = previous;
            var batch = await db.Set<AuditEntry>().IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(batchSize)
                .ToListAsync(ct);
            foreach (var entry in batch)
            {
                if (Check(entry, previous, previousHash) is { } broken)
                {
                    return new AuditVerification(false, count, previous, previous == 0 ? null : previousHash, broken);
                }
                count++;
                previous = entry.Sequence;
                previousHash = entry.Hash;
            }
            if (batch.Count < batchSize)
            {
                return new AuditVerification(true, count, previous, count == 0 ? null : previousHash, null);
            }
        }
    }

    /// <summary>
    /// Checks only the last <paramref name="count"/> entries and their links to the one before them: cheap enough for
    /// a page that shows the chain's state at a glance; the whole chain is checked by <see cref="VerifyAsync"/>.
    /// <see cref="AuditVerification.Count"/> is the number of entries checked.
    /// </summary>
    public async Task<AuditVerification> VerifyTailAsync(int count, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var entries = db.Set<AuditEntry>().IgnoreQueryFilters().AsNoTracking();
        var tail = await entries.OrderByDescending(e => e.Sequence).Take(count + 1).ToListAsync(ct);
        tail.Reverse();
        if (tail.Count == 0)
        {
            return new AuditVerification(true, 0, 0, null, null);
        }
        // The entry before the tail anchors it; with the whole log in the tail, the chain starts from nothing.
        var anchored = tail.Count > count;
        var previous = anchored ? tail[0].Sequence : 0;
        var previousHash = anchored ? tail[0].Hash : AuditHash.Genesis;
        long checkedCount = 0;
        foreach (var entry in anchored ? tail.Skip(1) : tail)
        {
            if (Check(entry, previous, previousHash) is { } broken)
            {
                return new AuditVerification(false, checkedCount, previous, previous == 0 ? null : previousHash, broken);
            }
            checkedCount++;
            previous = entry.Sequence;
            previousHash = entry.Hash;
        }
        return new AuditVerification(true, checkedCount, previous, previousHash, null);
    }

    /// <summary>What is wrong with <paramref name="entry"/> following the given one, or null.</summary>
    public static AuditBreak? Check(AuditEntry entry, long previousSequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Sequence != previousSequence + 1)
        {
            var missing = entry.Sequence - 1 == previousSequence + 1
                ? $"第 {previousSequence + 1} 条"
                : $"第 {previousSequence + 1}–{entry.Sequence - 1} 条";
            return new AuditBreak(entry.Sequence, AuditBreakReason.SequenceGap,
                entry.Sequence > previousSequence + 1
                    ? $"序号不连续：{missing}缺失（可能已被删除）。"
                    : $"序号不连续：应为 {previousSequence + 1}。");
        }
        if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return new AuditBreak(entry.Sequence, AuditBreakReason.PreviousHashMismatch,
                previousSequence == 0
                    ? "第一条记录的前一哈希应为 64 个 0。"
                    : $"记录的前一哈希与第 {previousSequence} 条的哈希不符（前一条或本条的链接被改动）。");
        }
        if (!string.Equals(AuditHash.Of(entry), entry.Hash, StringComparison.Ordinal))
        {
            return new AuditBreak(entry.Sequence, AuditBreakReason.HashMismatch, "记录内容与其哈希不符（记录被改动）。");
        }
        return null;
    }
}
