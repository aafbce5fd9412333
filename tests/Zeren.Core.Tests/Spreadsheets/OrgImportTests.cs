using System.Text;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Tests.Spreadsheets;

public sealed class OrgImportTests : IAsyncLifetime
{
    private static readonly string[] Headers =
        [OrgSheet.Code, OrgSheet.Name, OrgSheet.ParentCode, OrgSheet.Kind, OrgSheet.Domain, OrgSheet.Strength, OrgSheet.Standard, OrgSheet.Stars, OrgSheet.Region, OrgSheet.SortOrder];

    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private static MemoryStream File(params object?[][] rows) => TestFiles.Build(OrgSheet.SheetName, Headers, rows);

    private static object?[] Row(string code, string name, string? parent, string kind = "党支部", string domain = "农村",
        string? strength = null, string? standard = null, object? stars = null, string? region = null, object? sort = null) =>
        [code, name, parent, kind, domain, strength, standard, stars, region, sort];

    private async Task<List<Organization>> AllOrgsAsync()
    {
        await using var s = database.Open();
        return await s.Db.Set<Organization>().AsNoTracking().OrderBy(o => o.Path).ToListAsync();
    }

    private async Task<ValidationFailedException> ImportFailsAsync(MemoryStream file)
    {
        await using var s = database.Open();
        var act = () => s.OrgImport.ImportAsync(file);
        return (await act.Should().ThrowAsync<ValidationFailedException>()).Which;
    }

    [Fact]
    public async Task Import_GoodFile_CreatesTheTreeEvenWhenChildrenComeBeforeParents()
    {
        using var file = File(
            Row("V01", "东村党支部", "T01", stars: 4, strength: "党建强", standard: "示范型", sort: 2),
            Row("T01", "城关镇党委", "C01", "党委", "综合"),
            Row("C01", "某县委", null, "党委", "综合"),
            Row("G01", "东村第一党小组", "V01", "党小组"));

        await using (var s = database.Open())
        {
            var summary = await s.OrgImport.ImportAsync(file);
            summary.Should().Be(new ImportSummary(4, 0, 0));
        }

        var orgs = await AllOrgsAsync();
        orgs.Select(o => o.Code).Should().Equal("C01", "T01", "V01", "G01");
        orgs.Select(o => o.Depth).Should().Equal(0, 1, 2, 3);
        var village = orgs.Single(o => o.Code == "V01");
        village.ParentId.Should().Be(orgs.Single(o => o.Code == "T01").Id);
        village.IsVillage.Should().BeTrue();
        village.Stars.Should().Be(4);
        village.Strength.Should().Be(StrengthClass.Strong);
        village.Standard.Should().Be(StandardType.Model);
        village.SortOrder.Should().Be(2);
        village.Path.Should().StartWith(orgs.Single(o => o.Code == "C01").Path);
    }

    [Fact]
    public async Task Import_WhenCodeExists_UpdatesThatOrganizationAndCountsUnchangedRows()
    {
        using (var first = File(Row("C01", "某县委", null, "党委", "综合"), Row("T01", "城关镇党委", "C01", "党委", "综合")))
        await using (var s = database.Open())
        {
            await s.OrgImport.ImportAsync(first);
        }

        using var second = File(
            Row("C01", "某县委", null, "党委", "综合"),
            Row("T01", "城关镇党委（新）", "C01", "党工委", "综合", strength: "一般"),
            Row("V01", "西村党支部", "T01"));
        await using (var s = database.Open())
        {
            var summary = await s.OrgImport.ImportAsync(second);
            summary.Should().Be(new ImportSummary(1, 1, 1));
        }

        var township = (await AllOrgsAsync()).Single(o => o.Code == "T01");
        township.Name.Should().Be("城关镇党委（新）");
        township.Kind.Should().Be(OrgKind.WorkingCommittee);
        township.Strength.Should().Be(StrengthClass.Average);
    }

    [Fact]
    public async Task Import_WhenParentCodeIsUnknown_ImportsNothingAndNamesRowAndColumn()
    {
        using var file = File(Row("C01", "某县委", null, "党委", "综合"), Row("T01", "城关镇党委", "X99", "党委", "综合"));

        var error = await ImportFailsAsync(file);

        error.Errors.Should().ContainSingle();
        var e = error.Errors[0];
        e.Row.Should().Be(3);
        e.Field.Should().Be("上级组织编码");
        e.Message.Should().Contain("第 3 行").And.Contain("X99").And.Contain("既不在系统中，也不在本文件中");
        error.Message.Should().Contain("导入未执行");
        (await AllOrgsAsync()).Should().BeEmpty("the good row is not imported either");
    }

