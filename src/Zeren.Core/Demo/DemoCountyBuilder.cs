using System.Globalization;
using Bogus;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Person = Zeren.Core.People.Person;

namespace Zeren.Core.Demo;

/// <summary>
/// Builds one <see cref="DemoCounty"/>. Every draw comes from the seeded randomizers, and no draw depends on
/// today's date (ages are drawn in whole years and only then turned into dates), so the same seed gives the
/// same people whatever the clock says. Entities are made through their own Create methods, so the data
/// passes the same rules as anything a person enters.
/// </summary>
internal sealed class DemoCountyBuilder
{
    private const string HomeRegionCode = "339901"; // invented: 33 浙江 has no prefecture 99
    private const int KeyVillageCount = 13;         // seed 001: 13 个“双整”重点村
    private const int FirstSecretaryCount = 40;
    private const int VillagesWithoutReserves = 25;

    private readonly int seed;
    private readonly DateOnly today;
    private readonly DateTimeOffset now;
    private readonly PersonalDataProtector protector;
    private readonly Faker faker;
    private readonly DemoIdFactory ids;

    private readonly List<Region> regions = [];
    private readonly List<Organization> orgs = [];
    private readonly List<Organization> townships = [];
    private readonly List<Organization> units = [];
    private readonly List<Grid> grids = [];
    private readonly List<Person> people = [];
    private readonly List<Position> positions = [];
    private readonly List<Link> links = [];
    private readonly List<ReserveCadre> reserves = [];

    private readonly HashSet<string> idNumberStems = new(StringComparer.Ordinal);
    private readonly HashSet<string> mobiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> placeNames = new(StringComparer.Ordinal);

    private readonly List<Person> countyLeaders = [];
    private readonly List<Person> secondableAgencyStaff = [];
    private readonly Dictionary<Guid, TownshipTeam> teams = [];
    private readonly List<VillageCrew> crews = [];

    public DemoCountyBuilder(int seed, DateOnly today, DateTimeOffset now, PersonalDataProtector protector)
    {
        this.protector = protector;
        this.seed = seed;
        this.today = today;
        this.now = now;
        // Never Bogus's global seed: another caller could reseed it, and ids would shift with the names.
        faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        ids = new DemoIdFactory(new Randomizer(unchecked((seed * 7919) + 17)));
    }

    private Randomizer R => faker.Random;

    public DemoCounty Build()
    {
        var county = AddOrg(null, new OrgDetails(DemoCounty.CountyCode, DemoCounty.CountyName, OrgKind.Committee, OrgDomain.Comprehensive));
        for (var i = 0; i < DemoNames.Regions.Length; i++)
        {
            regions.Add(Region.Create(county.Id, DemoNames.Regions[i], i + 1, ids.Next()));
        }
        AddCountyLeaders(county);
        AddAgencies(county);
        AddNewEconomic(county);
        AddTownships(county);
        AddCountyLeaderLinks();
        var keyVillages = AddKeyVillages();
        AddFirstSecretaries(keyVillages);
        AddVillageLinks();
        AddReserves(keyVillages);
        var meetings = new DemoMeetings(seed, today, now).Generate(orgs, people, positions);
        var plans = new DemoPlans(seed, today, now).Generate(townships, people);
        return new DemoCounty(seed, today, county, regions, orgs, townships, units, grids, people, positions, links, reserves, meetings)
        {
            // Responsibility lists (责任清单)
            Lists = new DemoLists(seed, today).Generate(county, townships, orgs, positions),
            // Plans and projects
            Plans = plans,
            // Village decisions (村级事务)
            Matters = new DemoMatters(seed, today).Generate(townships, orgs, people, positions, links),
            // Inspections, problems and rectification (暗访, 问题清单, 举一反三)
            Inspections = new DemoInspections(seed, today, now).Generate(county, townships, units, grids),
            // Party-building audits (党建审计)
            Audits = DemoAudits.Generate(seed, now, county, townships, orgs),
            // Assessment (考核): last year's published township ranking
            Assessment = DemoAssessment.Generate(seed, today, now, county, townships),
        };
    }

