using System.Text.Json;
using FluentAssertions;
using Zeren.Bench;

namespace Zeren.Web.Tests.Bench;

/// <summary>The benchmark report is computed from the runs: min / median / max of each figure, and each against its target.</summary>
public class BenchReportTests
{
    [Fact]
    public void Each_figure_is_min_median_max_of_its_runs_and_judged_against_its_target()
    {
        var results = new List<Measurement>
        {
            new("people list", "county", 8, 1, 2500, 3.0, 9.0, "0"),
            new("people list", "county", 8, 2, 1500, 5.0, 11.0, "0"),
            new("people list", "county", 8, 3, 1900, 4.0, 10.0, "0"),
            new(Report.RawCeiling, "county", 8, 1, 3800, 2.0, 5.0, "0"),
            new(Report.RawCeiling, "county", 8, 2, 4000, 2.0, 5.0, "0"),
            new("compliance, county", "county", 8, 1, 90, 80, 120, "0"),
            new("compliance, county", "county", 8, 2, 95, 75, 110, "0"),
            new("compliance, county", "county", 8, 3, 100, 70, 100, "0"),
            new("compliance, county", "county", 1, 1, 70, 14, 20, "0"),
            new("compliance, county", "county", 1, 2, 80, 12, 20, "0"),
            new("compliance, province", "province", 1, 1, 25, 41, 60, "0"),
            new("home page, county", "county", 8, 1, 500, 12, 30, "3"),
            new("home page, county", "county", 8, 2, 500, 12, 30, "3"),
            new("orgs list", "county", 0, 0, 0, 0, 0, "HTTP 500"),
        };
        using var load = JsonDocument.Parse("""{"counties":2,"peoplePerCounty":40000,"years":3,"rows":800000,"seconds":40.0,"rowsPerSecond":20000,"tables":{"people":80000}}""");

        var md = Report.Write(results, new Dictionary<string, string>
            {
                ["cold_start_ms"] = "21500", ["postgres"] = "17.6", ["roster_import_s"] = "14.2 9.5 16.0", ["roster_import_rows"] = "100000",
                [Report.FirstRequest + "heat map, province"] = "4.871", [Report.FirstRequest + "home page, province"] = "0.62",
                [Report.FirstRequest + "people list"] = "0.031",
            }, load.RootElement, null,
            "--counties 2", 10, "abc123", new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

        md.Should().Contain("| people list | county | 8 | 1500 / 1900 / 2500 | 3.0 / 4.0 / 5.0 | 10.0 | ≥ 2 000 req/s | no |");
        md.Should().Contain("| compliance, county | county | 8 | 90 / 95 / 100 | 70.0 / 75.0 / 80.0 | 110.0 |  |  |", "the target is at the server: one connection");
        md.Should().Contain("| compliance, county | county | 1 | 70 / 75 / 80 | 12.0 / 13.0 / 14.0 | 20.0 | p50 ≤ 10 ms at the server | no |");
        md.Should().Contain("| compliance, province | province | 1 | 25 / 25 / 25 | 41.0 / 41.0 / 41.0 | 60.0 | p50 ≤ 200 ms at the server | yes |");
        md.Should().Contain("| home page, county | county | 8 | 500 / 500 / 500 | 12.0 / 12.0 / 12.0 | 30.0 | p50 ≤ 100 ms | no (errors) (2 of 2 runs failed: 3) |");
        md.Should().Contain("| orgs list | county | | not measured: HTTP 500 |");
        md.Should().Contain("| people | 80,000 |");
        md.Should().Contain("800,000 rows in 40.0 s (20,000 rows/s");
        md.Should().Contain("would load in about 33 minutes", "40 million rows at 20 000 rows/s");
        md.Should().Contain("cold start to the first page").And.Contain("21.5 s");
        md.Should().Contain("commit `abc123`");
        md.Should().Contain("a 100,000-row roster import").And.Contain(": 9.5 / 14.2 / 16.0 s (min / median / max of 3; target ≤ 15 s: met)");
        md.Should().Contain("took 0.5 s or more").And.Contain("ADR 0050): heat map, province 4.9 s; home page, province 0.6 s").And.NotContain("people list 0.0 s");
        md.Should().Contain("at 8 connections: 1900 / 3900 req/s = 0.49× (target ≥ 0.5×: no)", "the people list's median against the ceiling's");
    }
    [Fact]
    public void Each_missed_target_is_named_with_its_cause_and_a_met_one_is_not()
    {
        using var load = JsonDocument.Parse("""{"counties":2,"peoplePerCounty":40000,"years":3,"rows":800000,"seconds":40.0,"rowsPerSecond":20000,"tables":{"people":80000}}""");
        var missing = new List<Measurement>
        {
            new("health", "county", 8, 1, 600, 12, 30, "0"),
            new("people list", "county", 8, 1, 160, 48, 100, "0"),
            new(Report.RawCeiling, "county", 8, 1, 220, 34, 60, "0"),
            new("orgs list", "county", 8, 1, 2100, 3, 9, "0"),
            new("home page, township", "township1", 8, 1, 70, 105, 170, "0"),
            new("home page, branch", "branch", 8, 1, 90, 88, 150, "0"),
            new("page: compliance", "county", 8, 1, 20, 376, 640, "0"),
            new("page: people", "county", 8, 1, 60, 130, 200, "0"),
            new("compliance, county", "county", 1, 1, 100, 9.3, 17, "0"),
        };
        var facts = new Dictionary<string, string>
        {
            ["roster_import_s"] = "17.6 18.8 27.7", ["roster_import_rows"] = "100000", ["sqlite_rss_rest_mb"] = "229", ["sqlite_rss_1000_mb"] = "340",
        };

        var md = Report.Write(missing, facts, load.RootElement, null, "--counties 2", 5, "abc123", DateTimeOffset.UnixEpoch);

        var section = md[md.IndexOf("## Targets missed, and why", StringComparison.Ordinal)..md.IndexOf("## Query plans", StringComparison.Ordinal)];
        section.Should().Contain("- list endpoints, ≥ 2 000 req/s (people list):", "the orgs list met its target")
            .And.Contain("served 600 req/s at 8 connections in this run").And.Contain("raw ceiling (its SQL through Kestrel and Npgsql alone, no app) 220 req/s");
        section.Should().Contain("- home pages, p50 ≤ 100 ms at 8 connections (home page, township):", "the branch's met its target");
        section.Should().Contain("- the compliance page, p50 ≤ 100 ms").And.Contain("judged month per branch kept up to date on write");
        section.Should().Contain("- page: people: missed in this run, and no cause written down for it yet");
        section.Should().Contain("- the 100 000-row roster import, ≤ 15 s:").And.Contain("- memory of a county on SQLite, ≤ 300 MB RSS");
        section.Should().NotContain("compliance, county", "it met its target at the server");

        var met = new List<Measurement> { new("orgs list", "county", 8, 1, 2100, 3, 9, "0"), new("home page, branch", "branch", 8, 1, 90, 88, 150, "0") };
        var metFacts = new Dictionary<string, string> { ["roster_import_s"] = "12 13 14", ["sqlite_rss_rest_mb"] = "200", ["sqlite_rss_1000_mb"] = "280" };
        Report.Write(met, metFacts, load.RootElement, null, "--counties 2", 5, "abc123", DateTimeOffset.UnixEpoch)
            .Should().NotContain("## Targets missed", "every target was met");
    }
}
