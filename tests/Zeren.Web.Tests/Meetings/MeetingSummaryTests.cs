using System.Net;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>
/// The meetings' monthly summaries (MeetingSummaries) stay equal to the ledger through random creates, edits (date,
/// types, attendance, lecturer) and deletes over the API, and compliance read from them (report, heat map with the
/// month's branches behind, behind-list, the month's cells) is exactly what the same service answers reading the
/// meetings themselves (ComplianceService.FromLedger), on both databases.
/// </summary>
public class MeetingSummaryTests
{
    private static readonly MeetingType[] Types = [MeetingType.Study, MeetingType.Committee, MeetingType.ThemeDay, MeetingType.Congress, MeetingType.Lecture, MeetingType.OrgLife];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RandomWrites_KeepTheSummariesEqualToTheLedger_AndComplianceTheSame(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var branches = new[] { await MeetingsApiTests.CreateBranch(client), await MeetingsApiTests.CreateBranch(client) };
        var recent = new List<(Guid Id, MeetingsApiTests.Branch Branch)>();
        var all = new List<(Guid Id, MeetingsApiTests.Branch Branch)>();
        int created = 0, edited = 0, deleted = 0;

        MeetingInput RandomInput(MeetingsApiTests.Branch b, DateTimeOffset start)
        {
            var types = Types.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Types[random.Next(Types.Length)]).ToArray();
            var lecturer = types.Contains(MeetingType.Lecture) ? b.Members[random.Next(2)].Id : (Guid?)null;
            var input = MeetingsApiTests.Input(b, start, types, lecturer: lecturer);
            // Absences now and then: attendance figures change, and a 党员大会 may fall below quorum (not counted).
            return input with
            {
                Attendees = input.Attendees.Select(a => random.Next(3) == 0 && a.PersonId != b.Secretary.Id
                    ? a with { Status = AttendanceStatus.OnLeave, Reason = "外出" } : a).ToList(),
            };
        }

        for (var step = 0; step < 40; step++)
        {
            var b = branches[random.Next(branches.Length)];
            var op = random.Next(10);
            if (op < 5 || all.Count == 0)
            {
                // Within the last year and a half; a few within the last days, which may still be deleted.
                var daysBack = random.Next(4) == 0 ? random.Next(4) : random.Next(540);
                var response = await client.PostJson("/api/v1/meetings", RandomInput(b, MeetingsApiTests.Yesterday().AddDays(-daysBack)));
                response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
                var id = (await response.ReadAs<MeetingDetail>()).Meeting.Id;
                all.Add((id, b));
                if (daysBack < 4)
                {
                    recent.Add((id, b));
                }
                created++;
            }
            else if (op < 8)
            {
                // Another date (often another month), other types, other attendance.
                var (id, owner) = all[random.Next(all.Count)];
                var response = await client.PutJson($"/api/v1/meetings/{id}", RandomInput(owner, MeetingsApiTests.Yesterday().AddDays(-random.Next(400))));
                response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                edited++;
            }
            else if (recent.Count > 0)
            {
                var (id, _) = recent[random.Next(recent.Count)];
                var response = await client.DeleteAsync(new Uri($"/api/v1/meetings/{id}", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    recent.RemoveAll(r => r.Id == id);
                    all.RemoveAll(r => r.Id == id);
                    deleted++;
                }
                else
                {
                    // Edited to an older date since: no longer deletable.
                    response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
                    recent.RemoveAll(r => r.Id == id);
                }
            }
        }
        (created, edited).Should().Match<(int, int)>(x => x.Item1 > 10 && x.Item2 > 3, $"seed {seed}");

        await using var scope = factory.Scope();
        var db = scope.Get<ZerenDbContext>();
        var orgIds = branches.Select(b => b.Village.Id).ToList();
        await SummariesShouldEqualTheLedger(db, orgIds, $"seed {seed}, {created} created, {edited} edited, {deleted} deleted");

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        foreach (var b in branches)
        {
            foreach (var year in new[] { today.Year - 1, today.Year })
            {
                await using var s1 = factory.Scope();
                await using var s2 = factory.Scope();
                var summary = s1.Get<ComplianceService>();
                var ledger = s2.Get<ComplianceService>();
                ledger.FromLedger = true;
                foreach (var org in new[] { b.County.Id, b.Township.Id, b.Village.Id })
                {
                    Same(await summary.ReportAsync(org, Period.OfYear(year), new PageRequest(1, 50)),
                        await ledger.ReportAsync(org, Period.OfYear(year), new PageRequest(1, 50)), $"report {year}, seed {seed}");
                    Same(await summary.BehindAsync(org, Period.OfYear(year)), await ledger.BehindAsync(org, Period.OfYear(year)), $"behind {year}, seed {seed}");
                    for (var month = 1; month <= 12; month++)
                    {
                        Same(await summary.OverviewAsync(org, year, month, new PageRequest(1, 30)),
                            await ledger.OverviewAsync(org, year, month, new PageRequest(1, 30)), $"overview {year}-{month}, seed {seed}");
                        Same(await summary.DueInMonthAsync(org, year, month, shortOnly: false),
                            await ledger.DueInMonthAsync(org, year, month, shortOnly: false), $"month {year}-{month}, seed {seed}");
                        Same(await summary.ReportAsync(org, Period.Month(year, month), new PageRequest(1, 50)),
                            await ledger.ReportAsync(org, Period.Month(year, month), new PageRequest(1, 50)), $"report {year}-{month}, seed {seed}");
                    }
                    // The one-pass page agrees with the database's own short-list (BehindInMonthAsync).
                    var overview = await summary.OverviewAsync(org, year, 6, new PageRequest(1, 30));
                    var behind = await summary.BehindInMonthAsync(org, year, 6, new PageRequest(1, 30));
                    Same(overview.Behind, behind, $"behind in June {year}, seed {seed}");
                }
            }
        }
    }