    // ---- the county: 47 县级领导 ----

    private void AddCountyLeaders(Organization county)
    {
        for (var i = 0; i < 47; i++)
        {
            var leader = NewPerson(county.Id, Profile.CountyLeader, R.Number(42, 58), Membership.Full);
            countyLeaders.Add(leader);
            AddPosition(county, leader, PositionTitle.CountyLeader, R.Number(120, 1800));
        }
        // 县委书记 and the two 副书记 are county leaders too.
        AddPosition(county, countyLeaders[0], PositionTitle.Secretary, R.Number(300, 1200));
        AddPosition(county, countyLeaders[1], PositionTitle.DeputySecretary, R.Number(300, 1200));
        AddPosition(county, countyLeaders[2], PositionTitle.DeputySecretary, R.Number(300, 1200));
    }

    // ---- 县直机关工委 and its branches ----

    private void AddAgencies(Organization county)
    {
        var committee = AddOrg(county, new OrgDetails($"{DemoNames.CodePrefix}-JG", "县直机关工委", OrgKind.WorkingCommittee, OrgDomain.Agency, SortOrder: 20));
        AddPosition(committee, NewPerson(committee.Id, Profile.Agency, R.Number(40, 55), Membership.Full), PositionTitle.Secretary, R.Number(200, 1500));
        AddPosition(committee, NewPerson(committee.Id, Profile.Agency, R.Number(35, 52), Membership.Full), PositionTitle.DeputySecretary, R.Number(200, 1500));
        AddPosition(committee, NewPerson(committee.Id, Profile.Agency, R.Number(30, 48), Membership.Full), PositionTitle.OrganizationCommissioner, R.Number(200, 1500));
        for (var i = 0; i < DemoNames.AgencyBranches.Length; i++)
        {
            var (name, domain) = DemoNames.AgencyBranches[i];
            var branch = AddOrg(committee, new OrgDetails($"{DemoNames.CodePrefix}-JG-{i + 1:D2}", name, OrgKind.Branch, domain, SortOrder: i + 1));
            var size = R.Number(14, 36);
            for (var m = 0; m < size; m++)
            {
                var person = m == 0
                    ? NewPerson(branch.Id, Profile.Agency, R.Number(36, 55), Membership.Full)
                    : NewPerson(branch.Id, Profile.Agency, R.Number(23, 59), Membership.Member);
                if (m == 0)
                {
                    AddPosition(branch, person, PositionTitle.Secretary, R.Number(150, 2000));
                }
                else if (person.PartyStatus == PartyStatus.Full && person.AgeOn(today) is >= 28 and <= 50)
                {
                    // 选派第一书记 come from county units: members in the prime of their careers.
                    secondableAgencyStaff.Add(person);
                }
            }
        }
    }

    // ---- 非公和社会组织党委 ----

    private void AddNewEconomic(Organization county)
    {
        var committee = AddOrg(county, new OrgDetails($"{DemoNames.CodePrefix}-FG", "县非公和社会组织党委", OrgKind.Committee, OrgDomain.NewEconomic, SortOrder: 21));
        AddPosition(committee, NewPerson(committee.Id, Profile.Agency, R.Number(38, 55), Membership.Full), PositionTitle.Secretary, R.Number(200, 1500));
        AddPosition(committee, NewPerson(committee.Id, Profile.Agency, R.Number(32, 50), Membership.Full), PositionTitle.DeputySecretary, R.Number(200, 1500));
        for (var i = 0; i < DemoNames.NewEconomicBranches.Length; i++)
        {
            var branch = AddOrg(committee, new OrgDetails($"{DemoNames.CodePrefix}-FG-{i + 1:D2}", DemoNames.NewEconomicBranches[i], OrgKind.Branch, OrgDomain.NewEconomic, SortOrder: i + 1));
            var size = R.Number(8, 20);
            for (var m = 0; m < size; m++)
            {
                var person = NewPerson(branch.Id, Profile.NewEconomic, m == 0 ? R.Number(35, 55) : R.Number(23, 58), m == 0 ? Membership.Full : Membership.Member);
                if (m == 0)
                {
                    AddPosition(branch, person, PositionTitle.Secretary, R.Number(150, 2000));
                }
            }
        }
    }

