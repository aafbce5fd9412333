using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Zeren.Core.Data;

/// <summary>
/// Saves the context's new rows (all <see cref="EntityState.Added"/>, of one entity type) as <c>SaveChanges</c> would —
/// the same checks before (<see cref="ZerenDbContext.CheckBeforeSaveAsync"/>: write guard, stored values, derived
/// rows), the same rows the save's interceptors add (<see cref="IBulkInsertRows"/>: the audit log's entries, in its
/// chain) — but written on
/// PostgreSQL with binary <c>COPY</c> in the caller's transaction instead of one parameterised <c>INSERT</c> per row
/// (ADR 0041). The columns, their store types and value converters are the EF model's. On SQLite, or when the tracked
/// changes are anything else (an update, a deletion, rows of several types, a value the database generates), it is
/// simply <c>SaveChanges</c>. Either way the saved rows end as <c>SaveChanges</c> leaves them: unchanged, still tracked.
/// </summary>
public static class BulkInsert
{
    public static async Task SaveAddedAsync(ZerenDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entries = db.ChangeTracker.Entries().ToList();
        if (!db.IsPostgres || entries.Count == 0 || db.Database.CurrentTransaction is null
            || db.GetDbConnection() is not NpgsqlConnection connection
            || entries.Any(e => e.State != EntityState.Added && e.State != EntityState.Unchanged))
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var added = entries.Where(e => e.State == EntityState.Added).ToList();
        var type = added.Count > 0 ? added[0].Metadata : null;
        if (type is null || added.Any(e => e.Metadata != type) || PlanOf(type) is not { } plan
            || added.Any(e => e.Properties.Any(p => p.IsTemporary)))
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var companions = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?
            .OfType<IBulkInsertRows>().ToList() ?? [];
        if (companions.Any(c => c.RowType is not { } t || db.Model.FindEntityType(t) is not { } rowType || PlanOf(rowType) is null))
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var derived = await db.CheckBeforeSaveAsync(ct);
        var extra = new List<(IBulkInsertRows Companion, IReadOnlyList<object> Rows, object? Token)>();
        try
        {
            foreach (var companion in companions)
            {
                var (rows, token) = await companion.RowsForBulkAsync(db, ct);
                extra.Add((companion, rows, token));
            }
            await CopyAsync(connection, plan, added.Select(e => (Func<IProperty, object?>)(p =>
                p.IsShadowProperty() ? e.Property(p).CurrentValue : p.GetGetter().GetClrValueUsingContainingEntity(e.Entity))), ct);
            foreach (var (companion, rows, _) in extra.Where(x => x.Rows.Count > 0))
            {
                var rowPlan = PlanOf(db.Model.FindEntityType(companion.RowType)!)!;
                await CopyAsync(connection, rowPlan, rows.Select(r => (Func<IProperty, object?>)(p => p.GetGetter().GetClrValue(r))), ct);
            }
            foreach (var (rows, touched) in derived ?? [])
            {
                await rows.RefreshAsync(db, touched, ct);
            }
        }
        catch
        {
            foreach (var (companion, _, token) in extra)
            {
                companion.BulkFailed(token);
            }
            throw;
        }
        db.ChangeTracker.AcceptAllChanges();
    }

    private static NpgsqlConnection? GetDbConnection(this ZerenDbContext db) => db.Database.GetDbConnection() as NpgsqlConnection;


    /// <summary>One column: its model property, its PostgreSQL type name (no modifiers), its value converter.</summary>
    private sealed record Column(IProperty Property, string Name, string PostgresType, Func<object?, object?> ToProvider);

    private sealed record Plan(string Table, IReadOnlyList<Column> Columns)
    {
        public IReadOnlyList<(string Name, string Type)> Written { get; } = [.. Columns.Select(c => (c.Name, c.PostgresType))];
    }

    private static readonly ConcurrentDictionary<IEntityType, Plan?> Plans = new();

    private static readonly HashSet<Type> Written =
    [
        typeof(string), typeof(Guid), typeof(int), typeof(long), typeof(short), typeof(bool), typeof(double), typeof(decimal),
        typeof(DateTimeOffset), typeof(DateTime), typeof(DateOnly), typeof(TimeOnly), typeof(byte[]),
    ];

    /// <summary>How to COPY rows of this type, or null when this path cannot write it as EF Core would.</summary>
    private static Plan? PlanOf(IEntityType type) => Plans.GetOrAdd(type, static t =>
    {
        if (t.IsOwned() || t.GetComplexProperties().Any() || t.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
            || t.GetTableName() is not { } table || t.BaseType is not null || t.GetDerivedTypes().Any())
        {
            return null;
        }
        var store = StoreObjectIdentifier.Table(table, t.GetSchema());
        var columns = new List<Column>();
        foreach (var p in t.GetProperties())
        {
            if (p.GetColumnName(store) is not { } name)
            {
                return null;
            }
            var converter = p.GetTypeMapping().Converter;
            var provider = converter?.ProviderClrType ?? p.ClrType;
            if (!Written.Contains(Nullable.GetUnderlyingType(provider) ?? provider) || p.GetColumnType() is not { } columnType)
            {
                return null;
            }
            var paren = columnType.IndexOf('(', StringComparison.Ordinal);
            var pgType = paren < 0 ? columnType : columnType[..paren].TrimEnd();
            Func<object?, object?> toProvider = converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v);
            columns.Add(new Column(p, name, pgType, toProvider));
        }
        var target = t.GetSchema() is { } schema ? $"{BinaryCopy.Quote(schema)}.{BinaryCopy.Quote(table)}" : BinaryCopy.Quote(table);
        return new Plan(target, columns);
    });

    private static Task CopyAsync(NpgsqlConnection connection, Plan plan, IEnumerable<Func<IProperty, object?>> rows, CancellationToken ct) =>
        BinaryCopy.CopyAsync(connection, plan.Table, plan.Written,
            rows.Select(read => plan.Columns.Select(c => c.ToProvider(read(c.Property))).ToArray()), ct);
}

/// <summary>
/// An interceptor that adds rows of its own to every save (the audit log's entries): for <see cref="BulkInsert"/>, it
/// makes them as it would for <c>SaveChanges</c>, in the caller's transaction, and returns them to be written beside the rows.
/// </summary>
public interface IBulkInsertRows
{
    /// <summary>The entity type of the rows it adds.</summary>
    Type RowType { get; }

    /// <summary>The rows a save of the tracked changes would add, not added to the context; and what <see cref="BulkFailed"/> needs.</summary>
    Task<(IReadOnlyList<object> Rows, object? Token)> RowsForBulkAsync(DbContext db, CancellationToken ct);

    /// <summary>The bulk write of those rows failed, as a save can.</summary>
    void BulkFailed(object? token);
}
