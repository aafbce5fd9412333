using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Bench;

/// <summary>How a table's rows are copied.</summary>
public enum CopyKind
{
    /// <summary>Once per county, remapped (everything the demo county loads that is not listed below).</summary>
    PerCounty,

    /// <summary>Once, as the template has it: accounts and roles (the demo accounts are bound to the first county).</summary>
    Once,

    /// <summary>Not copied: what the app writes while it runs (audit log, sessions, job runs), or rows the migrations seed.</summary>
    Skip,
}

/// <summary>What a column's value becomes in a copy.</summary>
public enum ColumnRole
{
    /// <summary>Copied as it is (dates of a meeting shifted back a year are the exception).</summary>
    Plain,

    /// <summary>A GUID: when it names a row of a copied table, the copy's id for it.</summary>
    Id,

    /// <summary>A materialized path of organization ids: each segment remapped, re-rooted under the county's city.</summary>
    Path,

    /// <summary>Text in a unique index without an id in it (organization codes): suffixed per copy.</summary>
    UniqueText,

    /// <summary>A person's ID number (SM4-GCM) and its keyed hash (unique): a new valid number per copy of the person.</summary>
    IdNumberCipher,
    IdNumberHash,

    /// <summary>An organization's depth, recomputed from its new path.</summary>
    Depth,
}

/// <summary>Which copy a GUID column's ids follow.</summary>
public enum IdVariant
{
    /// <summary>The county's copy.</summary>
    County,

    /// <summary>The county's copy of that year's meetings (meetings and every row under them).</summary>
    MeetingYear,

    /// <summary>The county's copy of that person (people are multiplied to reach the people per county).</summary>
    Person,
}

public sealed class ColumnPlan
{
    public required string Name { get; init; }
    public required IProperty Property { get; init; }

    /// <summary>The type the database stores (after value converters, nullable stripped).</summary>
    public required Type StoreType { get; init; }

    public ColumnRole Role { get; set; }
    public IdVariant Variant { get; set; }
    public int? MaxLength { get; init; }

    /// <summary>For unique text: a character no template value of the column has, between the value and the copy's tag.</summary>
    public char Separator { get; set; } = '~';

    /// <summary>PostgreSQL type name for binary COPY, without modifiers.</summary>
    public string PostgresType { get; set; } = "";
}

public sealed class TablePlan
{
    public required string Name { get; init; }
    public required IEntityType Entity { get; init; }
    public required IReadOnlyList<ColumnPlan> Columns { get; init; }
    public CopyKind Kind { get; set; }

    /// <summary>Meetings and every table under them: copied once per year of meetings, dates shifted back.</summary>
    public bool MeetingFamily { get; init; }

    /// <summary>The single GUID primary key's column, when the table has one.</summary>
    public int? IdColumn { get; init; }

    /// <summary>Columns of a unique index that a copy would repeat: such a table has no year copies.</summary>
    public bool RepeatsUniqueAcrossYears { get; set; }

