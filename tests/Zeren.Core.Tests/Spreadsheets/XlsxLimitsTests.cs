using FluentAssertions;
using Xunit;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Tests.Spreadsheets;

/// <summary>
/// The reader within its limits: a zip bomb, a zip whose headers lie about sizes, an over-long cell, too many parts and
/// DTD entities are all refused with a Chinese message, after reading no more than the limits and without large memory.
/// </summary>
public sealed class XlsxLimitsTests
{
    /// <summary>386 million characters in one shared string: about 377 KB as a zip (built once for the class).</summary>
    private static readonly Lazy<byte[]> Bomb = new(() => HandWrittenXlsx.Build(
        HandWrittenXlsx.SheetWithSharedCell, HandWrittenXlsx.OneSharedString(HandWrittenXlsx.Repeat('A', 386_000_000))));

    public static byte[] ZipBomb => Bomb.Value;

    /// <summary>Bytes allocated by this thread while <paramref name="read"/> runs (the reader is synchronous).</summary>
    private static (Exception? Error, long Allocated) Measure(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = null;
        try
        {
            read();
        }
        catch (Exception e)
        {
            error = e;
        }
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ZipBomb_IsRefusedAs413WithAChineseMessage_WithoutLargeMemory()
    {
        ZipBomb.Length.Should().BeLessThan(1024 * 1024, "a bomb is small on the wire");

        var (error, allocated) = Measure(() => XlsxReader.Read(new MemoryStream(ZipBomb), 100));

        var refusal = error.Should().BeOfType<TooLargeException>().Which;
        refusal.Code.Should().Be("xlsx_expands_too_large");
        refusal.Message.Should().Contain("解压后").And.Contain("64 MB");
        allocated.Should().BeLessThan(16L * 1024 * 1024, "the declared size refuses it before anything is decompressed (1.4 GB before)");
    }

    [Fact]
    public void ZipWhoseHeadersUnderstateASize_IsRefusedOnceTheRealBytesPassTheLimit()
    {
        // The shared strings claim 200 bytes; they are 386 million. The zip library stops at the declared size (the data
        // then fails its checksum or its XML breaks off), and the reader counts what really comes out against the limits.
        var lying = HandWrittenXlsx.WithDeclaredSize(ZipBomb, "xl/sharedStrings.xml", 200);

        var (error, allocated) = Measure(() => XlsxReader.Read(new MemoryStream(lying), 100));

        error.Should().BeAssignableTo<DomainException>().Which.Code.Should().BeOneOf("xlsx_expands_too_large", "file_unreadable");
        allocated.Should().BeLessThan(64L * 1024 * 1024);
    }

    [Fact]
    public void ZipWhoseHeadersUnderstateASize_WhenTheTextIsShort_IsRefusedByTheRealByteCount()
    {
        // 30 MB of empty rows (no long text to trip over), declared as 200 bytes, under limits of 1 MB a part.
        var rows = HandWrittenXlsx.Sheet(w =>
        {
            w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>名称</t></is></c></row>");
            for (var i = 0; i < 3_000_000; i++)
            {
                w.Write("<row/>");
            }
        });
        var honest = HandWrittenXlsx.Build(rows);
        var lying = HandWrittenXlsx.WithDeclaredSize(honest, "xl/worksheets/sheet1.xml", 200);
        var limits = new SpreadsheetLimits { MaxPartBytes = 1024 * 1024 };

        var honestRead = () => XlsxReader.Read(new MemoryStream(honest), limits);
        var lyingRead = () => XlsxReader.Read(new MemoryStream(lying), limits);

        honestRead.Should().Throw<TooLargeException>().Which.Code.Should().Be("xlsx_expands_too_large");
        lyingRead.Should().Throw<DomainException>().Which.Code.Should().BeOneOf("xlsx_expands_too_large", "file_unreadable");
    }

    [Fact]
    public void PartsTogetherLargerThanThePackageLimit_AreRefused()
    {
        var file = HandWrittenXlsx.Build(HandWrittenXlsx.SheetWithSharedCell, HandWrittenXlsx.OneSharedString(HandWrittenXlsx.Repeat('A', 30_000)));
        var limits = new SpreadsheetLimits { MaxPartBytes = 100_000, MaxPackageBytes = 20_000 };

        var act = () => XlsxReader.Read(new MemoryStream(file), limits);

        act.Should().Throw<TooLargeException>().Which.Message.Should().Contain("合计");
    }

    [Theory]
    [InlineData("inline")]
    [InlineData("shared")]
    public void ACellLongerThanExcelAllows_IsRefused(string where)
    {
        var text = HandWrittenXlsx.Repeat('长', 40_000);
        var file = where == "inline"
            ? HandWrittenXlsx.Build(HandWrittenXlsx.SheetWithInlineCell(text))
            : HandWrittenXlsx.Build(HandWrittenXlsx.SheetWithSharedCell, HandWrittenXlsx.OneSharedString(text));

        var act = () => XlsxReader.Read(new MemoryStream(file), 100);

        var refusal = act.Should().Throw<DomainException>().Which;
        refusal.Code.Should().Be("cell_too_long");
        refusal.Message.Should().Contain("32767");
    }

    [Fact]
    public void ACellOfExactlyTheLimit_IsRead()
    {
        var file = HandWrittenXlsx.Build(HandWrittenXlsx.SheetWithInlineCell(HandWrittenXlsx.Repeat('长', 32_767)));

        var table = XlsxReader.Read(new MemoryStream(file), 100);

        table.Cell(table.Rows.Single(), "名称").Should().HaveLength(32_767);
    }

    [Fact]
    public void TooManyParts_AreRefusedBeforeTheDirectoryIsRead()
    {
        var file = HandWrittenXlsx.Build(HandWrittenXlsx.SheetWithInlineCell(w => w.Write("甲")), extraParts: 60);

        var act = () => XlsxReader.Read(new MemoryStream(file), new SpreadsheetLimits { MaxParts = 50 });

        act.Should().Throw<DomainException>().Which.Code.Should().Be("xlsx_too_many_parts");
        XlsxReader.Read(new MemoryStream(file), new SpreadsheetLimits { MaxParts = 100 }).Rows.Should().ContainSingle();
    }

    [Fact]
    public void EntitiesOfADocumentTypeDefinition_AreNotExpanded()
    {
        // The "billion laughs": entities that expand to entities. A DTD has no place in a workbook.
        var file = HandWrittenXlsx.Build(w => w.Write(
            "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">" +
            "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>" +
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" +
            "<row r=\"1\"><c t=\"inlineStr\"><is><t>名称</t></is></c></row><row r=\"2\"><c t=\"inlineStr\"><is><t>&c;</t></is></c></row>" +
            "</sheetData></worksheet>"));

        var act = () => XlsxReader.Read(new MemoryStream(file), 100);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("file_unreadable");
    }

    [Fact]
    public void AHandWrittenWorkbook_WithRichTextAndPhoneticGuides_ReadsAsExcelShowsIt()
    {
        var file = HandWrittenXlsx.Build(HandWrittenXlsx.Sheet(w => w.Write(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>名称</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>说明</t></is></c></row>" +
            "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t xml:space=\"preserve\">张 </t></r><r><t>三</t></r></is></c></row>")),
            w => w.Write(
                "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><r><t>富</t></r><r><t><![CDATA[文&本]]></t></r>" +
                "<rPh sb=\"0\" eb=\"1\"><t>fu</t></rPh><phoneticPr fontId=\"1\"/></si></sst>"));

        var table = XlsxReader.Read(new MemoryStream(file), 100);

        table.Cell(table.Rows[0], "名称").Should().Be("富文&本");
        table.Cell(table.Rows[0], "说明").Should().Be("张 三");
    }
}
