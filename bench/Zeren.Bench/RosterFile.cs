using System.Globalization;
using Microsoft.Data.Sqlite;
using Zeren.Core.People;
using Zeren.Core.Spreadsheets;

namespace Zeren.Bench;

/// <summary>
/// A 人员名册 workbook for the import figure: <c>rows</c> new people in the layout the roster import reads (the app's own
/// <see cref="RosterSheet"/> columns, written by its own <see cref="XlsxWriter"/>), placed in the organizations of the
/// template that hold people (the first county keeps the template's codes, so the demo's <c>county</c> account sees them).
/// Every row is valid: an ID number of its own (a region code <c>2{batch}xxx</c>, which neither the template's <c>33xxxx</c>
/// nor the generator's copies <c>1xxxxx</c> use, so every person is new), its birth date and gender, a party member who
/// joined after eighteen, a mobile. Each <paramref name="batch"/> gives other ID numbers, so repeated runs each create.
/// </summary>
public static class RosterFile
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "郑"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英"];
    private static readonly string[] Educations = ["初中", "高中", "大专", "大学本科", "研究生"];

    /// <summary>Birth dates run over this many days from 1950-01-01 (so every join date, twenty to thirty-four years after birth, is past); the sequence digits tell the rows of the same day apart.</summary>
    private const int Days = 14_600;

    public static async Task<int> WriteAsync(string templateFile, string output, int rows, int batch, CancellationToken ct = default)
    {
        if (rows is < 1 or > Days * 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"Between 1 and {Days * 1000} rows.");
        }
        if (batch is < 0 or > 99)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), "Between 0 and 99.");
        }
        var codes = await OrgCodesAsync(templateFile, ct);
        await using var file = File.Create(output);
        using (var writer = new XlsxWriter(file))
        {
            var sheet = writer.AddSheet(RosterSheet.SheetName, RosterSheet.Columns);
            var random = new Random(batch);
            var epoch = new DateOnly(1950, 1, 1);
            for (var i = 0; i < rows; i++)
            {
                var birth = epoch.AddDays(i % Days);
                var sequence = i / Days;
                var stem = string.Create(CultureInfo.InvariantCulture, $"2{batch:D2}101{birth:yyyyMMdd}{sequence:D3}");
                var id = stem + ChineseIdNumber.CheckCharacter(stem);
                var gender = PeopleLabels.Gender.Label(ChineseIdNumber.Gender(id));
                var joined = birth.AddYears(20 + (i % 15));
                var mobile = string.Create(CultureInfo.InvariantCulture, $"13{batch % 10}{i:D8}");
                var name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];
                sheet.AddRow(name, gender, "汉族", birth, Educations[i % Educations.Length], id, mobile, "正式党员", joined, codes[i % codes.Count]);
            }
            writer.Finish();
        }
        return rows;
    }

    /// <summary>The codes of the template's organizations that hold people, in code order.</summary>
    private static async Task<List<string>> OrgCodesAsync(string templateFile, CancellationToken ct)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = templateFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString;
        await using var connection = new SqliteConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT o.code FROM organizations o WHERE EXISTS (SELECT 1 FROM people p WHERE p.org_id = o.id) ORDER BY o.code";
        var codes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            codes.Add(reader.GetString(0));
        }
        return codes.Count > 0 ? codes : throw new InvalidOperationException("The template has no organization with people: load the demo county into it first.");
    }
}
