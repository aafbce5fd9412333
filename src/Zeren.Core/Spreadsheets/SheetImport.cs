using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Spreadsheets;

/// <summary>
/// What every import from an .xlsx shares (ADR 0005): its template, reading the upload within the limits,
/// the header check, collecting every row's errors, and saving in one transaction only when there are none.
/// A subclass checks the rows and stages its changes in the context; refused or saved, nothing it staged stays there.
/// </summary>
public abstract class SheetImport(ZerenDbContext db, IOptions<SpreadsheetLimits> options)
{
    protected ZerenDbContext Db { get; } = db;

    protected SpreadsheetLimits Limits { get; } = options.Value;

    /// <summary>The data sheet: the sheet of this name is read when the file has one, otherwise its first sheet.</summary>
    protected abstract string SheetName { get; }

    protected abstract IReadOnlyList<SheetColumn> Columns { get; }

    /// <summary>The rules listed on the template's 说明 sheet.</summary>
    protected abstract IReadOnlyList<string> Rules { get; }

    /// <summary>The empty template: the data sheet with drop-downs and the 说明 sheet.</summary>
    public void WriteTemplate(Stream output) =>
        TemplateBook.Write(output, SheetName, Columns, Rules, Limits.MaxRows);

    public async Task<ImportSummary> ImportAsync(Stream file, CancellationToken ct = default)
    {
        var table = await XlsxReader.ReadUploadAsync(file, Limits, SheetName, ct);
        table.RequireHeaders(Columns.Select(c => c.Header));
        if (table.Rows.Count == 0)
        {
            throw new DomainException("import_empty", "文件中没有数据行：请从表头下一行开始填写。", "file");
        }
        var errors = new ImportErrors(Limits.MaxReportedErrors);
        table = CheckText(table, errors);
        errors.ThrowIfAny();
        try
        {
            var summary = await StageAsync(table, errors, ct);
            errors.ThrowIfAny();
            await using var tx = await Db.Database.BeginTransactionAsync(ct);
            await SaveAsync(ct);
            await tx.CommitAsync(ct);
            return summary;
        }
        finally
        {
            // Refused or saved, nothing of this import stays in the context.
            Db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// New rows saved per <c>SaveChanges</c> in the import's one transaction, or 0 to save everything at once (rows that
    /// name one another, such as a parent organization and its children). Saved at once, a 100 000-row roster held the
    /// people and their audit entries in the change tracker together (1.8 GB); a few thousand at a time keep it small.
    /// </summary>
    protected virtual int NewRowsPerSave => 0;

    /// <summary>
    /// Saves what <see cref="StageAsync"/> staged, in the caller's transaction: the changed rows first, then the new ones
    /// <see cref="NewRowsPerSave"/> at a time through <see cref="BulkInsert"/>, each save checked and audited as any save is. A failure leaves the
    /// transaction to roll back, so the import stays all or nothing.
    /// </summary>
    private async Task SaveAsync(CancellationToken ct)
    {
        var chunk = NewRowsPerSave;
        if (chunk <= 0)
        {
            await Db.SaveChangesAsync(ct);
            return;
        }
        // Staged rows are set aside without looking for changes first: Entries() and Entry() would compare every one of
        // them with its snapshot (a new row has none to compare), and SaveChanges looks for the changed rows' changes itself.
        List<EntityEntry> added;
        var detectChanges = Db.ChangeTracker.AutoDetectChangesEnabled;
        Db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            added = Db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
            foreach (var entry in added)
            {
                entry.State = EntityState.Detached;
            }
        }
        finally
        {
            Db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }
        await Db.SaveChangesAsync(ct);
        Db.ChangeTracker.Clear();
        foreach (var rows in added.Select(e => e.Entity).Chunk(chunk))
        {
            Db.AddRange(rows);
            // The same checks and audit entries as SaveChanges, written with COPY on PostgreSQL (ADR 0041).
            await BulkInsert.SaveAddedAsync(Db, ct);
            Db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The input contract's text rules (<see cref="TextRules"/>, one line) for every cell of the template's columns, each
    /// refusal naming its row and column; the cells come back normalized. Checked before any row is staged, so no text
    /// that breaks them reaches a query.
    /// </summary>
    private SheetTable CheckText(SheetTable table, ImportErrors errors)
    {
        var columns = Columns.Where(c => table.HasColumn(c.Header)).Select(c => c.Header).ToList();
        var rows = new List<SheetRow>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            foreach (var header in columns)
            {
                if (TextRules.Check(table.Cell(row, header), TextKind.SingleLine) is { } problem)
                {
                    errors.Add(row.Number, header, problem.Message);
                }
            }
            rows.Add(row with { Values = [.. row.Values.Select(v => TextRules.Check(v, TextKind.MultiLine) is null ? TextRules.Normalize(v, TextKind.SingleLine) : v)] });
        }
        return new SheetTable(table.SheetName, table.HeaderRowNumber, table.Headers, rows);
    }

    /// <summary>
    /// Checks every row, adding each problem to <paramref name="errors"/>, and adds or changes the entities in the
    /// context without saving. It may throw <see cref="ImportErrors.ThrowIfAny"/> early, before staging on top of known errors.
    /// </summary>
    protected abstract Task<ImportSummary> StageAsync(SheetTable table, ImportErrors errors, CancellationToken ct);
}
