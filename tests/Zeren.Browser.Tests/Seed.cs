using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Browser.Tests;

/// <summary>
/// A small county through the services: 示范县委 → 东山镇 (three villages, one with a branch below) and 西河镇 (one village);
/// 30 members in 桃园村 for paging, a township secretary, a county leader linked to 东山镇, a reserve candidate, and one
/// member in 河口村 (西河镇).
/// </summary>
public sealed record Seed(
    OrgSummary County, OrgSummary Dongshan, OrgSummary Xihe, OrgSummary Taoyuan, OrgSummary Lizhuang, OrgSummary Hekou,
    PersonRow Secretary, PersonRow CountyLeader, IReadOnlyList<PersonRow> Villagers, PersonRow XiheMember)
{
    public const int VillagerCount = 30;

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    private static readonly string[] Given = ["建国", "秀英", "桂兰", "志强", "海燕", "国华", "丽娟", "春生", "晓明", "玉梅", "文军", "红霞"];

    public static async Task<Seed> PlantAsync(IServiceProvider services)
    {
        var orgs = services.GetRequiredService<OrganizationService>();
        var people = services.GetRequiredService<PeopleService>();
        var today = ChinaTime.Today(services.GetRequiredService<TimeProvider>());

        var county = await orgs.CreateAsync(new OrgInput(null, "C01", "示范县委", OrgKind.Committee, OrgDomain.Comprehensive));
        var region = await orgs.CreateRegionAsync(county.Id, "第一片区", 1);
        var dongshan = await orgs.CreateAsync(new OrgInput(county.Id, "T01", "东山镇党委", OrgKind.Committee, OrgDomain.Comprehensive,
            StrengthClass.Strong, null, 4, region.Id, 1));
        var xihe = await orgs.CreateAsync(new OrgInput(county.Id, "T02", "西河镇党委", OrgKind.Committee, OrgDomain.Comprehensive, SortOrder: 2));
        var taoyuan = await orgs.CreateAsync(new OrgInput(dongshan.Id, "V0101", "桃园村党支部", OrgKind.Branch, OrgDomain.Rural,
            StrengthClass.Average, StandardType.Compliant, 3, SortOrder: 1));
        var lizhuang = await orgs.CreateAsync(new OrgInput(dongshan.Id, "V0102", "李庄村党总支", OrgKind.GeneralBranch, OrgDomain.Rural, SortOrder: 2));
        await orgs.CreateAsync(new OrgInput(dongshan.Id, "V0103", "张湾村党支部", OrgKind.Branch, OrgDomain.Rural, SortOrder: 3));
        await orgs.CreateAsync(new OrgInput(lizhuang.Id, "V010201", "李庄村第一党支部", OrgKind.Branch, OrgDomain.Rural));
        var hekou = await orgs.CreateAsync(new OrgInput(xihe.Id, "V0201", "河口村党支部", OrgKind.Branch, OrgDomain.Rural));
        await orgs.CreateGridAsync(taoyuan.Id, "桃园一组网格", 86, null);

        var villagers = new List<PersonRow>();
        for (var i = 0; i < VillagerCount; i++)
        {
            var gender = i % 3 == 1 ? Gender.Female : Gender.Male;
            var birth = new DateOnly(1965 + i, 1 + i % 12, 1 + i % 27);
            var name = Surnames[i % Surnames.Length] + Given[i % Given.Length] + (i >= Surnames.Length * 2 ? Given[(i / 3) % Given.Length][..1] : "");
            villagers.Add(await people.CreateAsync(new PersonInput(taoyuan.Id, name, gender, PartyStatus.Full, "汉族", birth,
                Education.SeniorHigh, IdNumber("330824", birth, i, gender), $"138{i:D4}{5678 + i:D4}"[..11], birth.AddYears(25))));
        }

        var secretary = await people.CreateAsync(new PersonInput(dongshan.Id, "赵东山", Gender.Male, PartyStatus.Full, "汉族",
            new DateOnly(1975, 5, 4), Education.Bachelor, IdNumber("330824", new DateOnly(1975, 5, 4), 901, Gender.Male), "13900001111",
            new DateOnly(1998, 7, 1)));
        await people.AppointAsync(dongshan.Id, secretary.Id, PositionTitle.Secretary, today.AddYears(-2));
        await people.AppointAsync(taoyuan.Id, villagers[0].Id, PositionTitle.Secretary, today.AddYears(-1));

        var leader = await people.CreateAsync(new PersonInput(county.Id, "钱县长", Gender.Male, PartyStatus.Full, "汉族",
            new DateOnly(1970, 3, 3), Education.Postgraduate, null, null, new DateOnly(1995, 7, 1)));
        await people.AppointAsync(county.Id, leader.Id, PositionTitle.CountyLeader, today.AddYears(-3));
        await people.LinkAsync(LinkKind.CountyLeaderTownship, leader.Id, dongshan.Id, today.AddYears(-1));

        // The youngest villager is under 35: a 春苗 reserve for 桃园村.
        await people.AddReserveAsync(villagers[^1].Id, taoyuan.Id, PositionTitle.Secretary, today.AddMonths(-2), "致富带头人");

        var xiheMember = await people.CreateAsync(new PersonInput(hekou.Id, "孙河生", Gender.Male, PartyStatus.Full, "汉族",
            new DateOnly(1982, 8, 8), Education.College, IdNumber("330825", new DateOnly(1982, 8, 8), 77, Gender.Male), null,
            new DateOnly(2006, 7, 1)));

        return new Seed(county, dongshan, xihe, taoyuan, lizhuang, hekou, secretary, leader, villagers, xiheMember);
    }

    /// <summary>A valid 18-character ID number (GB 11643) for the region, birth date, sequence and gender.</summary>
    public static string IdNumber(string region, DateOnly birth, int sequence, Gender gender)
    {
        var seq = sequence % 500 * 2 + (gender == Gender.Male ? 1 : 0);
        var first17 = $"{region}{birth:yyyyMMdd}{seq:D3}";
        return first17 + ChineseIdNumber.CheckCharacter(first17);
    }
}
