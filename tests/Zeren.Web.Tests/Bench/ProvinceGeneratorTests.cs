using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Bench;
using Zeren.Core.Data;
using Zeren.Core.Demo;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Bench;

/// <summary>
/// The benchmark's generator on a tiny slice (two counties of a province, a few more people than the demo county, two years of
/// meetings), on both databases: every table's rows scale with the copies, every foreign key holds, the org tree is one
/// province with well-formed paths, copied ID numbers are valid and indexed, and the app run over the copies answers a
/// copied county's compliance as it answers the first county's; every endpoint of bench/run's list answers its account
/// over the slice and the report is written from those answers, so the benchmark cannot rot. No timings: only shapes.
/// </summary>
public class ProvinceGeneratorTests
{
    private const int Counties = 2;
    private const int Years = 2;

    /// <summary>The main tables of every capability beside the org tree, people and meetings (a capability adds its own when it lands).</summary>
    private static readonly string[] CapabilityTables =
    [
        "responsibility_lists", "responsibility_items", "list_receivers", "list_completions",
        "annual_plans", "annual_plan_versions", "annual_plan_projects", "projects", "project_milestones", "project_reconciliations",
        "obligations", "supervision_orders", "supervision_events", "matters", "matter_steps",
        "inspection_plans", "inspection_plan_villages", "inspection_rounds", "inspection_round_villages", "inspection_groups",
        "inspection_group_members", "inspections", "inspection_checks", "inspection_findings", "inspection_grids",
        "problems", "problem_events", "self_checks", "self_check_answers",
        "party_audit_rounds", "party_audit_units", "party_audit_items", "party_audit_branches", "party_audit_scores",
        "assessment_schemes", "assessment_items", "scoring_runs", "scoring_entries", "scoring_results",
        "competitions", "competition_contestants", "competition_judges", "competition_scores",
        "star_ratings", "star_rating_entries",
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_slice_of_the_province_copies_the_demo_county_consistently(string provider)
    {
        var demo = ZerenFactory.WithDemo(TestDatabases.Sqlite);
        var templateFile = demo.Services.GetRequiredService<DatabaseTarget>().SqliteFile()!;
        var protector = demo.Services.GetRequiredService<PersonalDataProtector>();
        var tables = ProvinceGenerator.Plan();
        var template = await Template.ReadAsync(templateFile, tables);
        var templatePeople = template.Rows["people"].Count;
        var shape = new ProvinceShape { Counties = Counties, Years = Years, PeoplePerCounty = templatePeople + 25 };
        var target = TestDb.Create(provider).Target;

        var result = await ProvinceGenerator.RunAsync(new GeneratorOptions(templateFile, protector, target, shape), TextWriter.Null);

        await using var db = ProvinceGenerator.Context(target);
        // Row counts: each county's copy of every table the demo fills; meetings and what hangs on them once per year.
        foreach (var table in result.Tables.Where(t => t.Kind == CopyKind.PerCounty && template.Rows[t.Name].Count > 0))
        {
            var n = (long)template.Rows[table.Name].Count;
            var expected = table.Entity.ClrType == typeof(Person) ? Counties * (n + 25)
                : table.Entity.ClrType == typeof(Organization) ? (Counties * n) + 2
                : Counties * n * (table.MeetingFamily && !table.RepeatsUniqueAcrossYears ? Years : 1);
            (await CountAsync(db, table.Name)).Should().Be(expected, table.Name);
        }
        // Every capability's rows are in the province: the demo fills each of these tables, and each county has its copy.
        foreach (var name in CapabilityTables)
        {
            template.Rows[name].Should().NotBeEmpty($"the demo county fills {name}, so the province has it");
            (await CountAsync(db, name)).Should().Be(Counties * (long)template.Rows[name].Count, name);
        }
        (await CountAsync(db, "accounts")).Should().Be(template.Rows["accounts"].Count + 2, "the demo's accounts, and province and city");
        (await CountAsync(db, "audit_entries")).Should().Be(0);
        result.Rows.Should().Be(result.RowsPerTable.Values.Sum()).And.BeGreaterThan(Counties * templatePeople);

        // Every foreign key of the model holds (PostgreSQL checks them on COPY; SQLite with foreign keys on).
        foreach (var (dependent, fk) in tables.SelectMany(t => t.Entity.GetForeignKeys().Select(fk => (t, fk))))
        {
            (await OrphansAsync(db, dependent, fk)).Should().Be(0, $"{dependent.Name} → {fk.PrincipalEntityType.GetTableName()}");
        }

        // One province, its city, two counties under it; every path is its parent's and its own id, its depth the path's.
        var orgs = await db.Set<Organization>().AsNoTracking().Select(o => new { o.Id, o.ParentId, o.Path, o.Depth, o.Code }).ToListAsync();
        var byId = orgs.ToDictionary(o => o.Id);
        orgs.Where(o => o.ParentId == null).Should().ContainSingle().Which.Id.Should().Be(result.ProvinceId!.Value);
        orgs.Select(o => o.Path).Should().OnlyHaveUniqueItems();
        orgs.Select(o => o.Code).Should().OnlyHaveUniqueItems();
        foreach (var o in orgs)
        {
            o.Path.Should().Be(OrgPath.Child(o.ParentId is { } p ? byId[p].Path : null, o.Id));
            o.Depth.Should().Be(OrgPath.DepthOf(o.Path));
        }
        result.CountyIds.Should().HaveCount(Counties).And.OnlyContain(id => byId[id].Depth == 2);
        orgs.Count(o => o.Path.StartsWith(byId[result.CountyIds[1]].Path, StringComparison.Ordinal)).Should().Be(template.Rows["organizations"].Count);

        // Copied ID numbers are valid, match the person's birth date and gender, and are indexed under the app's key.
        var people = await db.Set<Person>().AsNoTracking().Where(p => p.IdNumberCipher != null)
            .Select(p => new { p.IdNumberCipher, p.IdNumberHash, p.BirthDate, p.Gender }).ToListAsync();
        foreach (var p in people.Where((_, i) => i % 97 == 0))
        {
            var number = protector.Decrypt(p.IdNumberCipher!);
            ChineseIdNumber.Problem(number).Should().BeNull();
            ChineseIdNumber.BirthDate(number).Should().Be(p.BirthDate!.Value);
            ChineseIdNumber.Gender(number).Should().Be(p.Gender);
            p.IdNumberHash.Should().Be(protector.Index(number));
        }

        // The meetings reach back a year further.
        var firstTemplate = template.Rows["meetings"].Min(r => (DateOnly)r[tables.Single(t => t.Name == "meetings").Column("held_on")]!);
        (await db.Set<Meeting>().MinAsync(m => m.HeldOn)).Should().Be(firstTemplate.AddYears(-(Years - 1)));

        // The app over the copies: the province's account sees the second county, whose compliance is the first one's.
        var keys = demo.Services.GetRequiredService<PersonalDataKeyStore>().Keys.ToOptions();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Zeren"] = target.ConnectionString,
            ["Zeren:PersonalData:CurrentKey"] = keys.CurrentKey,
            ["Zeren:PersonalData:IndexKey"] = keys.IndexKey,
        };
        foreach (var (id, key) in keys.Keys)
        {
            settings[$"Zeren:PersonalData:Keys:{id}"] = key;
        }
        await using var app = new ZerenFactory(provider, settings: settings);
        var client = await app.ClientFromLoginAsync("province", DemoAccounts.Password);
        var year = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).Year;
        var maps = new List<string>();
        foreach (var county in result.CountyIds)
        {
            var report = await client.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={county}&period={year}&pageSize=1");
            report.Branches.Total.Should().BeGreaterThan(300);
            var heat = await client.GetFromJson<Heatmap>($"/api/v1/compliance/heatmap?org={county}&year={year}");
            maps.Add(string.Join(";", heat.Rows.Select(r => $"{r.Name}:{string.Join(",", r.Months.Select(c => $"{c.Due}/{c.Missing}/{c.Pending}"))}")));
        }
        maps.Distinct().Should().ContainSingle("every county is a copy of the same county");
        var earlier = await client.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={result.CountyIds[1]}&period={year - 1}&pageSize=1");
        earlier.Branches.Total.Should().BeGreaterThan(300);

