using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Meetings;

namespace Zeren.Web.Tests.Files;

/// <summary>
/// What keeps uploads from filling the disk: an account's daily quota (count and bytes, 429 with Retry-After), and the
/// daily clean-up of files nothing keeps 24 hours after their upload (rows and bytes, one audit entry), on apps of their
/// own with a clock the test moves.
/// </summary>
public sealed class UploadLimitsTests
{
    private static readonly byte[] PngHead = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Png(int length = 3000)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        PngHead.CopyTo(bytes, 0);
        return bytes;
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] content, string url = "/api/v1/files")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { file, "file", "照片.png" } };
        if (url != "/api/v1/files")
        {
            form.Add(new StringContent("Photo"), "kind");
        }
        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    private static async Task<StoredFileInfo> Uploaded(HttpClient client, byte[] content)
    {
        var response = await Upload(client, content);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<StoredFileInfo>();
    }

    private static async Task<(int Rows, int OnDisk)> Stored(ZerenFactory app)
    {
        await using var scope = app.Scope();
        var rows = await scope.Get<ZerenDbContext>().Set<StoredFile>().IgnoreQueryFilters().CountAsync();
        var folder = scope.Get<UploadFolder>().Path;
        return (rows, Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0);
    }

    private static async Task ShouldBeQuotaRefusal(HttpResponseMessage response, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("title").GetString().Should().Be("请求过于频繁");
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("每个账号每天").And.Contain("明天");
        problem.RootElement.GetProperty("code").GetString().Should().Be(code);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.Should().BeInRange(1, 24 * 3600, "the quota comes back at midnight, China time");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DailyQuota_RefusesTheUploadPastTheCount_Then429_AndComesBackTheNextDay(string provider)
    {
        var clock = new TestClock();
        clock.Set(new DateTimeOffset(2027, 5, 10, 10, 0, 0, TimeSpan.FromHours(8)));
        await using var app = new ZerenFactory(provider, settings: new Dictionary<string, string?> { ["Zeren:Uploads:DailyCount"] = "3" }, clock: clock);
        var clerk = await TestAccounts.SignedInAsync(app, "quota-count", [Role.CountyAdmin], null);
        for (var i = 0; i < 3; i++)
        {
            await Uploaded(clerk, Png());
        }
        var before = await Stored(app);

        await ShouldBeQuotaRefusal(await Upload(clerk, Png()), "upload_quota_count");

        (await Stored(app)).Should().Be(before, "a refusal keeps nothing");
        // Another account has its own quota.
        var other = await TestAccounts.SignedInAsync(app, "quota-other", [Role.CountyAdmin], null);
        await Uploaded(other, Png());
        // The day is China's: at 23:59 it is still used up, after midnight it is back.
        clock.Set(new DateTimeOffset(2027, 5, 10, 23, 59, 0, TimeSpan.FromHours(8)));
        clerk = await TestAccounts.SignedInAsync(app, "quota-count", [Role.CountyAdmin], null);
        await ShouldBeQuotaRefusal(await Upload(clerk, Png()), "upload_quota_count");
        clock.Advance(TimeSpan.FromMinutes(2));
        await Uploaded(clerk, Png());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DailyQuota_RefusesTheUploadThatWouldPassTheBytes_AlsoForAMeetingsAttachments(string provider)
    {
        await using var app = new ZerenFactory(provider, settings: new Dictionary<string, string?> { ["Zeren:Uploads:DailyBytes"] = "10000" });
        var admin = await TestAccounts.SignedInAsync(app, "quota-bytes", [Role.CountyAdmin], null);
        await Uploaded(admin, Png(6000));
        var before = await Stored(app);

        await ShouldBeQuotaRefusal(await Upload(admin, Png(6000)), "upload_quota_bytes");
        (await Stored(app)).Should().Be(before);

        // A meeting's attachments come out of the same quota, through the same store.
        var branch = await MeetingsApiTests.CreateBranch(admin);
        var recorded = await admin.PostJson("/api/v1/meetings", MeetingsApiTests.Input(branch, MeetingsApiTests.Yesterday()));
        recorded.StatusCode.Should().Be(HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());
        var meeting = await recorded.ReadAs<MeetingDetail>();
        await ShouldBeQuotaRefusal(await Upload(admin, Png(6000), $"/api/v1/meetings/{meeting.Meeting.Id}/attachments"), "upload_quota_bytes");
        (await Upload(admin, Png(3000), $"/api/v1/meetings/{meeting.Meeting.Id}/attachments")).StatusCode.Should().Be(HttpStatusCode.Created, "it still fits");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DailyCleanup_RemovesUploadsNothingKeptFor24Hours_RowsAndBytes_AsOneAuditEntry(string provider)
    {
        var clock = new TestClock();
        await using var app = new ZerenFactory(provider, clock: clock);
        var admin = await TestAccounts.SignedInAsync(app, "cleanup", [Role.CountyAdmin], null);
        var branch = await MeetingsApiTests.CreateBranch(admin);
        var recorded = await admin.PostJson("/api/v1/meetings", MeetingsApiTests.Input(branch, MeetingsApiTests.Yesterday()));
        var meeting = await recorded.ReadAs<MeetingDetail>();
        var unused = await Uploaded(admin, Png());
        var attachment = await Upload(admin, Png(), $"/api/v1/meetings/{meeting.Meeting.Id}/attachments");
        attachment.StatusCode.Should().Be(HttpStatusCode.Created, await attachment.Content.ReadAsStringAsync());
        var kept = await attachment.ReadAs<MeetingAttachmentView>();
        string uploads;
        await using (var scope = app.Scope())
        {
            uploads = scope.Get<UploadFolder>().Path;
        }
        // Bytes without a row, as a crash between the rename and the insert leaves them, and a half-written upload.
        var month = Path.Combine(uploads, "2020", "01");
        Directory.CreateDirectory(month);
        var stray = Path.Combine(month, Guid.CreateVersion7().ToString("N"));
        var part = Path.Combine(month, Guid.CreateVersion7().ToString("N") + ".part");
        var notOurs = Path.Combine(month, "readme.txt");
        foreach (var path in new[] { stray, part, notOurs })
        {
            await File.WriteAllBytesAsync(path, Png());
        }

        async Task<UploadCleanupRun> RunAsync()
        {
            await using var scope = app.Scope();
            return await scope.Get<UploadCleanup>().RunAsync();
        }

        // The day of the upload: nothing is old enough.
        var early = await RunAsync();
        (early.Ran, early.Files, early.StrayFiles).Should().Be((true, 0, 0));
        (await RunAsync()).Ran.Should().BeFalse("the day's run is done");

        clock.Advance(TimeSpan.FromHours(25));
        var fresh = Path.Combine(month, Guid.CreateVersion7().ToString("N"));
        await File.WriteAllBytesAsync(fresh, Png());
        File.SetLastWriteTimeUtc(fresh, clock.GetUtcNow().UtcDateTime.AddHours(-1));
        var cleaned = await RunAsync();

        (cleaned.Ran, cleaned.Files, cleaned.Bytes, cleaned.StrayFiles).Should().Be((true, 1, unused.Size, 2));
        admin = await TestAccounts.SignedInAsync(app, "cleanup", [Role.CountyAdmin], null);
        (await admin.GetAsync(new Uri($"/api/v1/files/{unused.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var download = await admin.GetAsync(new Uri($"/api/v1/files/{kept.FileId}", UriKind.Relative));
        download.StatusCode.Should().Be(HttpStatusCode.OK, "a meeting keeps its attachment");
        File.Exists(Path.Combine(uploads, unused.CreatedAt.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture),
            unused.CreatedAt.ToString("MM", System.Globalization.CultureInfo.InvariantCulture), unused.Id.ToString("N"))).Should().BeFalse("the bytes go with the row");
        File.Exists(stray).Should().BeFalse();
        File.Exists(part).Should().BeFalse();
        File.Exists(fresh).Should().BeTrue("a file without a row younger than 24 hours may be an upload in progress");
        File.Exists(notOurs).Should().BeTrue("only files named as uploads are ours to remove");

        await using (var scope = app.Scope())
        {
            var entries = await scope.Get<ZerenDbContext>().Set<AuditEntry>().AsNoTracking()
                .Where(e => e.EntityType == nameof(StoredFile) && e.Action == AuditAction.Delete).ToListAsync();
            entries.Should().HaveCount(2, "one summary entry for each run, none per file").And.OnlyContain(e => e.EntityId == null);
            var entry = entries.MaxBy(e => e.Sequence)!;
            entry.UserName.Should().Be("system");
            entry.Summary.Should().Contain("清理未使用的附件").And.Contain("1 个").And.Contain("无记录的文件 2 个");
            entry.After.Should().Contain(unused.Id.ToString());
            (await scope.Get<AuditVerifier>().VerifyAsync()).Break.Should().BeNull();
        }
    }
}
