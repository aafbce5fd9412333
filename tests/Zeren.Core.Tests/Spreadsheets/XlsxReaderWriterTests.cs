using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using FluentAssertions;
using Xunit;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Tests.Spreadsheets;

public sealed class XlsxReaderWriterTests
{
    [Fact]
    public void WriteThenRead_ReturnsEachCellAsTextUnderItsHeader()
    {
        using var file = TestFiles.Build("表", ["名称", "数量", "日期", "是否", "备注"],
            ["甲", 12, new DateOnly(2021, 7, 1), true, null],
            [" 乙 ", 3.5m, null, false, "有  空格"]);

        var table = TestFiles.Read(file);

        table.SheetName.Should().Be("表");
        table.Headers.Should().Equal("名称", "数量", "日期", "是否", "备注");
        table.Rows.Should().HaveCount(2);
        var first = table.Rows[0];
        first.Number.Should().Be(2);
        table.Cell(first, "名称").Should().Be("甲");
        table.Cell(first, "数量").Should().Be("12");
        table.Cell(first, "日期").Should().Be("2021-07-01");
        table.Cell(first, "是否").Should().Be("是");
        table.Cell(first, "备注").Should().BeEmpty();
        var second = table.Rows[1];
        table.Cell(second, "名称").Should().Be("乙", "cell texts are trimmed");
        table.Cell(second, "数量").Should().Be("3.5");
        table.Cell(second, "日期").Should().BeEmpty();
        table.Cell(second, "备注").Should().Be("有  空格");
        table.Cell(second, "没有这一列").Should().BeEmpty();
    }

    [Fact]
    public void Writer_ProducesAWorkbookThatPassesOpenXmlValidation()
    {
        using var file = TestFiles.Build("人员名册", ["姓名", "身份证号码", "出生日期"], ["张三", "330824198001010011", new DateOnly(1980, 1, 1)]);
        using var template = new MemoryStream();
        TemplateBook.Write(template, "组织", [new SheetColumn("组织类别") { Choices = ["党委", "党支部"], Required = true, Note = "说明" }], ["规则一"], 100);

        foreach (var stream in new[] { file, template })
        {
            stream.Position = 0;
            using var doc = SpreadsheetDocument.Open(stream, false);
            var errors = new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            errors.Should().BeEmpty();
        }
    }

