using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.People;

/// <summary>
/// 人员名册导入: people from an .xlsx, all or nothing. Every row is checked with the same rules as the editor
/// (<see cref="Person.Validate"/>), plus the organization code and the uniqueness of ID numbers; any error
/// refuses the whole file. A person whose ID number is already registered is updated, anyone else is created.
/// ID numbers are matched through their keyed hash and stored encrypted, like the editor does.
/// </summary>
public sealed class RosterImport(ZerenDbContext db, TimeProvider clock, IOptions<SpreadsheetLimits> options, PersonalDataProtector protector)
    : SheetImport(db, options)
{
    protected override string SheetName => RosterSheet.SheetName;

    protected override IReadOnlyList<SheetColumn> Columns => RosterSheet.Columns;

    protected override IReadOnlyList<string> Rules => RosterSheet.Rules(Limits);

    /// <summary>People name no other new row: they are saved a few thousand at a time, in the import's one transaction.</summary>
    protected override int NewRowsPerSave => 2_000;

    protected override async Task<ImportSummary> StageAsync(SheetTable table, ImportErrors errors, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var rows = table.Rows.Select(r => Parse(table, r, today, errors)).ToList();

        var firstWithId = new Dictionary<string, RosterRow>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.IdNumber is not null))
        {
            if (firstWithId.TryGetValue(row.IdNumber!, out var first))
            {
                row.Fail(errors, RosterSheet.IdNumber, $"与第 {first.Number} 行的身份证号码重复。");
            }
            else
            {
                firstWithId.Add(row.IdNumber!, row);
            }
        }

        var orgIds = (await Batches.LoadAsync(rows.Select(r => r.OrgCode).Where(c => c.Length > 0), chunk => Db.Set<Organization>().AsNoTracking()
                .Where(o => chunk.Contains(o.Code)).Select(o => new { o.Code, o.Id }).ToListAsync(ct)))
            .ToDictionary(o => o.Code, o => o.Id, StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.OrgCode.Length > 0))
        {
            if (orgIds.TryGetValue(row.OrgCode, out var orgId))
            {
                row.OrgId = orgId;
            }
            else
            {
                row.Fail(errors, RosterSheet.OrgCode, $"组织编码“{row.OrgCode}”在系统中不存在。");
            }
        }

        errors.ThrowIfAny();
        // The same ID number in the database is the same person: that person is updated, not duplicated. Everyone
        // registered counts (query filters ignored); a match the importer may not see is refused, not updated.
        var byHash = firstWithId.Keys.ToDictionary(protector.Index, id => id, StringComparer.Ordinal);
        var registered = await Batches.LoadAsync(byHash.Keys, chunk => Db.Set<Person>().IgnoreQueryFilters()
            .Where(p => p.IdNumberHash != null && chunk.Contains(p.IdNumberHash)).ToListAsync(ct));
        var visible = (await Batches.LoadAsync(registered.Select(p => p.Id), chunk => Db.Set<Person>().AsNoTracking()
            .Where(p => chunk.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct))).ToHashSet();
        foreach (var person in registered.Where(p => !visible.Contains(p.Id)))
        {
            firstWithId[byHash[person.IdNumberHash!]].Fail(errors, RosterSheet.IdNumber, "身份证号码已登记在另一人名下（不在您的管理范围内）。");
        }
        errors.ThrowIfAny();
        var existing = registered.ToDictionary(p => byHash[p.IdNumberHash!], StringComparer.Ordinal);
        return Apply(rows, existing, today, errors);
    }

    /// <summary>Updates the people matched by ID number and adds the others; nothing is saved here.</summary>
    private ImportSummary Apply(List<RosterRow> rows, Dictionary<string, Person> existing, DateOnly today, ImportErrors errors)
    {
        var now = clock.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            try
            {
                var candidate = Person.Create(row.OrgId, row.Details, today, now, protector);
                if (row.IdNumber is not null && existing.TryGetValue(row.IdNumber, out var person))
                {
                    if (Same(person, candidate))
                    {
                        unchanged++;
                        continue;
                    }
                    person.Update(row.OrgId, row.Details, today, now, protector);
                    updated++;
                }
                else
                {
                    Db.Add(candidate);
                    created++;
                }
            }
            catch (ValidationFailedException e)
            {
                foreach (var error in e.Errors)
                {
                    row.Fail(errors, ColumnOf(error.Field), error.Message);
                }
            }
        }
        return new ImportSummary(created, updated, unchanged);
    }

    private static RosterRow Parse(SheetTable table, SheetRow sheetRow, DateOnly today, ImportErrors errors)
    {
        string Cell(string header) => table.Cell(sheetRow, header);
        var row = new RosterRow(sheetRow.Number, Cell(RosterSheet.OrgCode));

        var idText = Cell(RosterSheet.IdNumber);
        string? idNumber = null;
        if (idText.Length > 0)
        {
            if (idText.Contains('*', StringComparison.Ordinal))
            {
                row.Fail(errors, RosterSheet.IdNumber, $"“{idText}”是脱敏后的号码，无法导入：请填写完整的身份证号码（脱敏导出的名册不能直接导入）。");
            }
            else if (idText.Contains("E+", StringComparison.OrdinalIgnoreCase))
            {
                row.Fail(errors, RosterSheet.IdNumber, $"“{idText}”是被 Excel 当作数字保存的号码，末几位已丢失：请把本列设为文本格式后重新录入。");
            }
            else
            {
                idNumber = ChineseIdNumber.Normalize(idText);
                row.IdNumber = ChineseIdNumber.Problem(idNumber) is null ? idNumber : null;
            }
        }

        var gender = Choice(row, errors, Cell(RosterSheet.Gender), PeopleLabels.Gender, RosterSheet.Gender, required: false);
        if (gender is null && !row.Failed(RosterSheet.Gender))
        {
            if (row.IdNumber is { } valid)
            {
                gender = ChineseIdNumber.Gender(valid);
            }
            else
            {
                row.Fail(errors, RosterSheet.Gender, "不能为空（填写了有效的身份证号码时可留空）。");
            }
        }
        var status = Choice(row, errors, Cell(RosterSheet.PartyStatus), PeopleLabels.PartyStatus, RosterSheet.PartyStatus, required: true);
        var education = Choice(row, errors, Cell(RosterSheet.Education), PeopleLabels.Education, RosterSheet.Education, required: false);
        var birth = Date(row, errors, Cell(RosterSheet.BirthDate), RosterSheet.BirthDate);
        var joined = Date(row, errors, Cell(RosterSheet.JoinedPartyOn), RosterSheet.JoinedPartyOn);
        var name = Cell(RosterSheet.Name);
        var ethnicity = Cell(RosterSheet.Ethnicity);
        var mobile = Cell(RosterSheet.Mobile).Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (mobile.Contains('*', StringComparison.Ordinal))
        {
            row.Fail(errors, RosterSheet.Mobile, $"“{mobile}”是脱敏后的号码，无法导入：请填写完整的手机号码。");
            mobile = "";
        }
        if (row.OrgCode.Length == 0)
        {
            row.Fail(errors, RosterSheet.OrgCode, "不能为空。");
        }

        // An unreadable status is reported once; guessing it from the join date keeps Validate from adding a second, misleading error.
        var effectiveStatus = status ?? (joined is null ? PartyStatus.None : PartyStatus.Full);
        var effectiveGender = gender ?? (row.IdNumber is { } id ? ChineseIdNumber.Gender(id) : People.Gender.Male);
        row.Details = new PersonDetails(name, effectiveGender, effectiveStatus, ethnicity.Length == 0 ? null : ethnicity, birth,
            education, row.Failed(RosterSheet.IdNumber) ? null : idNumber, mobile.Length == 0 ? null : mobile, joined);
        foreach (var error in Person.Validate(row.Details, today))
        {
            var column = ColumnOf(error.Field);
            var skip = row.Failed(column)
                || (column == RosterSheet.Gender && gender is null)
                || (column == RosterSheet.JoinedPartyOn && status is null && error.Message.Contains("党员", StringComparison.Ordinal));
            if (!skip)
            {
                row.Fail(errors, column, error.Message);
            }
        }
        return row;
    }

    private static T? Choice<T>(RosterRow row, ImportErrors errors, string text, ChoiceLabels<T> labels, string column, bool required)
        where T : struct, Enum
    {
        if (text.Length == 0)
        {
            if (required)
            {
                row.Fail(errors, column, $"不能为空，应为：{string.Join("、", labels.Labels)}。");
            }
            return null;
        }
        if (labels.TryParse(text, out var value))
        {
            return value;
        }
        row.Fail(errors, column, labels.Unknown(text));
        return null;
    }

    private static DateOnly? Date(RosterRow row, ImportErrors errors, string text, string column)
    {
        if (text.Length == 0)
        {
            return null;
        }
        if (CellText.TryDate(text, out var date))
        {
            return date;
        }
        row.Fail(errors, column, $"“{text}”不是有效日期，请写作 2021-07-01 这样的格式。");
        return null;
    }

    /// <summary>
    /// Compares what the row would make with what is stored, after the entity's own normalization; the numbers by their
    /// hashes, since the same number encrypts differently each time.
    /// </summary>
    private static bool Same(Person a, Person b) =>
        a.OrgId == b.OrgId && a.Name == b.Name && a.Gender == b.Gender && a.Ethnicity == b.Ethnicity && a.BirthDate == b.BirthDate
        && a.Education == b.Education && a.IdNumberHash == b.IdNumberHash && a.MobileHash == b.MobileHash && a.PartyStatus == b.PartyStatus
        && a.JoinedPartyOn == b.JoinedPartyOn;

    private static string ColumnOf(string? field) => field switch
    {
        "name" => RosterSheet.Name,
        "gender" => RosterSheet.Gender,
        "ethnicity" => RosterSheet.Ethnicity,
        "birthDate" => RosterSheet.BirthDate,
        "education" => RosterSheet.Education,
        "idNumber" => RosterSheet.IdNumber,
        "mobile" => RosterSheet.Mobile,
        "partyStatus" => RosterSheet.PartyStatus,
        "joinedPartyOn" => RosterSheet.JoinedPartyOn,
        _ => RosterSheet.OrgCode,
    };

    private sealed class RosterRow(int number, string orgCode)
    {
        private readonly HashSet<string> failed = [];

        public int Number { get; } = number;
        public string OrgCode { get; } = orgCode;

        /// <summary>The normalized ID number when it is valid; rows are matched on it.</summary>
        public string? IdNumber { get; set; }
        public Guid OrgId { get; set; }
        public PersonDetails Details { get; set; } = null!;

        public bool Failed(string column) => failed.Contains(column);

        public void Fail(ImportErrors errors, string column, string message)
        {
            failed.Add(column);
            errors.Add(Number, column, message);
        }
    }
}
