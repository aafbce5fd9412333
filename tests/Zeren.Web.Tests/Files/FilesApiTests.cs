using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Files;

public class FilesApiTests
{
    private static readonly byte[] PngHead = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Bytes(ReadOnlySpan<byte> head, int length = 4096)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes);
        return bytes;
    }

    private static MultipartFormDataContent Form(byte[] content, string fileName, string? contentType)
    {
        var file = new ByteArrayContent(content);
        if (contentType is not null)
        {
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] content, string fileName, string? contentType)
    {
        using var form = Form(content, fileName, contentType);
        return await client.PostAsync(new Uri("/api/v1/files", UriKind.Relative), form);
    }

    /// <summary>Rows and files on disk: what a refusal must leave as it found them.</summary>
    private static async Task<(int Rows, string[] Files)> Stored(ZerenFactory app)
    {
        await using var scope = app.Scope();
        var rows = await scope.Get<ZerenDbContext>().Set<StoredFile>().CountAsync();
        var folder = scope.Get<UploadFolder>().Path;
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order().ToArray() : [];
        return (rows, files);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_ThenDownload_GivesTheSameBytesAsAnAttachmentWithTheChineseName(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var content = Bytes(PngHead);

        var response = await Upload(client, content, "会议签到表 第1页.png", "image/png");

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var stored = await response.ReadAs<StoredFileInfo>();
        response.Headers.Location!.ToString().Should().Be($"/api/v1/files/{stored.Id}");
        stored.FileName.Should().Be("会议签到表 第1页.png");
        stored.ContentType.Should().Be("image/png");
        stored.Size.Should().Be(content.Length);
        stored.Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(content)));
        stored.CreatedBy.Should().NotBeEmpty();

        var download = await client.GetAsync(new Uri($"/api/v1/files/{stored.Id}", UriKind.Relative));

        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var disposition = download.Content.Headers.ContentDisposition!;
        disposition.DispositionType.Should().Be("attachment");
        disposition.FileNameStar.Should().Be("会议签到表 第1页.png");
        download.Content.Headers.GetValues("Content-Disposition").Single().Should()
            .Contain("filename*=UTF-8''" + Uri.EscapeDataString("会议签到表 第1页.png"));
        download.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(content);

        // The bytes live under uploads/yyyy/MM/{id}, in the data folder rather than the web root.
        await using var scope = app.Scope();
        var path = Path.Combine(scope.Get<UploadFolder>().Path, stored.CreatedAt.ToString("yyyy", CultureInfo.InvariantCulture), stored.CreatedAt.ToString("MM", CultureInfo.InvariantCulture), stored.Id.ToString("N"));
        File.ReadAllBytes(path).Should().Equal(content);
    }

    public static TheoryData<string, string, string, string?> Mismatches()
    {
        var data = new TheoryData<string, string, string, string?>();
        foreach (var provider in ((IEnumerable<object[]>)TestDatabases.Providers).Select(row => (string)row[0]))
        {
            data.Add(provider, "html", "照片.jpg", "image/jpeg");             // a web page named as a photo
            data.Add(provider, "png", "纪要.pdf", "application/pdf");         // a photo named as a PDF
            data.Add(provider, "png", "照片.png", "text/html");               // right name and bytes, but claimed as a web page
            data.Add(provider, "pdf", "名册.xlsx", FileSignature.XlsxContentType); // a PDF named as a workbook
            data.Add(provider, "zip", "脚本.exe", "application/octet-stream"); // an extension we do not take
            data.Add(provider, "png", "没有扩展名", null);
            data.Add(provider, "empty", "空.png", "image/png");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Mismatches))]
    public async Task Upload_WhenBytesDoNotMatchTheNameOrClaimedType_Is422AndStoresNothing(string provider, string bytes, string fileName, string? contentType)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var content = bytes switch
        {
            "html" => Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"),
            "png" => Bytes(PngHead),
            "pdf" => Bytes("%PDF-1.7\n"u8),
            "zip" => Bytes("PK\u0003\u0004"u8),
            _ => [],
        };
        var before = await Stored(app);

        var response = await Upload(client, content, fileName, contentType);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("upload_type");
        problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        problem.Errors.Should().ContainSingle().Which.Field.Should().Be("file");
        (await Stored(app)).Should().BeEquivalentTo(before);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_WhenLargerThanTheLimit_Is413AndStoresNothing(string provider)
    {
        var app = ZerenFactory.For(provider);
        var client = app.AdminClient();
        var before = await Stored(app);

        var response = await Upload(client, Bytes("%PDF-1.7\n"u8, (int)new UploadOptions().MaxBytes + 1), "大文件.pdf", "application/pdf");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be("upload_size");
        problem.Title.Should().Be("上传内容过大");
        problem.Detail.Should().Contain("20 MB");
        (await Stored(app)).Should().BeEquivalentTo(before);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_WithoutAFile_Is422(string provider)
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };

        var response = await ZerenFactory.For(provider).AdminClient().PostAsync(new Uri("/api/v1/files", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAs<Problem>()).Code.Should().Be("file_missing");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Download_OfAnUnknownFile_Is404ProblemDetails(string provider)
    {
        var response = await ZerenFactory.For(provider).AdminClient().GetAsync(new Uri($"/api/v1/files/{Guid.NewGuid()}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Content.Headers.ContentDisposition.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AFile_BelongsToTheUploadersOrganizationAndStaysInItsScope(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var (county, township, _) = await admin.CreateCounty();
        var other = await admin.CreateOrg(county.Id, "另一镇党委");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var uploader = app.ClientAs("files-t-" + suffix, [Zeren.Core.Security.Role.TownshipAdmin], township.Id);
        var neighbour = app.ClientAs("files-o-" + suffix, [Zeren.Core.Security.Role.TownshipAdmin], other.Id);
        var reader = app.ClientAs("files-r-" + suffix, [Zeren.Core.Security.Role.ReadOnly], township.Id);

        var response = await Upload(uploader, Bytes(PngHead), "照片.png", "image/png");

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var stored = await response.ReadAs<StoredFileInfo>();
        stored.OrgId.Should().Be(township.Id);
        stored.CreatedBy.Should().Be("files-t-" + suffix);
        var url = new Uri($"/api/v1/files/{stored.Id}", UriKind.Relative);
        (await uploader.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await reader.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK, "reading is enough to download in scope");
        (await neighbour.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound, "another township's file is not there for them");
        (await admin.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Upload(reader, Bytes(PngHead), "照片.png", "image/png")).StatusCode.Should().Be(HttpStatusCode.Forbidden,
            "uploading needs a permission to change something");
        using (var form = Form(Bytes(PngHead), "照片.png", "image/png"))
        {
            (await uploader.PostAsync(new Uri($"/api/v1/files?orgId={other.Id}", UriKind.Relative), form)).StatusCode
                .Should().Be(HttpStatusCode.NotFound, "an organization outside the scope cannot be given");
        }
        (await app.CreateClient().GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
