using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Zeren.Core.Data;
using Zeren.Core.Inspections;
using Zeren.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// 暗访 → 问题 → 整改 → 销号 on a phone (issue 11): an inspector records a visit with a finding and its photo on the on-site
/// page, raises the finding as a problem of the village; the township rectifies it for its village (代为整改: analyses it,
/// starts, and applies for close-out with evidence), recorded as acting for the village; the county (the issuing side)
/// closes it, which the township that acted may not. And the page without signal: the record is kept in
/// the browser with its photo and nothing reaches the server until the signal returns, when it is sent.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectionOnSiteTests(ZerenApp app)
{
    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static FilePayload Photo(string name) => new() { Name = name, MimeType = "image/png", Buffer = Png };

    private Task<string> AccountAsync(string prefix, Role role, Guid orgId) =>
        app.WithServicesAsync(async sp =>
        {
            var userName = $"{prefix}-{Guid.NewGuid():N}"[..16];
            var users = sp.GetRequiredService<UserManager<Account>>();
            var (view, _) = await sp.GetRequiredService<AccountService>()
                .CreateAsync(new AccountInput(userName, prefix, orgId, [role], ZerenApp.Password));
            var account = (await users.FindByIdAsync(view.Id.ToString()))!;
            account.MustChangePassword = false;
            await users.UpdateAsync(account);
            return userName;
        });

    private Task<List<Inspection>> RecordsOfTeamAsync(string team) =>
        app.WithServicesAsync(async sp => await sp.GetRequiredService<ZerenDbContext>().Set<Inspection>().IgnoreQueryFilters()
            .Where(i => i.Team == team).ToListAsync());

    [Fact]
    public async Task Inspector_RecordsOnAPhone_RaisesTheFinding_TheTownshipRectifiesForTheVillage_AndTheCountyClosesIt()
    {
        var inspector = await AccountAsync("os-insp", Role.Inspector, app.Seed.County.Id);
        var townshipUser = await AccountAsync("os-town", Role.TownshipAdmin, app.Seed.Dongshan.Id);

        var phone = await app.NewPageAsync(390, 844, user: inspector);
        await phone.GotoAsync($"/inspections/new?village={app.Seed.Taoyuan.Id}");
        await phone.Locator("#rec-team").FillAsync("督查一组（手机）");
        await phone.Locator("#rec-homes").FillAsync("6");
        await phone.Locator("#rec-people").FillAsync("11");
        await phone.Locator("label[for=check0-fail]").ClickAsync();
        await phone.Locator("#note0").FillAsync("上午九点大门未开");
        await phone.Locator("#finding0").FillAsync("党群服务中心工作日无人值守");
        await phone.Locator("#photo0").SetInputFilesAsync(Photo("现场.png"));
        (await phone.Locator("#photoAt0").InputValueAsync()).Should().NotBeEmpty("the photo's time goes with it");
        await phone.Locator("#rec-save").ClickAsync();
        await phone.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal) && u.Contains("/inspections/", StringComparison.Ordinal));
        await Expect(phone.Locator("#rec-findings")).ToContainTextAsync("党群服务中心工作日无人值守");
        await Expect(phone.Locator("#rec-findings figure")).ToHaveCountAsync(1);
        await Expect(phone.Locator("#rec-homes")).ToHaveTextAsync("6");

        await phone.Locator("form.zr-raise button[type=submit]").ClickAsync();
        await phone.WaitForURLAsync(u => u.Contains("/problems/", StringComparison.Ordinal) && u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(phone.Locator("#problem-state")).ToHaveTextAsync("挂牌");
        await Expect(phone.Locator("#problem-title")).ToHaveTextAsync("党群服务中心工作日无人值守");
        var problemUrl = phone.Url.Split('?')[0];
        await ZerenApp.ScreenshotAsync(phone, "inspection-problem-raised-phone");

        // The township rectifies for its village: cause analysis and measures first, then the application with a photo as evidence.
        var village = await app.NewPageAsync(390, 844, user: townshipUser);
        await village.GotoAsync(problemUrl);
        await village.Locator("#problem-cause-input").FillAsync("值班制度未落实。");
        await village.Locator("#problem-measures-input").FillAsync("一、排定值班表；\n二、书记每周抽查。");
        await village.Locator("#problem-start").ClickAsync();
        await village.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(village.Locator("#problem-state")).ToHaveTextAsync("整改中");
        await Expect(village.Locator("#problem-cause")).ToHaveTextAsync("值班制度未落实。");
        await village.Locator("#problem-evidence").FillAsync("已排定值班表并公示，群众办事有人接待。");
        await village.Locator("#problem-files").SetInputFilesAsync(Photo("值班表.png"));
        await village.Locator("#problem-apply").ClickAsync();
        await village.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(village.Locator("#problem-state")).ToHaveTextAsync("申请销号");
        await Expect(village.Locator("#problem-verify")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await Expect(village.Locator("#problem-timeline .zr-acting-for")).ToHaveCountAsync(2);
        await Expect(village.Locator("#problem-timeline")).ToContainTextAsync("东山镇党委");

        // The issuing side (the county) verifies and closes it: 验收销号.
        var county = await app.NewPageAsync(390, 844);
        await county.GotoAsync(problemUrl);
        await county.Locator("#problem-verify-comment").FillAsync("经复查，整改到位。");
        await county.Locator("#problem-verify").ClickAsync();
        await county.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(county.Locator("#problem-state")).ToHaveTextAsync("已销号");
        await Expect(county.Locator("#problem-timeline > li")).ToHaveCountAsync(4);
        await Expect(county.Locator("#problem-timeline")).ToContainTextAsync("值班表.png");
        await ZerenApp.ScreenshotAsync(county, "inspection-problem-closed-phone");
    }

    [Fact]
    public async Task WithoutSignal_TheRecordIsKeptInTheBrowser_AndSentWhenTheSignalReturns()
    {
        var inspector = await AccountAsync("os-off", Role.Inspector, app.Seed.County.Id);
        var team = $"离线暗访组{Guid.NewGuid():N}"[..12];
        var phone = await app.NewPageAsync(390, 844, user: inspector);
        var url = $"/inspections/new?village={app.Seed.Lizhuang.Id}";
        await phone.GotoAsync(url);

        // What is typed survives a reload.
        await phone.Locator("#rec-team").FillAsync(team);
        await phone.Locator("#finding0").FillAsync("网格员对网格内党员底数不清");
        await phone.ReloadAsync();
        await Expect(phone.Locator("#rec-team")).ToHaveValueAsync(team);
        await Expect(phone.Locator("#finding0")).ToHaveValueAsync("网格员对网格内党员底数不清");
        await phone.Locator("#rec-people").FillAsync("9");
        await phone.Locator("#photo0").SetInputFilesAsync(Photo("离线.png"));

        await phone.Context.SetOfflineAsync(true);
        await phone.Locator("#rec-save").ClickAsync();
        await Expect(phone.Locator("#zr-offline-status")).ToContainTextAsync("已保存在本机，有信号后自动发送");
        phone.Url.Should().Contain("/inspections/new", "the page stays where it is");
        (await RecordsOfTeamAsync(team)).Should().BeEmpty("nothing reached the server");

        await phone.Context.SetOfflineAsync(false);
        await Expect(phone.Locator("#zr-offline-link")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(phone.Locator("#zr-offline-status")).ToContainTextAsync("已发送");
        var saved = await RecordsOfTeamAsync(team);
        saved.Should().ContainSingle().Which.PeopleAsked.Should().Be(9);
        var photos = await app.WithServicesAsync(async sp => await sp.GetRequiredService<ZerenDbContext>().Set<InspectionPhoto>().IgnoreQueryFilters()
            .Where(p => p.InspectionId == saved[0].Id).ToListAsync());
        photos.Should().ContainSingle().Which.CapturedAt.Should().NotBeNull("the photo kept its capture time");

        await phone.Locator("#zr-offline-link").ClickAsync();
        await phone.WaitForURLAsync(u => u.Contains(saved[0].Id.ToString(), StringComparison.Ordinal));
        await Expect(phone.Locator("#rec-findings")).ToContainTextAsync("网格员对网格内党员底数不清");
        // Sent once: the copy is gone, so the next page sends nothing again.
        await phone.GotoAsync(url);
        await Expect(phone.Locator("#rec-team")).Not.ToHaveValueAsync(team);
        (await RecordsOfTeamAsync(team)).Should().ContainSingle();
    }
}
