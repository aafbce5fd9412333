using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Zeren.Core.Platform;

namespace Zeren.Core.Spreadsheets;

/// <summary>
/// The zip inside an .xlsx, opened under limits: how many parts it may have, how large each part and all of them
/// together may be once uncompressed, and how long any one text may be. Sizes are checked twice: the sizes the zip
/// declares before anything is read, and the bytes really coming out of each part while it is read (a zip's headers
/// can lie). Parts are read as streams through <see cref="XmlReader"/> (no document object model), with DTDs
/// refused, so a small file that expands to gigabytes is refused after reading at most the limits.
/// Relationships (<c>_rels/*.rels</c>) are resolved here, so the reader finds the workbook, its sheets, shared
/// strings and styles by the package's own links.
/// </summary>
internal sealed class XlsxPackage : IDisposable
{
    private const string RelationshipNamespaceSuffix = "relationships";

    private readonly ZipArchive zip;
    private readonly Dictionary<string, ZipArchiveEntry> entries;
    private readonly SpreadsheetLimits limits;

    /// <summary>What <see cref="AppendText"/> reads text through: one buffer for the whole file, which is read by one
    /// caller at a time (a buffer per cell was some 8 KB a cell, gigabytes over a 100 000-row roster).</summary>
    private readonly char[] chunk = new char[4096];
    private long readSoFar;

    private XlsxPackage(ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, SpreadsheetLimits limits)
    {
        this.zip = zip;
        this.entries = entries;
        this.limits = limits;
    }

