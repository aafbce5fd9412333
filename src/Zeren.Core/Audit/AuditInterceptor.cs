using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Audit;

/// <summary>
/// Records every create, update and delete saved through the DbContext, in the same transaction as the change:
/// before the save it describes each changed row (<see cref="Describe"/>), opens a transaction when the caller has
/// none, takes the append lock, reads the end of the chain and adds the new <see cref="AuditEntry"/> rows, which the
/// same save inserts. Explicit events (<see cref="AuditLog"/>) ride on the same path.
/// Scoped: one per request or job, like the DbContext and the <see cref="ActorAccessor"/> it reads.
/// </summary>
/// <remarks>
/// Bulk statements (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, raw SQL) do not pass through SaveChanges and are
/// not recorded: app code changes rows through the change tracker, and the few bulk jobs record a summary entry.
/// </remarks>
public sealed class AuditInterceptor(ActorAccessor actors, TimeProvider clock, PersonalDataProtector? protector = null) : SaveChangesInterceptor, IReasonRecorder, Data.IBulkInsertRows
{
    private readonly List<AuditDraft> pending = [];
    private readonly Dictionary<DbContext, SaveState> saves = new(ReferenceEqualityComparer.Instance);
    private int suspensions;

    /// <summary>The operation this scope's entries belong to: the sequence and hash of its first entry, once written.</summary>
    private (long Sequence, string Hash)? operation;

    private sealed class SaveState
    {
        public IDbContextTransaction? Owned { get; set; }
        public List<AuditEntry> Added { get; } = [];

        /// <summary>True when this save wrote the operation's first entry: if it fails, the operation starts again.</summary>
        public bool StartedOperation { get; set; }
    }

    /// <summary>
    /// 原因: why the current operation is done, recorded on every entry it writes from now on (<see cref="Reasons.Because"/>).
    /// </summary>
    public string? Reason { get; set; }

    /// <summary>The operation this scope has recorded so far (the sequence of its first entry), if any.</summary>
    public long? Operation => operation?.Sequence;

    /// <summary>True while a system job has switched off per-row entries (<see cref="AuditLog.SuspendRowAuditing"/>).</summary>
    public bool RowAuditingSuspended => suspensions > 0;

    internal bool HasPending => pending.Count > 0;

    internal void Enqueue(AuditDraft draft) => pending.Add(draft);

    internal IDisposable Suspend()
    {
        if (!actors.Current.IsSystem)
        {
            throw new InvalidOperationException("Per-row auditing can be suspended only by the app's own jobs, never for an account's request.");
        }
        suspensions++;
        return new Resume(this);
    }