        await BenchEndpointsAnswer_AndTheReportIsWritten(app, db, result, shape, target);
    }

    /// <summary>
    /// The benchmark's own endpoint list (read from bench/run), each asked once as its account over the slice: every
    /// one answers 200, as bench/run needs to measure it; the report is then written from these answers. No timings
    /// are judged: only that the benchmark still runs end to end.
    /// </summary>
    private static async Task BenchEndpointsAnswer_AndTheReportIsWritten(ZerenFactory app, ZerenDbContext db, GeneratorResult result, ProvinceShape shape, DatabaseTarget target)
    {
        var endpoints = Report.Endpoints(await File.ReadAllTextAsync(RepositoryFile("bench/run")));
        endpoints.Should().Contain(e => e.Name == "people list").And.Contain(e => e.Name == Report.RawCeiling);
        var users = endpoints.Select(e => e.User).Distinct().ToList();
        var orgs = new Dictionary<string, Guid>();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in users)
        {
            orgs[user] = await db.Set<Zeren.Core.Security.Account>().IgnoreQueryFilters().Where(a => a.UserName == user).Select(a => a.OrgId!.Value).SingleAsync();
            clients[user] = await app.ClientFromLoginAsync(user, DemoAccounts.Password);
        }
        var year = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).Year.ToString(CultureInfo.InvariantCulture);
        var measured = new List<Measurement>();
        foreach (var e in endpoints.Where(e => !e.Path.StartsWith("ceiling:", StringComparison.Ordinal)))
        {
            var path = e.Path.Replace("{province}", orgs["province"].ToString(), StringComparison.Ordinal)
                .Replace("{county}", orgs["county"].ToString(), StringComparison.Ordinal)
                .Replace("{township}", orgs["township1"].ToString(), StringComparison.Ordinal)
                .Replace("{year}", year, StringComparison.Ordinal);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await clients[e.User].GetAsync(new Uri(path, UriKind.Relative));
            var ms = clock.Elapsed.TotalMilliseconds;
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, $"{e.Name} ({path}) as {e.User}: bench/run measures it");
            measured.Add(new Measurement(e.Name, e.User, 8, 1, 1000 / Math.Max(ms, 0.001), ms, ms, "0"));
        }

        var load = JsonSerializer.SerializeToElement(Report.LoadStats(result, shape, target.Provider));
        var facts = new Dictionary<string, string> { ["postgres"] = "?", ["cold_start_ms"] = "1000" };
        var report = Report.Write(measured, facts, load, null, "a test slice", 1, "test", DateTimeOffset.UtcNow);
        foreach (var m in measured)
        {
            report.Should().Contain($"| {m.Name} | {m.User} | 8 |");
        }
        report.Should().Contain(string.Create(CultureInfo.InvariantCulture, $"{result.Rows:N0} rows"));
    }

    /// <summary>A file of the repository, found upwards from the test's own folder.</summary>
    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }

    private static async Task<DbConnection> OpenAsync(ZerenDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }
        return connection;
    }

    private static async Task<long> CountAsync(ZerenDbContext db, string table)
    {
        await using var command = (await OpenAsync(db)).CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Template.Quote(table)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<long> OrphansAsync(ZerenDbContext db, TablePlan dependent, IForeignKey fk)
    {
        var principal = fk.PrincipalEntityType;
        var principalTable = StoreObjectIdentifier.Table(principal.GetTableName()!, principal.GetSchema());
        var dependentTable = StoreObjectIdentifier.Table(dependent.Name, dependent.Entity.GetSchema());
        var joins = fk.Properties.Zip(fk.PrincipalKey.Properties, (d, p) =>
            $"p.{Template.Quote(p.GetColumnName(principalTable)!)} = d.{Template.Quote(d.GetColumnName(dependentTable)!)}");
        var present = string.Join(" AND ", fk.Properties.Select(d => $"d.{Template.Quote(d.GetColumnName(dependentTable)!)} IS NOT NULL"));
        await using var command = (await OpenAsync(db)).CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Template.Quote(dependent.Name)} d WHERE {present} AND NOT EXISTS "
            + $"(SELECT 1 FROM {Template.Quote(principal.GetTableName()!)} p WHERE {string.Join(" AND ", joins)})";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
