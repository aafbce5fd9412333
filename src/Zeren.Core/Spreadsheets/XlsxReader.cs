using System.Globalization;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Zeren.Core.Platform;

namespace Zeren.Core.Spreadsheets;

/// <summary>
/// Reads the first table of a worksheet: the first non-empty row is the header, every later non-empty row
/// is data. Each cell comes back as the text a person sees: shared and inline strings, numbers without
/// float noise, date-formatted numbers as yyyy-MM-dd, booleans as TRUE / FALSE. The sheet is streamed
/// (OpenXml SAX reader), one row in memory at a time.
/// </summary>
public static class XlsxReader
{
    /// <summary>A part may expand to at most this many characters: a small zip can hold a huge sheet.</summary>
    private const long MaxCharactersInPart = 400_000_000;

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
        return Read(buffered, limits.MaxRows, preferredSheet);
    }

    /// <summary>Reads a seekable .xlsx stream; see <see cref="ReadUploadAsync"/>.</summary>
    public static SheetTable Read(Stream xlsx, int maxRows, string? preferredSheet = null)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        CheckSignature(xlsx);
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(xlsx, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            throw NotAWorkbook();
        }
        using (document)
        {
            try
            {
                return ReadTable(document, maxRows, preferredSheet);
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
        e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or IOException
            or InvalidOperationException or NotSupportedException or ArgumentException or FormatException or OverflowException;

    private static SheetTable ReadTable(SpreadsheetDocument document, int maxRows, string? preferredSheet)
    {
        var workbookPart = document.WorkbookPart ?? throw NotAWorkbook();
        var sheetEntries = workbookPart.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
        var worksheets = sheetEntries
            .Select(s => (Name: s.Name?.Value ?? "", Part: s.Id?.Value is { } id && workbookPart.TryGetPartById(id, out var p) ? p as WorksheetPart : null))
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
        var strings = ReadSharedStrings(workbookPart.SharedStringTablePart);
        var dateStyles = DateStyles(workbookPart.WorkbookStylesPart?.Stylesheet);
        var date1904 = workbookPart.Workbook?.WorkbookProperties?.Date1904?.Value ?? false;
        var cells = new CellDecoder(strings, dateStyles, date1904);

        int? headerRow = null;
        var headers = new List<(int Column, string Header)>();
        var rows = new List<SheetRow>();
        Dictionary<int, int> slotOf = [];
        var lastRowNumber = 0;
        using var reader = OpenXmlReader.Create(chosen.Part!);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }
            var row = (Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } ri ? (int)ri : lastRowNumber + 1;
            lastRowNumber = number;
            var values = cells.Decode(row);
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
            if (rows.Count >= maxRows)
            {
                throw new DomainException("too_many_rows", $"数据超过 {maxRows} 行的上限，请分成几个文件导入。", "file");
            }
            rows.Add(new SheetRow(number, texts));
        }
        if (headerRow is null)
        {
            throw new DomainException("sheet_empty", $"工作表“{chosen.Name}”是空的：第一行应为表头。", "file");
        }
        return new SheetTable(chosen.Name, headerRow.Value, headers.Select(h => h.Header).ToList(), rows);
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

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var list = new List<string>();
        if (part is null)
        {
            return list;
        }
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                list.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }
        return list;
    }

    /// <summary>The text of a string item: its plain text or its rich-text runs, without phonetic guides.</summary>
    private static string TextOf(OpenXmlElement item)
    {
        var sb = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    sb.Append(t.Text);
                    break;
                case Run r:
                    foreach (var t in r.Elements<Text>())
                    {
                        sb.Append(t.Text);
                    }
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Indexes of cell formats (cellXfs) that show a number as a date.</summary>
    private static HashSet<int> DateStyles(Stylesheet? stylesheet)
    {
        var result = new HashSet<int>();
        if (stylesheet?.CellFormats is null)
        {
            return result;
        }
        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId is not null)
            .ToDictionary(f => (int)f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        var i = 0;
        foreach (var xf in stylesheet.CellFormats.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>())
        {
            var id = (int)(xf.NumberFormatId?.Value ?? 0);
            if (custom.TryGetValue(id, out var code) ? IsDateFormat(code) : IsBuiltInDateFormat(id))
            {
                result.Add(i);
            }
            i++;
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

    private sealed class CellDecoder(List<string> strings, HashSet<int> dateStyles, bool date1904)
    {
        public List<(int Column, string Text)> Decode(Row row)
        {
            var result = new List<(int, string)>();
            var next = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } r ? CellReference.ColumnIndex(r) : next;
                if (column < 0)
                {
                    column = next;
                }
                next = column + 1;
                result.Add((column, Clean(TextOf(cell))));
            }
            return result;
        }

        private string TextOf(Cell cell)
        {
            var type = cell.DataType?.Value;
            if (type == CellValues.InlineString)
            {
                return cell.InlineString is { } inline ? XlsxReader.TextOf(inline) : cell.CellValue?.Text ?? "";
            }
            var raw = cell.CellValue?.Text ?? "";
            if (type == CellValues.SharedString)
            {
                return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < strings.Count ? strings[i] : "";
            }
            if (type == CellValues.Boolean)
            {
                return raw == "1" ? "TRUE" : raw.Length == 0 ? "" : "FALSE";
            }
            if (type == CellValues.Date)
            {
                return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : raw;
            }
            if (type is null || type == CellValues.Number)
            {
                if (raw.Length == 0 || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return raw;
                }
                if (cell.StyleIndex?.Value is { } style && dateStyles.Contains((int)style) && number is >= 0 and < 2_958_466)
                {
                    var day = date1904 ? new DateTime(1904, 1, 1).AddDays(Math.Floor(number)) : DateTime.FromOADate(Math.Floor(number));
                    return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }
                return FormatNumber(number);
            }
            return raw; // str (formula text), e (error such as #N/A)
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
