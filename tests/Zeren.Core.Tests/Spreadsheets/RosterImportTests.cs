using System.Text;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Tests.Spreadsheets;

public sealed class RosterImportTests : IAsyncLifetime
{
    private static readonly string[] Headers =
    [
        RosterSheet.Name, RosterSheet.Gender, RosterSheet.Ethnicity, RosterSheet.BirthDate, RosterSheet.Education, RosterSheet.IdNumber,
        RosterSheet.Mobile, RosterSheet.PartyStatus, RosterSheet.JoinedPartyOn, RosterSheet.OrgCode,
    ];

    private static readonly DateOnly ZhangBirth = new(1980, 5, 17);
    private static readonly DateOnly LiBirth = new(1992, 11, 3);
    private static readonly string ZhangId = TestFiles.IdNumber(ZhangBirth, 1, male: true);
    private static readonly string LiId = TestFiles.IdNumber(LiBirth, 2, male: false);

    private readonly TestDatabase database = new();
    private Guid villageId;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var s = database.Open();
        var county = await s.Orgs.CreateAsync(new OrgInput(null, "C01", "某县委", OrgKind.Committee, OrgDomain.Comprehensive));
        var township = await s.Orgs.CreateAsync(new OrgInput(county.Id, "T01", "城关镇党委", OrgKind.Committee, OrgDomain.Comprehensive));
        villageId = (await s.Orgs.CreateAsync(new OrgInput(township.Id, "V01", "东村党支部", OrgKind.Branch, OrgDomain.Rural))).Id;
    }

    public Task DisposeAsync() => database.DisposeAsync();

    private static MemoryStream File(params object?[][] rows) => TestFiles.Build(RosterSheet.SheetName, Headers, rows);

    private static object?[] Zhang(string? idNumber = null, string? mobile = "13812345678", object? joined = null, string orgCode = "V01") =>
        ["张三", "男", "汉族", ZhangBirth, "大学本科", idNumber ?? ZhangId, mobile, "正式党员", joined ?? new DateOnly(2005, 7, 1), orgCode];

    private static object?[] Li(string? idNumber = null) =>
        ["李四", "女", "畲族", null, "大专", idNumber ?? LiId, null, "预备党员", "2026/3/1", "V01"];

    private async Task<List<Person>> AllPeopleAsync()
    {
        await using var s = database.Open();
        return await s.Db.Set<Person>().AsNoTracking().OrderBy(p => p.Name).ToListAsync();
    }

    private async Task<ValidationFailedException> ImportFailsAsync(MemoryStream file)
    {
        await using var s = database.Open();
        var act = () => s.RosterImport.ImportAsync(file);
        return (await act.Should().ThrowAsync<ValidationFailedException>()).Which;
    }

    [Fact]
    public async Task Import_GoodFile_CreatesEveryone()
    {
        using var file = File(Zhang(), Li());

        await using (var s = database.Open())
        {
            (await s.RosterImport.ImportAsync(file)).Should().Be(new ImportSummary(2, 0, 0));
        }

        var people = await AllPeopleAsync();
        people.Should().HaveCount(2);
        var li = people.Single(p => p.Name == "李四");
        li.OrgId.Should().Be(villageId);
        li.Gender.Should().Be(Gender.Female);
        li.Ethnicity.Should().Be("畲族");
        li.BirthDate.Should().Be(LiBirth, "a blank birth date is taken from the ID number");
        li.Education.Should().Be(Education.College);
        li.PartyStatus.Should().Be(PartyStatus.Probationary);
        li.JoinedPartyOn.Should().Be(new DateOnly(2026, 3, 1));
        var zhang = people.Single(p => p.Name == "张三");
        zhang.IdNumber().Should().Be(ZhangId);
        zhang.Mobile().Should().Be("13812345678");
        zhang.Education.Should().Be(Education.Bachelor);
    }

    [Fact]
    public async Task Import_WhenOneRowHasBadIdNumber_ImportsNothing()
    {
        using var file = File(Li(), Zhang(idNumber: TestFiles.BadChecksum(ZhangId)));

        var error = await ImportFailsAsync(file);

        var e = error.Errors.Single();
        e.Row.Should().Be(3);
        e.Field.Should().Be("身份证号码");
        e.Message.Should().Be("第 3 行“身份证号码”：身份证号码校验位不正确（GB 11643）。");
        (await AllPeopleAsync()).Should().BeEmpty("the good row is not imported either");
    }

    [Fact]
    public async Task Import_WhenMobileIsMalformed_ImportsNothing()
    {
        using var file = File(Zhang(mobile: "1381234567"), Li());

        var error = await ImportFailsAsync(file);

        error.Errors.Single().Should().Match<ValidationError>(e => e.Row == 2 && e.Field == "手机号码" && e.Message.Contains("11 位"));
        (await AllPeopleAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_WhenJoinDateIsInTheFuture_ImportsNothing()
    {
        using var file = File(Li(), Zhang(joined: database.Today.AddDays(1)));

        var error = await ImportFailsAsync(file);

        error.Errors.Single().Should().Match<ValidationError>(e => e.Row == 3 && e.Field == "入党日期" && e.Message.Contains("不能晚于今天"));
        (await AllPeopleAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_WhenOrgCodeIsUnknown_ImportsNothing()
    {
        using var file = File(Zhang(orgCode: "NOPE"), Li());

        var error = await ImportFailsAsync(file);

        error.Errors.Single().Should().Match<ValidationError>(e => e.Row == 2 && e.Field == "所属组织编码" && e.Message.Contains("“NOPE”在系统中不存在"));
        (await AllPeopleAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_WhenIdNumberRepeatsInFile_ImportsNothing()
    {
        using var file = File(Zhang(), Li(), Zhang(idNumber: ZhangId.ToLowerInvariant()));

        var error = await ImportFailsAsync(file);

        error.Errors.Single().Should().Match<ValidationError>(e => e.Row == 4 && e.Field == "身份证号码" && e.Message.Contains("与第 2 行的身份证号码重复"));
        (await AllPeopleAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_WhenIdNumberIsRegistered_UpdatesThatPersonInsteadOfAddingAnother()
    {
        await using (var s = database.Open())
        {
            await s.People.CreateAsync(new PersonInput(villageId, "张三", Gender.Male, PartyStatus.Probationary, IdNumber: ZhangId, JoinedPartyOn: new DateOnly(2025, 1, 1)));
        }
        using var file = File(Zhang(), Li());

        await using (var s = database.Open())
        {
            (await s.RosterImport.ImportAsync(file)).Should().Be(new ImportSummary(1, 1, 0));
        }

        var people = await AllPeopleAsync();
        people.Should().HaveCount(2);
        var zhang = people.Single(p => p.IdNumber() == ZhangId);
        zhang.PartyStatus.Should().Be(PartyStatus.Full);
        zhang.JoinedPartyOn.Should().Be(new DateOnly(2005, 7, 1));
        zhang.Mobile().Should().Be("13812345678");
    }

    [Fact]
    public async Task Import_WhenGenderIsBlank_TakesItFromTheIdNumber()
    {
        var row = Li();
        row[1] = null;
        using var file = File(row);

        await using (var s = database.Open())
        {
            await s.RosterImport.ImportAsync(file);
        }

        (await AllPeopleAsync()).Single().Gender.Should().Be(Gender.Female);
    }

    [Fact]
    public async Task Import_ReportsEveryBadRowAndEveryBadCell()
    {
        object?[] bad = ["", "男", null, "1980-13-01", "博士后", ZhangId, "12345", "党员", null, ""];
        using var file = File(Li(), bad, Zhang(idNumber: LiId));

        var error = await ImportFailsAsync(file);

        error.Errors.Select(e => (e.Row, e.Field)).Should().BeEquivalentTo(new[]
        {
            (3, "姓名"), (3, "出生日期"), (3, "学历"), (3, "手机号码"), (3, "党员身份"), (3, "所属组织编码"),
            (4, "身份证号码"), (4, "出生日期"), (4, "性别"),
        });
        error.Errors.Should().OnlyContain(e => e.Message.StartsWith($"第 {e.Row} 行“{e.Field}”：", StringComparison.Ordinal));
        error.Message.Should().Contain("2 行数据有 9 处错误");
    }

    [Fact]
    public async Task Import_WhenIdNumberWasSavedAsANumber_ExplainsTheTextFormat()
    {
        using var file = File(Zhang(idNumber: "3.30824198005171E+17"));

        var error = await ImportFailsAsync(file);

        error.Errors.Single().Message.Should().Contain("文本格式");
    }

    [Fact]
    public async Task Import_WhenHeadersAreWrong_NamesTheMissingOnes()
    {
        using var file = TestFiles.Build(RosterSheet.SheetName, ["姓名", "性别", "身份证号", "党员身份", "所属组织编码"], ["张三", "男", ZhangId, "正式党员", "V01"]);

        var error = await ImportFailsAsync(file);

        error.Errors.Select(e => e.Field).Should().BeEquivalentTo("民族", "出生日期", "学历", "身份证号码", "手机号码", "入党日期");
        error.Message.Should().Contain("表头缺少：民族、出生日期、学历、身份证号码、手机号码、入党日期");
    }

    [Fact]
    public async Task Import_WhenFileIsTextRenamedToXlsx_IsRefused()
    {
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("姓名,性别\n张三,男\n"));
        await using var s = database.Open();

        var act = () => s.RosterImport.ImportAsync(file);

        (await act.Should().ThrowAsync<DomainException>()).Which.Message.Should().Contain("不是 Excel 工作簿");
    }

    [Fact]
    public async Task Import_WhenMoreRowsThanConfigured_IsRefused()
    {
        database.Limits.MaxRows = 1;
        using var file = File(Zhang(), Li());
        await using var s = database.Open();

        var act = () => s.RosterImport.ImportAsync(file);

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("too_many_rows");
    }

    [Fact]
    public async Task RosterExport_MasksIdNumbersAndMobilesByDefault()
    {
        await using (var s = database.Open())
        {
            await s.RosterImport.ImportAsync(File(Zhang(), Li()));
        }

        using var export = new MemoryStream();
        await using (var s = database.Open())
        {
            await s.PeopleExport.WriteRosterAsync(export, new PeopleFilter());
        }

        var table = TestFiles.Read(export);
        var zhang = table.Rows.Single(r => table.Cell(r, RosterSheet.Name) == "张三");
        table.Cell(zhang, RosterSheet.IdNumber).Should().Be(Masking.IdNumber(ZhangId)).And.MatchRegex(@"^330824\*{8}\d{3}[\dX]$");
        table.Cell(zhang, RosterSheet.Mobile).Should().Be("138****5678");
        table.Cell(zhang, RosterSheet.OrgName).Should().Be("东村党支部");
        table.Cell(zhang, RosterSheet.BirthDate).Should().Be("1980-05-17");
    }

    [Fact]
    public async Task MaskedExport_WhenImported_IsRefusedWithAHint()
    {
        await using (var s = database.Open())
        {
            await s.RosterImport.ImportAsync(File(Zhang()));
        }
        using var export = new MemoryStream();
        await using (var s = database.Open())
        {
            await s.PeopleExport.WriteRosterAsync(export, new PeopleFilter());
        }

        var error = await ImportFailsAsync(TestFiles.Copy(export));

        error.Errors.Select(e => e.Field).Should().BeEquivalentTo("身份证号码", "手机号码");
        error.Errors.Should().OnlyContain(e => e.Message.Contains("脱敏"));
    }

    [Fact]
    public async Task RosterExport_Unmasked_WithoutPersonalDataView_IsRefused()
    {
        await using var s = database.Open();
        s.Actor.Current = new Actor(Guid.NewGuid(), "reader", null, [Role.ReadOnly, Role.CountyLeader], DataScope.Everything);
        using var export = new MemoryStream();

        var act = () => s.PeopleExport.WriteRosterAsync(export, new PeopleFilter(), unmasked: true);

        (await act.Should().ThrowAsync<ForbiddenException>()).Which.Code.Should().Be("personal_data_forbidden");
        export.Length.Should().Be(0);
    }

    [Fact]
    public async Task Import_StoresNumbersOnlyEncrypted_AndMatchesThemByHash()
    {
        await using (var s = database.Open())
        {
            await s.RosterImport.ImportAsync(File(Zhang()));
        }

        var zhang = (await AllPeopleAsync()).Single();
        zhang.IdNumberCipher.Should().StartWith("k1:").And.NotContain(ZhangId[..11]);
        zhang.MobileCipher.Should().StartWith("k1:").And.NotContain("13812345678");
        zhang.IdNumberHash.Should().Be(TestKeys.Protector.Index(ZhangId));
        zhang.MobileHash.Should().Be(TestKeys.Protector.Index("13812345678"));
    }

    [Fact]
    public async Task RosterExport_Unmasked_ReimportsWithoutChanges()
    {
        await using (var s = database.Open())
        {
            await s.RosterImport.ImportAsync(File(Zhang(), Li()));
            await s.People.CreateAsync(new PersonInput(villageId, "王五", Gender.Male, PartyStatus.None, Ethnicity: "回族"));
        }

        using var export = new MemoryStream();
        await using (var s = database.Open())
        {
            await s.PeopleExport.WriteRosterAsync(export, new PeopleFilter(), PeopleSort.BirthDate, unmasked: true);
        }
        var table = TestFiles.Read(export);
        table.Rows.Should().HaveCount(3);
        table.Cell(table.Rows.Single(r => table.Cell(r, "姓名") == "张三"), RosterSheet.IdNumber).Should().Be(ZhangId);

        await using (var s = database.Open())
        {
            // 王五 has no ID number, so he cannot be matched and comes back as a new person: the documented rule.
            (await s.RosterImport.ImportAsync(TestFiles.Copy(export))).Should().Be(new ImportSummary(1, 0, 2));
        }
    }

    [Fact]
    public async Task RosterExport_UsesTheListFilterAndSort()
    {
        await using (var s = database.Open())
        {
            await s.RosterImport.ImportAsync(File(Zhang(), Li()));
        }

        using var export = new MemoryStream();
        await using (var s = database.Open())
        {
            await s.PeopleExport.WriteRosterAsync(export, new PeopleFilter(PartyStatus: PartyStatus.Probationary), PeopleSort.NameDesc);
        }

        var table = TestFiles.Read(export);
        table.Rows.Select(r => table.Cell(r, "姓名")).Should().Equal("李四");
    }

    [Fact]
    public async Task LinksAndReservesExport_ListThem()
    {
        await using (var s = database.Open())
        {
            await s.RosterImport.ImportAsync(File(Zhang(), Li()));
        }
        await using (var s = database.Open())
        {
            var li = await s.Db.Set<Person>().SingleAsync(p => p.Name == "李四");
            var zhang = await s.Db.Set<Person>().SingleAsync(p => p.Name == "张三");
            await s.People.LinkAsync(LinkKind.VillageCadre, zhang.Id, villageId, new DateOnly(2025, 1, 1));
            // Straight into the table: on this branch's base, PeopleService.AddReserveAsync's read-back query does not translate.
            s.Db.Add(ReserveCadre.Create(li.Id, villageId, PositionTitle.Secretary, new DateOnly(2026, 1, 5), database.Today, "春苗"));
            await s.Db.SaveChangesAsync();
        }

        using var links = new MemoryStream();
        using var reserves = new MemoryStream();
        await using (var s = database.Open())
        {
            await s.PeopleExport.WriteLinksAsync(links, new LinkFilter());
            await s.PeopleExport.WriteReservesAsync(reserves, null, onlyUnderThirtyFive: false);
        }

        var linkTable = TestFiles.Read(links);
        linkTable.Rows.Single().Values.Should().Equal("包村干部", "张三", "东村党支部", "2025-01-01", "", "在联");
        var reserveTable = TestFiles.Read(reserves);
        reserveTable.Rows.Single().Values.Should().Equal("东村党支部", "李四", "1992-11-03", "34", "是", "书记", "2026-01-05", "春苗");
    }

    [Fact]
    public async Task Template_ReimportsAsAnEmptyFileWithTheRightHeaders()
    {
        using var template = new MemoryStream();
        await using var s = database.Open();
        s.RosterImport.WriteTemplate(template);

        var table = TestFiles.Read(template);
        table.SheetName.Should().Be("人员名册");
        table.Headers.Should().Equal(Headers);
    }
}