    private sealed class Resume(AuditInterceptor owner) : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (!done)
            {
                done = true;
                owner.suspensions--;
            }
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is not { } db)
        {
            return result;
        }
        await AbandonAsync(db);
        var drafts = Prepare(db);
        if (drafts.Count == 0)
        {
            return result;
        }
        var state = Track(db);
        try
        {
            if (db.Database.CurrentTransaction is null)
            {
                state.Owned = await db.Database.BeginTransactionAsync(cancellationToken);
            }
            var (sequence, hash) = await AuditChain.LockAndReadLastAsync(db, cancellationToken);
            if (operation is { } op && !await AuditChain.IsEntryAsync(db, op.Sequence, op.Hash, cancellationToken))
            {
                operation = null;
            }
            Append(db, drafts, sequence, hash, state);
        }
        catch
        {
            await AbandonAsync(db);
            throw;
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is not { } db)
        {
            return result;
        }
        Abandon(db);
        var drafts = Prepare(db);
        if (drafts.Count == 0)
        {
            return result;
        }
        var state = Track(db);
        try
        {
            if (db.Database.CurrentTransaction is null)
            {
                state.Owned = db.Database.BeginTransaction();
            }
            var (sequence, hash) = AuditChain.LockAndReadLast(db);
            if (operation is { } op && !AuditChain.IsEntry(db, op.Sequence, op.Hash))
            {
                operation = null;
            }
            Append(db, drafts, sequence, hash, state);
        }
        catch
        {
            Abandon(db);
            throw;
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db && saves.TryGetValue(db, out var state))
        {
            if (state.Owned is { } tx)
            {
                await tx.CommitAsync(cancellationToken);
                await tx.DisposeAsync();
                state.Owned = null;
            }
            Forget(db, state, failed: false);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db && saves.TryGetValue(db, out var state))
        {
            if (state.Owned is { } tx)
            {
                tx.Commit();
                tx.Dispose();
                state.Owned = null;
            }
            Forget(db, state, failed: false);
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db)
        {
            await AbandonAsync(db);
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db)
        {
            Abandon(db);
        }
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db)
        {
            await AbandonAsync(db);
        }
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db)
        {
            Abandon(db);
        }
    }

    private SaveState Track(DbContext db)
    {
        var state = new SaveState();
        saves[db] = state;
        // A concurrency failure (DbUpdateConcurrencyException) reaches the context's event but not the interceptors'
        // SaveChangesFailed; without this, the transaction opened here would stay open on the context.
        db.SaveChangesFailed += OnSaveChangesFailed;
        return state;
    }

    private void OnSaveChangesFailed(object? sender, SaveChangesFailedEventArgs e)
    {
        if (sender is DbContext db)
        {
            Abandon(db);
        }
    }

    /// <summary>
    /// After a failed save: the entries it added must not be inserted by a retry (they would carry a stale place
    /// in the chain), and a transaction opened for it is rolled back.
    /// </summary>
    private async Task AbandonAsync(DbContext db)
    {
        if (saves.TryGetValue(db, out var state))
        {
            Forget(db, state, failed: true);
            if (state.Owned is { } tx)
            {
                state.Owned = null;
                await tx.RollbackAsync();
                await tx.DisposeAsync();
            }
        }
    }

    private void Abandon(DbContext db)
    {
        if (saves.TryGetValue(db, out var state))
        {
            Forget(db, state, failed: true);
            if (state.Owned is { } tx)
            {
                state.Owned = null;
                tx.Rollback();
                tx.Dispose();
            }
        }
    }

    private void Forget(DbContext db, SaveState state, bool failed)
    {
        saves.Remove(db);
        if (failed && state.StartedOperation)
        {
            // The save that wrote the operation's first entry did not go through: the next one starts it again.
            operation = null;
        }
        db.SaveChangesFailed -= OnSaveChangesFailed;
        foreach (var entry in state.Added)
        {
            db.Entry(entry).State = EntityState.Detached;
        }
    }

    /// <summary>What this save is to record: the changed rows (unless suspended), then the queued events.</summary>
    private List<AuditDraft> Prepare(DbContext db)
    {
        var actor = actors.Current;
        if (suspensions > 0 && !actor.IsSystem)
        {
            throw new InvalidOperationException("Per-row auditing is suspended, but the actor is an account: only the app's own jobs may save unaudited.");
        }
        var drafts = new List<AuditDraft>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    throw new InvalidOperationException("审计日志只能追加，不能修改或删除。");
                }
                continue;
            }
            if (suspensions > 0 || !entry.Metadata.IsAudited())
            {
                continue;
            }
            if (Describe(entry, protector is null ? null : Open) is { } draft)
            {
                drafts.Add(draft);
            }
        }
        drafts.AddRange(pending);
        pending.Clear();
        return drafts;
    }

    private void Append(DbContext db, List<AuditDraft> drafts, long sequence, string hash, SaveState state)
    {
        var entries = Chain(drafts, sequence, hash, out var started);
        foreach (var entry in entries)
        {
            db.Add(entry);
            state.Added.Add(entry);
        }
        state.StartedOperation |= started;
    }

    /// <summary>The drafts as the entries that follow (<paramref name="sequence"/>, <paramref name="hash"/>), in order, in this scope's operation.</summary>
    private List<AuditEntry> Chain(List<AuditDraft> drafts, long sequence, string hash, out bool startedOperation)
    {
        var at = clock.GetUtcNow();
        var actor = actors.Current;
        var entries = new List<AuditEntry>(drafts.Count);
        startedOperation = false;
        foreach (var draft in drafts)
        {
            var entry = AuditEntry.Next(sequence, hash, at, actor, draft, operation?.Sequence ?? sequence + 1, Reason);
            entries.Add(entry);
            if (operation is null)
            {
                operation = (entry.Sequence, entry.Hash);
                startedOperation = true;
            }
            (sequence, hash) = (entry.Sequence, entry.Hash);
        }
        return entries;
    }

    /// <summary>
    /// For a save that does not go through <c>SaveChanges</c> (<see cref="Data.BulkInsert"/>, through <see cref="Data.IBulkInsertRows"/>): the entries the interceptor
    /// would add for the tracked changes and the queued events, made exactly as a save makes them (the same drafts, the
    /// append lock, the end of the chain, the operation), but returned for the caller to write in its transaction
    /// instead of added to the context. A failure of that write must be reported (<see cref="Data.IBulkInsertRows.BulkFailed"/>).
    /// </summary>
    internal async Task<(List<AuditEntry> Entries, bool StartedOperation)> ChainForBulkAsync(DbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A bulk save writes its audit entries in the caller's transaction: begin one first.");
        }
        var drafts = Prepare(db);
        if (drafts.Count == 0)
        {
            return ([], false);
        }
        var (sequence, hash) = await AuditChain.LockAndReadLastAsync(db, ct);
        if (operation is { } op && !await AuditChain.IsEntryAsync(db, op.Sequence, op.Hash, ct))
        {
            operation = null;
        }
        var entries = Chain(drafts, sequence, hash, out var started);
        return (entries, started);
    }

    Type Data.IBulkInsertRows.RowType => typeof(AuditEntry);

    async Task<(IReadOnlyList<object> Rows, object? Token)> Data.IBulkInsertRows.RowsForBulkAsync(DbContext db, CancellationToken ct)
    {
        var (entries, started) = await ChainForBulkAsync(db, ct);
        return (entries, started);
    }

    /// <summary>The bulk write of entries from <see cref="ChainForBulkAsync"/> failed: as after a failed save, the next save starts the operation again.</summary>
    void Data.IBulkInsertRows.BulkFailed(object? token)
    {
        if (token is true)
        {
            operation = null;
        }
    }

    /// <summary>
    /// One changed row as an audit draft: a creation keeps every value after, a deletion every value before, an
    /// update the values of the properties that really changed, before and after. Null when nothing changed.
    /// </summary>
    internal static AuditDraft? Describe(EntityEntry entry, Func<string, string?>? open = null)
    {
        var type = entry.Metadata.ShortName();
        var clr = entry.Metadata.ClrType;
        var label = AuditEntityLabels.Of(clr, type);
        var id = KeyOf(entry);
        switch (entry.State)
        {
            case EntityState.Added:
                var created = NameOf(entry, current: true);
                return new AuditDraft(AuditAction.Create, type, id, $"新增{label}{Quoted(created)}", null,
                    AuditValues.Serialize(type, Values(entry.Properties, current: true, open))) { EntityName = created };
            case EntityState.Deleted:
                var deleted = NameOf(entry, current: false);
                return new AuditDraft(AuditAction.Delete, type, id, $"删除{label}{Quoted(deleted)}",
                    AuditValues.Serialize(type, Values(entry.Properties, current: false, open)), null) { EntityName = deleted };
            case EntityState.Modified:
                var changed = entry.Properties.Where(p => p.IsModified && !p.Metadata.GetValueComparer().Equals(p.OriginalValue, p.CurrentValue)).ToList();
                if (changed.Count == 0)
                {
                    return null;
                }
                var before = Values(changed, current: false, open).ToList();
                var after = Values(changed, current: true, open).ToList();
                // A number re-encrypted under a new key reads the same: named only when nothing else changed.
                var differ = before.Zip(after).Where(x => !Equals(x.First.Value, x.Second.Value)).ToList();
                if (differ.Count > 0)
                {
                    (before, after) = (differ.Select(x => x.First).ToList(), differ.Select(x => x.Second).ToList());
                }
                // The bookkeeping stamps change with everything; name them only when nothing else changed.
                var names = after.Select(p => p.Key).Where(n => !AuditEntityLabels.IsBookkeeping(n)).ToList();
                var what = string.Join("、", (names.Count > 0 ? names : after.Select(p => p.Key)).Select(n => AuditEntityLabels.Field(clr, n)));
                var name = NameOf(entry, current: true);
                return new AuditDraft(AuditAction.Update, type, id, $"修改{label}{Quoted(name)}：{what}",
                    AuditValues.Serialize(type, before), AuditValues.Serialize(type, after)) { EntityName = name };
            default:
                return null;
        }
    }

    /// <summary>
    /// Property → value pairs of a row. With <paramref name="open"/>, an encrypted column (<c>IdNumberCipher</c>) is
    /// recorded under its plain name (<c>IdNumber</c>) with the number it holds, which <see cref="AuditValues"/> then
    /// masks like a list does; its keyed hash beside it is left out. Without, both show as hidden.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, object?>> Values(IEnumerable<PropertyEntry> properties, bool current, Func<string, string?>? open)
    {
        var list = properties as IReadOnlyCollection<PropertyEntry> ?? properties.ToList();
        foreach (var p in list)
        {
            var name = p.Metadata.Name;
            var value = current ? p.CurrentValue : p.OriginalValue;
            if (p.Metadata.IsSealedInAudit())
            {
                yield return new(name, value is null ? null : AuditValues.Hidden);
                continue;
            }
            if (open is not null && name.EndsWith(CipherSuffix, StringComparison.Ordinal))
            {
                yield return new(name[..^CipherSuffix.Length], value is string s ? open(s) ?? AuditValues.Hidden : null);
                continue;
            }
            if (open is not null && name.EndsWith(HashSuffix, StringComparison.Ordinal)
                && p.EntityEntry.Metadata.FindProperty(name[..^HashSuffix.Length] + CipherSuffix) is not null)
            {
                continue;
            }
            yield return new(name, value);
        }
    }

    private const string CipherSuffix = "Cipher";
    private const string HashSuffix = "Hash";

    /// <summary>The number an encrypted column holds, or null when it cannot be read (a key this app does not have).</summary>
    private string? Open(string stored)
    {
        try
        {
            return protector!.Decrypt(stored);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static string Quoted(string? name) => string.IsNullOrWhiteSpace(name) ? "" : $"“{name}”";

    /// <summary>The row's name as people know it, when it has one.</summary>
    private static string? NameOf(EntityEntry entry, bool current)
    {
        foreach (var candidate in (string[])["Name", "Topic", "Title", "UserName", "DisplayName", "FileName"])
        {
            if (entry.Metadata.FindProperty(candidate) is { ClrType: var t } property && t == typeof(string) && !property.IsSealedInAudit())
            {
                var p = entry.Property(candidate);
                if ((current ? p.CurrentValue : p.OriginalValue) is string { Length: > 0 } name && !string.IsNullOrWhiteSpace(name))
                {
                    return name;
                }
            }
        }
        return null;
    }

    /// <summary>The primary key as text; null while the database has yet to generate it.</summary>
    private static string? KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return null;
        }
        var parts = new List<string>();
        foreach (var property in key.Properties)
        {
            var p = entry.Property(property.Name);
            if (p.IsTemporary || p.CurrentValue is null)
            {
                return null;
            }
            parts.Add(p.CurrentValue switch
            {
                Guid g => g.ToString("D"),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var v => v.ToString() ?? "",
            });
        }
        return string.Join(",", parts);
    }
}
