using System.Globalization;
using System.Text;
using System.Xml;
using Zeren.Core.Platform;

namespace Zeren.Core.Spreadsheets;

/// <summary>
/// Reads the first table of a worksheet: the first non-empty row is the header, every later non-empty row
/// is data. Each cell comes back as the text a person sees: shared and inline strings, numbers without
/// float noise, date-formatted numbers as yyyy-MM-dd, booleans as TRUE / FALSE. Every part is streamed through
/// an <see cref="XmlReader"/> within the <see cref="SpreadsheetLimits"/> (<see cref="XlsxPackage"/>): one row in
/// memory at a time, each text read in chunks up to its length limit, no part or package larger than its limit
/// once uncompressed.
/// </summary>
public static class XlsxReader
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0];

    /// <summary>
    /// Checks that an upload is an .xlsx within the limits and reads its table: the sheet named
    /// <paramref name="preferredSheet"/> when there is one, otherwise the first worksheet.
    /// Refusals are <see cref="DomainException"/>s with Chinese messages.
    /// </summary>
    public static async Task<SheetTable> ReadUploadAsync(Stream upload, SpreadsheetLimits limits, string? preferredSheet, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(limits);
        await using var buffered = await BufferAsync(upload, limits.MaxFileBytes, ct);
        return Read(buffered, limits, preferredSheet);
    }

    /// <summary>Reads a seekable .xlsx stream with the default limits and at most <paramref name="maxRows"/> data rows.</summary>
    public static SheetTable Read(Stream xlsx, int maxRows, string? preferredSheet = null) =>
        Read(xlsx, new SpreadsheetLimits { MaxRows = maxRows }, preferredSheet);

    /// <summary>Reads a seekable .xlsx stream; see <see cref="ReadUploadAsync"/>.</summary>
    public static SheetTable Read(Stream xlsx, SpreadsheetLimits limits, string? preferredSheet = null)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        ArgumentNullException.ThrowIfNull(limits);
        CheckSignature(xlsx);
        XlsxPackage package;
        try
        {
            package = XlsxPackage.Open(xlsx, limits);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            throw NotAWorkbook();
        }
        using (package)
        {
            try
            {
                return ReadTable(package, limits, preferredSheet);
            }
            catch (Exception e) when (IsUnreadable(e))
            {
                throw new DomainException("file_unreadable", "文件内容已损坏，无法读取。请在 Excel 中打开并另存为 .xlsx 后再导入。", "file");
            }
        }
    }

    private static async Task<Stream> BufferAsync(Stream upload, long maxBytes, CancellationToken ct)
    {
        if (upload.CanSeek)
        {
            if (upload.Length - upload.Position > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }
        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await upload.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                await buffer.DisposeAsync();
                throw TooLarge(maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private static DomainException TooLarge(long maxBytes) =>
        new("file_too_large", $"文件超过 {maxBytes / 1024.0 / 1024.0:0.#} MB 的上限，请分批导入。", "file");

    private static DomainException NotAWorkbook() =>
        new("not_xlsx", "文件不是 Excel 工作簿（.xlsx）。请使用下载的模板填写，并保存为 .xlsx 格式后再导入。", "file");

    private static void CheckSignature(Stream xlsx)
    {
        var start = xlsx.Position;
        Span<byte> head = stackalloc byte[4];
        var n = 0;
        while (n < head.Length)
        {
            var read = xlsx.Read(head[n..]);
            if (read == 0)
            {
                break;
            }
            n += read;
        }
        xlsx.Position = start;
        if (n == 0)
        {
            throw new DomainException("file_empty", "文件是空的。", "file");
        }
        if (n == head.Length && head.SequenceEqual(OleMagic))
        {
            throw new DomainException("xls_not_supported",
                "这是旧版 Excel（.xls）或加密的文件，无法导入。请在 Excel 中“另存为”Excel 工作簿（.xlsx），不要设置密码，再导入。", "file");
        }
        if (n < head.Length || !head.SequenceEqual(ZipMagic))
        {
            throw NotAWorkbook();
        }
    }

    private static bool IsUnreadable(Exception e) =>
        e is InvalidDataException or XmlException or IOException or InvalidOperationException or NotSupportedException
            or ArgumentException or FormatException or OverflowException;

    private static SheetTable ReadTable(XlsxPackage package, SpreadsheetLimits limits, string? preferredSheet)
    {
        var workbookName = XlsxPackage.Target(package.Relationships(""), "/officeDocument");
        if (workbookName is null || !package.Has(workbookName))
        {
            throw NotAWorkbook();
        }
        var links = package.Relationships(workbookName);
        var (sheets, date1904) = ReadWorkbook(package, workbookName);
        var worksheets = sheets
            .Select(s => (s.Name, Part: links.TryGetValue(s.RelationshipId, out var link) && link.Type.EndsWith("/worksheet", StringComparison.Ordinal)
                && package.Has(link.Target) ? link.Target : null))
            .Where(s => s.Part is not null)
            .ToList();
        if (worksheets.Count == 0)
        {
            throw new DomainException("no_worksheet", "工作簿中没有工作表。", "file");
        }
        var chosen = worksheets.FirstOrDefault(s => preferredSheet is not null && s.Name == preferredSheet);
        if (chosen.Part is null)
        {
            chosen = worksheets[0];
        }
        var strings = XlsxPackage.Target(links, "/sharedStrings") is { } sst && package.Has(sst) ? ReadSharedStrings(package, sst) : [];
        var dateStyles = XlsxPackage.Target(links, "/styles") is { } styles && package.Has(styles) ? DateStyles(package, styles) : [];
        var cells = new CellDecoder(package, strings, dateStyles, date1904);

        int? headerRow = null;
        var headers = new List<(int Column, string Header)>();
        var rows = new List<SheetRow>();
        Dictionary<int, int> slotOf = [];
        var lastRowNumber = 0;
        using var reader = package.Read(chosen.Part!);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }
            var number = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var ri) && ri > 0 ? ri : lastRowNumber + 1;
            lastRowNumber = number;
            var values = cells.DecodeRow(reader);
            if (values.Count == 0 || values.All(v => v.Text.Length == 0))
            {
                continue;
            }
            if (headerRow is null)
            {
                headerRow = number;
                foreach (var (column, text) in values)
                {
                    var header = NormalizeHeader(text);
                    if (header.Length > 0)
                    {
                        headers.Add((column, header));
                    }
                }
                var duplicate = headers.GroupBy(h => h.Header).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null)
                {
                    throw new ValidationFailedException($"表头“{duplicate.Key}”出现了不止一次。",
                        [new ValidationError(duplicate.Key, $"第 {number} 行表头“{duplicate.Key}”出现了不止一次。", number)]);
                }
                slotOf = headers.Select((h, i) => (h.Column, i)).ToDictionary(x => x.Column, x => x.i);
                continue;
            }
            var texts = new string[headers.Count];
            Array.Fill(texts, "");
            var any = false;
            foreach (var (column, text) in values)
            {
                if (text.Length > 0 && slotOf.TryGetValue(column, out var slot))
                {
                    texts[slot] = text;
                    any = true;
                }
            }
            if (!any)
            {
                continue;
            }
            if (rows.Count >= limits.MaxRows)
            {
                throw new DomainException("too_many_rows", $"数据超过 {limits.MaxRows} 行的上限，请分成几个文件导入。", "file");
            }
            rows.Add(new SheetRow(number, texts));
        }
        if (headerRow is null)
        {
            throw new DomainException("sheet_empty", $"工作表“{chosen.Name}”是空的：第一行应为表头。", "file");
        }
        return new SheetTable(chosen.Name, headerRow.Value, headers.Select(h => h.Header).ToList(), rows);
    }

    /// <summary>The workbook's sheets in order (name, relationship id) and whether its dates count from 1904.</summary>
    private static (List<(string Name, string RelationshipId)> Sheets, bool Date1904) ReadWorkbook(XlsxPackage package, string workbookName)
    {
        var sheets = new List<(string, string)>();
        var date1904 = false;
        using var reader = package.Read(workbookName);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            switch (reader.LocalName)
            {
                case "workbookPr":
                    date1904 = reader.GetAttribute("date1904") is "1" or "true";
                    break;
                case "sheet" when XlsxPackage.RelationshipId(reader) is { } id:
                    sheets.Add((reader.GetAttribute("name") ?? "", id));
                    break;
            }
        }
        return (sheets, date1904);
    }

    /// <summary>Headers are matched without spaces, line breaks and the * some templates use to mark required columns.</summary>
    public static string NormalizeHeader(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c is not ('*' or '＊' or '\u200B' or '\uFEFF'))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static List<string> ReadSharedStrings(XlsxPackage package, string partName)
    {
        var list = new List<string>();
        using var reader = package.Read(partName);
        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                list.Add(StringItem(package, reader, text));
            }
        }
        return list;
    }

    /// <summary>
    /// The text of a string item (<c>&lt;si&gt;</c> or <c>&lt;is&gt;</c>), the reader on its start: its plain text or its
    /// rich-text runs, without phonetic guides. Leaves the reader on the item's end.
    /// </summary>
    private static string StringItem(XlsxPackage package, XmlReader reader, StringBuilder text)
    {
        text.Clear();
        if (reader.IsEmptyElement)
        {
            return "";
        }
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            switch (reader.LocalName)
            {
                case "t":
                    package.AppendText(reader, text);
                    break;
                case "r":
                    break; // a run: its <t> comes next
                default:
                    XlsxPackage.SkipInside(reader); // rPh (phonetic guide), phoneticPr, rPr
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Indexes of cell formats (cellXfs) that show a number as a date.</summary>
    private static HashSet<int> DateStyles(XlsxPackage package, string partName)
    {
        var custom = new Dictionary<int, string>();
        var formats = new List<int>();
        using var reader = package.Read(partName);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            switch (reader.LocalName)
            {
                case "numFmt" when int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                    custom[id] = reader.GetAttribute("formatCode") ?? "";
                    break;
                case "cellXfs" when !reader.IsEmptyElement:
                    var depth = reader.Depth;
                    while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1 && reader.LocalName == "xf")
                        {
                            formats.Add(int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0);
                        }
                    }
                    break;
                case "cellStyleXfs" or "dxfs" or "fonts" or "fills" or "borders" or "extLst":
                    XlsxPackage.SkipInside(reader);
                    break;
            }
        }
        var result = new HashSet<int>();
        for (var i = 0; i < formats.Count; i++)
        {
            var id = formats[i];
            if (custom.TryGetValue(id, out var code) ? IsDateFormat(code) : IsBuiltInDateFormat(id))
            {
                result.Add(i);
            }
        }
        return result;
    }

    /// <summary>Built-in date formats, including those of the Chinese locale (27–36, 50–58).</summary>
    private static bool IsBuiltInDateFormat(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>A custom format is a date format when, outside quotes, brackets and escapes, it has y, m, d, h or s.</summary>
    internal static bool IsDateFormat(string code)
    {
        var inQuote = false;
        var inBracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (inQuote)
            {
                inQuote = c != '"';
                continue;
            }
            if (inBracket)
            {
                inBracket = c != ']';
                continue;
            }
            switch (c)
            {
                case '"':
                    inQuote = true;
                    break;
                case '[':
                    inBracket = true;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case ';':
                    // Only the first section (positive numbers) decides.
                    return false;
                default:
                    if (char.ToLowerInvariant(c) is 'y' or 'm' or 'd' or 'h' or 's')
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    private sealed class CellDecoder(XlsxPackage package, List<string> strings, HashSet<int> dateStyles, bool date1904)
    {
        private readonly StringBuilder text = new();

        /// <summary>The cells of the row the reader is on (column, text), leaving the reader on the row's end.</summary>
        public List<(int Column, string Text)> DecodeRow(XmlReader reader)
        {
            var result = new List<(int, string)>();
            if (reader.IsEmptyElement)
            {
                return result;
            }
            var depth = reader.Depth;
            var next = 0;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (reader.LocalName != "c")
                {
                    XlsxPackage.SkipInside(reader);
                    continue;
                }
                var column = reader.GetAttribute("r") is { } r ? CellReference.ColumnIndex(r) : next;
                if (column < 0)
                {
                    column = next;
                }
                next = column + 1;
                result.Add((column, Clean(Decode(reader))));
            }
            return result;
        }

        /// <summary>The text of the cell the reader is on: its value (v) or inline string (is) as its type (t) and style (s) say.</summary>
        private string Decode(XmlReader reader)
        {
            var type = reader.GetAttribute("t");
            var style = int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (int?)null;
            string? raw = null;
            string? inline = null;
            if (!reader.IsEmptyElement)
            {
                var depth = reader.Depth;
                while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }
                    switch (reader.LocalName)
                    {
                        case "v":
                            text.Clear();
                            package.AppendText(reader, text);
                            raw = text.ToString();
                            break;
                        case "is":
                            inline = StringItem(package, reader, text);
                            break;
                        default:
                            XlsxPackage.SkipInside(reader); // f (formula), extLst
                            break;
                    }
                }
            }
            return TextOf(type, style, raw ?? "", inline);
        }

        private string TextOf(string? type, int? style, string raw, string? inline)
        {
            switch (type)
            {
                case "inlineStr":
                    return inline ?? raw;
                case "s":
                    return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < strings.Count ? strings[i] : "";
                case "b":
                    return raw == "1" ? "TRUE" : raw.Length == 0 ? "" : "FALSE";
                case "d":
                    return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : raw;
                case null or "n":
                    if (raw.Length == 0 || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        return raw;
                    }
                    if (style is { } st && dateStyles.Contains(st) && number is >= 0 and < 2_958_466)
                    {
                        var day = date1904 ? new DateTime(1904, 1, 1).AddDays(Math.Floor(number)) : DateTime.FromOADate(Math.Floor(number));
                        return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    }
                    return FormatNumber(number);
                default:
                    return raw; // str (formula text), e (error such as #N/A)
            }
        }
    }

    /// <summary>Whole numbers without exponent while exact; otherwise 15 significant digits, as Excel shows them.</summary>
    internal static string FormatNumber(double number) =>
        Math.Abs(number) < 1e15 && number == Math.Floor(number)
            ? number.ToString("0", CultureInfo.InvariantCulture)
            : number.ToString("G15", CultureInfo.InvariantCulture);

    /// <summary>Trims ordinary, full-width and no-break spaces and the zero-width characters pasted from web pages.</summary>
    internal static string Clean(string text) => text.Trim().Trim('\u200B', '\uFEFF').Trim();
}

