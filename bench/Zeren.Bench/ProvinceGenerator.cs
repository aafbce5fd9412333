using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Bench;

/// <summary>What to generate from which template, into which database.</summary>
/// <param name="TemplateFile">The SQLite database the app's own demo loader filled (<c>zeren demo</c>).</param>
/// <param name="Protector">The personal-data keys of that database, which the app run over the copies must also be given.</param>
public sealed record GeneratorOptions(string TemplateFile, PersonalDataProtector Protector, DatabaseTarget Target, ProvinceShape Shape);

/// <param name="Tables">The tables as copied (rows the target's migrations seed are skipped).</param>
public sealed record GeneratorResult(IReadOnlyDictionary<string, long> RowsPerTable, TimeSpan Elapsed, Guid? ProvinceId, IReadOnlyList<Guid> CountyIds,
    IReadOnlyList<TablePlan> Tables)
{
    public long Rows => RowsPerTable.Values.Sum();
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 0.001);
}

/// <summary>
/// Makes a province (or a slice, or one county) out of the demo county: every table of the EF model is read from the
/// template and written once per county with its ids remapped (deterministically: the same county of the same template
/// gets the same ids every run), materialized paths re-rooted under a generated province and its cities, unique codes
/// suffixed, people multiplied with valid new ID numbers (encrypted and indexed as the app does), and meetings with
/// everything under them repeated a year earlier for each further year. Tables a capability adds are copied the same way
/// without a change here, as long as the demo loader fills them. Accounts and roles are written once (the demo accounts
/// stay bound to the first county), with a <c>province</c> and a <c>city</c> account beside the demo's <c>county</c>.
/// </summary>
public sealed class ProvinceGenerator
{
    public const string ProvinceCode = "QC";
    public const string ProvinceName = "中共青澄省委";

    /// <summary>Fictional city names (市), eleven as a province has.</summary>
    private static readonly string[] CityNames = ["澜川", "雁岭", "桐溪", "云湄", "鹤坪", "柘阳", "苍屿", "岫川", "荻原", "蘅江", "杉浦", "芜汀", "棠溪", "沅岭", "枫渚", "樟浦"];

    private readonly GeneratorOptions options;
    private readonly ProvinceShape shape;
    private readonly TextWriter log;
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> copiedIds = [];
    private readonly Dictionary<string, int> regionIndex = new(StringComparer.Ordinal);
    private string?[] idNumbers = [];
    private int personCopies = 1;
    private int lastCopyPeople;

    private ProvinceGenerator(GeneratorOptions options, TextWriter log)
    {
        this.options = options;
        shape = options.Shape;
        this.log = log;
    }

    public static Task<GeneratorResult> RunAsync(GeneratorOptions options, TextWriter log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        options.Shape.Check();
        return new ProvinceGenerator(options, log).RunAsync(ct);
    }

    /// <summary>A context over <paramref name="target"/>, for its model and its migrations.</summary>
    public static ZerenDbContext Context(DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var builder = new DbContextOptionsBuilder<ZerenDbContext>();
        target.Configure(builder);
        return new ZerenDbContext(builder.Options);
    }

    /// <summary>The tables of the model with both providers' column types, in foreign-key order.</summary>
    public static IReadOnlyList<TablePlan> Plan()
    {
        using var sqlite = Context(new DatabaseTarget(DatabaseProvider.Sqlite, "Data Source=:memory:"));
        using var postgres = Context(new DatabaseTarget(DatabaseProvider.PostgreSql, "Host=localhost"));
        // The design-time model keeps the annotations the runtime model drops (the path columns' binary collation).
        return TablePlan.FromModel(sqlite.GetService<IDesignTimeModel>().Model, postgres.GetService<IDesignTimeModel>().Model);
    }

