using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Notifications;
using Zeren.Core.Obligations;
using Zeren.Core.Security;
using Zeren.Core.Supervision;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Supervision;

/// <summary>
/// Orders keep no reminders of their own: the obligation engine's daily reminders tell the receiver of an order due
/// within three days and of one overdue, and tell the issuer of an overdue one; an answered order is no longer owed.
/// On an app of its own, so the reminders see only this test's orders.
/// </summary>
public sealed class SupervisionRemindersTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheEnginesDailyReminders_TellTheReceiverAndTheIssuer(string provider)
    {
        await using var app = new ZerenFactory(provider);
        var admin = app.AdminClient();
        var (county, township, village) = await admin.CreateCounty();
        var countyUser = app.ClientAs("rem-county", [Role.CountyAdmin], county.Id);
        var today = SupervisionOrdersApiTests.Today;
        var due = await SupervisionOrdersApiTests.Issue(countyUser, SupervisionOrdersApiTests.Order(village.Id, "即将到期的督办", today.AddDays(2)));
        var answered = await SupervisionOrdersApiTests.Issue(countyUser, SupervisionOrdersApiTests.Order(township.Id, "已反馈的督办", today.AddDays(2)));
        var townshipUser = app.ClientAs("rem-town", [Role.TownshipAdmin], township.Id);
        (await townshipUser.PostJson($"/api/v1/supervision-orders/{answered.Order.Id}/acknowledge", new { })).EnsureSuccessStatusCode();
        (await townshipUser.PostJson($"/api/v1/supervision-orders/{answered.Order.Id}/respond", new RespondInput("已办。", []))).EnsureSuccessStatusCode();

        await using (var scope = app.Scope())
        {
            (await scope.Get<ObligationJob>().RemindAsync(today)).Should().Be((1, 0), "the village owes an answer due within three days");
        }
        var soon = await NotesAsync(app);
        soon.Should().ContainSingle().Which.Should().Match<Notification>(n => n.OrgId == village.Id && n.Kind == NotificationKind.ObligationDue);
        soon[0].Body.Should().Contain(due.Order.NumberText).And.NotContain("已反馈的督办");

        await using (var scope = app.Scope())
        {
            (await scope.Get<ObligationJob>().RemindAsync(today.AddDays(3))).Should().Be((1, 1));
        }
        var late = (await NotesAsync(app)).Skip(1).ToList();
        late.Select(n => (n.OrgId, n.Kind)).Should().BeEquivalentTo([(village.Id, NotificationKind.ObligationOverdue), (county.Id, NotificationKind.ObligationOverdueIssued)]);
        late.Should().OnlyContain(n => n.Body.Contains(due.Order.NumberText, StringComparison.Ordinal));
    }

    private static async Task<List<Notification>> NotesAsync(ZerenFactory app)
    {
        await using var scope = app.Scope();
        var notes = await scope.Get<ZerenDbContext>().Set<Notification>().IgnoreQueryFilters().AsNoTracking().ToListAsync();
        return notes.OrderBy(n => n.CreatedAt).ThenBy(n => n.Kind).ToList();
    }
}
