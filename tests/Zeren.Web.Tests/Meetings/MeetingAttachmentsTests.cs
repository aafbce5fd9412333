using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>
/// 会议附件: photos, the scanned sign-in sheet and other material of a meeting, through the API and the meeting page.
/// The class has an app of its own per provider, so what a refusal leaves behind (rows, files on disk) can be counted.
/// </summary>
public partial class MeetingAttachmentsTests(MeetingAttachmentApps apps) : IClassFixture<MeetingAttachmentApps>
{
    private static readonly byte[] PngHead = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Bytes(ReadOnlySpan<byte> head, int length = 3000)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes);
        return bytes;
    }

    private static byte[] Png() => Bytes(PngHead);

    private static byte[] Pdf() => Bytes("%PDF-1.7\n"u8);

    private static MultipartFormDataContent Form(byte[] content, string fileName, string? contentType, string? kind)
    {
        var file = new ByteArrayContent(content);
        if (contentType is not null)
        {
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }
        return form;
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, Guid meetingId, byte[] content, string fileName, string? contentType, string? kind = "Photo")
    {
        using var form = Form(content, fileName, contentType, kind);
        return await client.PostAsync(new Uri($"/api/v1/meetings/{meetingId}/attachments", UriKind.Relative), form);
    }

    private static async Task<MeetingAttachmentView> Attached(Task<HttpResponseMessage> upload)
    {
        var response = await upload;
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<MeetingAttachmentView>();
    }

    private static Task<HttpResponseMessage> Remove(HttpClient client, Guid meetingId, Guid attachmentId) =>
        client.DeleteAsync(new Uri($"/api/v1/meetings/{meetingId}/attachments/{attachmentId}", UriKind.Relative));

    private static async Task<MeetingDetail> Record(HttpClient client, MeetingsApiTests.Branch b, DateTimeOffset start)
    {
        var response = await client.PostJson("/api/v1/meetings", MeetingsApiTests.Input(b, start));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<MeetingDetail>();
    }

    /// <summary>Rows and files on disk: what a refusal must leave as it found them.</summary>
    private static async Task<(int Files, int Attachments, string[] OnDisk)> Stored(ZerenFactory app)
    {
        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        var files = await db.Set<StoredFile>().CountAsync();
        var attachments = await db.Set<MeetingAttachment>().CountAsync();
        var folder = scope.Get<UploadFolder>().Path;
        var onDisk = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order().ToArray() : [];
        return (files, attachments, onDisk);
    }

    private static async Task<string> PathOnDisk(ZerenFactory app, Guid fileId)
    {
        await using var scope = app.Scope();
        var row = await scope.Get<ZerenDbContext>().Set<StoredFile>().SingleAsync(f => f.Id == fileId);
        return Path.Combine([scope.Get<UploadFolder>().Path, .. row.StoragePath.Split('/')]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task APhotoAndAScannedSheet_AreKeptWithTheMeeting_InItsOrganization(string provider)
    {
        var app = apps.For(provider);
        var client = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var meeting = await Record(client, b, MeetingsApiTests.Yesterday());
        var png = Png();
        var pdf = Pdf();

        var photo = await Attached(Upload(client, meeting.Meeting.Id, png, "会场照片.png", "image/png", "Photo"));
        var sheet = await Attached(Upload(client, meeting.Meeting.Id, pdf, "签到表 扫描件.pdf", "application/pdf", "SignInSheet"));

        (photo.Kind, photo.FileName, photo.ContentType, photo.Size).Should().Be((AttachmentKind.Photo, "会场照片.png", "image/png", png.Length));
        (sheet.Kind, sheet.FileName, sheet.ContentType, sheet.Size).Should().Be((AttachmentKind.SignInSheet, "签到表 扫描件.pdf", "application/pdf", pdf.Length));
        var detail = await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}");
        detail.Attachments.Select(a => (a.Id, a.Kind, a.FileId, a.FileName)).Should().Equal(
            (photo.Id, AttachmentKind.Photo, photo.FileId, "会场照片.png"),
            (sheet.Id, AttachmentKind.SignInSheet, sheet.FileId, "签到表 扫描件.pdf"));
        detail.AttachmentsRemovable.Should().BeTrue();
        detail.UpdatedBy.Should().Be("test-admin");

        // Downloaded through the files endpoint, as the bytes uploaded.
        var download = await client.GetAsync(new Uri($"/api/v1/files/{photo.FileId}", UriKind.Relative));
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(png);

        // The file belongs to the meeting's branch, whoever uploaded it; each addition is in the audit log.
        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        (await db.Set<StoredFile>().Where(f => f.Id == photo.FileId || f.Id == sheet.FileId).Select(f => f.OrgId).ToListAsync())
            .Should().Equal(b.Village.Id, b.Village.Id);
        var audited = await db.Set<AuditEntry>()
            .Where(e => e.EntityType == nameof(MeetingAttachment) && e.Action == AuditAction.Create)
            .Select(e => e.EntityId).ToListAsync();
        audited.Should().Contain([photo.Id.ToString(), sheet.Id.ToString()]);
    }

    public static TheoryData<string, string, string, string?> NotPhotosOrScans()
    {
        var data = new TheoryData<string, string, string, string?>();
        foreach (var provider in ((IEnumerable<object[]>)TestDatabases.Providers).Select(row => (string)row[0]))
        {
            data.Add(provider, "xlsx", "签到表.xlsx", FileSignature.XlsxContentType); // a real workbook: uploads take it, meetings do not
            data.Add(provider, "text", "会议照片.png", "image/png");                  // a text file renamed as a photo
            data.Add(provider, "text", "纪要.pdf", "application/pdf");                // and as a PDF
            data.Add(provider, "png", "照片.png", "text/html");                        // a photo claimed as a web page
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NotPhotosOrScans))]
    public async Task AnythingButAPhotoOrPdf_Is422InChinese_AndKeepsNothing(string provider, string bytes, string fileName, string? contentType)
    {
        var app = apps.For(provider);
        var client = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var meeting = await Record(client, b, MeetingsApiTests.Yesterday());
        var content = bytes switch
        {
            "xlsx" => Bytes("PK\u0003\u0004"u8),
            "text" => Encoding.UTF8.GetBytes("这不是照片，只是一段文字。"),
            _ => Png(),
        };
        var before = await Stored(app);

        var response = await Upload(client, meeting.Meeting.Id, content, fileName, contentType, "SignInSheet");

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("upload_type");
        problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        if (bytes == "xlsx")
        {
            problem.Detail.Should().Contain(".pdf").And.NotContain(".xlsx", "a workbook is not a meeting attachment");
        }
        (await Stored(app)).Should().BeEquivalentTo(before);
        var after = await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}");
        after.Attachments.Should().BeEmpty();
        after.UpdatedAt.Should().Be(meeting.UpdatedAt, "a refused upload does not touch the record");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ATooLargeFile_Is413_AndKeepsNothing(string provider)
    {
        var app = apps.For(provider);
        var client = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var meeting = await Record(client, b, MeetingsApiTests.Yesterday());
        var before = await Stored(app);

        var response = await Upload(client, meeting.Meeting.Id, Bytes(PngHead, (int)new UploadOptions().MaxBytes + 1), "大照片.png", "image/png");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("upload_size");
        problem.Detail.Should().Contain("20 MB");
        (await Stored(app)).Should().BeEquivalentTo(before);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnUnknownKind_OrNoFile_Is422(string provider)
    {
        var app = apps.For(provider);
        var client = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var meeting = await Record(client, b, MeetingsApiTests.Yesterday());
        var before = await Stored(app);

        var unknown = await Upload(client, meeting.Meeting.Id, Png(), "照片.png", "image/png", "Selfie");
        unknown.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await unknown.ReadAs<Problem>()).Code.Should().Be("meeting_attachment_kind");
        using var empty = new MultipartFormDataContent { { new StringContent("Photo"), "kind" } };
        var none = await client.PostAsync(new Uri($"/api/v1/meetings/{meeting.Meeting.Id}/attachments", UriKind.Relative), empty);
        none.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await none.ReadAs<Problem>()).Code.Should().Be("file_missing");
        (await Stored(app)).Should().BeEquivalentTo(before);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AMeeting_KeepsAtMostTwentyAttachments(string provider)
    {
        var app = apps.For(provider);
        var client = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var meeting = await Record(client, b, MeetingsApiTests.Yesterday());
        for (var i = 0; i < MeetingAttachment.MaxPerMeeting; i++)
        {
            await Attached(Upload(client, meeting.Meeting.Id, Bytes(PngHead, 64), $"照片{i}.png", "image/png"));
        }
        var before = await Stored(app);

        var response = await Upload(client, meeting.Meeting.Id, Png(), "第21张.png", "image/png");

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("meeting_attachments_full");
        problem.Detail.Should().Contain("20");
        (await Stored(app)).Should().BeEquivalentTo(before);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Removing_WorksWithinSevenDays_ThenIsRefused_WhileAddingStaysOpen(string provider)
    {
        var clock = new TestClock();
        await using var app = new ZerenFactory(provider, clock: clock);
        var admin = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(admin);
        var clerkName = TestData.Code("attc").ToLowerInvariant();
        // Signed in afresh after each move of the clock: a token lives 30 minutes.
        Task<HttpClient> Clerk() => TestAccounts.SignedInAsync(app, clerkName, [Role.BranchClerk], b.Village.Id);
        var clerk = await Clerk();
        var meeting = await Record(clerk, b, MeetingsApiTests.Yesterday());
        var wrong = await Attached(Upload(clerk, meeting.Meeting.Id, Png(), "拍错了.png", "image/png"));
        var kept = await Attached(Upload(clerk, meeting.Meeting.Id, Png(), "会场.png", "image/png"));
        var wrongPath = await PathOnDisk(app, wrong.FileId);
        File.Exists(wrongPath).Should().BeTrue();

        // Within the window: the attachment, its file row and its bytes go; the removal is audited.
        (await Remove(clerk, meeting.Meeting.Id, wrong.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await clerk.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}")).Attachments.Select(a => a.Id).Should().Equal(kept.Id);
        (await clerk.GetAsync(new Uri($"/api/v1/files/{wrong.FileId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        File.Exists(wrongPath).Should().BeFalse();
        (await Remove(clerk, meeting.Meeting.Id, wrong.Id)).StatusCode.Should().Be(HttpStatusCode.NotFound, "it is gone");
        await using (var scope = app.Scope())
        {
            (await scope.Get<ZerenDbContext>().Set<AuditEntry>()
                .AnyAsync(e => e.EntityType == nameof(MeetingAttachment) && e.EntityId == wrong.Id.ToString() && e.Action == AuditAction.Delete))
                .Should().BeTrue();
        }

        // Eight days later: the record keeps what it has, and a late scanned sheet can still be added.
        clock.Advance(TimeSpan.FromDays(8));
        clerk = await Clerk();
        var refused = await Remove(clerk, meeting.Meeting.Id, kept.Id);
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.ReadAs<Problem>();
        problem.Code.Should().Be("meeting_attachment_remove_after_window");
        problem.Detail.Should().Contain("7 天").And.Contain("保留");
        var late = await Attached(Upload(clerk, meeting.Meeting.Id, Pdf(), "签到表.pdf", "application/pdf", "SignInSheet"));
        late.CreatedBy.Should().Be(clerkName);
        late.CreatedAt.Should().BeCloseTo(clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));
        var detail = await clerk.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}");
        detail.Attachments.Select(a => a.Id).Should().Equal(kept.Id, late.Id);
        detail.AttachmentsRemovable.Should().BeFalse();
        detail.UpdatedBy.Should().Be(clerkName, "the late addition is recorded on the meeting");
        detail.UpdatedAt.Should().BeCloseTo(clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));
        (await Remove(clerk, meeting.Meeting.Id, late.Id)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "the window is the meeting's, not the file's");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DeletingAMeeting_WithinItsWindow_RemovesItsAttachmentsAndFiles(string provider)
    {
        var app = apps.For(provider);
        var client = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var meeting = await Record(client, b, MeetingsApiTests.Yesterday());
        var photo = await Attached(Upload(client, meeting.Meeting.Id, Png(), "照片.png", "image/png"));
        var path = await PathOnDisk(app, photo.FileId);

        (await client.DeleteAsync(new Uri($"/api/v1/meetings/{meeting.Meeting.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        (await db.Set<MeetingAttachment>().AnyAsync(a => a.Id == photo.Id)).Should().BeFalse();
        (await db.Set<StoredFile>().AnyAsync(f => f.Id == photo.FileId)).Should().BeFalse();
        File.Exists(path).Should().BeFalse();
        (await db.Set<AuditEntry>().AnyAsync(e => e.EntityType == nameof(MeetingAttachment) && e.EntityId == photo.Id.ToString() && e.Action == AuditAction.Delete))
            .Should().BeTrue("the removal is recorded, not just cascaded");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherTownshipsAdministrator_GetsNotFound_OnBothRoutes_AndChangesNothing(string provider)
    {
        var app = apps.For(provider);
        var admin = app.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(admin);
        var other = await admin.CreateOrg(b.County.Id, "邻镇党委");
        var meeting = await Record(admin, b, MeetingsApiTests.Yesterday());
        var photo = await Attached(Upload(admin, meeting.Meeting.Id, Png(), "照片.png", "image/png"));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var neighbour = app.ClientAs("att-o-" + suffix, [Role.TownshipAdmin], other.Id);
        var own = app.ClientAs("att-t-" + suffix, [Role.TownshipAdmin], b.Township.Id);
        var reader = app.ClientAs("att-r-" + suffix, [Role.ReadOnly], b.Township.Id);
        var before = await Stored(app);

        (await Upload(neighbour, meeting.Meeting.Id, Png(), "邻镇照片.png", "image/png")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Remove(neighbour, meeting.Meeting.Id, photo.Id)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Upload(reader, meeting.Meeting.Id, Png(), "只读.png", "image/png")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Remove(reader, meeting.Meeting.Id, photo.Id)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Stored(app)).Should().BeEquivalentTo(before);

        // The township's own administrator may do both.
        var added = await Attached(Upload(own, meeting.Meeting.Id, Png(), "本镇照片.png", "image/png"));
        (await Remove(own, meeting.Meeting.Id, photo.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await own.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}")).Attachments.Select(a => a.Id).Should().Equal(added.Id);
        // An attachment asked for under another meeting is not there.
        var second = await Record(admin, b, MeetingsApiTests.Yesterday().AddHours(-3));
        (await Remove(own, second.Meeting.Id, added.Id)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <summary>The admin's token on a client that shows redirects and keeps the antiforgery cookie.</summary>
    private static HttpClient PageClient(ZerenFactory app)
    {
        var admin = app.AdminClient();
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        return client;
    }

    private static async Task<HttpResponseMessage> PostPage(HttpClient client, string url, string handler, Action<MultipartFormDataContent> fill)
    {
        var html = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        var token = Token().Match(html);
        token.Success.Should().BeTrue("the page has a form with an antiforgery token");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" },
            { new StringContent(handler), "_handler" },
        };
        fill(form);
        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ThePage_UploadsShowsAndRemoves_WithPostRedirectGet(string provider)
    {
        var app = apps.For(provider);
        var client = PageClient(app);
        var b = await MeetingsApiTests.CreateBranch(client);
        var meeting = await Record(client, b, MeetingsApiTests.Yesterday());
        var url = $"/meetings/{meeting.Meeting.Id}";
        var before = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        before.Should().Contain("enctype=\"multipart/form-data\"").And.Contain("accept=\"image/jpeg,image/png,application/pdf\"").And.Contain("capture=\"environment\"");

        var response = await PostPage(client, url, "attach", form =>
        {
            form.Add(new StringContent("SignInSheet"), "Attach.Kind");
            var file = new ByteArrayContent(Png());
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "file", "手机拍的签到表.png");
            // The camera input, left empty, arrives as an empty part without a name.
            var empty = new ByteArrayContent([]);
            empty.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"\"" };
            empty.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(empty);
        });

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.Should().Be($"{url}?done=attached#attachments");
        var detail = await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}");
        var sheet = detail.Attachments.Should().ContainSingle().Subject;
        (sheet.Kind, sheet.FileName).Should().Be((AttachmentKind.SignInSheet, "手机拍的签到表.png"));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"{url}?done=attached", UriKind.Relative)));
        page.Should().Contain("附件已上传").And.Contain("手机拍的签到表.png").And.Contain("签到表")
            .And.Contain($"<img src=\"/api/v1/files/{sheet.FileId}\"", "the thumbnail is the file itself");

        // A workbook through the page: the rule in Chinese, nothing kept.
        var stored = await Stored(app);
        var refused = await PostPage(client, url, "attach", form =>
        {
            form.Add(new StringContent("Other"), "Attach.Kind");
            form.Add(new ByteArrayContent(Bytes("PK\u0003\u0004"u8)), "file", "台账.xlsx");
        });
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).Should().Contain("只接受 .jpg、.jpeg、.png、.pdf 文件");
        (await Stored(app)).Should().BeEquivalentTo(stored);

        var removed = await PostPage(client, url, "remove-attachment", form => form.Add(new StringContent(sheet.Id.ToString()), "Remove.AttachmentId"));
        removed.StatusCode.Should().Be(HttpStatusCode.Redirect, await removed.Content.ReadAsStringAsync());
        removed.Headers.Location!.OriginalString.Should().Be($"{url}?done=removed#attachments");
        (await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}")).Attachments.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ThePage_OfAnOldMeeting_OffersNoRemoveButton_ButTheUploadForm(string provider)
    {
        var app = apps.For(provider);
        var client = PageClient(app);
        var b = await MeetingsApiTests.CreateBranch(client);
        var meeting = await Record(client, b, MeetingsApiTests.Yesterday().AddDays(-10));
        var photo = await Attached(Upload(client, meeting.Meeting.Id, Png(), "补传照片.png", "image/png"));
        var url = $"/meetings/{meeting.Meeting.Id}";

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(url, UriKind.Relative)));

        page.Should().Contain("补传照片.png").And.Contain("name=\"file\"").And.NotContain("name=\"Remove.AttachmentId\"").And.Contain("不能删除");
        // A remove posted anyway is refused with the rule.
        var refused = await PostPage(client, url, "remove-attachment", form => form.Add(new StringContent(photo.Id.ToString()), "Remove.AttachmentId"));
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).Should().Contain("会议结束超过 7 天，附件不能再删除");
        (await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}")).Attachments.Should().ContainSingle();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

/// <summary>The attachment tests' own app per provider: they count rows and files, which other tests' uploads would change.</summary>
public sealed class MeetingAttachmentApps : DedicatedApps;