    // ---- townships, their teams, villages and communities ----

    private void AddTownships(Organization county)
    {
        var total = DemoNames.Townships.Sum(t => t.Units);
        // Seed 001's split, exactly: 54 党建强, 112 一般, 100 薄弱 of 266.
        var strengths = R.Shuffle(
            Enumerable.Repeat(StrengthClass.Strong, 54)
                .Concat(Enumerable.Repeat(StrengthClass.Average, 112))
                .Concat(Enumerable.Repeat(StrengthClass.Weak, total - 54 - 112))).ToList();
        var next = 0;
        for (var t = 0; t < DemoNames.Townships.Length; t++)
        {
            var (name, isStreet, unitCount, communityCount) = DemoNames.Townships[t];
            var township = AddOrg(county, new OrgDetails(
                $"{DemoNames.CodePrefix}-{t + 1:D2}",
                name + (isStreet ? "党工委" : "党委"),
                isStreet ? OrgKind.WorkingCommittee : OrgKind.Committee,
                OrgDomain.Comprehensive,
                SortOrder: t + 1));
            township.SetRegion(regions[t / 3].Id);
            townships.Add(township);
            teams[township.Id] = AddTownshipTeam(township, unitCount);
            for (var u = 0; u < unitCount; u++)
            {
                AddVillage(township, u, isCommunity: u < communityCount, strengths[next++]);
            }
        }
    }

    private TownshipTeam AddTownshipTeam(Organization township, int unitCount)
    {
        // 乡镇班子: the secretary first; the others take turns as 包村领导.
        (PositionTitle Title, int MinAge, int MaxAge)[] posts =
        [
            (PositionTitle.Secretary, 38, 52),
            (PositionTitle.DeputySecretary, 35, 50),
            (PositionTitle.DeputySecretary, 33, 50),
            (PositionTitle.OrganizationCommissioner, 32, 48),
            (PositionTitle.PartyOfficeDirector, 28, 45),
            (PositionTitle.PropagandaCommissioner, 30, 48),
            (PositionTitle.DisciplineCommissioner, 33, 50),
        ];
        var leaders = new List<Person>(posts.Length);
        foreach (var (title, minAge, maxAge) in posts)
        {
            var person = NewPerson(township.Id, Profile.TownshipCadre, R.Number(minAge, maxAge), Membership.Full);
            AddPosition(township, person, title, R.Number(90, 1800));
            leaders.Add(person);
        }
        // 乡镇干部 who are 包村干部: about one for every two villages.
        var cadres = new List<Person>();
        var cadreCount = ((unitCount + 1) / 2) + 2;
        for (var i = 0; i < cadreCount; i++)
        {
            var person = NewPerson(township.Id, Profile.TownshipCadre, R.Number(24, 55), Membership.Member);
            AddPosition(township, person, PositionTitle.TownshipCadre, R.Number(60, 3000));
            cadres.Add(person);
        }
        return new TownshipTeam(leaders, cadres);
    }