    private async Task<GeneratorResult> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var tables = Plan();
        var seeded = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal);
        await using (var db = Context(options.Target))
        {
            await db.Database.MigrateAsync(ct);
            if (await db.Set<Organization>().AnyAsync(ct))
            {
                throw new InvalidOperationException("The target database already has organizations: the generator loads into an empty database only.");
            }
            // Rows the migrations seed (meeting cadences) are the installation's own, not the county's: the template's
            // copies of them are left out by primary key (a table without one that the migrations fill is left out whole).
            foreach (var table in tables.Where(t => t.Kind != CopyKind.Skip))
            {
                if (await CountAsync(db, table.Name, ct) == 0)
                {
                    continue;
                }
                if (table.IdColumn is null)
                {
                    table.Kind = CopyKind.Skip;
                }
                else
                {
                    seeded[table.Name] = await IdsAsync(db, table, ct);
                }
            }
        }
        var template = await Template.ReadAsync(options.TemplateFile, tables, ct);
        foreach (var (name, ids) in seeded)
        {
            var table = tables.Single(t => t.Name == name);
            var rows = template.Rows[name];
            var had = rows.Count;
            rows.RemoveAll(r => ids.Contains((Guid)r[table.IdColumn!.Value]!));
            if (had > 0 && rows.Count == 0)
            {
                table.Kind = CopyKind.Skip;
            }
        }
        Prepare(tables, template);
        log.WriteLine($"template: {string.Join(", ", tables.Where(t => template.Rows[t.Name].Count > 0).Select(t => $"{t.Name} {template.Rows[t.Name].Count} ({t.Kind})"))}");

        var orgs = tables.Single(t => t.Entity.ClrType == typeof(Organization));
        var countyRoot = template.Rows[orgs.Name].FirstOrDefault(r => r[orgs.Column("parent_id")] is null)
            ?? throw new InvalidOperationException("The template has no organization: load the demo county into it first (zeren demo).");
        await using var sink = options.Target.Provider == DatabaseProvider.PostgreSql
            ? (IRowSink)new PostgresSink(options.Target.ConnectionString)
            : new SqliteSink(options.Target.ConnectionString);

        Guid? provinceId = null;
        var cities = new Dictionary<int, (Guid Id, string Path)>();
        if (shape.Province)
        {
            var now = DateTimeOffset.UtcNow;
            var province = Organization.Create(null, new OrgDetails(ProvinceCode, ProvinceName, OrgKind.Committee, OrgDomain.Comprehensive), now, NamedId("province"));
            provinceId = province.Id;
            var rows = new List<object?[]> { RowOf(orgs, province) };
            foreach (var city in Enumerable.Range(0, shape.Counties).Select(shape.CityOf).Distinct())
            {
                var name = $"中共{CityNames[city % CityNames.Length]}{(city >= CityNames.Length ? (city + 1).ToString(CultureInfo.InvariantCulture) : "")}市委";
                var org = Organization.Create(province, new OrgDetails($"{ProvinceCode}-{city + 1:D2}", name, OrgKind.Committee, OrgDomain.Comprehensive, SortOrder: city + 1),
                    now, NamedId($"city-{city}"));
                cities[city] = (org.Id, org.Path);
                rows.Add(RowOf(orgs, org));
            }
            await sink.BeginAsync(ct);
            await sink.WriteAsync(orgs, Counted(counts, orgs, rows), ct);
            await sink.CommitAsync(ct);
        }

        var countyIds = new Guid[shape.Counties];
        async Task CountyAsync(int county, IRowSink into, CancellationToken token)
        {
            var city = shape.Province ? cities[shape.CityOf(county)] : ((Guid Id, string Path)?)null;
            var written = new Dictionary<string, long>(StringComparer.Ordinal);
            await into.BeginAsync(token);
            foreach (var table in tables)
            {
                if (table.Kind == CopyKind.Skip || (table.Kind == CopyKind.Once && county > 0))
                {
                    continue;
                }
                var rows = template.Rows[table.Name];
                if (rows.Count == 0)
                {
                    continue;
                }
                IEnumerable<object?[]> copies = table.Kind == CopyKind.Once
                    ? rows.Concat(ExtraAccounts(table, template, tables, provinceId, cities))
                    : CopiesOf(table, rows, county, city);
                await into.WriteAsync(table, Counted(written, table, copies), token);
            }
            await into.CommitAsync(token);
            countyIds[county] = Remap((Guid)countyRoot[orgs.Column("id")]!, Key(county, 0, 0));
            lock (counts)
            {
                foreach (var (table, n) in written)
                {
                    counts[table] = counts.GetValueOrDefault(table) + n;
                }
                var seconds = clock.Elapsed.TotalSeconds;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"county {county + 1}/{shape.Counties}: {counts.Values.Sum():N0} rows in {seconds:F1} s ({counts.Values.Sum() / seconds:N0} rows/s)"));
            }
        }

        // The first county alone (it writes the accounts and roles), then the others on several connections at once:
        // one COPY stream keeps one server process busy, and the server has more cores than that. SQLite has one writer.
        await CountyAsync(0, sink, ct);
        var parallel = options.Target.Provider == DatabaseProvider.PostgreSql ? Math.Max(1, shape.Parallelism) : 1;
        await Parallel.ForEachAsync(Enumerable.Range(1, shape.Counties - 1), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct },
            async (county, token) =>
            {
                if (parallel == 1)
                {
                    await CountyAsync(county, sink, token);
                    return;
                }
                await using var own = new PostgresSink(options.Target.ConnectionString);
                await CountyAsync(county, own, token);
            });
        await using (var db = Context(options.Target))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            // The meetings' monthly summaries, from every copied meeting, as the app keeps them.
            await MeetingSummaries.RebuildAsync(db, ct);
            if (options.Target.Provider == DatabaseProvider.PostgreSql)
            {
                // VACUUM as well: left to autovacuum, the freshly copied tables are vacuumed while the measuring runs.
                await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)", ct);
            }
        }
        clock.Stop();
        return new GeneratorResult(counts, clock.Elapsed, provinceId, countyIds, tables);
    }

    private static IEnumerable<object?[]> Counted(Dictionary<string, long> into, TablePlan table, IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            into[table.Name] = into.GetValueOrDefault(table.Name) + 1;
            yield return row;
        }
    }

    /// <summary>The ids every copy remaps, the template's ID numbers in the clear (to derive new ones), the people per county.</summary>
    private void Prepare(IReadOnlyList<TablePlan> tables, Template template)
    {
        foreach (var table in tables.Where(t => t.Kind == CopyKind.PerCounty && t.IdColumn is not null))
        {
            foreach (var row in template.Rows[table.Name])
            {
                copiedIds.Add((Guid)row[table.IdColumn!.Value]!);
            }
        }
        foreach (var table in tables.Where(t => t.Kind == CopyKind.PerCounty))
        {
            foreach (var (column, i) in table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Role == ColumnRole.UniqueText))
            {
                // With a separator the template never uses, "value~tag" cannot be another row's value (or its copy).
                column.Separator = "~#_.:".FirstOrDefault(sep => !template.Rows[table.Name].Any(r => r[i] is string s && s.Contains(sep, StringComparison.Ordinal)));
                if (column.Separator == default)
                {
                    throw new InvalidOperationException($"Every separator occurs in {table.Name}.{column.Name}; add another to the list.");
                }
            }
        }
        var people = tables.Single(t => t.Entity.ClrType == typeof(Person));
        var cipher = people.IndexOf(ColumnRole.IdNumberCipher);
        var rows = template.Rows[people.Name];
        idNumbers = rows.Select(r => r[cipher] is string s ? options.Protector.Decrypt(s) : null).ToArray();
        foreach (var region in idNumbers.OfType<string>().Select(n => n[..6]).Distinct().Order(StringComparer.Ordinal))
        {
            regionIndex[region] = regionIndex.Count;
        }
        if (shape.PeoplePerCounty > 0 && rows.Count > 0)
        {
            personCopies = (shape.PeoplePerCounty + rows.Count - 1) / rows.Count;
            lastCopyPeople = shape.PeoplePerCounty - (rows.Count * (personCopies - 1));
        }
        else
        {
            lastCopyPeople = rows.Count;
        }
    }

    private IEnumerable<object?[]> CopiesOf(TablePlan table, List<object?[]> rows, int county, (Guid Id, string Path)? city)
    {
        var isPeople = table.Entity.ClrType == typeof(Person);
        var isOrgs = table.Entity.ClrType == typeof(Organization);
        var years = table.MeetingFamily && !table.RepeatsUniqueAcrossYears ? shape.Years : 1;
        var copies = isPeople ? personCopies : 1;
        for (var year = 0; year < years; year++)
        {
            for (var copy = 0; copy < copies; copy++)
            {
                var take = isPeople && copy == copies - 1 ? Math.Min(lastCopyPeople, rows.Count) : rows.Count;
                for (var r = 0; r < take; r++)
                {
                    var row = Copy(table, rows[r], county, copy, year, city?.Path ?? "");
                    if (isPeople && (county, copy) != (0, 0) && idNumbers[r] is { } idNumber)
                    {
                        var fresh = NewIdNumber(idNumber, county, copy);
                        row[table.IndexOf(ColumnRole.IdNumberCipher)] = options.Protector.Encrypt(fresh);
                        row[table.IndexOf(ColumnRole.IdNumberHash)] = options.Protector.Index(fresh);
                    }
                    if (isOrgs && row[table.Column("parent_id")] is null && city is { } c)
                    {
                        row[table.Column("parent_id")] = c.Id;
                        row[table.Column("name")] = $"{row[table.Column("name")]}（{county + 1:D3}）";
                    }
                    yield return row;
                }
            }
        }
    }

    private object?[] Copy(TablePlan table, object?[] source, int county, int personCopy, int year, string pathPrefix)
    {
        var row = new object?[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            var column = table.Columns[i];
            var value = source[i];
            row[i] = column.Role switch
            {
                _ when value is null => null,
                ColumnRole.Id => copiedIds.Contains((Guid)value) ? Remap((Guid)value, column.Variant switch
                {
                    IdVariant.MeetingYear => Key(county, 0, year),
                    IdVariant.Person => Key(county, personCopy, 0),
                    _ => Key(county, 0, 0),
                }) : value,
                ColumnRole.Path => pathPrefix + RemapPath((string)value, Key(county, 0, 0)),
                ColumnRole.UniqueText => Suffixed(column, (string)value, county, personCopy, year),
                _ when year > 0 && table.MeetingFamily => value switch
                {
                    DateOnly d => d.AddYears(-year),
                    DateTimeOffset t => t.AddYears(-year),
                    DateTime t => t.AddYears(-year),
                    _ => value,
                },
                _ => value,
            };
        }
        var depth = table.IndexOf(ColumnRole.Depth);
        if (depth >= 0)
        {
            row[depth] = OrgPath.DepthOf((string)row[table.IndexOf(ColumnRole.Path)]!);
        }
        return row;
    }

    private static string Suffixed(ColumnPlan column, string value, int county, int personCopy, int year)
    {
        if ((county, personCopy, year) == (0, 0, 0))
        {
            return value;
        }
        var suffixed = string.Create(CultureInfo.InvariantCulture, $"{value}{column.Separator}{county + 1:D3}{(personCopy > 0 ? $"m{personCopy}" : "")}{(year > 0 ? $"y{year}" : "")}");
        return column.MaxLength is { } max && suffixed.Length > max
            ? throw new InvalidOperationException($"{column.Name} '{suffixed}' would be longer than its {max} characters: shorten the template's values.")
            : suffixed;
    }

    /// <summary>
    /// A valid ID number for copy (<paramref name="county"/>, <paramref name="copy"/>) of a person: the same birth date, sequence
    /// and gender under a region code of its own (1xxxxx, which the template's 33xxxx never is), so every copy is unique.
    /// </summary>
    private string NewIdNumber(string template, int county, int copy)
    {
        var index = (((long)county * personCopies) + copy) * regionIndex.Count + regionIndex[template[..6]];
        if (index >= 100_000)
        {
            throw new InvalidOperationException("Too many copies of the template's people for distinct region codes.");
        }
        var stem = string.Create(CultureInfo.InvariantCulture, $"1{index:D5}{template.AsSpan(6, 11)}");
        return stem + ChineseIdNumber.CheckCharacter(stem);
    }

    /// <summary>Accounts beside the demo's: <c>province</c> and <c>city</c>, copies of the demo's <c>county</c> bound one level and two up.</summary>
    private static IEnumerable<object?[]> ExtraAccounts(TablePlan table, Template template, IReadOnlyList<TablePlan> tables, Guid? provinceId,
        Dictionary<int, (Guid Id, string Path)> cities)
    {
        if (provinceId is null)
        {
            yield break;
        }
        var accounts = tables.Single(t => t.Entity.ClrType == typeof(Account));
        var county = template.Rows[accounts.Name].FirstOrDefault(r => (string?)r[accounts.Column("user_name")] == "county");
        if (county is null)
        {
            yield break;
        }
        var countyId = (Guid)county[accounts.Column("id")]!;
        var extra = new[] { ("province", "省委组织部管理员", provinceId.Value), ("city", "市委组织部管理员", cities[0].Id) };
        foreach (var (user, name, orgId) in extra)
        {
            var id = NamedId("account-" + user);
            if (table == accounts)
            {
                var row = (object?[])county.Clone();
                row[accounts.Column("id")] = id;
                row[accounts.Column("user_name")] = user;
                row[accounts.Column("normalized_user_name")] = user.ToUpperInvariant();
                row[accounts.Column("display_name")] = name;
                row[accounts.Column("org_id")] = orgId;
                row[accounts.Column("person_id")] = null;
                row[accounts.Column("security_stamp")] = Guid.NewGuid().ToString("N").ToUpperInvariant();
                row[accounts.Column("concurrency_stamp")] = Guid.NewGuid().ToString();
                yield return row;
            }
            else if (table.Entity.ClrType == typeof(IdentityUserRole<Guid>))
            {
                foreach (var grant in template.Rows[table.Name].Where(r => (Guid)r[table.Column("user_id")]! == countyId))
                {
                    var row = (object?[])grant.Clone();
                    row[table.Column("user_id")] = id;
                    yield return row;
                }
            }
        }
    }

    /// <summary>An organization made by the app's own entity, as the row the database stores (enums by name).</summary>
    private static object?[] RowOf(TablePlan orgs, Organization org)
    {
        using var db = Context(new DatabaseTarget(DatabaseProvider.Sqlite, "Data Source=:memory:"));
        var entry = db.Entry(org);
        return orgs.Columns.Select(c =>
        {
            var value = entry.Property(c.Property.Name).CurrentValue;
            return value is null ? null : c.Property.GetTypeMapping().Converter?.ConvertToProvider(value) ?? value;
        }).ToArray();
    }

    private static ulong Key(int county, int personCopy, int year) => (uint)county | ((ulong)(uint)personCopy << 24) | ((ulong)(uint)year << 48);

    /// <summary>
    /// The copy's id for a template id: the last 8 bytes mixed with the copy's key (the variant bits kept), so ids stay
    /// version-7 shaped and time-ordered like the template's; key 0 is the template's own id.
    /// </summary>
    public static Guid Remap(Guid id, ulong key)
    {
        if (key == 0)
        {
            return id;
        }
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var mix = SplitMix(key);
        var tail = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) ^ (mix & 0x3FFF_FFFF_FFFF_FFFFUL);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], tail);
        return new Guid(bytes, bigEndian: true);
    }

    private static string RemapPath(string path, ulong key)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var id in OrgPath.Ancestry(path))
        {
            sb.Append(OrgPath.Segment(Remap(id, key)));
        }
        return sb.ToString();
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A fixed version-7-shaped id for a generated row (the province, a city, a bench account).</summary>
    private static Guid NamedId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("zeren-bench/" + name));
        hash[6] = (byte)(0x70 | (hash[6] & 0x0F));
        hash[8] = (byte)(0x80 | (hash[8] & 0x3F));
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static async Task<HashSet<Guid>> IdsAsync(ZerenDbContext db, TablePlan table, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // names come from the EF model
        command.CommandText = $"SELECT {Template.Quote(table.Columns[table.IdColumn!.Value].Name)} FROM {Template.Quote(table.Name)}";
#pragma warning restore CA2100
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetFieldValue<Guid>(0));
        }
        return ids;
    }

    private static async Task<long> CountAsync(ZerenDbContext db, string table, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // the table name comes from the EF model
        command.CommandText = $"SELECT COUNT(*) FROM {Template.Quote(table)}";
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