    [Fact]
    public void Writer_MakesABoldFrozenHeaderWithWidthsAndRealDates()
    {
        using var file = TestFiles.Build("表", ["出生日期"], [new DateOnly(2000, 2, 29)]);

        using var doc = SpreadsheetDocument.Open(file, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var pane = sheet.Descendants<Pane>().Single();
        pane.State!.Value.Should().Be(PaneStateValues.Frozen);
        pane.VerticalSplit!.Value.Should().Be(1);
        sheet.Descendants<Column>().Single().Width!.Value.Should().BeGreaterThan(8);
        var cells = sheet.Descendants<Cell>().ToList();
        var headerStyle = doc.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cells[0].StyleIndex!.Value);
        doc.WorkbookPart.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)headerStyle.FontId!.Value).Bold.Should().NotBeNull();
        cells[1].DataType.Should().BeNull("a date is a number with a date format");
        cells[1].CellValue!.Text.Should().Be("36585");
    }

    [Fact]
    public void Read_FindsColumnsBeyondZ()
    {
        var headers = Enumerable.Range(1, 30).Select(i => $"列{i}").ToList();
        using var file = TestFiles.Build("表", headers, [.. Enumerable.Range(1, 30).Select(i => (object?)$"值{i}")]);

        var table = TestFiles.Read(file);

        table.Cell(table.Rows[0], "列27").Should().Be("值27");
        table.Cell(table.Rows[0], "列30").Should().Be("值30");
        CellReference.ColumnName(29).Should().Be("AD");
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    [InlineData(16383, "XFD")]
    public void ColumnNames_RoundTrip(int index, string name)
    {
        CellReference.ColumnName(index).Should().Be(name);
        CellReference.ColumnIndex(name + "12").Should().Be(index);
    }

    [Fact]
    public void Read_HandlesInlineStringsRichTextNumbersDatesBooleansAndCellsWithoutReferences()
    {
        using var file = HandMadeWorkbook();

        var table = TestFiles.Read(file);

        table.HeaderRowNumber.Should().Be(3, "blank rows above the header are skipped");
        table.Headers.Should().Equal("名称", "数量", "日期", "标志", "组织编码", "远列");
        table.Rows.Select(r => r.Number).Should().Equal(4, 6);
        var row = table.Rows[0];
        table.Cell(row, "名称").Should().Be("内联文字");
        table.Cell(row, "数量").Should().Be("0.3", "float noise is rounded as Excel shows it");
        table.Cell(row, "日期").Should().Be("2021-07-01");
        table.Cell(row, "标志").Should().Be("TRUE");
        table.Cell(row, "组织编码").Should().Be("富文本", "rich-text runs are joined, phonetic guides left out");
        table.Cell(row, "远列").Should().Be("AB 列");
        var second = table.Rows[1];
        table.Cell(second, "名称").Should().Be("无引用");
        table.Cell(second, "数量").Should().Be("13812345678", "a long whole number keeps all its digits");
        table.Cell(second, "日期").Should().Be("2020-02-29", "a custom yyyy\"年\"m\"月\"d\"日\" format is a date");
        table.Cell(second, "标志").Should().BeEmpty();
    }

    [Fact]
    public void Read_WhenFileIsTextRenamedToXlsx_IsRefusedInChinese()
    {
        using var file = TestFiles.Bytes(Encoding.UTF8.GetBytes("姓名,性别\n张三,男\n"));

        var act = () => XlsxReader.Read(file, 100);

        act.Should().Throw<DomainException>().Where(e => e.Code == "not_xlsx" && e.Message.Contains(".xlsx"));
    }

    [Fact]
    public void Read_WhenFileIsAZipButNotAWorkbook_IsRefused()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("readme.txt").Open());
            writer.Write("不是工作簿");
        }
        zip.Position = 0;

        var act = () => XlsxReader.Read(zip, 100);

        act.Should().Throw<DomainException>().Where(e => e.Code == "not_xlsx");
    }

    [Fact]
    public void Read_WhenFileIsOldXls_AsksToSaveAsXlsx()
    {
        using var file = TestFiles.Bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);

        var act = () => XlsxReader.Read(file, 100);

        act.Should().Throw<DomainException>().Where(e => e.Code == "xls_not_supported" && e.Message.Contains("另存为"));
    }

    [Fact]
    public void Read_WhenFileIsEmpty_IsRefused()
    {
        using var file = TestFiles.Bytes([]);

        var act = () => XlsxReader.Read(file, 100);

        act.Should().Throw<DomainException>().Where(e => e.Code == "file_empty");
    }

    [Fact]
    public void Read_WhenMoreRowsThanTheLimit_IsRefused()
    {
        using var file = TestFiles.Build("表", ["名称"], [.. Enumerable.Range(1, 11).Select(i => new object?[] { $"行{i}" })]);

        var act = () => TestFiles.Read(file, maxRows: 10);

        act.Should().Throw<DomainException>().Where(e => e.Code == "too_many_rows" && e.Message.Contains("10"));
    }

    [Fact]
    public async Task ReadUpload_WhenLargerThanTheLimit_IsRefused()
    {
        using var file = TestFiles.Build("表", ["名称"], ["甲"]);
        var limits = new SpreadsheetLimits { MaxFileBytes = 100 };

        var act = () => XlsxReader.ReadUploadAsync(new NonSeekable(file), limits, null);

        (await act.Should().ThrowAsync<DomainException>()).Where(e => e.Code == "file_too_large");
    }

    [Fact]
    public void RequireHeaders_WhenSomeAreMissing_NamesThemAll()
    {
        using var file = TestFiles.Build("表", ["姓名", "性 别", "其他"], ["张三", "男", "x"]);
        var table = TestFiles.Read(file);

        var act = () => table.RequireHeaders(["姓名", "性别", "民族", "出生日期"]);

        var error = act.Should().Throw<ValidationFailedException>().Which;
        error.Message.Should().StartWith("表头缺少：民族、出生日期。");
        error.Errors.Select(e => e.Field).Should().Equal("民族", "出生日期");
        error.Errors.Should().OnlyContain(e => e.Row == 1);
    }

    [Theory]
    [InlineData("2021-07-01", 2021, 7, 1)]
    [InlineData("2021/7/1", 2021, 7, 1)]
    [InlineData("2021.07.01", 2021, 7, 1)]
    [InlineData("2021年7月1日", 2021, 7, 1)]
    [InlineData("20210701", 2021, 7, 1)]
    [InlineData("44378", 2021, 7, 1)]
    [InlineData("2021-07-01 00:00:00", 2021, 7, 1)]
    public void TryDate_ReadsTheUsualWritings(string text, int y, int m, int d)
    {
        CellText.TryDate(text, out var date).Should().BeTrue();
        date.Should().Be(new DateOnly(y, m, d));
    }

    [Theory]
    [InlineData("2021-02-30")]
    [InlineData("七月一日")]
    [InlineData("2021-13-01")]
    public void TryDate_RefusesWhatIsNotADate(string text) => CellText.TryDate(text, out _).Should().BeFalse();

    [Fact]
    public void Masks_ShowOnlyTheEnds()
    {
        Masking.IdNumber("330824198001011234").Should().Be("330824********1234");
        Masking.Mobile("13812345678").Should().Be("138****5678");
        Masking.IdNumber(null).Should().BeNull();
    }

    [Fact]
    public void Template_HasTheDataSheetFirstAndAGuideListingAllowedValues()
    {
        using var template = new MemoryStream();
        TemplateBook.Write(template, "组织", [new SheetColumn("组织类别") { Choices = ["党委", "党支部"], Required = true, Note = "类别" }], ["全部通过才导入"], 50);

        template.Position = 0;
        using var doc = SpreadsheetDocument.Open(template, false);
        doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).Should().Equal("组织", "说明");
        var dataSheet = (WorksheetPart)doc.WorkbookPart.GetPartById(doc.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        var validation = dataSheet.Worksheet.Descendants<DataValidation>().Single();
        validation.Formula1!.Text.Should().Be("\"党委,党支部\"");
        validation.SequenceOfReferences!.InnerText.Should().Be("A2:A51");

        template.Position = 0;
        var guide = XlsxReader.Read(template, 100, "说明");
        guide.Cell(guide.Rows[0], "列名").Should().Be("组织类别");
        guide.Cell(guide.Rows[0], "必填").Should().Be("是");
        guide.Cell(guide.Rows[0], "可选值").Should().Be("党委、党支部");
        guide.Rows.Should().Contain(r => guide.Cell(r, "填写说明").Contains("全部通过才导入"));
    }

    /// <summary>A workbook as other programs write it: inline strings, rich text, no cell references, built-in and custom date formats.</summary>
    private static MemoryStream HandMadeWorkbook()
    {
        var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 180, FormatCode = "yyyy\"年\"m\"月\"d\"日\"" }),
                new Fonts(new Font()),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }, new CellFormat { NumberFormatId = 180, ApplyNumberFormat = true }));
            var sst = wb.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("名称")),
                new SharedStringItem(new Run(new Text("富")), new Run(new Text("文本")), new PhoneticRun(new Text("fu wen ben")) { BaseTextStartIndex = 0, EndingBaseIndex = 1 }));
            var ws = wb.AddNewPart<WorksheetPart>();
            static Cell Inline(string reference, string text) =>
                new() { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };
            ws.Worksheet = new Worksheet(new SheetData(
                new Row { RowIndex = 1 },
                new Row(new Cell { CellReference = "A2", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("  ")) }) { RowIndex = 2 },
                new Row(
                    new Cell { CellReference = "A3", DataType = CellValues.SharedString, CellValue = new CellValue("0") },
                    Inline("B3", "数量"), Inline("C3", "日期"), Inline("D3", "标志"), Inline("E3", "组织 编码*"), Inline("AB3", "远列"))
                { RowIndex = 3 },
                new Row(
                    Inline("A4", "内联文字"),
                    new Cell { CellReference = "B4", CellValue = new CellValue("0.30000000000000004") },
                    new Cell { CellReference = "C4", StyleIndex = 1, CellValue = new CellValue("44378") },
                    new Cell { CellReference = "D4", DataType = CellValues.Boolean, CellValue = new CellValue("1") },
                    new Cell { CellReference = "E4", DataType = CellValues.SharedString, CellValue = new CellValue("1") },
                    Inline("AB4", "AB 列"))
                { RowIndex = 4 },
                new Row(new Cell { CellReference = "A5" }) { RowIndex = 5 },
                // No row index and no cell references: positions count from the previous row and from column A.
                new Row(
                    new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text("无引用")) },
                    new Cell { CellValue = new CellValue("13812345678") },
                    new Cell { StyleIndex = 2, CellValue = new CellValue("43890") })));
            wb.Workbook = new Workbook(new Sheets(new Sheet { Name = "数据", SheetId = 1, Id = wb.GetIdOfPart(ws) }));
        }
        stream.Position = 0;
        return stream;
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