    private void AddVillage(Organization township, int index, bool isCommunity, StrengthClass strength)
    {
        var kindRoll = R.Double();
        var kind = isCommunity
            ? kindRoll < 0.4 ? OrgKind.Committee : kindRoll < 0.7 ? OrgKind.GeneralBranch : OrgKind.Branch
            : kindRoll < 0.06 ? OrgKind.Committee : kindRoll < 0.28 ? OrgKind.GeneralBranch : OrgKind.Branch;
        var size = kind switch
        {
            OrgKind.Committee => R.Number(60, 90),
            OrgKind.GeneralBranch => R.Number(35, 55),
            _ => isCommunity ? R.Number(18, 32) : 8 + (int)(18 * Math.Pow(R.Double(), 1.3)),
        };
        var (standard, stars) = Rating(strength);
        var placeName = NewPlaceName(isCommunity);
        var kindSuffix = kind switch
        {
            OrgKind.Committee => "党委",
            OrgKind.GeneralBranch => "党总支",
            _ => "党支部",
        };
        var domain = isCommunity ? OrgDomain.Community : OrgDomain.Rural;
        var village = AddOrg(township, new OrgDetails(
            $"{township.Code}-{index + 1:D3}", placeName + kindSuffix, kind, domain, strength, standard, stars, index + 1));
        units.Add(village);

        // 党委 and 党总支 have 党支部 under them, and members belong to those branches.
        var branches = new List<Organization>();
        var branchCount = kind switch
        {
            OrgKind.Committee => R.Number(3, 5),
            OrgKind.GeneralBranch => R.Number(2, 3),
            _ => 0,
        };
        for (var b = 0; b < branchCount; b++)
        {
            branches.Add(AddOrg(village, new OrgDetails(
                $"{village.Code}-{b + 1:D2}", $"{placeName}{DemoNames.Ordinals[b]}党支部", OrgKind.Branch, domain, SortOrder: b + 1)));
        }
        // A few smaller branches split their members into 党小组.
        if (kind == OrgKind.Branch && R.Double() < 0.12)
        {
            var groupCount = R.Number(2, 3);
            for (var g = 0; g < groupCount; g++)
            {
                AddOrg(village, new OrgDetails(
                    $"{village.Code}-G{g + 1}", $"{village.Name}{DemoNames.Ordinals[g]}党小组", OrgKind.Group, domain, SortOrder: g + 1));
            }
        }

        var members = new List<Person>(size);
        for (var m = 0; m < size; m++)
        {
            var orgId = branches.Count > 0 ? branches[m % branches.Count].Id : village.Id;
            members.Add(m switch
            {
                0 => NewPerson(orgId, Profile.VillageCadre, R.Number(38, 60), Membership.Full),   // 书记
                1 => NewPerson(orgId, Profile.VillageCadre, R.Number(25, 48), Membership.Member), // 文书
                2 or 3 => NewPerson(orgId, Profile.Villager, R.Number(22, 34), Membership.Member), // young members, for 后备
                4 => NewPerson(orgId, Profile.VillageCadre, R.Number(35, 60), Membership.Full),   // may be 村委会主任
                _ => NewPerson(orgId, Profile.Villager, VillagerAge(), Membership.Member),
            });
        }

        AddPosition(village, members[0], PositionTitle.Secretary, R.Number(180, 3650));
        AddPosition(village, members[1], PositionTitle.Clerk, R.Number(90, 2500));
        if (branches.Count == 0)
        {
            // A village branch has a 支部委员会 of three: the secretary and two 委员, full members elected with the
            // secretary. Dated without a draw, so the rest of the county is the same as before they were added.
            var elected = 150 + (index * 37 % 900);
            var commissioners = members.Skip(4).Where(m => m.PartyStatus == PartyStatus.Full).Take(2).ToList();
            foreach (var (member, title) in commissioners.Zip([PositionTitle.OrganizationCommissioner, PositionTitle.PropagandaCommissioner]))
            {
                AddPosition(village, member, title, elected);
            }
        }
        for (var b = 0; b < branches.Count; b++)
        {
            // members[b + n] is the first member of branch b after the village-wide posts.
            AddPosition(branches[b], members[b + branches.Count], PositionTitle.Secretary, R.Number(180, 2500));
        }

        // 村委会主任: often the secretary (一肩挑), sometimes a non-member, now and then vacant.
        var directorRoll = R.Double();
        Person? director = directorRoll switch
        {
            < 0.10 => null,
            < 0.45 => members[0],
            < 0.85 => members[4],
            _ => NewPerson(village.Id, Profile.VillageCadre, R.Number(35, 60), Membership.None),
        };
        if (director is not null)
        {
            AddPosition(village, director, PositionTitle.VillageCommitteeDirector, R.Number(180, 1900));
        }

        var gridCount = isCommunity ? R.Number(3, 4) : kind == OrgKind.Branch ? R.Number(1, 3) : R.Number(2, 4);
        for (var g = 0; g < gridCount; g++)
        {
            var households = isCommunity ? R.Number(150, 600) : R.Number(40, 180);
            var leaderRoll = R.Number(1, size - 1);
            grids.Add(Grid.Create(village.Id, $"{DemoNames.Ordinals[g]}网格", households, members[leaderRoll].Id, ids.Next()));
        }

        crews.Add(new VillageCrew(village, township, members, director));
    }

