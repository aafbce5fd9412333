using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// 三上三下 in Chromium: 东山镇 submits its 党建思路 with two projects on the form, the county returns it once with a
/// comment, the township reads the comment and submits again (二上), the county compares the versions and approves, and
/// the approved plan's projects are the township's project ledger (项目账单), seen by the township.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PlanPagesTests(ZerenApp app)
{
    [GeneratedRegex(@"/plans/([0-9a-f-]{36})\?ok=1$")]
    private static partial Regex PlanUrl();

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task APlan_IsReturnedOnce_ResubmittedAndApproved_AndItsProjectsAreTheLedger()
    {
        // A year of its own, so that no other test's plan for 东山镇 is in the way.
        const int year = 2031;
        var start = new DateOnly(year, 2, 1);
        var township = await app.NewPageAsync(user: ZerenApp.DongshanAdmin);
        await township.GotoAsync($"/plans/new?year={year}");
        await Expect(township.Locator("#plan-org")).ToHaveValueAsync(app.Seed.Dongshan.Id.ToString());

        // Submitting with a project missing its 定人员 names the fault and saves nothing.
        await township.FillAsync("#plan-text", "一、抓班子带队伍。\n二、抓产业促增收。");
        await township.FillAsync("#pp-name-0", "村级阵地提升");
        await township.FillAsync("#pp-target-0", "12 个村党群服务中心达标");
        await township.FillAsync("#pp-resp-0", "组织委员牵头，各村书记落实");
        await township.FillAsync("#pp-start-0", Day(start));
        await township.FillAsync("#pp-due-0", Day(start.AddMonths(9)));
        await township.ClickAsync("#plan-submit");
        await Expect(township.Locator(".alert-danger")).ToBeVisibleAsync();
        township.Url.Should().Contain("/plans/new");

        await township.Locator("#pp-person-0").SelectOptionAsync(app.Seed.Secretary.Id.ToString());
        await township.FillAsync("#pp-name-1", "红色物业试点");
        await township.Locator("#pp-person-1").SelectOptionAsync(app.Seed.Secretary.Id.ToString());
        await township.FillAsync("#pp-target-1", "2 个小区建成红色物业");
        await township.FillAsync("#pp-resp-1", "党委书记负总责");
        await township.FillAsync("#pp-start-1", Day(start.AddMonths(1)));
        await township.FillAsync("#pp-due-1", Day(start.AddMonths(10)));
        await township.ClickAsync("#plan-submit");
        await township.WaitForURLAsync(PlanUrl());
        var url = township.Url.Replace("?ok=1", "", StringComparison.Ordinal);
        await Expect(township.Locator("#plan-status")).ToHaveTextAsync("待审核");
        await Expect(township.Locator("#plan-review")).ToHaveCountAsync(0);

        // 一下: the county returns it with a comment.
        var county = await app.NewPageAsync();
        await county.GotoAsync(url);
        await county.ClickAsync("#plan-return");
        await Expect(county.Locator("#plan-review .alert-danger")).ToContainTextAsync("退回时请填写修改意见");
        await county.FillAsync("#review-comments", "请补充党建引领乡村振兴的具体举措。");
        await county.ClickAsync("#plan-return");
        await county.WaitForURLAsync(PlanUrl());
        await Expect(county.Locator("#plan-status")).ToHaveTextAsync("已退回");
        await Expect(county.Locator("#plan-returns")).ToContainTextAsync("1");

        // 二上: the township reads the comment and submits again, the form filled with the returned version.
        await township.GotoAsync(url);
        await Expect(township.Locator("#plan-history")).ToContainTextAsync("请补充党建引领乡村振兴的具体举措。");
        await Expect(township.Locator("#pp-name-1")).ToHaveValueAsync("红色物业试点");
        await township.FillAsync("#plan-text", "一、抓班子带队伍。\n二、抓产业促增收。\n三、党建引领乡村振兴：每村一个特色产业。");
        await township.ClickAsync("#plan-resubmit-button");
        await township.WaitForURLAsync(PlanUrl());
        await Expect(township.Locator("#plan-status")).ToHaveTextAsync("待审核");
        await ZerenApp.ScreenshotAsync(township, "plan-resubmitted");

        // The county compares 第 1 版 with 第 2 版 side by side (the added line marked) and approves.
        await county.GotoAsync(url);
        await Expect(county.Locator("#plan-diff .table-success")).ToContainTextAsync("党建引领乡村振兴");
        await Expect(county.Locator("#plan-history li")).ToHaveCountAsync(2);
        await county.FillAsync("#review-comments", "同意。");
        await county.ClickAsync("#plan-approve");
        await county.WaitForURLAsync(PlanUrl());
        await Expect(county.Locator("#plan-status")).ToHaveTextAsync("已通过");
        await Expect(county.Locator("#plan-ledger")).ToContainTextAsync("2");

        // The ledger: the township follows the plan's link to its projects.
        await township.GotoAsync(url);
        await township.ClickAsync("#plan-ledger");
        await township.WaitForURLAsync(u => u.Contains("/projects", StringComparison.Ordinal));
        var rows = township.Locator("#projects-table tbody tr[data-zr-project]");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(township.Locator("#projects-table")).ToContainTextAsync("村级阵地提升");
        await Expect(township.Locator("#projects-table")).ToContainTextAsync("红色物业试点");
        await Expect(township.Locator("#projects-table")).ToContainTextAsync("赵东山");
        await ZerenApp.ScreenshotAsync(township, "plan-ledger");

        // The county's ledger of every township counts them for 东山镇.
        await county.GotoAsync($"/projects?year={year}");
        await Expect(county.Locator("#ledgers-table tbody tr", new() { HasText = "东山镇" })).ToContainTextAsync("2");
    }
}
