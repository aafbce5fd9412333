using System.Net.Http.Headers;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Data;
using Zeren.Core.Demo;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Projects;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Projects;

/// <summary>
/// The demo county's 一月一对账 obligations: the past months are there (submitted on time, late, still open), the county's
/// township × month grid shows them, and the generator, asked for any day of those months, finds nothing new to open.
/// </summary>
public class DemoReconciliationObligationsTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoCounty_HasThePastMonthsReconciliations_InTheGrid_AndTheGeneratorAddsNothing(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var county = app.CreateClient();
        county.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.LoginAsync("county", DemoAccounts.Password));
        var today = ChinaTime.Today(TimeProvider.System);
        var kind = ScheduleDefaults.ProjectReconciliation;

        var counts = await county.GetFromJson<ObligationCounts>($"/api/v1/obligations/counts?kind={kind}");
        counts.Submitted.Should().BeGreaterThan(0, "some of the last month's reports wait for the county's review");
        counts.Closed.Should().BeGreaterThan(counts.Submitted, "older reports were reviewed and closed");
        counts.SubmittedLate.Should().BeGreaterThan(0).And.BeLessThan(counts.Submitted + counts.Closed);
        counts.Overdue.Should().BeGreaterThan(0);

        Guid countyId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
            countyId = await db.Set<Organization>().Where(o => o.ParentId == null).Select(o => o.Id).SingleAsync();
        }
        // The grid of the year whose months are past due (this year, or last year in January).
        var year = today.Month == 1 ? today.Year - 1 : today.Year;
        var grid = await county.GetFromJson<ObligationGrid>($"/api/v1/obligations/grid?org={countyId}&year={year}&kind={kind}");
        grid.Rows.Count(r => r.Months.Sum(m => m.Done) > 0).Should().Be(15, "every township reconciled its projects");
        grid.Rows.Sum(r => r.Months.Sum(m => m.Late)).Should().BeGreaterThan(0);
        grid.Rows.Sum(r => r.Months.Sum(m => m.Overdue)).Should().BeGreaterThan(0);

        // The generator on the due day of each past month (and today) drafts only what the demo already holds.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZerenDbContext>();
            var generator = scope.ServiceProvider.GetServices<IObligationGenerator>().OfType<ProjectObligationGenerator>().Single();
            var obligations = scope.ServiceProvider.GetRequiredService<ObligationService>();
            var active = await db.Set<ObligationSchedule>().AsNoTracking().Where(s => s.Active).ToListAsync();
            var days = Enumerable.Range(1, 4)
                .Select(back => ReconciliationCalendar.DueOn(Period.Containing(today.AddMonths(-back), PeriodKind.Month), ReconciliationCalendar.DefaultRule))
                .Where(d => d <= today).Append(today).ToList();
            var drafted = 0;
            foreach (var day in days)
            {
                var drafts = (await generator.DraftsAsync(ObligationScheduleService.Day(day, active), default)).Where(d => d.Kind == kind).ToList();
                drafted += drafts.Count;
                (await obligations.OpenAllAsync(drafts)).Should().Be((0, 0), $"the demo holds every reconciliation owed on {day:yyyy-MM-dd}");
            }
            drafted.Should().BeGreaterThan(0);
        }
    }
}
