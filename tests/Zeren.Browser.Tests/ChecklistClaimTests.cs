using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Zeren.Core.Checklists;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// 标准化建设清单 on phones (issue 13 item 6): 桃园村's clerk claims an item of 东山镇's 达标型 checklist with a photo taken
/// on the village page; the township sees the claim waiting on the board, opens the village and verifies it; the item
/// is 已验收 with the photo, and its history names the claim (with its photo) and the verification.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChecklistClaimTests(ZerenApp app)
{
    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

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

    [Fact]
    public async Task VillageClaimsWithAPhoto_OnAPhone_AndTheTownshipVerifiesIt()
    {
        var seed = app.Seed;
        var year = ChinaTime.Today(TimeProvider.System).Year;
        // The township's own 达标型 checklist of this year (only this test makes checklists in the browser app).
        var template = await app.WithServicesAsync(sp => sp.GetRequiredService<ChecklistService>()
            .CreateTemplateAsync(new ChecklistTemplateInput(year, ChecklistKind.Standard, OrgId: seed.Dongshan.Id)));
        var item = template.Items[0];
        item.PhotoRequired.Should().BeTrue();
        var clerk = await AccountAsync("ck-clerk", Role.BranchClerk, seed.Taoyuan.Id);
        var townshipUser = await AccountAsync("ck-town", Role.TownshipAdmin, seed.Dongshan.Id);
        var villageUrl = $"/checklists/{template.Id}/orgs/{seed.Taoyuan.Id}";

        var phone = await app.NewPageAsync(390, 844, user: clerk);
        await phone.GotoAsync(villageUrl);
        var card = phone.Locator($"#item-{item.Id}");
        await Expect(card).ToHaveAttributeAsync("data-zr-state", "NotMet");
        await card.Locator("a.btn").ClickAsync();
        await phone.WaitForURLAsync(u => u.Contains($"item={item.Id}", StringComparison.Ordinal));
        // Without the photo the item requires: refused, nothing claimed.
        await phone.Locator("#checklist-note").FillAsync("屋顶党徽已安装到位");
        await phone.Locator("#checklist-claim").ClickAsync();
        await Expect(phone.Locator(".alert-danger")).ToContainTextAsync("须附现场照片");
        await Expect(card).ToHaveAttributeAsync("data-zr-state", "NotMet");
        await phone.Locator("#checklist-note").FillAsync("屋顶党徽已安装到位");
        await phone.Locator("#checklist-photos").SetInputFilesAsync(new FilePayload { Name = "党徽.png", MimeType = "image/png", Buffer = Png });
        await phone.Locator("#checklist-claim").ClickAsync();
        await phone.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(card).ToHaveAttributeAsync("data-zr-state", "Claimed");
        await Expect(card.Locator("img.img-thumbnail")).ToHaveCountAsync(1);
        await ZerenApp.ScreenshotAsync(phone, "checklist-claimed-phone");

        // The township: the claim waits on the board; on the village page it verifies.
        var township = await app.NewPageAsync(390, 844, user: townshipUser);
        await township.GotoAsync($"/checklists?year={year}&template={template.Id}");
        var row = township.Locator($"#checklist-board tr[data-zr-village='{seed.Taoyuan.Id}']");
        await Expect(row.Locator("td.table-warning")).ToHaveCountAsync(1);
        await row.Locator("a").First.ClickAsync();
        await township.WaitForURLAsync(u => u.Contains(villageUrl, StringComparison.Ordinal));
        var verifyCard = township.Locator($"#item-{item.Id}");
        await verifyCard.Locator("a.btn").ClickAsync();
        await township.WaitForURLAsync(u => u.Contains($"item={item.Id}", StringComparison.Ordinal));
        await township.Locator("#checklist-verify-comment").FillAsync("经实地查看，符合标准");
        await township.Locator("#checklist-verify").ClickAsync();
        await township.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(verifyCard).ToHaveAttributeAsync("data-zr-state", "Verified");
        await Expect(verifyCard.Locator("img.img-thumbnail")).ToHaveCountAsync(1);
        var history = verifyCard.Locator("details li");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Nth(0)).ToContainTextAsync("申报");
        await Expect(history.Nth(0)).ToContainTextAsync("1 张照片");
        await Expect(history.Nth(1)).ToContainTextAsync("验收");
        await Expect(history.Nth(1)).ToContainTextAsync("经实地查看，符合标准");
        await ZerenApp.ScreenshotAsync(township, "checklist-verified-phone");

        await township.GotoAsync($"/checklists?year={year}&template={template.Id}");
        await Expect(row.Locator("td.table-success")).ToHaveCountAsync(1);
        await Expect(row.Locator("td.table-warning")).ToHaveCountAsync(0);
        // The board fits the phone: its wide tables scroll in their own box, not the page.
        (await township.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue("the board fits a phone");
        await ZerenApp.ScreenshotAsync(township, "checklist-board-phone");
    }

    [Fact]
    public async Task County_CreatesATemplate_AndReordersItsItems_OnTheManagePage()
    {
        var seed = app.Seed;
        var year = ChinaTime.Today(TimeProvider.System).Year;
        var desktop = await app.NewPageAsync();
        await desktop.GotoAsync("/checklists");
        await desktop.Locator("#checklist-manage").ClickAsync();
        await desktop.WaitForURLAsync(u => u.EndsWith("/checklists/templates", StringComparison.Ordinal));
        await desktop.Locator("#new-year").FillAsync((year + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await desktop.Locator("#new-kind").SelectOptionAsync("Venue");
        await desktop.Locator("#new-org").SelectOptionAsync(seed.Dongshan.Id.ToString());
        await desktop.Locator("#checklist-template-create").ClickAsync();
        await desktop.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        var url = desktop.Url.Split('?')[0];
        await Expect(desktop.Locator("#checklist-template-items > li")).ToHaveCountAsync(7);
        await Expect(desktop.Locator("#item-name-0")).ToHaveValueAsync("一个文化活动广场");

        // Moving a row shows the form changed, unsaved; 保存 keeps the new order.
        await desktop.Locator("[data-zr-item='0'] button[value='down:0']").ClickAsync();
        await Expect(desktop.Locator("#checklist-template-unsaved")).ToBeVisibleAsync();
        await Expect(desktop.Locator("#item-name-0")).ToHaveValueAsync("一个文化活动室");
        await Expect(desktop.Locator("#item-name-1")).ToHaveValueAsync("一个文化活动广场");
        await ZerenApp.ScreenshotAsync(desktop, "checklist-template-edit-desktop");
        await desktop.Locator("#checklist-template-save").ClickAsync();
        await desktop.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));
        await Expect(desktop.Locator("#item-name-0")).ToHaveValueAsync("一个文化活动室");
        await Expect(desktop.Locator("#checklist-template-unsaved")).ToHaveCountAsync(0);

        var phone = await app.NewPageAsync(390, 844);
        await phone.GotoAsync(url);
        await Expect(phone.Locator("#item-name-1")).ToHaveValueAsync("一个文化活动广场");
        (await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue("the page fits a phone");
        await ZerenApp.ScreenshotAsync(phone, "checklist-template-edit-phone");
        await phone.GotoAsync($"/checklists/templates?year={year + 1}");
        (await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue("the list fits a phone");
        await ZerenApp.ScreenshotAsync(phone, "checklist-templates-phone");
        await desktop.GotoAsync("/checklists/templates");
        await ZerenApp.ScreenshotAsync(desktop, "checklist-templates-desktop");
    }
}