    /// <summary>The first column with <paramref name="role"/>, or -1.</summary>
    public int IndexOf(ColumnRole role)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Role == role)
            {
                return i;
            }
        }
        return -1;
    }

    public int Column(string name) =>
        Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Name == name) is { c: not null } hit ? hit.i
            : throw new InvalidOperationException($"Table {Name} has no column {name}.");

    /// <summary>Reads the model of both providers: every mapped table in foreign-key order, each column's role.</summary>
    public static IReadOnlyList<TablePlan> FromModel(IModel sqliteModel, IModel postgresModel)
    {
        var entities = sqliteModel.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()).ToList();
        var family = MeetingFamilyOf(entities);
        var plans = new List<TablePlan>();
        foreach (var entity in Ordered(entities))
        {
            var table = entity.GetTableName()!;
            var pgEntity = postgresModel.FindEntityType(entity.Name)!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = entity.GetProperties().Select(p => new ColumnPlan
            {
                Name = p.GetColumnName(store)!,
                Property = p,
                StoreType = StoreTypeOf(p),
                MaxLength = p.GetMaxLength(),
                PostgresType = StripModifiers(pgEntity.FindProperty(p.Name)!.GetColumnType()),
            }).ToList();
            var pk = entity.FindPrimaryKey();
            int? idColumn = pk is { Properties.Count: 1 } && StoreTypeOf(pk.Properties[0]) == typeof(Guid)
                ? columns.FindIndex(c => c.Property == pk.Properties[0])
                : null;
            var inFamily = family.Contains(entity);
            foreach (var c in columns)
            {
                if (c.StoreType == typeof(Guid))
                {
                    c.Role = ColumnRole.Id;
                    var fk = c.Property.GetContainingForeignKeys().FirstOrDefault();
                    c.Variant = inFamily && (fk is null ? c.Property.IsPrimaryKey() : family.Contains(fk.PrincipalEntityType))
                        ? IdVariant.MeetingYear
                        : entity.ClrType == typeof(Person) && c.Property.IsPrimaryKey() ? IdVariant.Person : IdVariant.County;
                }
                else if (c.Property.FindAnnotation(BinaryCollationAnnotation) is not null)
                {
                    c.Role = ColumnRole.Path;
                }
            }
            if (entity.ClrType == typeof(Person))
            {
                columns.Single(c => c.Property.Name == nameof(Person.IdNumberCipher)).Role = ColumnRole.IdNumberCipher;
                columns.Single(c => c.Property.Name == nameof(Person.IdNumberHash)).Role = ColumnRole.IdNumberHash;
            }
            if (entity.ClrType == typeof(Organization))
            {
                columns.Single(c => c.Property.Name == nameof(Organization.Depth)).Role = ColumnRole.Depth;
            }
            var repeats = false;
            foreach (var index in entity.GetIndexes().Where(i => i.IsUnique))
            {
                var cols = index.Properties.Select(p => columns.Single(c => c.Property == p)).ToList();
                if (cols.Any(c => c.Role is ColumnRole.Id or ColumnRole.Path or ColumnRole.IdNumberHash))
                {
                    // An id in the index makes each copy's entries differ, unless the id does not follow the year.
                    repeats |= inFamily && !cols.Any(c => c.Role == ColumnRole.Id && c.Variant == IdVariant.MeetingYear);
                    continue;
                }
                foreach (var c in cols.Where(c => c.StoreType == typeof(string) && c.Role == ColumnRole.Plain))
                {
                    c.Role = ColumnRole.UniqueText;
                }
            }
            plans.Add(new TablePlan
            {
                Name = table,
                Entity = entity,
                Columns = columns,
                MeetingFamily = inFamily,
                IdColumn = idColumn,
                RepeatsUniqueAcrossYears = repeats,
                Kind = KindOf(entity, table),
            });
        }
        return plans;
    }

    /// <summary>The app's runtime records: each installation starts them empty.</summary>
    private static readonly HashSet<string> RuntimeTables = ["audit_entries", "sessions", "refresh_tokens", "job_runs", "job_failures",
        // The meetings' monthly summaries: derived, rewritten from the copied meetings once they are all in.
        "meeting_month_counts", "meeting_month_totals", "meeting_month_lectures"];

    private static CopyKind KindOf(IEntityType entity, string table) =>
        RuntimeTables.Contains(table) ? CopyKind.Skip
        : entity.ClrType == typeof(Account) || entity.ClrType.Namespace == "Microsoft.AspNetCore.Identity" ? CopyKind.Once
        : CopyKind.PerCounty;

    // Zeren.Core marks materialized-path columns with this annotation (HasBinaryCollation).
    private const string BinaryCollationAnnotation = "Zeren:BinaryCollation";

    private static Type StoreTypeOf(IProperty p)
    {
        var type = p.GetTypeMapping().Converter?.ProviderClrType ?? p.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static string StripModifiers(string columnType)
    {
        var paren = columnType.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? columnType : columnType[..paren].Trim() + columnType[(columnType.IndexOf(')', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>Meetings and every entity whose foreign key leads to one.</summary>
    private static HashSet<IEntityType> MeetingFamilyOf(List<IEntityType> entities)
    {
        var family = entities.Where(e => e.ClrType == typeof(Meeting)).ToHashSet();
        bool grew;
        do
        {
            grew = false;
            foreach (var e in entities.Where(e => !family.Contains(e)))
            {
                if (e.GetForeignKeys().Any(fk => family.Contains(fk.PrincipalEntityType) && fk.Properties.Any(p => p.IsPrimaryKey() || !p.IsNullable)))
                {
                    family.Add(e);
                    grew = true;
                }
            }
        }
        while (grew);
        return family;
    }

    /// <summary>Principals before dependents (a table's reference to itself aside), ties by name.</summary>
    private static List<IEntityType> Ordered(List<IEntityType> entities)
    {
        var pending = entities.OrderBy(e => e.GetTableName(), StringComparer.Ordinal).ToList();
        var done = new HashSet<IEntityType>();
        var ordered = new List<IEntityType>();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(e => e.GetForeignKeys().All(fk => fk.PrincipalEntityType == e || done.Contains(fk.PrincipalEntityType) || !pending.Contains(fk.PrincipalEntityType)))
                ?? throw new InvalidOperationException("The model's foreign keys form a cycle: " + string.Join(", ", pending.Select(e => e.GetTableName())));
            pending.Remove(next);
            done.Add(next);
            ordered.Add(next);
        }
        return ordered;
    }
}