    private (StandardType Standard, int Stars) Rating(StrengthClass strength)
    {
        var a = R.Double();
        var b = R.Double();
        return strength switch
        {
            StrengthClass.Strong => (a < 0.6 ? StandardType.Model : StandardType.Compliant, b < 0.5 ? 5 : 4),
            StrengthClass.Average => (a < 0.12 ? StandardType.Model : StandardType.Compliant, b < 0.2 ? 2 : b < 0.8 ? 3 : 4),
            _ => (StandardType.Compliant, b < 0.4 ? 1 : b < 0.85 ? 2 : 3),
        };
    }

    private string NewPlaceName(bool isCommunity)
    {
        var (first, second, suffix) = isCommunity
            ? (DemoNames.CommunityFirst, DemoNames.CommunitySecond, "社区")
            : (DemoNames.VillageFirst, DemoNames.VillageSecond, "村");
        while (true)
        {
            var a = R.ArrayElement(first);
            var b = R.ArrayElement(second);
            var name = a + b + suffix;
            if (a != b && placeNames.Add(name))
            {
                return name;
            }
        }
    }

    // ---- links ----

    private void AddCountyLeaderLinks()
    {
        // 47 leaders over 15 townships: three each, and the two largest townships get a fourth (seed 003).
        var order = R.Shuffle(Enumerable.Range(0, countyLeaders.Count)).ToList();
        var largest = Enumerable.Range(0, townships.Count)
            .OrderByDescending(t => DemoNames.Townships[t].Units).ThenBy(t => t).Take(countyLeaders.Count - (3 * townships.Count)).ToList();
        for (var k = 0; k < order.Count; k++)
        {
            var township = townships[k < 3 * townships.Count ? k % townships.Count : largest[k - (3 * townships.Count)]];
            var leader = countyLeaders[order[k]];
            links.Add(Link.Create(LinkKind.CountyLeaderTownship, leader.Id, township.Id, today.AddDays(-R.Number(200, 1200)), today, ids.Next()));
            teams[township.Id].CountyLeaders.Add(leader);
        }
    }

    /// <summary>13 重点村: a weak village in each of 13 townships, each followed by a county leader of that township.</summary>
    private List<VillageCrew> AddKeyVillages()
    {
        var keyVillages = new List<VillageCrew>();
        var candidates = townships
            .Select(t => crews.Where(c => c.Township.Id == t.Id && c.Village.IsVillage && c.Village.Strength == StrengthClass.Weak).ToList())
            .Where(list => list.Count > 0)
            .OrderByDescending(list => list.Count).ThenBy(list => list[0].Village.Code, StringComparer.Ordinal)
            .Take(KeyVillageCount)
            .OrderBy(list => list[0].Village.Code, StringComparer.Ordinal)
            .ToList();
        foreach (var list in candidates)
        {
            var crew = list[R.Number(0, list.Count - 1)];
            var leaders = teams[crew.Township.Id].CountyLeaders;
            var leader = leaders[R.Number(0, leaders.Count - 1)];
            links.Add(Link.Create(LinkKind.KeyVillage, leader.Id, crew.Village.Id, today.AddDays(-R.Number(90, 700)), today, ids.Next()));
            keyVillages.Add(crew);
        }
        return keyVillages;
    }

