using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// 村级事务 in Chromium: the county administrator starts a matter in 李庄村 and walks it through all six steps on the
/// step-by-step page, sees a short disclosure refused with the rule, amends a step, and reads the whole record.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MatterPagesTests(ZerenApp app)
{
    [GeneratedRegex(@"/matters/([0-9a-f-]{36})\?ok=1$")]
    private static partial Regex MatterUrl();

    private static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg==");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task OneMatter_WalksThroughAllSixSteps()
    {
        // 李庄村's own secretary and 文书, and the township's 包村干部 for it.
        var today = await app.WithServicesAsync(async sp =>
        {
            var people = sp.GetRequiredService<PeopleService>();
            var today = ChinaTime.Today(sp.GetRequiredService<TimeProvider>());
            var lizhuang = app.Seed.Lizhuang.Id;
            PersonInput Person(Guid org, string name, int n) => new(org, name, Gender.Male, PartyStatus.Full, "汉族", new DateOnly(1976, 4, n),
                Education.SeniorHigh, Seed.IdNumber("330826", new DateOnly(1976, 4, n), 300 + n, Gender.Male), null, new DateOnly(2000, 7, 1));
            var secretary = await people.CreateAsync(Person(lizhuang, "李总书记", 1));
            var clerk = await people.CreateAsync(Person(lizhuang, "李文书", 2));
            var cadre = await people.CreateAsync(Person(app.Seed.Dongshan.Id, "周包村", 3));
            await people.AppointAsync(lizhuang, secretary.Id, PositionTitle.Secretary, today.AddYears(-1));
            await people.AppointAsync(lizhuang, clerk.Id, PositionTitle.Clerk, today.AddYears(-1));
            await people.LinkAsync(LinkKind.VillageCadre, cadre.Id, lizhuang, today.AddYears(-1));
            return today;
        });
        var page = await app.NewPageAsync();

        await page.GotoAsync("/matters");
        await page.ClickAsync("#matter-new");
        await page.Locator("#matter-org").SelectOptionAsync(app.Seed.Lizhuang.Id.ToString());
        await page.FillAsync("#matter-title", "李庄村集体林地流转");
        await page.Locator("#matter-category").SelectOptionAsync("LandContracting");
        await page.FillAsync("#matter-proposer", "李庄村党总支");
        await page.FillAsync("#matter-amount", "86000");
        await page.Locator("#matter-guide").SelectOptionAsync(app.Seed.CountyLeader.Id.ToString());
        await page.FillAsync("#matter-started", Day(today.AddDays(-25)));
        await page.ClickAsync("#matter-save");
        await page.WaitForURLAsync(MatterUrl());
        var id = MatterUrl().Match(page.Url).Groups[1].Value;
        await Expect(page.Locator("#matter-state")).ToContainTextAsync("待提议");

        async Task RecordAsync(DateOnly on, Func<Task> fill, string next)
        {
            await page.FillAsync("#step-on", Day(on));
            await fill();
            await page.ClickAsync("#step-save");
            await page.WaitForLoadStateAsync();
            var state = page.Locator("#matter-state");
            if (!(await state.InnerTextAsync()).Contains(next, StringComparison.Ordinal) && await page.Locator("#next-step .alert").CountAsync() > 0)
            {
                throw new InvalidOperationException(await page.Locator("#next-step .alert").InnerTextAsync());
            }
            await Expect(state).ToContainTextAsync(next);
        }

        // 提议: the secretary chairs and the 文书 records (the form offers only them first); the secretary is there.
        await Expect(page.Locator("#chair-rule")).ToContainTextAsync("不能由包村领导、包村干部主持");
        await Expect(page.Locator("#step-chair")).ToHaveValueAsync(await OptionValueAsync(page, "#step-chair", "李总书记"));
        await RecordAsync(today.AddDays(-20), async () =>
        {
            await page.FillAsync("#step-place", "李庄村党群服务中心");
            await page.FillAsync("#step-summary", "总支委员会提议流转村集体林地。");
        }, "待商议");
        // 商议: chaired by the 包村干部.
        await RecordAsync(today.AddDays(-18), async () =>
        {
            await page.Locator("#step-chair").SelectOptionAsync(await OptionValueAsync(page, "#step-chair", "周包村"));
            await page.FillAsync("#step-place", "李庄村委会");
            await page.FillAsync("#step-summary", "村两委联席会议商议，形成流转方案。");
        }, "待审议");
        // 审议: half of the voting members present is a quorum (以上); 11 of 20 in favour is more than half.
        await RecordAsync(today.AddDays(-15), async () =>
        {
            await page.FillAsync("#step-place", "李庄村党群服务中心");
            await page.FillAsync("#step-voting", "20");
            await page.FillAsync("#step-voting-present", "10");
            await page.FillAsync("#step-for", "10");
            await page.FillAsync("#step-summary", "党员大会审议流转方案。");
            // Nine of twenty present is below half: refused with the rule, nothing recorded, the form kept.
            await page.FillAsync("#step-voting-present", "9");
            await page.FillAsync("#step-for", "9");
            await page.ClickAsync("#step-save");
            await Expect(page.Locator("#next-step")).ToContainTextAsync("半数以上有表决权的党员到会方可进行");
            await Expect(page.Locator("#matter-state")).ToContainTextAsync("待审议");
            await page.FillAsync("#step-voting-present", "10");
            await page.FillAsync("#step-for", "10");
            await page.FillAsync("#step-against", "0");
            await page.FillAsync("#step-for", "11");
            await page.FillAsync("#step-voting-present", "12");
        }, "待一会");
        // 一会: a villager representative meeting, 14 of 21 members (exactly two thirds), 8 in favour.
        await RecordAsync(today.AddDays(-12), async () =>
        {
            await page.Locator("#step-form").SelectOptionAsync("Representatives");
            await page.FillAsync("#step-members", "21");
            await page.FillAsync("#step-present", "14");
            await page.FillAsync("#step-for", "8");
            await page.FillAsync("#step-place", "李庄村文化礼堂");
            await page.FillAsync("#step-summary", "村民代表会议表决通过流转方案。");
        }, "待一公开");
        // 一公开: six days is too short; seven (both ends included) is enough; the photo of the notice board goes with it.
        await RecordAsync(today.AddDays(-10), async () =>
        {
            await page.FillAsync("#step-place", "李庄村村务公开栏");
            await page.FillAsync("#step-until", Day(today.AddDays(-5)));
            await page.ClickAsync("#step-save");
            await Expect(page.Locator("#next-step")).ToContainTextAsync("不少于 7 天");
            // Not an image: refused under the photo, nothing recorded.
            await page.FillAsync("#step-on", Day(today.AddDays(-10)));
            await page.FillAsync("#step-until", Day(today.AddDays(-4)));
            await page.Locator("#step-photo").SetInputFilesAsync(new FilePayload { Name = "公开栏.png", MimeType = "image/png", Buffer = "不是图片"u8.ToArray() });
            await page.ClickAsync("#step-save");
            await Expect(page.Locator("#next-step .validation-message")).ToHaveCountAsync(1);
            await Expect(page.Locator("#matter-state")).ToContainTextAsync("待一公开");
            await page.FillAsync("#step-on", Day(today.AddDays(-10)));
            await page.FillAsync("#step-until", Day(today.AddDays(-4)));
            await page.Locator("#step-photo").SetInputFilesAsync(new FilePayload { Name = "公开栏.png", MimeType = "image/png", Buffer = Photo });
        }, "待一知晓");
        var disclosed = page.Locator("section.zr-step[data-step='Disclosure'] img");
        await Expect(disclosed).ToHaveCountAsync(1);
        // The uploaded photo is served back (a 2×2 PNG).
        await Expect(disclosed).ToHaveJSPropertyAsync("naturalWidth", 2);
        // 一知晓 after the disclosure ended: the matter is complete.
        await Expect(page.Locator("#next-step")).ToContainTextAsync(Day(today.AddDays(-4)));
        await RecordAsync(today, () => page.FillAsync("#step-summary", "流转结果在村民微信群和公开栏告知全体村民。"), "已完成");

        await Expect(page.Locator("section.zr-step")).ToHaveCountAsync(6);
        await Expect(page.Locator("#next-step")).ToHaveCountAsync(0);
        await Expect(page.Locator("#matter-record")).ToContainTextAsync("有表决权的党员 20 人，到会 12 人，赞成 11 人，通过。");

        // A correction of the 商议 is an amendment: the step stays, the record shows the correction, reason and author.
        var deliberation = page.Locator("section.zr-step[data-step='Deliberation']");
        await deliberation.Locator("a", new() { HasText = "补正" }).ClickAsync();
        await page.FillAsync("#amend-correction", "地点应为李庄村委会二楼会议室");
        await page.FillAsync("#amend-reason", "登记时笔误");
        await page.ClickAsync("#amend-save");
        await page.WaitForURLAsync(MatterUrl());
        await Expect(deliberation.Locator(".zr-amendment")).ToContainTextAsync("地点应为李庄村委会二楼会议室");
        await Expect(deliberation.Locator(".zr-amendment")).ToContainTextAsync("登记时笔误");
        await Expect(deliberation).ToContainTextAsync("李庄村委会");
        await Expect(page.Locator("[data-zr-print]")).ToBeVisibleAsync();
        await ZerenApp.ScreenshotAsync(page, "matter-record");

        // The list shows it completed; the county sees its leader has guided a full run.
        await page.GotoAsync("/matters?state=Completed");
        await Expect(page.Locator("#matters-table")).ToContainTextAsync("李庄村集体林地流转");
        await page.GotoAsync("/matters/guided");
        await Expect(page.Locator("#guided-table tr", new() { HasText = "钱县长" })).ToContainTextAsync("1");
        await ZerenApp.ScreenshotAsync(page, "matters-guided");
        _ = id;
    }

    private static async Task<string> OptionValueAsync(IPage page, string select, string text) =>
        (await page.Locator($"{select} option", new() { HasText = text }).First.GetAttributeAsync("value"))!;
}
