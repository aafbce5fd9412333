using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Zeren.Core.Tests.Spreadsheets;

/// <summary>
/// Workbooks written part by part into a zip, streaming, so a test can build what no spreadsheet program writes: a
/// zip bomb (a few hundred KB expanding to hundreds of millions of characters), a zip whose headers lie about sizes,
/// a cell longer than Excel allows.
/// </summary>
public static class HandWrittenXlsx
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>
    /// A workbook of one sheet whose XML <paramref name="writeSheet"/> writes, and shared strings from
    /// <paramref name="writeSharedStrings"/> when given. Both get a writer into the part's compressed stream.
    /// </summary>
    public static byte[] Build(Action<TextWriter> writeSheet, Action<TextWriter>? writeSharedStrings = null, int extraParts = 0)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>" +
                "</Types>"));
            Part(zip, "_rels/.rels", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>" +
                "</Relationships>"));
            Part(zip, "xl/workbook.xml", w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"表\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part(zip, "xl/_rels/workbook.xml.rels", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
                $"<Relationship Id=\"rId2\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/>" +
                "</Relationships>"));
            Part(zip, "xl/worksheets/sheet1.xml", writeSheet);
            if (writeSharedStrings is not null)
            {
                Part(zip, "xl/sharedStrings.xml", writeSharedStrings);
            }
            for (var i = 0; i < extraParts; i++)
            {
                zip.CreateEntry($"xl/media/extra{i}.bin");
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The sheet XML around <paramref name="rows"/> (which writes the &lt;row&gt; elements).</summary>
    public static Action<TextWriter> Sheet(Action<TextWriter> rows) => w =>
    {
        w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData>");
        rows(w);
        w.Write("</sheetData></worksheet>");
    };

    /// <summary>A sheet with a header 名称 and one data row whose cell is an inline string.</summary>
    public static Action<TextWriter> SheetWithInlineCell(Action<TextWriter> cellText) => Sheet(w =>
    {
        w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>名称</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>");
        cellText(w);
        w.Write("</t></is></c></row>");
    });

    /// <summary>A sheet with a header 名称 and one data row that shows shared string 0.</summary>
    public static Action<TextWriter> SheetWithSharedCell => Sheet(w =>
        w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>名称</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>"));

    /// <summary>Shared strings: one item whose text <paramref name="text"/> writes.</summary>
    public static Action<TextWriter> OneSharedString(Action<TextWriter> text) => w =>
    {
        w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\" count=\"1\" uniqueCount=\"1\"><si><t>");
        text(w);
        w.Write("</t></si></sst>");
    };

    /// <summary>Writes <paramref name="count"/> copies of <paramref name="c"/> in 64 K pieces: no string of that size is ever made.</summary>
    public static Action<TextWriter> Repeat(char c, long count) => w =>
    {
        var piece = new string(c, 65_536);
        for (var left = count; left > 0; left -= piece.Length)
        {
            w.Write(left >= piece.Length ? piece : piece[..(int)left]);
        }
    };

    /// <summary>
    /// The zip as above but with the declared uncompressed size of <paramref name="partName"/> changed to
    /// <paramref name="declared"/>, in its local header and in the central directory: a zip whose headers lie.
    /// </summary>
    public static byte[] WithDeclaredSize(byte[] zip, string partName, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(partName);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034B50 && NameAt(bytes, i + 30, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 26))).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), declared);
                patched++;
            }
            else if (signature == 0x02014B50 && NameAt(bytes, i + 46, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 28))).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), declared);
                patched++;
            }
        }
        if (patched != 2)
        {
            throw new InvalidOperationException($"Expected a local header and a directory entry for {partName}, found {patched}.");
        }
        return bytes;
    }

    private static ReadOnlySpan<byte> NameAt(byte[] bytes, int offset, int length) =>
        offset + length <= bytes.Length ? bytes.AsSpan(offset, length) : [];

    private static void Part(ZipArchive zip, string name, Action<TextWriter> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize);
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false), 65_536);
        write(writer);
    }
}