    /// <summary>第一书记: every key village, and more villages weighted towards the weak ones.</summary>
    private void AddFirstSecretaries(List<VillageCrew> keyVillages)
    {
        var keyIds = keyVillages.Select(k => k.Village.Id).ToHashSet();
        // Weighted sampling without replacement (Efraimidis–Spirakis): the largest u^(1/w) win.
        var others = crews
            .Where(c => c.Village.IsVillage && !keyIds.Contains(c.Village.Id))
            .Select(c => (Crew: c, Key: Math.Pow(R.Double(), 1.0 / Weight(c.Village.Strength, 6, 2, 1))))
            .OrderByDescending(x => x.Key)
            .Take(FirstSecretaryCount - keyVillages.Count)
            .Select(x => x.Crew);
        var chosen = keyVillages.Concat(others).OrderBy(c => c.Village.Code, StringComparer.Ordinal).ToList();
        var staff = R.Shuffle(secondableAgencyStaff).Take(chosen.Count).ToList();
        for (var i = 0; i < chosen.Count; i++)
        {
            AddPosition(chosen[i].Village, staff[i], PositionTitle.FirstSecretary, R.Number(60, 900));
        }
    }

    /// <summary>包村领导 and 包村干部 for every village; 组团联村干部 for half the weak ones and a few others.</summary>
    private void AddVillageLinks()
    {
        foreach (var township in townships)
        {
            var team = teams[township.Id];
            var villages = crews.Where(c => c.Township.Id == township.Id && c.Village.IsVillage).ToList();
            for (var i = 0; i < villages.Count; i++)
            {
                var village = villages[i].Village;
                // Everyone on the 班子 but the secretary takes turns as 包村领导.
                var villageLeader = team.Leaders[1 + (i % (team.Leaders.Count - 1))];
                var cadreIndex = i % team.Cadres.Count;
                AddLink(LinkKind.VillageLeader, villageLeader, village, R.Number(60, 1500));
                AddLink(LinkKind.VillageCadre, team.Cadres[cadreIndex], village, R.Number(60, 1500));
                var teamRoll = R.Double();
                var teamSize = (village.Strength == StrengthClass.Weak && teamRoll < 0.5) || teamRoll < 0.12 ? R.Number(1, 2) : 0;
                for (var j = 1; j <= teamSize; j++)
                {
                    AddLink(LinkKind.TeamVillageCadre, team.Cadres[(cadreIndex + j) % team.Cadres.Count], village, R.Number(30, 700));
                }
            }
        }
    }

    // ---- reserve cadres (后备干部, seed 002) ----

    private void AddReserves(List<VillageCrew> keyVillages)
    {
        var keyIds = keyVillages.Select(k => k.Village.Id).ToHashSet();
        var villages = crews.Where(c => c.Village.IsVillage).ToList();
        // Some villages have no reserve yet, so the “缺后备” list has something to show; weak villages more often.
        var lacking = villages
            .Where(c => !keyIds.Contains(c.Village.Id))
            .Select(c => (Id: c.Village.Id, Key: Math.Pow(R.Double(), 1.0 / Weight(c.Village.Strength, 3, 2, 1))))
            .OrderByDescending(x => x.Key)
            .Take(VillagesWithoutReserves)
            .Select(x => x.Id)
            .ToHashSet();
        foreach (var crew in villages)
        {
            if (lacking.Contains(crew.Village.Id))
            {
                continue;
            }
            // Anyone but the sitting 书记 and 村委会主任; about four in ten of those chosen are under 35 (春苗计划).
            var pool = crew.Members.Skip(1).Where(p => p != crew.Director && p.PartyStatus != PartyStatus.None).ToList();
            var young = pool.Where(p => p.AgeOn(today) < ReserveCadre.YouthAgeLimit).ToList();
            var prime = pool.Where(p => p.AgeOn(today) is >= ReserveCadre.YouthAgeLimit and <= 55).ToList();
            var count = R.Double() < 0.55 ? 2 : 1;
            var taken = new HashSet<Person>();
            for (var i = 0; i < count; i++)
            {
                var wantYoung = R.Double() < 0.42;
                var from = (wantYoung ? young : prime).Where(p => !taken.Contains(p)).ToList();
                if (from.Count == 0)
                {
                    from = pool.Where(p => !taken.Contains(p)).ToList();
                }
                var person = from[R.Number(0, from.Count - 1)];
                taken.Add(person);
                var post = R.Double() < 0.6 ? PositionTitle.Secretary : PositionTitle.VillageCommitteeDirector;
                var note = R.Double() < 0.3 ? R.ArrayElement(DemoNames.ReserveNotes) : null;
                reserves.Add(ReserveCadre.Create(person.Id, crew.Village.Id, post, today.AddDays(-R.Number(30, 1000)), today, note, ids.Next()));
            }
        }
    }

