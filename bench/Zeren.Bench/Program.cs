using System.Globalization;
using System.Text.Json;
using Zeren.Core.Data;
using Zeren.Core.Security;

namespace Zeren.Bench;

// zeren-bench generate --template <zeren.db> --keys <personal-data.json> (--postgres <connection string> | --sqlite <file>)
//   [--counties N | --cities N] [--people-per-county N] [--years N] [--parallel N] [--stats <file.json>]
// zeren-bench roster --template <zeren.db> --out <file.xlsx> [--rows N] [--batch N]: a roster workbook for the import figure.
// Loads a province (100 counties in 11 cities), a slice of it, or (into SQLite) one county made from the demo county.
internal static class BenchProgram
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "report")
        {
            return ReportCommand(Options(args));
        }
        if (args.Length > 0 && args[0] == "ceiling")
        {
            // zeren-bench ceiling --postgres <cs> --urls <url> --org <county id>: the people list's raw ceiling (Ceiling).
            var o = Options(args);
            return await Ceiling.RunAsync(o["postgres"], o["urls"], Guid.Parse(o["org"]));
        }
        if (args.Length > 0 && args[0] == "roster")
        {
            // zeren-bench roster --template <zeren.db> --out <file.xlsx> [--rows N] [--batch N]: a roster workbook to import (RosterFile).
            var o = Options(args);
            var rows = await RosterFile.WriteAsync(o["template"], o["out"], int.Parse(o.GetValueOrDefault("rows", "100000"), CultureInfo.InvariantCulture),
                int.Parse(o.GetValueOrDefault("batch", "0"), CultureInfo.InvariantCulture));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"roster: {rows:N0} rows, {new FileInfo(o["out"]).Length / 1024.0 / 1024.0:F1} MB"));
            return 0;
        }
        if (args.Length == 0 || args[0] != "generate")
        {
            Console.Error.WriteLine("usage: zeren-bench generate --template <zeren.db> --keys <personal-data.json> (--postgres <cs> | --sqlite <file>)");
            Console.Error.WriteLine("       [--counties N | --cities N] [--people-per-county N] [--years N] [--parallel N] [--stats <file.json>]");
            return 2;
        }
        var options = Options(args);
        string Required(string name) => options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required.");
        int? Number(string name) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;

        var postgres = options.GetValueOrDefault("postgres");
        var sqlite = options.GetValueOrDefault("sqlite");
        if ((postgres is null) == (sqlite is null))
        {
            Console.Error.WriteLine("Give one target: --postgres <connection string> or --sqlite <file>.");
            return 2;
        }
        var shape = new ProvinceShape { Province = postgres is not null };
        if (sqlite is not null)
        {
            // A county's own installation: one county, the root of its tree.
            shape = shape with { Counties = 1 };
        }
        shape = shape with
        {
            PeoplePerCounty = Number("people-per-county") ?? shape.PeoplePerCounty,
            Years = Number("years") ?? shape.Years,
            Parallelism = Number("parallel") ?? shape.Parallelism,
        };
        if (Number("counties") is { } counties)
        {
            shape = shape with { Counties = counties };
        }
        if (Number("cities") is { } cities)
        {
            shape = shape with { Counties = shape.CountiesOfCities(cities) };
        }

        var keyOptions = JsonSerializer.Deserialize<PersonalDataOptions>(File.ReadAllText(Required("keys")), Json)
            ?? throw new ArgumentException("The key file is empty.");
        var protector = new PersonalDataProtector(PersonalDataKeys.From(keyOptions));
        var target = postgres is not null
            ? new DatabaseTarget(DatabaseProvider.PostgreSql, postgres)
            : new DatabaseTarget(DatabaseProvider.Sqlite, $"Data Source={Path.GetFullPath(sqlite!)}");
        Console.WriteLine($"generating {shape.Counties} {(shape.Counties == 1 ? "county" : "counties")} ({shape.PeoplePerCounty} people each, {shape.Years} years of meetings) into {target.Provider}");
        var result = await ProvinceGenerator.RunAsync(new GeneratorOptions(Required("template"), protector, target, shape), Console.Out);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done: {result.Rows:N0} rows in {result.Elapsed.TotalSeconds:F1} s, {result.RowsPerSecond:N0} rows/s"));
        foreach (var (table, rows) in result.RowsPerTable.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table,-24} {rows,12:N0}"));
        }
        if (options.TryGetValue("stats", out var statsFile))
        {
            File.WriteAllText(statsFile, JsonSerializer.Serialize(Report.LoadStats(result, shape, target.Provider), Json));
        }
        return 0;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        return options;
    }

    // zeren-bench report --results <tsv> --facts <tsv> --load <json> [--load-sqlite <json>] --slice <text> --duration <s> --commit <id> --out <file.md>
    private static int ReportCommand(Dictionary<string, string> options)
    {
        var facts = File.ReadAllLines(options["facts"]).Select(l => l.Split('\t')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        using var load = JsonDocument.Parse(File.ReadAllText(options["load"]));
        using var sqlite = options.TryGetValue("load-sqlite", out var s) && File.Exists(s) ? JsonDocument.Parse(File.ReadAllText(s)) : null;
        var text = Report.Write(Report.ReadResults(options["results"]), facts, load.RootElement, sqlite?.RootElement,
            options.GetValueOrDefault("slice", "?"), int.Parse(options.GetValueOrDefault("duration", "0"), CultureInfo.InvariantCulture),
            options.GetValueOrDefault("commit", "?"), DateTimeOffset.UtcNow);
        File.WriteAllText(options["out"], text);
        return 0;
    }
}