/// <summary>The table read from a sheet: its headers (normalized) and its non-empty data rows.</summary>
public sealed class SheetTable(string sheetName, int headerRowNumber, IReadOnlyList<string> headers, IReadOnlyList<SheetRow> rows)
{
    public string SheetName { get; } = sheetName;
    public int HeaderRowNumber { get; } = headerRowNumber;
    public IReadOnlyList<string> Headers { get; } = headers;
    public IReadOnlyList<SheetRow> Rows { get; } = rows;

    private readonly Dictionary<string, int> index = headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);

    /// <summary>Every expected header must be there (in any order; other columns are ignored).</summary>
    public void RequireHeaders(IEnumerable<string> expected)
    {
        var missing = expected.Where(h => !index.ContainsKey(XlsxReader.NormalizeHeader(h))).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var list = string.Join("、", missing);
        var found = Headers.Count == 0 ? "（无）" : string.Join("、", Headers);
        throw new ValidationFailedException(
            $"表头缺少：{list}。第 {HeaderRowNumber} 行应为表头，现有：{found}。请使用下载的模板。",
            [.. missing.Select(h => new ValidationError(h, $"第 {HeaderRowNumber} 行表头缺少“{h}”列。", HeaderRowNumber))]);
    }

    /// <summary>The text of a cell under a header, "" when empty or when the column is absent.</summary>
    public string Cell(SheetRow row, string header)
    {
        ArgumentNullException.ThrowIfNull(row);
        return index.TryGetValue(XlsxReader.NormalizeHeader(header), out var i) ? row.Values[i] : "";
    }

    public bool HasColumn(string header) => index.ContainsKey(XlsxReader.NormalizeHeader(header));
}

/// <summary>A data row: its number as the spreadsheet shows it and its cell texts in header order.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<string> Values);