    private static double Weight(StrengthClass? strength, double weak, double average, double strong) => strength switch
    {
        StrengthClass.Weak => weak,
        StrengthClass.Average => average,
        _ => strong,
    };

    // ---- entities ----

    private Organization AddOrg(Organization? parent, OrgDetails details)
    {
        var org = Organization.Create(parent, details, now, ids.Next());
        orgs.Add(org);
        return org;
    }

    private void AddPosition(Organization org, Person person, PositionTitle title, int daysAgo) =>
        positions.Add(Position.Create(org.Id, person.Id, title, today.AddDays(-daysAgo), today, ids.Next()));

    private void AddLink(LinkKind kind, Person person, Organization org, int daysAgo) =>
        links.Add(Link.Create(kind, person.Id, org.Id, today.AddDays(-daysAgo), today, ids.Next()));

    /// <summary>Village members are older than the population: most are between 40 and 80.</summary>
    private int VillagerAge()
    {
        // Box–Muller; both draws are always taken so the stream does not depend on the outcome.
        var u1 = 1.0 - R.Double();
        var u2 = R.Double();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Clamp((int)Math.Round(57 + (13 * normal)), 22, 90);
    }

    /// <summary>
    /// A person of the given age (in whole years on today's date). The draws are the same in number and order
    /// whatever the outcome, so later people do not shift when one person's details change.
    /// </summary>
    private Person NewPerson(Guid orgId, Profile profile, int age, Membership membership)
    {
        var female = R.Double() < FemaleShare(profile);
        var surname = faker.Name.LastName();
        var styleRoll = R.Double();
        var modernMale = faker.Name.FirstName();
        var olderMale = R.ArrayElement(DemoNames.OlderMaleGiven);
        var olderFemale = R.ArrayElement(DemoNames.OlderFemaleGiven);
        var femaleA = R.ArrayElement(DemoNames.YoungerFemaleChars);
        var femaleB = R.ArrayElement(DemoNames.YoungerFemaleChars);
        var minorityRoll = R.Double();
        var minority = R.ArrayElement(DemoNames.Minorities);
        var dayOffset = R.Number(0, 364);
        var educationRoll = R.Double();
        var birthplaceRoll = R.Number(0, 19);
        var sequence = R.Number(0, 499);
        var mobilePrefix = R.ArrayElement(DemoNames.MobilePrefixes);
        var mobileRest = R.Number(0, 99_999_999);
        var statusRoll = R.Double();
        var joinRoll = R.Double();

        var given = female
            ? age >= 50 && styleRoll < 0.7 ? olderFemale : styleRoll < 0.85 ? femaleA + femaleB : femaleA
            : (age >= 50 && styleRoll < 0.6) || DemoNames.FamousGiven.Contains(modernMale) ? olderMale : modernMale;
        var gender = female ? Gender.Female : Gender.Male;
        // Less than a year past the birthday, so the age on today is exactly `age`.
        var birth = today.AddYears(-age).AddDays(-dayOffset);

        var status = membership switch
        {
            Membership.None => PartyStatus.None,
            Membership.Full => PartyStatus.Full,
            _ => statusRoll < (age <= 40 ? 0.10 : 0.012) ? PartyStatus.Probationary : PartyStatus.Full,
        };
        DateOnly? joined = status switch
        {
            // 预备期 is one year: joined within the last year.
            PartyStatus.Probationary => today.AddDays(-(20 + (int)(joinRoll * 330))),
            // At 18 at the earliest, and more than a year ago; most join young.
            PartyStatus.Full => JoinedAsFullMember(birth, joinRoll),
            _ => null,
        };

        var details = new PersonDetails(
            surname + given,
            gender,
            status,
            minorityRoll < 0.04 ? minority : "汉族",
            birth,
            EducationOf(profile, age, educationRoll),
            NewIdNumber(birthplaceRoll, birth, sequence, gender),
            NewMobile(mobilePrefix, mobileRest),
            joined);
        var person = Person.Create(orgId, details, today, now, protector, ids.Next());
        people.Add(person);
        return person;
    }

