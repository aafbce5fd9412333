namespace Zeren.Core.Demo;

/// <summary>
/// Invented names for the demo county 青岚县. Place names are made-up combinations, not real places;
/// person names are drawn at random, not real people.
/// </summary>
internal static class DemoNames
{
    public const string CountyShort = "青岚县";
    public const string CodePrefix = "QL";

    /// <summary>The five 片区 and the three townships each groups, in order.</summary>
    public static readonly string[] Regions = ["城区片区", "东部片区", "南部片区", "西部片区", "北部片区"];

    /// <summary>15 乡镇/街道: name, whether a 街道 (党工委), how many villages and communities it has, how many of them are communities.</summary>
    public static readonly (string Name, bool IsStreet, int Units, int Communities)[] Townships =
    [
        ("岚城街道", true, 14, 8),
        ("溪岸街道", true, 12, 7),
        ("青芷镇", false, 20, 1),
        ("松禾镇", false, 19, 1),
        ("鹭汀镇", false, 18, 1),
        ("桐岚镇", false, 22, 1),
        ("云岫镇", false, 17, 1),
        ("枫岙镇", false, 16, 0),
        ("竹漪乡", false, 19, 0),
        ("梅汀乡", false, 18, 0),
        ("石砚镇", false, 21, 0),
        ("杏湖乡", false, 17, 0),
        ("棠溪镇", false, 18, 0),
        ("雁屿乡", false, 15, 0),
        ("茗川乡", false, 20, 0),
    ];

    public static readonly string[] VillageFirst =
    [
        "上", "下", "东", "西", "南", "北", "大", "小", "新", "高", "前", "后", "中", "里", "外", "龙", "凤", "桃",
        "杨", "柳", "松", "竹", "梅", "枫", "茶", "石", "金", "银", "青", "白", "黄", "红", "马", "鹿", "鹤", "云",
        "霞", "溪", "樟", "桂", "荷", "杏", "栗", "岚", "泉", "芦",
    ];

    public static readonly string[] VillageSecond =
    [
        "坑", "源", "岭", "坞", "岙", "塘", "湾", "田", "山", "川", "溪", "口", "头", "坂", "洋", "垄", "畈", "桥",
        "庄", "园", "坪", "湖", "潭", "埠", "林", "岗", "峰", "阳", "家", "墩", "滩", "岩", "屏", "垟",
    ];

    public static readonly string[] CommunityFirst =
        ["岚", "文", "新", "和", "平", "兴", "安", "康", "锦", "华", "明", "清", "泰", "福", "瑞", "春", "雅", "馨"];

    public static readonly string[] CommunitySecond =
        ["苑", "园", "桥", "湖", "城", "华", "安", "和", "兴", "阳", "景", "泉", "塘", "庭"];

    public static readonly string[] Ordinals = ["第一", "第二", "第三", "第四", "第五", "第六"];

    /// <summary>县直机关工委's branches: name and domain.</summary>
    public static readonly (string Name, Organizations.OrgDomain Domain)[] AgencyBranches =
    [
        ("县委办公室党支部", Organizations.OrgDomain.Agency),
        ("县政府办公室党支部", Organizations.OrgDomain.Agency),
        ("县委组织部党支部", Organizations.OrgDomain.Agency),
        ("县委宣传部党支部", Organizations.OrgDomain.Agency),
        ("县发展和改革局党支部", Organizations.OrgDomain.Agency),
        ("县财政局党支部", Organizations.OrgDomain.Agency),
        ("县农业农村局党支部", Organizations.OrgDomain.Agency),
        ("县自然资源和规划局党支部", Organizations.OrgDomain.Agency),
        ("县林业事业发展中心党支部", Organizations.OrgDomain.PublicInstitution),
        ("县水利工程服务中心党支部", Organizations.OrgDomain.PublicInstitution),
        ("青岚中学党支部", Organizations.OrgDomain.School),
        ("县实验小学党支部", Organizations.OrgDomain.School),
        ("县人民医院党支部", Organizations.OrgDomain.Hospital),
        ("县中医院党支部", Organizations.OrgDomain.Hospital),
        ("县交通投资集团党支部", Organizations.OrgDomain.StateEnterprise),
    ];

    /// <summary>非公和社会组织党委's branches (两新).</summary>
    public static readonly string[] NewEconomicBranches =
    [
        "青岚竹木制品有限公司党支部",
        "岚溪茶叶专业合作社党支部",
        "县物流行业协会党支部",
        "云岫电子商务产业园联合党支部",
        "县律师行业党支部",
    ];

    /// <summary>Given names the older generation tends to have; Bogus's zh_CN names are the younger style.</summary>
    public static readonly string[] OlderMaleGiven =
    [
        "建国", "建华", "国强", "志明", "德明", "金水", "根土", "长根", "水生", "永福", "建平", "国华", "卫东", "红军",
        "跃进", "志刚", "荣华", "有才", "春生", "炳坤", "樟林", "土根", "新民", "爱国", "永康", "德兴", "明华", "文忠",
    ];

    /// <summary>Bogus given names that, with a common surname, name a well-known person (林语堂, 马思聪): not used.</summary>
    public static readonly HashSet<string> FamousGiven = new(["语堂", "思聪", "胤祥"], StringComparer.Ordinal);

    public static readonly string[] OlderFemaleGiven =
    [
        "秀英", "桂英", "玉兰", "凤英", "秀珍", "桂香", "美华", "爱华", "月娥", "金花", "小凤", "彩霞", "素琴", "丽娟",
        "春梅", "翠萍", "菊花", "冬梅", "玉珍", "美娟", "红英", "雪琴", "招娣", "兰英",
    ];

    public static readonly string[] YoungerFemaleChars =
    [
        "婷", "静", "敏", "慧", "雪", "晶", "丹", "艳", "莉", "佳", "欣", "怡", "颖", "洁", "琳", "倩", "媛", "璐",
        "雯", "蕾", "晨", "思", "梦", "雨", "诗", "语", "可", "馨", "悦", "宁", "妍", "楠",
    ];

    public static readonly string[] Minorities = ["畲族", "畲族", "畲族", "回族", "苗族", "土家族", "满族", "壮族"];

    public static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
        "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "185", "186", "187", "188",
        "189", "191", "195", "198", "199",
    ];

    public static readonly string[] ReserveNotes =
        ["返乡创业青年", "致富带头人", "退役军人", "村级后备力量培养对象", "大学生村官", "农村实用人才"];
}
