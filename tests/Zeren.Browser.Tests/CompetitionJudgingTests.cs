using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Zeren.Core.Competitions;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// 擂台赛 (issue 13): the county sets up 东山镇's competition on the pages (its three villages, three judges), starts it;
/// three judges score every village on 390×844 phones; the organizer publishes; the ranking is shown by the trimmed mean
/// and the bottom village's rectification obligations are on the township's obligations page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CompetitionJudgingTests(ZerenApp app)
{
    private Task<(string UserName, Guid Id)> JudgeAsync(string prefix, Role role) =>
        app.WithServicesAsync(async sp =>
        {
            var userName = $"{prefix}-{Guid.NewGuid():N}"[..16];
            var users = sp.GetRequiredService<UserManager<Account>>();
            var (view, _) = await sp.GetRequiredService<AccountService>()
                .CreateAsync(new AccountInput(userName, prefix, app.Seed.County.Id, [role], ZerenApp.Password));
            var account = (await users.FindByIdAsync(view.Id.ToString()))!;
            account.MustChangePassword = false;
            await users.UpdateAsync(account);
            return (userName, view.Id);
        });

    [Fact]
    public async Task ThreeJudgesScoreOnPhones_TheOrganizerPublishes_AndTheBottomOwesRectification()
    {
        var judges = new[] { await JudgeAsync("cj-a", Role.Inspector), await JudgeAsync("cj-b", Role.ReadOnly), await JudgeAsync("cj-c", Role.CountyLeader) };
        var name = "东山镇擂台赛" + Guid.NewGuid().ToString("N")[..4];

        // The organizer (the county's administrator) sets it up.
        var organizer = await app.NewPageAsync();
        await organizer.GotoAsync("/competitions/new");
        await organizer.Locator("#competition-name").FillAsync(name);
        await organizer.Locator("#competition-theme").SelectOptionAsync("Development");
        await organizer.Locator("#competition-org").SelectOptionAsync(app.Seed.Dongshan.Id.ToString());
        await organizer.Locator("#competition-bottom").FillAsync("1");
        await organizer.Locator("#competition-save").ClickAsync();
        await Expect(organizer.Locator("#competition-name")).ToHaveTextAsync(name);
        var id = Guid.Parse(organizer.Url.Split('/')[^1].Split('?')[0]);

        // The seeded villages of 东山镇 (another test of the run may add one of its own).
        foreach (var village in new[] { "桃园村党支部", "李庄村党总支", "张湾村党支部" })
        {
            await organizer.GetByLabel(village, new() { Exact = true }).CheckAsync();
        }
        await organizer.Locator("#contestants-save").ClickAsync();
        await Expect(organizer.Locator("input[name='Contestants.Ids']:checked")).ToHaveCountAsync(3);
        foreach (var (_, judgeId) in judges)
        {
            await organizer.Locator($"#judge-{judgeId}").CheckAsync();
        }
        await organizer.Locator("#judges-save").ClickAsync();
        await Expect(organizer.Locator("input[name='Judges.Ids']:checked")).ToHaveCountAsync(3);
        await organizer.Locator("#competition-start").ClickAsync();
        await Expect(organizer.Locator("#competition-state")).ToHaveTextAsync("评分中");
        await Expect(organizer.Locator("#competition-progress")).ToHaveTextAsync("已评 0 / 9");

        // Each judge on a phone: the contestants in name order (张湾, 李庄, 桃园), one score each, then the next unscored.
        decimal[][] scores = [[90, 80, 70], [85, 75, 65], [95, 85, 60]];
        for (var j = 0; j < judges.Length; j++)
        {
            var phone = await app.NewPageAsync(390, 844, user: judges[j].UserName);
            await phone.GotoAsync("/");
            await Expect(phone.Locator("[data-zr-card=competitions-judge]")).ToContainTextAsync(name);
            await phone.GotoAsync($"/competitions/{id}/score");
            await Expect(phone.Locator("#competition-remaining")).ToHaveTextAsync("待我评分 3 个");
            await phone.Locator("#competition-contestants a").First.ClickAsync();
            for (var v = 0; v < 3; v++)
            {
                await Expect(phone.Locator("#score-points")).ToBeVisibleAsync();
                (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "no sideways scrolling on a phone");
                await phone.Locator("#score-points").FillAsync(scores[j][v].ToString(System.Globalization.CultureInfo.InvariantCulture));
                await phone.Locator("#score-save").ClickAsync();
            }
            await Expect(phone.Locator("#competition-remaining")).ToHaveTextAsync("待我评分 0 个");
            await Expect(phone.Locator("#competition-contestants .badge.text-bg-success")).ToHaveCountAsync(3);
            await ZerenApp.ScreenshotAsync(phone, $"competition-judge-{j}");
            await phone.Context.CloseAsync();
        }

        // The organizer's page follows by itself (htmx polling), then the organizer publishes.
        await Expect(organizer.Locator("#competition-progress")).ToHaveTextAsync("已评 9 / 9", new() { Timeout = 20_000 });
        organizer.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await organizer.Locator("#competition-publish").ClickAsync();
        await Expect(organizer.Locator("#competition-state")).ToHaveTextAsync("已发布");
        var rows = organizer.Locator("#competition-ranking-table tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("张湾村党支部");
        await Expect(rows.Nth(0)).ToContainTextAsync("90.00");
        await Expect(rows.Nth(1)).ToContainTextAsync("李庄村党总支");
        await Expect(rows.Nth(1)).ToContainTextAsync("80.00");
        await Expect(rows.Nth(2)).ToContainTextAsync("桃园村党支部");
        await Expect(rows.Nth(2)).ToContainTextAsync("65.00");
        await Expect(rows.Nth(2)).ToContainTextAsync("末位整改");
        await Expect(organizer.Locator("#competition-publish")).ToHaveCountAsync(0);
        await ZerenApp.ScreenshotAsync(organizer, "competition-published");

        var owed = await app.WithServicesAsync(async sp => await sp.GetRequiredService<ZerenDbContext>().Set<Obligation>().IgnoreQueryFilters()
            .Where(o => o.SourceId == id).Select(o => o.OrgId).ToListAsync());
        owed.Should().HaveCount(3).And.OnlyContain(o => o == app.Seed.Taoyuan.Id);

        // The bottom village's obligations, on the township's obligations page.
        var township = await app.NewPageAsync(user: ZerenApp.DongshanAdmin);
        await township.GotoAsync("/obligations");
        await Expect(township.Locator("main")).ToContainTextAsync($"{name}排名末位：召开党委班子会分析原因");
        await Expect(township.Locator("main")).ToContainTextAsync($"{name}排名末位：向县委组织部专题汇报整改方案");
    }
}