    private DateOnly JoinedAsFullMember(DateOnly birth, double roll)
    {
        var earliest = birth.AddYears(18);
        var latest = today.AddDays(-400);
        var span = Math.Min(latest.DayNumber - earliest.DayNumber, 40 * 365);
        return earliest.AddDays((int)(span * Math.Pow(roll, 1.8)));
    }

    /// <summary>GB 11643: region, birth date, a sequence whose last digit is odd for men, and the check character.</summary>
    private string NewIdNumber(int birthplaceRoll, DateOnly birth, int sequence, Gender gender)
    {
        // Most were born in the county; a few in the (equally invented) neighbouring counties.
        var region = birthplaceRoll < 17 ? HomeRegionCode : $"3399{birthplaceRoll - 15:D2}";
        var code = (sequence * 2) + (gender == Gender.Male ? 1 : 0);
        var date = birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        while (true)
        {
            var stem = string.Concat(region, date, code.ToString("D3", CultureInfo.InvariantCulture));
            if (idNumberStems.Add(stem))
            {
                return stem + ChineseIdNumber.CheckCharacter(stem);
            }
            code = (code + 2) % 1000; // the next free sequence of the same parity
        }
    }

    private string NewMobile(string prefix, int rest)
    {
        while (true)
        {
            var mobile = prefix + rest.ToString("D8", CultureInfo.InvariantCulture);
            if (mobiles.Add(mobile))
            {
                return mobile;
            }
            rest = (rest + 1) % 100_000_000;
        }
    }

    private static double FemaleShare(Profile profile) => profile switch
    {
        Profile.Villager => 0.25,
        Profile.VillageCadre => 0.15,
        Profile.TownshipCadre => 0.3,
        Profile.CountyLeader => 0.15,
        Profile.Agency => 0.42,
        _ => 0.35,
    };

    private static Education EducationOf(Profile profile, int age, double roll) => profile switch
    {
        Profile.Villager when age >= 60 => Pick(roll, (0.45, Education.Primary), (0.85, Education.JuniorHigh), (1, Education.SeniorHigh)),
        Profile.Villager when age >= 40 => Pick(roll, (0.15, Education.Primary), (0.65, Education.JuniorHigh), (0.9, Education.SeniorHigh), (1, Education.College)),
        Profile.Villager => Pick(roll, (0.15, Education.JuniorHigh), (0.45, Education.SeniorHigh), (0.75, Education.College), (1, Education.Bachelor)),
        Profile.VillageCadre => Pick(roll, (0.05, Education.JuniorHigh), (0.4, Education.SeniorHigh), (0.8, Education.College), (1, Education.Bachelor)),
        Profile.CountyLeader => Pick(roll, (0.45, Education.Bachelor), (1, Education.Postgraduate)),
        Profile.NewEconomic => Pick(roll, (0.2, Education.SeniorHigh), (0.55, Education.College), (0.95, Education.Bachelor), (1, Education.Postgraduate)),
        _ => Pick(roll, (0.2, Education.College), (0.85, Education.Bachelor), (1, Education.Postgraduate)),
    };

    private static Education Pick(double roll, params (double Upto, Education Value)[] table)
    {
        foreach (var (upto, value) in table)
        {
            if (roll < upto)
            {
                return value;
            }
        }
        return table[^1].Value;
    }

    private enum Profile
    {
        Villager,
        VillageCadre,
        TownshipCadre,
        CountyLeader,
        Agency,
        NewEconomic,
    }

    private enum Membership
    {
        /// <summary>Full, or probationary now and then.</summary>
        Member,
        Full,
        None,
    }

    private sealed record TownshipTeam(List<Person> Leaders, List<Person> Cadres)
    {
        public List<Person> CountyLeaders { get; } = [];
    }

    private sealed record VillageCrew(Organization Village, Organization Township, List<Person> Members, Person? Director);
}
