using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Zeren.Core.Spreadsheets;

/// <summary>
/// Writes an .xlsx workbook sheet by sheet, row by row (the OpenXml SDK's streaming writer, so a long list
/// never exists as a document tree). Each sheet gets a bold header row, a frozen pane under it, an auto filter
/// and set column widths. Strings go to the shared-string table; dates are real Excel dates (yyyy-mm-dd).
/// </summary>
/// <remarks>
/// Cell values: <c>null</c> or "" leaves the cell empty; <see cref="string"/> is text; integers, decimals and
/// doubles are numbers (text in a <see cref="ColumnFormat.Text"/> column); <see cref="DateOnly"/> is a date;
/// <see cref="bool"/> is 是 / 否.
/// </remarks>
public sealed class XlsxWriter : IDisposable
{
    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private const uint TextStyle = 3;
    private const uint WrapStyle = 4;
    private const int MaxCellText = 32_767;

    private readonly SpreadsheetDocument document;
    private readonly WorkbookPart workbookPart;
    private readonly Dictionary<string, int> stringIndex = new(StringComparer.Ordinal);
    private readonly List<string> strings = [];
    private readonly List<FinishedSheet> sheets = [];
    private int stringReferences;
    private SheetWriter? current;
    private bool finished;

    public XlsxWriter(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        workbookPart = document.AddWorkbookPart();
    }

