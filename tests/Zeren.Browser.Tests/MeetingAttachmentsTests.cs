using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Meetings;
using Zeren.Core.Platform;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>A meeting's attachments in Chromium: a photo uploaded on a phone-sized page shows as a thumbnail.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingAttachmentsTests(ZerenApp app)
{
    /// <summary>A real 2×2 PNG, so the browser has something to draw.</summary>
    private static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg==");

    [Fact]
    public async Task APhotoUploadedOnAPhone_ShowsAsAThumbnail()
    {
        // A meeting of an earlier month, so the heat map of this month (another test's) does not move.
        var meetingId = await app.WithServicesAsync(async sp =>
        {
            var today = ChinaTime.Today(sp.GetRequiredService<TimeProvider>());
            var day = today.AddDays(-40);
            var start = new DateTimeOffset(day.Year, day.Month, day.Day, 9, 0, 0, TimeSpan.FromHours(8));
            var villagers = app.Seed.Villagers;
            var input = new MeetingInput(app.Seed.Taoyuan.Id, start, start.AddHours(1), "桃园村党群服务中心", [MeetingType.Committee], "研究村集体经济项目",
                villagers[0].Id, villagers[1].Id, [new AttendeeInput(villagers[0].Id, AttendanceStatus.Present), new AttendeeInput(villagers[1].Id, AttendanceStatus.Present)]);
            return (await sp.GetRequiredService<MeetingService>().CreateAsync(input)).Meeting.Id;
        });
        var page = await app.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync($"/meetings/{meetingId}");
        await Expect(page.Locator("#attachments")).ToContainTextAsync("暂无附件");

        await page.Locator("#att-kind").SelectOptionAsync("Photo");
        await page.Locator("#att-file").SetInputFilesAsync(new FilePayload { Name = "会场.png", MimeType = "image/png", Buffer = Photo });
        await page.Locator("form.zr-attach-form button[type=submit]").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("done=attached", StringComparison.Ordinal));
        await Expect(page.Locator("main")).ToContainTextAsync("附件已上传");
        var thumbnail = page.Locator("#attachments img.zr-attachment-thumb");
        await Expect(thumbnail).ToBeVisibleAsync();
        await Expect(page.Locator("#attachments")).ToContainTextAsync("会场.png");
        // Drawn from the files endpoint: decoded, despite its Content-Disposition: attachment.
        var width = await thumbnail.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0");
        width.Should().Be(2);
        await ZerenApp.ScreenshotAsync(page, "meeting-attachments-phone");
    }
}