    private static void Same<T>(T actual, T expected, string because) =>
        JsonSerializer.Serialize(actual, ZerenFactory.Json).Should().Be(JsonSerializer.Serialize(expected, ZerenFactory.Json), because);

    /// <summary>Every summary row of these branches is the ledger's own GROUP BY, and nothing more.</summary>
    private static async Task SummariesShouldEqualTheLedger(ZerenDbContext db, List<Guid> orgIds, string because)
    {
        var meetings = await db.Set<Meeting>().IgnoreQueryFilters().AsNoTracking().Include(m => m.Types)
            .Where(m => orgIds.Contains(m.OrgId)).ToListAsync();
        meetings.Should().NotBeEmpty();

        var counts = meetings.SelectMany(m => m.Types.Select(t => (m.OrgId, Month: BranchCounts.Key(m.HeldOn), t.Type, t.Counts)))
            .GroupBy(x => (x.OrgId, x.Month, x.Type))
            .Select(g => $"{g.Key.OrgId} {g.Key.Month} {g.Key.Type} {g.Count(x => x.Counts)} {g.Count(x => !x.Counts)}").Order().ToList();
        var storedCounts = (await db.Set<MeetingMonthCount>().IgnoreQueryFilters().AsNoTracking().Where(c => orgIds.Contains(c.OrgId)).ToListAsync())
            .Select(c => $"{c.OrgId} {c.Month} {c.Type} {c.Counted} {c.NotCounted}").Order().ToList();
        storedCounts.Should().Equal(counts, because);

        var totals = meetings.GroupBy(m => (m.OrgId, Month: BranchCounts.Key(m.HeldOn)))
            .Select(g => $"{g.Key.OrgId} {g.Key.Month} {g.Count()} {g.Sum(m => m.ExpectedCount)} {g.Sum(m => m.PresentCount)}").Order().ToList();
        var storedTotals = (await db.Set<MeetingMonthTotal>().IgnoreQueryFilters().AsNoTracking().Where(c => orgIds.Contains(c.OrgId)).ToListAsync())
            .Select(c => $"{c.OrgId} {c.Month} {c.Meetings} {c.Expected} {c.Present}").Order().ToList();
        storedTotals.Should().Equal(totals, because);

        var lectures = meetings.Where(m => m.LecturerPersonId != null && m.Types.Any(t => t.Type == MeetingType.Lecture && t.Counts))
            .GroupBy(m => (m.OrgId, Month: BranchCounts.Key(m.HeldOn), m.LecturerPersonId))
            .Select(g => $"{g.Key.OrgId} {g.Key.Month} {g.Key.LecturerPersonId} {g.Count()}").Order().ToList();
        var storedLectures = (await db.Set<MeetingMonthLecture>().IgnoreQueryFilters().AsNoTracking().Where(c => orgIds.Contains(c.OrgId)).ToListAsync())
            .Select(c => $"{c.OrgId} {c.Month} {c.LecturerPersonId} {c.Lectures}").Order().ToList();
        storedLectures.Should().Equal(lectures, because);
        lectures.Should().NotBeEmpty(because);
    }
}