    /// <summary>
    /// Starts a sheet and writes its header row. The previous sheet is closed. <paramref name="dropDownRows"/>
    /// rows under the header get a drop-down for columns with <see cref="SheetColumn.Choices"/> (for templates).
    /// </summary>
    public SheetWriter AddSheet(string name, IReadOnlyList<SheetColumn> columns, int dropDownRows = 0)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        ArgumentNullException.ThrowIfNull(columns);
        current?.Close();
        var part = workbookPart.AddNewPart<WorksheetPart>();
        current = new SheetWriter(this, name, part, columns, dropDownRows, sheets.Count == 0);
        return current;
    }

    /// <summary>Writes the workbook, styles and shared strings. Called by <see cref="Dispose"/> if not before.</summary>
    public void Finish()
    {
        if (finished)
        {
            return;
        }
        current?.Close();
        current = null;
        if (sheets.Count == 0)
        {
            AddSheet("Sheet1", [new SheetColumn("")]).Close();
        }
        WriteStyles();
        WriteSharedStrings();
        var definedNames = new DefinedNames();
        for (var i = 0; i < sheets.Count; i++)
        {
            var s = sheets[i];
            if (s.ColumnCount > 0)
            {
                // Excel keeps the auto filter's range in this hidden name; without it some versions drop the filter.
                definedNames.Append(new DefinedName($"'{s.Name.Replace("'", "''", StringComparison.Ordinal)}'!$A$1:${CellReference.ColumnName(s.ColumnCount - 1)}${s.LastRow}")
                {
                    Name = "_xlnm._FilterDatabase",
                    LocalSheetId = (uint)i,
                    Hidden = true,
                });
            }
        }
        var workbook = new Workbook(
            new Sheets(sheets.Select((s, i) => new Sheet { Name = s.Name, SheetId = (uint)(i + 1), Id = workbookPart.GetIdOfPart(s.Part) })));
        if (definedNames.HasChildren)
        {
            workbook.Append(definedNames);
        }
        workbookPart.Workbook = workbook;
        workbookPart.Workbook.Save();
        finished = true;
        document.Dispose();
    }

    public void Dispose()
    {
        if (!finished)
        {
            Finish();
        }
    }

    internal void Register(FinishedSheet sheet) => sheets.Add(sheet);

    internal int SharedString(string text)
    {
        stringReferences++;
        if (!stringIndex.TryGetValue(text, out var index))
        {
            index = strings.Count;
            strings.Add(text);
            stringIndex.Add(text, index);
        }
        return index;
    }

    private void WriteSharedStrings()
    {
        var part = workbookPart.AddNewPart<SharedStringTablePart>();
        using var w = OpenXmlWriter.Create(part);
        w.WriteStartElement(new SharedStringTable { Count = (uint)stringReferences, UniqueCount = (uint)strings.Count });
        foreach (var s in strings)
        {
            var text = new Text(s);
            if (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])))
            {
                text.Space = SpaceProcessingModeValues.Preserve;
            }
            w.WriteElement(new SharedStringItem(text));
        }
        w.WriteEndElement();
        w.Close();
    }

    private void WriteStyles()
    {
        var part = workbookPart.AddNewPart<WorkbookStylesPart>();
        part.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }, new FontFamilyNumbering { Val = 2 }, new FontCharSet { Val = 134 }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" }, new FontFamilyNumbering { Val = 2 }, new FontCharSet { Val = 134 }))
            { Count = 2 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(),
                    new BottomBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
            { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center, WrapText = true })
                {
                    NumberFormatId = 49, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0,
                    ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true, ApplyNumberFormat = true,
                },
                new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true })
                {
                    NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true,
                })
            { Count = 5 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        part.Stylesheet.Save();
    }

    internal static uint StyleOf(ColumnFormat format) => format switch
    {
        ColumnFormat.Date => DateStyle,
        ColumnFormat.Text => TextStyle,
        ColumnFormat.Wrapped => WrapStyle,
        _ => 0,
    };

    internal const uint HeaderStyleIndex = HeaderStyle;

    /// <summary>Width in Excel character units: a Chinese character is about two.</summary>
    internal static double DisplayWidth(string text)
    {
        double width = 0;
        foreach (var c in text)
        {
            width += c > 0x2E7F ? 2.1 : 1.1;
        }
        return width;
    }

    /// <summary>XML cannot carry most control characters; a pasted value sometimes does.</summary>
    internal static string Clean(string text)
    {
        if (text.Length > MaxCellText)
        {
            text = text[..MaxCellText];
        }
        var clean = true;
        foreach (var c in text)
        {
            if ((c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' || char.IsSurrogate(c))
            {
                clean = false;
                break;
            }
        }
        if (clean)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (!((c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' || char.IsSurrogate(c)))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    internal sealed record FinishedSheet(string Name, WorksheetPart Part, int ColumnCount, int LastRow);
}

/// <summary>One sheet being written: add rows in order, then start the next sheet or finish the workbook.</summary>
public sealed class SheetWriter
{
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    private readonly XlsxWriter owner;
    private readonly string name;
    private readonly WorksheetPart part;
    private readonly IReadOnlyList<SheetColumn> columns;
    private readonly int dropDownRows;
    private readonly string[] columnNames;
    private readonly OpenXmlWriter writer;
    private int rowNumber;
    private bool closed;

    internal SheetWriter(XlsxWriter owner, string name, WorksheetPart part, IReadOnlyList<SheetColumn> columns, int dropDownRows, bool selected)
    {
        this.owner = owner;
        this.name = SafeSheetName(name);
        this.part = part;
        this.columns = columns;
        this.dropDownRows = dropDownRows;
        columnNames = [.. Enumerable.Range(0, columns.Count).Select(CellReference.ColumnName)];
        writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { TabSelected = selected, WorkbookViewId = 0U }));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15D });
        if (columns.Count > 0)
        {
            var cols = new Columns();
            for (var i = 0; i < columns.Count; i++)
            {
                var c = columns[i];
                var width = c.Width > 0 ? c.Width : Math.Clamp(XlsxWriter.DisplayWidth(c.Header) + 3, 8, 60);
                var col = new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = width, CustomWidth = true };
                if (c.Format is ColumnFormat.Text or ColumnFormat.Date)
                {
                    // A column style: what a person types into an empty cell of a template keeps this format too.
                    col.Style = XlsxWriter.StyleOf(c.Format);
                }
                cols.Append(col);
            }
            writer.WriteElement(cols);
        }
        writer.WriteStartElement(new SheetData());
        rowNumber = 1;
        writer.WriteStartElement(new Row { RowIndex = 1U, Height = 20D, CustomHeight = true });
        for (var i = 0; i < columns.Count; i++)
        {
            WriteText(i, columns[i].Header, XlsxWriter.HeaderStyleIndex);
        }
        writer.WriteEndElement();
    }

    public int RowCount => rowNumber - 1;

    public void AddRow(params object?[] values) => AddRow((IReadOnlyList<object?>)values);

    public void AddRow(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(closed, this);
        rowNumber++;
        writer.WriteStartElement(new Row { RowIndex = (uint)rowNumber });
        for (var i = 0; i < values.Count && i < columns.Count; i++)
        {
            var format = columns[i].Format;
            switch (values[i])
            {
                case null:
                    break;
                case string s:
                    if (s.Length > 0)
                    {
                        WriteText(i, s, XlsxWriter.StyleOf(format));
                    }
                    break;
                case DateOnly d:
                    if (format == ColumnFormat.Text)
                    {
                        WriteText(i, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), XlsxWriter.StyleOf(format));
                    }
                    else
                    {
                        WriteNumber(i, d.DayNumber - ExcelEpoch.DayNumber, format == ColumnFormat.General ? XlsxWriter.StyleOf(ColumnFormat.Date) : XlsxWriter.StyleOf(format));
                    }
                    break;
                case bool b:
                    WriteText(i, b ? "是" : "否", XlsxWriter.StyleOf(format));
                    break;
                case int or long or short or uint or ulong or decimal or double or float:
                    var text = Convert.ToString(values[i], CultureInfo.InvariantCulture)!;
                    if (format == ColumnFormat.Text)
                    {
                        WriteText(i, text, XlsxWriter.StyleOf(format));
                    }
                    else
                    {
                        WriteNumberText(i, text, XlsxWriter.StyleOf(format));
                    }
                    break;
                default:
                    WriteText(i, Convert.ToString(values[i], CultureInfo.InvariantCulture) ?? "", XlsxWriter.StyleOf(format));
                    break;
            }
        }
        writer.WriteEndElement();
    }

    internal void Close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        writer.WriteEndElement(); // sheetData
        if (columns.Count > 0)
        {
            writer.WriteElement(new AutoFilter { Reference = $"A1:{columnNames[^1]}{rowNumber}" });
        }
        WriteDropDowns();
        writer.WriteElement(new PageMargins { Left = 0.7D, Right = 0.7D, Top = 0.75D, Bottom = 0.75D, Header = 0.3D, Footer = 0.3D });
        writer.WriteEndElement(); // worksheet
        writer.Close();
        owner.Register(new XlsxWriter.FinishedSheet(name, part, columns.Count, rowNumber));
    }

    private void WriteDropDowns()
    {
        if (dropDownRows <= 0)
        {
            return;
        }
        var validations = new DataValidations();
        for (var i = 0; i < columns.Count; i++)
        {
            var choices = columns[i].Choices;
            var list = choices is null ? "" : string.Join(',', choices);
            // A literal list may hold at most 255 characters; longer lists stay on the 说明 sheet only.
            if (choices is null || choices.Count == 0 || list.Length > 255)
            {
                continue;
            }
            validations.Append(new DataValidation(new Formula1($"\"{list}\""))
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowErrorMessage = true,
                ErrorStyle = DataValidationErrorStyleValues.Warning,
                ErrorTitle = columns[i].Header,
                Error = Truncate($"请从下拉列表中选择：{string.Join('、', choices)}", 225),
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{columnNames[i]}2:{columnNames[i]}{dropDownRows + 1}" },
            });
        }
        if (validations.HasChildren)
        {
            validations.Count = (uint)validations.ChildElements.Count;
            writer.WriteElement(validations);
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private void WriteText(int column, string text, uint style)
    {
        var cell = new Cell
        {
            CellReference = columnNames[column] + rowNumber.ToString(CultureInfo.InvariantCulture),
            DataType = CellValues.SharedString,
            CellValue = new CellValue(owner.SharedString(XlsxWriter.Clean(text)).ToString(CultureInfo.InvariantCulture)),
        };
        if (style != 0)
        {
            cell.StyleIndex = style;
        }
        writer.WriteElement(cell);
    }

    private void WriteNumber(int column, long value, uint style) =>
        WriteNumberText(column, value.ToString(CultureInfo.InvariantCulture), style);

    private void WriteNumberText(int column, string value, uint style)
    {
        var cell = new Cell
        {
            CellReference = columnNames[column] + rowNumber.ToString(CultureInfo.InvariantCulture),
            CellValue = new CellValue(value),
        };
        if (style != 0)
        {
            cell.StyleIndex = style;
        }
        writer.WriteElement(cell);
    }

    /// <summary>Sheet names: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SafeSheetName(string name)
    {
        var chars = (name ?? "").Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray();
        var safe = new string(chars).Trim('\'');
        if (safe.Length == 0)
        {
            safe = "Sheet";
        }
        return safe.Length > 31 ? safe[..31] : safe;
    }
}
