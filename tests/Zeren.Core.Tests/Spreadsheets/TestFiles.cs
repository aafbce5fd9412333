using Zeren.Core.People;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Tests.Spreadsheets;

/// <summary>Test files: workbooks written from rows, and ID numbers with a correct check character.</summary>
public static class TestFiles
{
    /// <summary>An .xlsx with one sheet: the headers, then the rows (null leaves a cell empty).</summary>
    public static MemoryStream Build(string sheetName, IReadOnlyList<string> headers, params object?[][] rows)
    {
        var stream = new MemoryStream();
        using (var xlsx = new XlsxWriter(stream))
        {
            var sheet = xlsx.AddSheet(sheetName, [.. headers.Select(h => new SheetColumn(h))]);
            foreach (var row in rows)
            {
                sheet.AddRow(row);
            }
        }
        stream.Position = 0;
        return stream;
    }

    public static MemoryStream Bytes(byte[] content) => new(content);

    /// <summary>A valid 18-digit ID number: area 330824, the birth date, a sequence and the sex digit, then GB 11643's check character.</summary>
    public static string IdNumber(DateOnly birth, int sequence, bool male = true)
    {
        var first17 = $"330824{birth:yyyyMMdd}{sequence % 100:00}{(male ? 1 : 2)}";
        return first17 + ChineseIdNumber.CheckCharacter(first17);
    }

    /// <summary>The same ID number with a wrong check character.</summary>
    public static string BadChecksum(string idNumber)
    {
        var wrong = idNumber[17] == '1' ? '2' : '1';
        return idNumber[..17] + wrong;
    }

    public static SheetTable Read(Stream xlsx, int maxRows = 20_000)
    {
        xlsx.Position = 0;
        return XlsxReader.Read(xlsx, maxRows);
    }

    public static MemoryStream Copy(MemoryStream source) => new(source.ToArray());
}
