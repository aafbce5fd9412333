using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>
/// The branches behind in a month, decided in the database (ComplianceService.ShortInMonthAsync), are exactly those the
/// cadence engine finds short of what falls due that month, for every month of the demo county's year; the list is
/// complete and paged, and the heat map's total row sums its rows.
/// </summary>
public class BehindInMonthTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BehindInMonth_IsWhatTheEngineFindsShort_EveryMonthOfTheYear(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var client = app.AdminClient();
        var county = (await client.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var anyMany = false;
        for (var back = 0; back <= 12; back++)
        {
            var month = today.AddMonths(-back);
            await using var scope = app.Scope();
            var engine = await scope.Get<ComplianceService>().DueInMonthAsync(county.Id, month.Year, month.Month, shortOnly: true);
            var expected = engine.Where(b => b.Missing + b.Pending > 0).Select(b => b.OrgId).ToList();

            var listed = new List<BranchCompliance>();
            Paged<BranchCompliance> page;
            var n = 1;
            do
            {
                page = await client.GetFromJson<Paged<BranchCompliance>>(
                    $"/api/v1/compliance/behind-in-month?org={county.Id}&month={month:yyyy-MM}&page={n++}&pageSize=50");
                listed.AddRange(page.Items);
            }
            while (page.Page < page.PageCount);

            listed.Select(b => b.OrgId).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected, $"{month:yyyy-MM}: the database and the engine agree");
            page.Total.Should().Be(expected.Count);
            listed.Should().OnlyContain(b => b.Missing + b.Pending > 0 && b.Cells.Any(c => c.Missing + c.Pending > 0));
            var summary = await scope.Get<ComplianceService>().BehindSummaryAsync(county.Id, month.Year, month.Month, 3);
            summary.Count.Should().Be(expected.Count);
            summary.First.Select(f => f.OrgId).Should().Equal(listed.Take(3).Select(b => b.OrgId), "the first few are the list's first, in tree order");
            anyMany |= expected.Count > 30;
        }
        anyMany.Should().BeTrue("the demo county has months with more than 30 branches behind, which the page lists in full");
    }

    /// <summary>
    /// A city's or a province's subtree (more branches than <c>ProbeBranchesUpTo</c>) is judged by one pass over the
    /// months' counts, not by probes per branch: the same branches, the same count, the same first few, every month.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BehindInMonth_InOnePass_IsWhatTheEngineFindsShort_EveryMonthOfTheYear(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var county = (await app.AdminClient().GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        for (var back = 0; back <= 12; back++)
        {
            var month = today.AddMonths(-back);
            await using var scope = app.Scope();
            var compliance = scope.Get<ComplianceService>();
            var engine = await compliance.DueInMonthAsync(county.Id, month.Year, month.Month, shortOnly: true);
            var expected = engine.Where(b => b.Missing + b.Pending > 0).Select(b => b.OrgId).ToList();
            async Task<(List<Guid> Ids, int Total)> ListAsync()
            {
                var ids = new List<Guid>();
                Paged<BranchCompliance> page;
                var n = 1;
                do
                {
                    page = await compliance.BehindInMonthAsync(county.Id, month.Year, month.Month, new PageRequest(n++, 100));
                    ids.AddRange(page.Items.Select(b => b.OrgId));
                }
                while (page.Page < page.PageCount);
                return (ids, page.Total);
            }
            var probed = await ListAsync();
            var probedSummary = await compliance.BehindSummaryAsync(county.Id, month.Year, month.Month, 3);

            compliance.ProbeBranchesUpTo = 0;
            var listed = await ListAsync();
            listed.Ids.Should().BeEquivalentTo(expected, $"{month:yyyy-MM}: one pass and the engine agree");
            listed.Total.Should().Be(expected.Count);
            listed.Ids.Should().Equal(probed.Ids, "both ways list in tree order");
            var summary = await compliance.BehindSummaryAsync(county.Id, month.Year, month.Month, 3);
            summary.Count.Should().Be(expected.Count);
            summary.First.Select(f => f.OrgId).Should().Equal(listed.Ids.Take(3));
            summary.Should().BeEquivalentTo(probedSummary, "the one pass counts and names the first few as the probes do");
            summary.First.Should().OnlyContain(f => f.Name.Length > 0 && f.ParentName != null);
            var none = await compliance.BehindSummaryAsync(county.Id, month.Year, month.Month, 0);
            none.Count.Should().Be(expected.Count);
            none.First.Should().BeEmpty();
        }
    }

    /// <summary>
    /// A branch account's scope is its branch: the township above it is outside, so neither the month's list nor the
    /// report names it, where the county's account sees the township's name on both. (The summaries' filter is lifted
    /// alone, not every filter of the statement.)
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ABranchAccount_SeesNoParentOutsideItsScope_OnTheMonthsListOrTheReport(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var admin = app.AdminClient();
        var county = (await admin.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var (month, behind) = (today, (BranchCompliance?)null);
        for (var back = 1; back <= 12 && behind is null; back++)
        {
            month = today.AddMonths(-back);
            var page = await admin.GetFromJson<Paged<BranchCompliance>>(
                $"/api/v1/compliance/behind-in-month?org={county.Id}&month={month:yyyy-MM}&pageSize=1");
            behind = page.Items.Count > 0 ? page.Items[0] : null;
        }
        behind.Should().NotBeNull("the demo county has branches behind in its past months");
        behind!.ParentName.Should().NotBeNullOrEmpty("the county sees the township above");
        var report = await admin.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={behind.OrgId}&period={month:yyyy}");
        report.Branches.Items.Single().ParentName.Should().Be(behind.ParentName);

        var clerk = app.ClientAs("test-branch-clerk-parent", [Zeren.Core.Security.Role.BranchClerk], behind.OrgId);
        var own = await clerk.GetFromJson<Paged<BranchCompliance>>(
            $"/api/v1/compliance/behind-in-month?org={behind.OrgId}&month={month:yyyy-MM}");
        own.Items.Should().ContainSingle(b => b.OrgId == behind.OrgId);
        own.Items[0].ParentName.Should().BeNull("the township is outside the branch account's scope");
        var ownReport = await clerk.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={behind.OrgId}&period={month:yyyy}");
        ownReport.Branches.Items.Single().ParentName.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Heatmap_HasATotalRow_ThatSumsItsRows(string provider)
    {
        var client = ZerenFactory.WithDemo(provider).AdminClient();
        var county = (await client.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        var year = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).Year;
        var heat = await client.GetFromJson<Heatmap>($"/api/v1/compliance/heatmap?org={county.Id}&year={year}");
        var total = heat.Total!;
        total.Branches.Should().Be(heat.Rows.Sum(r => r.Branches));
        total.Missing.Should().Be(heat.Rows.Sum(r => r.Missing));
        for (var m = 0; m < 12; m++)
        {
            total.Months[m].Due.Should().Be(heat.Rows.Sum(r => r.Months[m].Due));
            total.Months[m].Missing.Should().Be(heat.Rows.Sum(r => r.Months[m].Missing));
            total.Months[m].Pending.Should().Be(heat.Rows.Sum(r => r.Months[m].Pending));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Api_RefusesAMonthThatIsNotOne(string provider)
    {
        var client = ZerenFactory.WithDemo(provider).AdminClient();
        var county = (await client.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        var response = await client.GetAsync(new Uri($"/api/v1/compliance/behind-in-month?org={county.Id}&month=2026", UriKind.Relative));
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.UnprocessableEntity);
        (await response.ReadAs<Problem>()).Code.Should().Be("compliance_month");
    }

    /// <summary>A year no period can lie in (9999's end is past the last date) is refused as input, not a 500 from a date sum.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Api_RefusesAYearOutOfRange(string provider)
    {
        var client = ZerenFactory.WithDemo(provider).AdminClient();
        var county = (await client.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        foreach (var (url, code) in new[]
        {
            ($"/api/v1/compliance/heatmap?org={county.Id}&year=99999", "year_invalid"),
            ($"/api/v1/compliance/heatmap?org={county.Id}&year=0", "year_invalid"),
            ("/api/v1/matters/guided-runs?year=99999", "year_invalid"),
            ($"/api/v1/compliance?org={county.Id}&period=9999", "period_invalid"),
            ($"/api/v1/compliance/behind-in-month?org={county.Id}&month=9999-12", "period_invalid"),
        })
        {
            var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.UnprocessableEntity, url);
            (await response.ReadAs<Problem>()).Code.Should().Be(code, url);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Page_HasAMonthPicker_ATotalRow_AndEveryBranchBehindInPages(string provider)
    {
        var client = ZerenFactory.WithDemo(provider).AdminClient();
        var county = (await client.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Single();
        var month = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddMonths(-1);
        var all = await client.GetFromJson<Paged<BranchCompliance>>(
            $"/api/v1/compliance/behind-in-month?org={county.Id}&month={month:yyyy-MM}&pageSize=200");
        all.Total.Should().BeGreaterThan(30, "last month's list is longer than one page");

        var names = new List<string>();
        for (var page = 1; page <= (all.Total + 29) / 30; page++)
        {
            var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(
                new Uri($"/compliance?org={county.Id}&month={month:yyyy-MM}&page={page}", UriKind.Relative)));
            html.Should().Contain("type=\"month\"").And.Contain($"value=\"{month:yyyy-MM}\"");
            html.Should().Contain("zr-heat-total").And.Contain("合计");
            html.Should().Contain($"（{all.Total} 个）");
            var table = html[html.IndexOf("zr-behind", StringComparison.Ordinal)..];
            names.AddRange(all.Items.Select(b => b.Name).Where(n => table.Contains($">{n}</a>", StringComparison.Ordinal)));
        }
        names.Distinct().Should().HaveCount(all.Items.Select(b => b.Name).Distinct().Count(), "every branch behind is on one of the pages");

        var bad = await client.GetStringAsync(new Uri($"/compliance?org={county.Id}&month=2026-13", UriKind.Relative));
        System.Net.WebUtility.HtmlDecode(bad).Should().Contain("不是有效的月份");
    }
}
