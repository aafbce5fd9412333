using System.Data.Common;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Tests.Spreadsheets;

namespace Zeren.Core.Tests.Meetings;

/// <summary>Compliance against a real (SQLite) database built by the migrations: results, and a query count that does not grow with branches.</summary>
public sealed class ComplianceQueryTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private readonly CommandCounter counter = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private ZerenDbContext Context(bool counted = false)
    {
        var options = new DbContextOptionsBuilder<ZerenDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = DataSource(), Pooling = false }.ToString())
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        if (counted)
        {
            options.AddInterceptors(counter);
        }
        return new ZerenDbContext(options.Options);
    }

    private string DataSource()
    {
        using var db = database.NewContext();
        return new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
    }

    /// <summary>A township with <paramref name="branches"/> branches of 6 members, each with a secretary and one study meeting a month of 2026 (none in March).</summary>
    private async Task<Guid> SeedTownshipAsync(int branches)
    {
        await using var db = Context();
        var clock = database.Clock;
        var now = clock.GetUtcNow();
        var today = database.Today;
        var county = Organization.Create(null, new OrgDetails(TestCode(), "县委", OrgKind.Committee, OrgDomain.Comprehensive), now);
        var township = Organization.Create(county, new OrgDetails(TestCode(), "镇党委", OrgKind.Committee, OrgDomain.Comprehensive), now);
        db.AddRange(county, township);
        for (var b = 0; b < branches; b++)
        {
            var branch = Organization.Create(township, new OrgDetails(TestCode(), $"第{b + 1}村党支部", OrgKind.Branch, OrgDomain.Rural), now);
            db.Add(branch);
            var members = Enumerable.Range(0, 6).Select(i => Person.Create(branch.Id,
                new PersonDetails($"党员{b}-{i}", Gender.Male, PartyStatus.Full, JoinedPartyOn: new DateOnly(2000, 7, 1)), today, now, TestKeys.Protector)).ToList();
            db.AddRange(members);
            db.Add(Position.Create(branch.Id, members[0].Id, PositionTitle.Secretary, new DateOnly(2020, 1, 1), today));
            var facts = new MeetingFacts(today, new MeetingFacts.OrgFacts(branch.Id, branch.Name, OrgKind.Branch),
                members.ToDictionary(m => m.Id, m => m.PartyStatus), new HashSet<Guid> { members[0].Id }, new HashSet<Guid>(), new HashSet<Guid>(),
                members.ToDictionary(m => m.Id, m => m.Name));
            foreach (var month in Enumerable.Range(1, 10).Where(m => m != 3))
            {
                var start = new DateTimeOffset(2026, month, 10, 9, 0, 0, TimeSpan.FromHours(8));
                var types = month == 5 ? new[] { MeetingType.Study, MeetingType.Congress } : [MeetingType.Study];
                db.Add(Meeting.Record(new MeetingInput(branch.Id, start, start.AddHours(2), "会议室", types, "学习",
                    members[0].Id, null, members.Select((m, i) => new AttendeeInput(m.Id, i < 5 ? AttendanceStatus.Present : AttendanceStatus.OnLeave, "外出")).ToList()),
                    facts, now, "test"));
            }
        }
        await db.SaveChangesAsync();
        return township.Id;
    }

    private static string TestCode() => "T" + Guid.NewGuid().ToString("N")[..12];

    private ComplianceService Compliance(ZerenDbContext db) => new(db, new OrganizationService(db, database.Clock, new OrgPeople(db)), database.Clock);

    [Fact]
    public async Task Report_CountsPerBranchAndType_InTheDatabase()
    {
        var township = await SeedTownshipAsync(3);
        await using var db = Context();
        var report = await Compliance(db).ReportAsync(township, Period.OfYear(2026), new PageRequest(1, 10));
        report.Branches.Total.Should().Be(3);
        var row = report.Branches.Items[0];
        var study = row.Cells.Single(c => c.Type == MeetingType.Study);
        study.Held.Should().Be(9);
        study.Required.Should().Be(11, "the clock stands at 2026-11-22: December has not begun");
        study.Missing.Should().Be(1, "only March had none among the months that have ended");
        study.Pending.Should().Be(1, "November is still running");
        row.Meetings.Should().Be(9);
        row.AttendanceRate.Should().BeApproximately(5.0 / 6, 0.0001);
        row.Leaders.Should().ContainSingle(l => l.Title == PositionTitle.Secretary);
        var congress = row.Cells.Single(c => c.Type == MeetingType.Congress);
        congress.Held.Should().Be(1);
        congress.Missing.Should().Be(2, "Q1 and Q3 had none; Q4 is still running");
    }

    [Fact]
    public async Task Queries_DoNotGrowWithTheNumberOfBranches()
    {
        var small = await SeedTownshipAsync(2);
        var large = await SeedTownshipAsync(25);

        async Task<int> CommandsFor(Guid township)
        {
            await using var db = Context(counted: true);
            counter.Reset();
            var compliance = Compliance(db);
            await compliance.ReportAsync(township, Period.OfYear(2026), new PageRequest(1, 50));
            await compliance.HeatmapAsync(township, 2026);
            await compliance.BehindAsync(township, Period.Quarter(2026, 1));
            // The compliance page's list and the home page's count of the branches behind in a month.
            (await compliance.BehindInMonthAsync(township, 2026, 3, new PageRequest(1, 50))).Total.Should().BeGreaterThan(1);
            (await compliance.BehindSummaryAsync(township, 2026, 3)).Count.Should().BeGreaterThan(1);
            return counter.Count;
        }

        var forSmall = await CommandsFor(small);
        var forLarge = await CommandsFor(large);
        forSmall.Should().BeGreaterThan(0);
        forLarge.Should().Be(forSmall);
    }

    [Fact]
    public async Task Heatmap_ShowsTheMissingMonth()
    {
        var township = await SeedTownshipAsync(2);
        await using var db = Context();
        var map = await Compliance(db).HeatmapAsync(township, 2026);
        map.Rows.Should().HaveCount(2);
        var march = map.Rows[0].Months[2];
        march.Due.Should().Be(4, "study, committee and theme day monthly, and the first quarter's congress");
        march.Missing.Should().Be(4);
        var may = map.Rows[0].Months[4];
        may.Due.Should().Be(3);
        may.Missing.Should().Be(2, "committee and theme day; the study meeting was held");
        map.Rows[0].Months[11].Future.Should().BeTrue();
        var drill = await Compliance(db).DueInMonthAsync(map.Rows[0].OrgId, 2026, 3, shortOnly: true);
        drill.Should().ContainSingle().Which.Missing.Should().Be(4);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int count;

        public int Count => count;

        public void Reset() => count = 0;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
