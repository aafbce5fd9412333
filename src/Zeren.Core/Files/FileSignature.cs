using Zeren.Core.Platform;

namespace Zeren.Core.Files;

/// <summary>The kinds of file the app accepts, each known by its first bytes (magic number).</summary>
public enum FileKind
{
    Jpeg,
    Png,
    Pdf,
    Xlsx,
}

/// <summary>
/// What a file really is, from its first bytes, and whether that agrees with its name and the type the client
/// claims. The name alone says nothing about the bytes: an .xlsx that is really a script or a web page is refused
/// before anything reads or keeps it.
/// </summary>
public static class FileSignature
{
    /// <summary>Enough of the head for every signature below.</summary>
    public const int HeadLength = 8;

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly IReadOnlyList<FileKind> All = [FileKind.Jpeg, FileKind.Png, FileKind.Pdf, FileKind.Xlsx];

    /// <summary>Types a client sends when it does not know better; they claim nothing.</summary>
    private static readonly string[] Unspecified = ["", "application/octet-stream", "binary/octet-stream"];

    public static string ContentType(FileKind kind) => kind switch
    {
        FileKind.Jpeg => "image/jpeg",
        FileKind.Png => "image/png",
        FileKind.Pdf => "application/pdf",
        FileKind.Xlsx => XlsxContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static IReadOnlyList<string> Extensions(FileKind kind) => kind switch
    {
        FileKind.Jpeg => [".jpg", ".jpeg"],
        FileKind.Png => [".png"],
        FileKind.Pdf => [".pdf"],
        FileKind.Xlsx => [".xlsx"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Content types a client may claim for the kind (browsers and operating systems differ).</summary>
    private static string[] Claims(FileKind kind) => kind switch
    {
        FileKind.Jpeg => ["image/jpeg", "image/jpg", "image/pjpeg"],
        FileKind.Png => ["image/png", "image/x-png"],
        FileKind.Pdf => ["application/pdf", "application/x-pdf"],
        FileKind.Xlsx => [XlsxContentType, "application/zip", "application/x-zip-compressed"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The first <see cref="HeadLength"/> bytes of a stream (fewer when it is shorter).</summary>
    public static async Task<byte[]> ReadHeadAsync(Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var head = new byte[HeadLength];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        return head[..read];
    }

    /// <summary>The kind the bytes are, or null. An .xlsx is a zip (PK\x03\x04); the name's extension tells it from other zips.</summary>
    public static FileKind? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return FileKind.Jpeg;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return FileKind.Png;
        }
        if (head.StartsWith("%PDF-"u8))
        {
            return FileKind.Pdf;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
        {
            return FileKind.Xlsx;
        }
        return null;
    }

    /// <summary>
    /// The kind of an upload when its extension names one of <paramref name="allowed"/>, its bytes are that kind and
    /// the claimed content type (if any) agrees; otherwise a refusal with code <c>upload_type</c>.
    /// </summary>
    public static FileKind Check(string? fileName, string? claimedContentType, ReadOnlySpan<byte> head, IReadOnlyCollection<FileKind> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var accepted = string.Join("、", allowed.SelectMany(Extensions));
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        var byName = allowed.Where(k => Extensions(k).Contains(extension)).Cast<FileKind?>().FirstOrDefault();
        if (byName is not { } kind)
        {
            throw Refused($"只接受 {accepted} 文件。");
        }
        if (head.IsEmpty)
        {
            throw Refused("文件是空的。");
        }
        if (Detect(head) != kind)
        {
            throw Refused(kind == FileKind.Xlsx
                ? "文件内容不是 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再上传。"
                : $"文件内容与扩展名 {extension} 不符。");
        }
        var claim = (claimedContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!Unspecified.Contains(claim) && !Claims(kind).Contains(claim))
        {
            throw Refused($"文件类型（{claim}）与扩展名 {extension} 不符。");
        }
        return kind;
    }

    private static DomainException Refused(string message) => new("upload_type", message, "file");
}