    /// <summary>
    /// Opens the zip in <paramref name="xlsx"/> (seekable, positioned at its start) after checking its directory:
    /// the number of parts from the end record before the directory is read at all, then every part's declared size.
    /// </summary>
    public static XlsxPackage Open(Stream xlsx, SpreadsheetLimits limits)
    {
        CheckEntryCount(xlsx, limits.MaxParts);
        var zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            if (zip.Entries.Count > limits.MaxParts)
            {
                throw TooManyParts(limits.MaxParts);
            }
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > limits.MaxPartBytes)
                {
                    throw PartTooLarge(limits);
                }
                declared += entry.Length;
                if (declared > limits.MaxPackageBytes)
                {
                    throw PackageTooLarge(limits);
                }
                entries.TryAdd(entry.FullName.TrimStart('/'), entry);
            }
            return new XlsxPackage(zip, entries, limits);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public void Dispose() => zip.Dispose();

    public bool Has(string partName) => entries.ContainsKey(partName);

    /// <summary>
    /// A streaming XML reader over a part, counting the bytes that really come out of it against the part's and the
    /// package's limits. DTDs are refused (no entity expansion), and the characters of the whole part are capped too.
    /// </summary>
    public XmlReader Read(string partName)
    {
        if (!entries.TryGetValue(partName, out var entry))
        {
            throw new InvalidDataException($"Part {partName} is missing.");
        }
        var stream = new CappedStream(entry.Open(), this);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxPartBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        return XmlReader.Create(stream, settings);
    }

    /// <summary>
    /// The relationships of a part (<c>dir/_rels/name.rels</c>): id → (type, target part name). External targets are left out.
    /// An empty string for <paramref name="partName"/> means the package itself (<c>_rels/.rels</c>).
    /// </summary>
    public Dictionary<string, (string Type, string Target)> Relationships(string partName)
    {
        var slash = partName.LastIndexOf('/');
        var folder = slash < 0 ? "" : partName[..(slash + 1)];
        var relsName = $"{folder}_rels/{partName[(slash + 1)..]}.rels";
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (!Has(relsName))
        {
            return result;
        }
        using var reader = Read(relsName);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship")
            {
                continue;
            }
            var id = reader.GetAttribute("Id");
            var type = reader.GetAttribute("Type");
            var target = reader.GetAttribute("Target");
            if (id is null || type is null || target is null || string.Equals(reader.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            result.TryAdd(id, (type, Resolve(folder, target)));
        }
        return result;
    }

    /// <summary>The first relationship of a part whose type ends with <paramref name="typeSuffix"/> (e.g. <c>/styles</c>).</summary>
    public static string? Target(Dictionary<string, (string Type, string Target)> relationships, string typeSuffix) =>
        relationships.Values.Where(r => r.Type.EndsWith(typeSuffix, StringComparison.Ordinal)).Select(r => r.Target).FirstOrDefault();

    /// <summary>The relationship id attribute of an element (<c>r:id</c>), in the transitional or the strict namespace.</summary>
    public static string? RelationshipId(XmlReader reader)
    {
        if (!reader.MoveToFirstAttribute())
        {
            return null;
        }
        try
        {
            do
            {
                if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith(RelationshipNamespaceSuffix, StringComparison.Ordinal))
                {
                    return reader.Value;
                }
            }
            while (reader.MoveToNextAttribute());
            return null;
        }
        finally
        {
            reader.MoveToElement();
        }
    }

    /// <summary>
    /// Reads the text inside the current element (<c>&lt;t&gt;</c>, <c>&lt;v&gt;</c>) in chunks onto <paramref name="text"/>,
    /// refusing once the whole would pass <see cref="SpreadsheetLimits.MaxStringLength"/>. Leaves the reader on the element's end.
    /// </summary>
    public void AppendText(XmlReader reader, StringBuilder text)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }
        var depth = reader.Depth;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                return;
            }
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                int read;
                while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    if (text.Length + read > limits.MaxStringLength)
                    {
                        throw StringTooLong(limits);
                    }
                    text.Append(chunk, 0, read);
                }
            }
        }
    }

    /// <summary>Moves past the current element and everything inside it, leaving the reader on its end (or on it, when empty).</summary>
    public static void SkipInside(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
        }
    }

    /// <summary>A relationship target made a part name: relative to the source part's folder unless it starts with '/'.</summary>
    internal static string Resolve(string folder, string target)
    {
        target = Uri.UnescapeDataString(target.Replace('\\', '/'));
        var path = target.StartsWith('/') ? target[1..] : folder + target;
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                    break;
                default:
                    parts.Add(segment);
                    break;
            }
        }
        return string.Join('/', parts);
    }

    /// <summary>
    /// The number of entries, from the zip's end record (or its ZIP64 end record), before <see cref="ZipArchive"/> builds
    /// an object for every entry: a 10 MB zip can list a couple of hundred thousand empty ones.
    /// </summary>
    private static void CheckEntryCount(Stream xlsx, int maxParts)
    {
        var start = xlsx.Position;
        try
        {
            var tailLength = (int)Math.Min(xlsx.Length - start, 22 + ushort.MaxValue + 20);
            var tail = new byte[tailLength];
            xlsx.Position = xlsx.Length - tailLength;
            xlsx.ReadExactly(tail);
            for (var i = tailLength - 22; i >= 0; i--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != 0x06054B50)
                {
                    continue;
                }
                long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
                if (count == ushort.MaxValue && i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i - 20)) == 0x07064B50)
                {
                    // ZIP64: the locator before the end record points at the ZIP64 end record, which holds the real count.
                    var record = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(i - 20 + 8));
                    if (record < 0 || record > xlsx.Length - 56)
                    {
                        throw new InvalidDataException("Bad ZIP64 end record.");
                    }
                    var zip64 = new byte[56];
                    xlsx.Position = record;
                    xlsx.ReadExactly(zip64);
                    count = BinaryPrimitives.ReadUInt32LittleEndian(zip64) == 0x06064B50
                        ? (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(32)), long.MaxValue)
                        : long.MaxValue;
                }
                if (count > maxParts)
                {
                    throw TooManyParts(maxParts);
                }
                return;
            }
            throw new InvalidDataException("No end of central directory.");
        }
        finally
        {
            xlsx.Position = start;
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.#} MB";

    internal static TooLargeException PartTooLarge(SpreadsheetLimits limits) =>
        new($"文件解压后过大：其中一部分超过 {Megabytes(limits.MaxPartBytes)} 的上限（一个几百 KB 的文件可以解压出几 GB 的内容）。" +
            "请在 Excel 中打开并另存为 .xlsx，或分成几个文件导入。", "xlsx_expands_too_large");

    internal static TooLargeException PackageTooLarge(SpreadsheetLimits limits) =>
        new($"文件解压后合计超过 {Megabytes(limits.MaxPackageBytes)} 的上限，无法导入。请在 Excel 中打开并另存为 .xlsx，或分成几个文件导入。",
            "xlsx_expands_too_large");

    private static DomainException TooManyParts(int maxParts) =>
        new("xlsx_too_many_parts", $"文件包含的部件超过 {maxParts} 个，不是正常的 Excel 工作簿。请在 Excel 中打开并另存为 .xlsx 后再导入。", "file");

    internal static DomainException StringTooLong(SpreadsheetLimits limits) =>
        new("cell_too_long", $"文件中有单元格的内容超过 {limits.MaxStringLength} 个字符的上限（Excel 单元格最多容纳 32767 个字符），无法导入。", "file");

    /// <summary>A part's decompressed bytes, counted as they come out: no more than the part's or the package's limit is ever read.</summary>
    private sealed class CappedStream(Stream inner, XlsxPackage package) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            read += n;
            package.readSoFar += n;
            if (read > package.limits.MaxPartBytes)
            {
                throw PartTooLarge(package.limits);
            }
            if (package.readSoFar > package.limits.MaxPackageBytes)
            {
                throw PackageTooLarge(package.limits);
            }
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