    [Fact]
    public async Task Import_WhenParentsFormACycle_ImportsNothingAndReportsEveryRowOfTheCycle()
    {
        using var file = File(
            Row("C01", "某县委", null, "党委", "综合"),
            Row("A", "甲", "B"),
            Row("B", "乙", "C"),
            Row("C", "丙", "A"),
            Row("D", "丁", "A"));

        var error = await ImportFailsAsync(file);

        error.Errors.Select(e => e.Row).Should().Equal(3, 4, 5);
        error.Errors.Should().OnlyContain(e => e.Field == "上级组织编码" && e.Message.Contains("成环") && e.Message.Contains("A → B → C → A"));
        (await AllOrgsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_WhenOrgIsItsOwnParent_IsRefused()
    {
        using var file = File(Row("C01", "某县委", "C01", "党委", "综合"));

        var error = await ImportFailsAsync(file);

        error.Errors.Single().Message.Should().Contain("自己");
    }

    [Fact]
    public async Task Import_WhenCodeRepeatsInFile_ImportsNothing()
    {
        using var file = File(Row("C01", "某县委", null, "党委", "综合"), Row("C01", "另一个县委", null, "党委", "综合"));

        var error = await ImportFailsAsync(file);

        error.Errors.Single().Should().Match<ValidationError>(e => e.Row == 3 && e.Field == "组织编码" && e.Message.Contains("与第 2 行重复"));
        (await AllOrgsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_ReportsEveryProblemOfEveryRow()
    {
        using var file = File(
            Row("C01", "", null, "党委", "综合"),
            Row("T01", "城关镇党委", "C01", "党组", "乡村", strength: "很强", stars: 6, sort: "前面"));

        var error = await ImportFailsAsync(file);

        error.Errors.Select(e => (e.Row, e.Field)).Should().BeEquivalentTo(new[]
        {
            (2, "组织名称"), (3, "组织类别"), (3, "领域"), (3, "党建强弱"), (3, "星级"), (3, "排序"),
        });
        error.Errors.Single(e => e.Field == "组织类别").Message.Should().Contain("“党组”不是可选值").And.Contain("党委、党工委、党总支、党支部、党小组");
    }

    [Fact]
    public async Task Import_WhenParentIsAPartyGroup_IsRefused()
    {
        using var file = File(Row("C01", "某县委", null, "党委", "综合"), Row("G", "小组", "C01", "党小组"), Row("X", "小组之下", "G"));

        var error = await ImportFailsAsync(file);

        error.Errors.Single().Should().Match<ValidationError>(e => e.Row == 4 && e.Message.Contains("党小组之下不能再设组织"));
    }

    [Fact]
    public async Task Import_WhenExistingOrgWouldMoveToAnotherParent_IsRefused()
    {
        using (var first = File(Row("C01", "某县委", null, "党委", "综合"), Row("T01", "甲镇", "C01", "党委", "综合"), Row("T02", "乙镇", "C01", "党委", "综合"), Row("V01", "东村", "T01")))
        await using (var s = database.Open())
        {
            await s.OrgImport.ImportAsync(first);
        }

        using var second = File(Row("V01", "东村", "T02"));
        var error = await ImportFailsAsync(second);

        error.Errors.Single().Message.Should().Contain("导入不调整已有组织的上级").And.Contain("“T01”");
    }

    [Fact]
    public async Task Import_WhenRegionExists_SetsItAndWhenUnknown_ListsTheKnownOnes()
    {
        Guid countyId;
        using (var first = File(Row("C01", "某县委", null, "党委", "综合"), Row("T01", "甲镇", "C01", "党委", "综合")))
        await using (var s = database.Open())
        {
            await s.OrgImport.ImportAsync(first);
            countyId = (await s.Orgs.FindByCodeAsync("C01"))!.Id;
            await s.Orgs.CreateRegionAsync(countyId, "东片", 1);
        }

        using (var good = File(Row("T01", "甲镇", "C01", "党委", "综合", region: "东片")))
        await using (var s = database.Open())
        {
            (await s.OrgImport.ImportAsync(good)).Updated.Should().Be(1);
        }
        (await AllOrgsAsync()).Single(o => o.Code == "T01").RegionId.Should().NotBeNull();

        using var bad = File(Row("T01", "甲镇", "C01", "党委", "综合", region: "西片"));
        var error = await ImportFailsAsync(bad);
        error.Errors.Single().Should().Match<ValidationError>(e => e.Field == "片区" && e.Message.Contains("现有片区：东片"));
    }

    [Fact]
    public async Task Import_WhenHeadersAreWrong_NamesTheMissingOnes()
    {
        using var file = TestFiles.Build(OrgSheet.SheetName, ["编码", OrgSheet.Name, OrgSheet.ParentCode, OrgSheet.Kind, OrgSheet.Domain], ["C01", "某县委", null, "党委", "综合"]);

        var error = await ImportFailsAsync(file);

        error.Message.Should().Contain("表头缺少").And.Contain("组织编码").And.Contain("片区");
        error.Errors.Select(e => e.Field).Should().BeEquivalentTo("组织编码", "党建强弱", "标准类型", "星级", "片区", "排序");
    }

    [Fact]
    public async Task Import_WhenFileIsTextRenamedToXlsx_IsRefused()
    {
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("组织编码,组织名称\nC01,某县委\n"));
        await using var s = database.Open();

        var act = () => s.OrgImport.ImportAsync(file);

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("not_xlsx");
    }

    [Fact]
    public async Task Import_WhenOnlyHeaders_SaysThereIsNoData()
    {
        using var file = File();
        await using var s = database.Open();

        var act = () => s.OrgImport.ImportAsync(file);

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("import_empty");
    }

    [Fact]
    public async Task ExportThenImport_RoundTrip_ReproducesTheTree()
    {
        // 1 county, 3 townships, 1 200 villages: more than one export page.
        var rows = new List<object?[]> { Row("C01", "某县委", null, "党委", "综合") };
        for (var t = 1; t <= 3; t++)
        {
            rows.Add(Row($"T{t:00}", $"{t}号镇党委", "C01", "党委", "综合", strength: "一般", sort: t));
        }
        for (var v = 1; v <= 1200; v++)
        {
            rows.Add(Row($"V{v:0000}", $"{v}号村党支部", $"T{v % 3 + 1:00}", strength: v % 2 == 0 ? "薄弱" : null, standard: "达标型", stars: v % 5 + 1, sort: v));
        }
        using (var file = File([.. rows]))
        await using (var s = database.Open())
        {
            (await s.OrgImport.ImportAsync(file)).Created.Should().Be(1204);
        }

        using var export = new MemoryStream();
        await using (var s = database.Open())
        {
            await s.OrgExport.WriteAsync(export, new OrgFilter());
        }
        var exported = TestFiles.Read(export);
        exported.Rows.Should().HaveCount(1204);
        exported.Headers.Should().Equal(Headers);

        // Back into the same database: nothing changes.
        await using (var s = database.Open())
        {
            (await s.OrgImport.ImportAsync(TestFiles.Copy(export))).Should().Be(new ImportSummary(0, 0, 1204));
        }

        // Into an empty database: the same tree, exported identically.
        var other = new TestDatabase();
        await other.InitializeAsync();
        try
        {
            await using (var s = other.Open())
            {
                (await s.OrgImport.ImportAsync(TestFiles.Copy(export))).Created.Should().Be(1204);
            }
            using var again = new MemoryStream();
            await using (var s = other.Open())
            {
                await s.OrgExport.WriteAsync(again, new OrgFilter());
            }
            var reexported = TestFiles.Read(again);
            // Tree order follows creation order, so compare the rows as a set.
            reexported.Rows.Select(r => string.Join("|", r.Values)).Should().BeEquivalentTo(exported.Rows.Select(r => string.Join("|", r.Values)));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Export_UsesTheListFilters()
    {
        using (var file = File(
            Row("C01", "某县委", null, "党委", "综合"),
            Row("T01", "甲镇", "C01", "党委", "综合"),
            Row("V01", "东村", "T01", strength: "薄弱"),
            Row("V02", "西村", "T01", strength: "党建强"),
            Row("T02", "乙镇", "C01", "党委", "综合"),
            Row("V03", "南村", "T02", strength: "薄弱")))
        await using (var s = database.Open())
        {
            await s.OrgImport.ImportAsync(file);
        }

        using var export = new MemoryStream();
        await using (var s = database.Open())
        {
            var township = await s.Orgs.FindByCodeAsync("T01");
            await s.OrgExport.WriteAsync(export, new OrgFilter(Under: township!.Id, Strength: StrengthClass.Weak));
        }

        var table = TestFiles.Read(export);
        table.Rows.Select(r => table.Cell(r, OrgSheet.Code)).Should().Equal("V01");
        table.Cell(table.Rows[0], OrgSheet.Strength).Should().Be("薄弱");
        table.Cell(table.Rows[0], OrgSheet.ParentCode).Should().Be("T01");
    }

    [Fact]
    public async Task Template_HasTheImportHeadersAndReimportsAsEmpty()
    {
        using var template = new MemoryStream();
        await using var s = database.Open();
        s.OrgImport.WriteTemplate(template);

        var table = TestFiles.Read(template);
        table.SheetName.Should().Be("组织");
        table.Headers.Should().Equal(Headers);
        table.Rows.Should().BeEmpty();
    }
}
