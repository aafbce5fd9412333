using System.Diagnostics;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit;
using Xunit.Abstractions;
using Zeren.Core.Data;
using Zeren.Core.Demo;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Demo;

/// <summary>One generated county shared by the tests that only read it: generating takes a moment.</summary>
public sealed class DemoCountyFixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero); // 10:00 in Shanghai

    public FixedClock Clock { get; } = new(Now);
    public DemoCounty County { get; }

    public DemoCountyFixture() => County = DemoCounty.Generate(Clock, TestKeys.Protector);
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

public sealed class DemoCountyTests(DemoCountyFixture fixture, ITestOutputHelper output) : IClassFixture<DemoCountyFixture>
{
    private DemoCounty County => fixture.County;
    private DateOnly Today => County.Today;

    private List<Organization> RuralVillages => County.VillagesAndCommunities.Where(v => v.IsVillage).ToList();

    private HashSet<Guid> CountyLeaderIds => County.Positions
        .Where(p => p.Title == PositionTitle.CountyLeader).Select(p => p.PersonId).ToHashSet();

    [Fact]
    public void Generate_HasFifteenTownshipsInFiveRegionsOfThree()
    {
        County.County.Name.Should().Be("中共青岚县委");
        County.County.Depth.Should().Be(0);
        County.County.Kind.Should().Be(OrgKind.Committee);
        County.Townships.Should().HaveCount(15);
        County.Townships.Should().OnlyContain(t => t.Depth == 1 && t.ParentId == County.County.Id && t.Domain == OrgDomain.Comprehensive);
        County.Townships.Should().Contain(t => t.Kind == OrgKind.WorkingCommittee);
        County.Townships.Select(t => t.Code).Should().BeEquivalentTo(Enumerable.Range(1, 15).Select(i => $"QL-{i:D2}"));
        County.Regions.Should().HaveCount(5);
        County.Townships.GroupBy(t => t.RegionId).Should().HaveCount(5).And.OnlyContain(g => g.Count() == 3);
        County.Townships.Select(t => t.RegionId).Should().OnlyContain(id => County.Regions.Any(r => r.Id == id));
    }

    [Fact]
    public void Generate_Has266VillagesAndCommunities_RatedAsSeed001()
    {
        var units = County.VillagesAndCommunities;
        units.Should().HaveCount(266);
        units.Should().OnlyContain(u => u.Depth == 2 && (u.Domain == OrgDomain.Rural || u.Domain == OrgDomain.Community));
        units.Count(u => u.Domain == OrgDomain.Community).Should().BeInRange(15, 25);
        units.Count(u => u.Strength == StrengthClass.Strong).Should().Be(54);
        units.Count(u => u.Strength == StrengthClass.Average).Should().Be(112);
        units.Count(u => u.Strength == StrengthClass.Weak).Should().Be(100);
        units.Should().OnlyContain(u => u.Standard != null && u.Stars >= 1 && u.Stars <= 5);
        units.Where(u => u.Strength == StrengthClass.Weak).Average(u => u.Stars!.Value)
            .Should().BeLessThan(units.Where(u => u.Strength == StrengthClass.Strong).Average(u => u.Stars!.Value));
        units.Select(u => u.Kind).Distinct().Should().BeEquivalentTo([OrgKind.Branch, OrgKind.GeneralBranch, OrgKind.Committee]);
        units.Should().Contain(u => u.Code == "QL-01-005");
        County.Organizations.Should().Contain(o => o.Kind == OrgKind.Branch && o.Depth == 3);
        County.Organizations.Should().Contain(o => o.Kind == OrgKind.Group);
    }

    [Fact]
    public void Generate_PutsParentsBeforeChildren_WithUniqueCodes()
    {
        var seen = new HashSet<Guid>();
        foreach (var org in County.Organizations)
        {
            if (org.ParentId is { } parent)
            {
                seen.Should().Contain(parent, $"{org.Name} comes after its parent");
            }
            seen.Add(org.Id);
        }
        County.Organizations.Select(o => o.Code).Should().OnlyHaveUniqueItems();
        County.Organizations.Where(o => o.Domain == OrgDomain.NewEconomic && o.Kind == OrgKind.Branch).Should().NotBeEmpty();
        County.Organizations.Where(o => o.Depth == 2 && o.Domain is OrgDomain.Agency or OrgDomain.School or OrgDomain.Hospital
            or OrgDomain.PublicInstitution or OrgDomain.StateEnterprise).Should().HaveCount(15);
    }

    [Fact]
    public void Generate_Gives47CountyLeaders_EachLinkedToExactlyOneTownship()
    {
        var leaders = CountyLeaderIds;
        leaders.Should().HaveCount(47);
        County.People.Where(p => leaders.Contains(p.Id)).Should().OnlyContain(p => p.OrgId == County.County.Id);
        var links = County.Links.Where(l => l.Kind == LinkKind.CountyLeaderTownship).ToList();
        links.Should().HaveCount(47);
        links.GroupBy(l => l.PersonId).Should().HaveCount(47).And.OnlyContain(g => g.Count() == 1);
        links.Select(l => l.PersonId).Should().OnlyContain(id => leaders.Contains(id));
        var townshipIds = County.Townships.Select(t => t.Id).ToHashSet();
        links.Should().OnlyContain(l => townshipIds.Contains(l.OrgId));
        links.GroupBy(l => l.OrgId).Should().HaveCount(15).And.OnlyContain(g => g.Count() == 3 || g.Count() == 4);
    }

    [Fact]
    public void Generate_Has13KeyVillages_WeakAndFollowedByALeaderOfTheirTownship()
    {
        var keys = County.Links.Where(l => l.Kind == LinkKind.KeyVillage).ToList();
        keys.Should().HaveCount(13);
        keys.Select(l => l.OrgId).Should().OnlyHaveUniqueItems();
        var orgs = County.Organizations.ToDictionary(o => o.Id);
        keys.Should().OnlyContain(l => orgs[l.OrgId].IsVillage && orgs[l.OrgId].Strength == StrengthClass.Weak);
        keys.Should().OnlyContain(l => County.Links.Any(t => t.Kind == LinkKind.CountyLeaderTownship
            && t.PersonId == l.PersonId && t.OrgId == orgs[l.OrgId].ParentId));
    }

    [Fact]
    public void Generate_HasAbout8000People_WithValidUniqueIdNumbersAndMobiles()
    {
        var people = County.People;
        output.WriteLine($"people: {people.Count}, probationary: {people.Count(p => p.PartyStatus == PartyStatus.Probationary)}, "
            + $"non-members: {people.Count(p => p.PartyStatus == PartyStatus.None)}, orgs: {County.Organizations.Count}, grids: {County.Grids.Count}, "
            + $"positions: {County.Positions.Count}, links: {County.Links.Count}, reserves: {County.Reserves.Count}");
        people.Count.Should().BeInRange(7_500, 8_500);
        people.Should().OnlyContain(p => p.IdNumber() != null && ChineseIdNumber.Problem(p.IdNumber()!) == null);
        people.Should().OnlyContain(p => p.IdNumber()![17] == ChineseIdNumber.CheckCharacter(p.IdNumber()));
        people.Should().OnlyContain(p => ChineseIdNumber.BirthDate(p.IdNumber()!) == p.BirthDate && ChineseIdNumber.Gender(p.IdNumber()!) == p.Gender);
        people.Should().OnlyContain(p => p.IdNumber()!.StartsWith("3399", StringComparison.Ordinal));
        people.Select(p => p.IdNumber()).Should().OnlyHaveUniqueItems();
        people.Should().OnlyContain(p => p.Mobile() != null && MobileNumber.IsValid(p.Mobile()!));
        people.Select(p => p.Mobile()).Should().OnlyHaveUniqueItems();
        people.Select(p => p.Id).Should().OnlyHaveUniqueItems();
        people.Where(p => p.PartyStatus != PartyStatus.None).Should().OnlyContain(p =>
            p.JoinedPartyOn >= p.BirthDate!.Value.AddYears(18) && p.JoinedPartyOn <= Today);
        var probationaryShare = people.Count(p => p.PartyStatus == PartyStatus.Probationary) / (double)people.Count;
        probationaryShare.Should().BeInRange(0.02, 0.06);
        people.Count(p => p.Ethnicity != "汉族").Should().BeInRange(1, people.Count / 10);
        people.Should().Contain(p => p.Gender == Gender.Female);
        // Village members skew older than the county's agency staff.
        var villageOrgs = County.Organizations.Where(o => o.Domain == OrgDomain.Rural).Select(o => o.Id).ToHashSet();
        var agencyOrgs = County.Organizations.Where(o => o.Domain == OrgDomain.Agency).Select(o => o.Id).ToHashSet();
        people.Where(p => villageOrgs.Contains(p.OrgId)).Average(p => p.AgeOn(Today)!.Value)
            .Should().BeGreaterThan(people.Where(p => agencyOrgs.Contains(p.OrgId)).Average(p => p.AgeOn(Today)!.Value));
    }

    [Fact]
    public void Generate_GivesEveryVillageItsPostsAndOneVillageLeaderAndOneVillageCadre()
    {
        var positions = County.Positions;
        foreach (var unit in County.VillagesAndCommunities)
        {
            positions.Count(p => p.OrgId == unit.Id && p.Title == PositionTitle.Secretary).Should().Be(1, unit.Name);
            positions.Count(p => p.OrgId == unit.Id && p.Title == PositionTitle.Clerk).Should().Be(1, unit.Name);
        }
        var directors = County.VillagesAndCommunities.Count(u => positions.Any(p => p.OrgId == u.Id && p.Title == PositionTitle.VillageCommitteeDirector));
        directors.Should().BeGreaterThan(266 * 3 / 4);
        var nonMemberDirectors = positions.Where(p => p.Title == PositionTitle.VillageCommitteeDirector)
            .Join(County.People, p => p.PersonId, pe => pe.Id, (p, pe) => pe).Count(pe => pe.PartyStatus == PartyStatus.None);
        nonMemberDirectors.Should().BePositive();

        var firstSecretaries = positions.Where(p => p.Title == PositionTitle.FirstSecretary).ToList();
        firstSecretaries.Should().HaveCount(40);
        var orgs = County.Organizations.ToDictionary(o => o.Id);
        firstSecretaries.Count(p => orgs[p.OrgId].Strength == StrengthClass.Weak).Should().BeGreaterThan(20);

        foreach (var township in County.Townships)
        {
            foreach (var title in new[] { PositionTitle.Secretary, PositionTitle.DeputySecretary, PositionTitle.OrganizationCommissioner, PositionTitle.PartyOfficeDirector })
            {
                positions.Should().Contain(p => p.OrgId == township.Id && p.Title == title, $"{township.Name} has a {title}");
            }
            positions.Should().Contain(p => p.OrgId == township.Id && p.Title == PositionTitle.TownshipCadre);
        }

        var byPerson = County.People.ToDictionary(p => p.Id);
        foreach (var village in RuralVillages)
        {
            var leaderLinks = County.Links.Where(l => l.OrgId == village.Id && l.Kind == LinkKind.VillageLeader).ToList();
            var cadreLinks = County.Links.Where(l => l.OrgId == village.Id && l.Kind == LinkKind.VillageCadre).ToList();
            leaderLinks.Should().ContainSingle(village.Name);
            cadreLinks.Should().ContainSingle(village.Name);
            byPerson[leaderLinks[0].PersonId].OrgId.Should().Be(village.ParentId!.Value, "包村领导 come from the village's township");
            positions.Should().Contain(p => p.PersonId == cadreLinks[0].PersonId && p.Title == PositionTitle.TownshipCadre);
        }
        County.Links.Count(l => l.Kind == LinkKind.TeamVillageCadre).Should().BeInRange(40, 160);
        County.People.Select(p => p.Name).Should().NotContain(["林语堂", "马思聪"]);
        County.Links.Should().OnlyContain(l => l.StartOn <= Today);
        positions.Should().OnlyContain(p => p.StartOn <= Today);
    }

    [Fact]
    public void Generate_GivesEveryVillageBranchACommitteeOfFullMembers()
    {
        var people = County.People.ToDictionary(p => p.Id);
        var villageBranches = County.VillagesAndCommunities.Where(v => v.Kind == OrgKind.Branch).ToList();
        villageBranches.Should().NotBeEmpty();
        foreach (var branch in villageBranches)
        {
            var committee = County.Positions.Where(p => p.OrgId == branch.Id && MeetingRules.CommitteeTitles.Contains(p.Title)).ToList();
            committee.Should().HaveCountGreaterThanOrEqualTo(2, branch.Name).And.Contain(p => p.Title == PositionTitle.Secretary);
            committee.Should().OnlyContain(p => people[p.PersonId].OrgId == branch.Id && people[p.PersonId].PartyStatus != PartyStatus.None);
            committee.Where(p => p.Title != PositionTitle.Secretary).Should().OnlyContain(p => people[p.PersonId].PartyStatus == PartyStatus.Full);
        }
        // The demo's 支委会 expect the committee, not every member.
        var committeeMeetings = County.Meetings.Where(m => m.Types.Count == 1 && m.Types[0].Type == MeetingType.Committee
            && villageBranches.Any(b => b.Id == m.OrgId)).ToList();
        committeeMeetings.Should().NotBeEmpty().And.OnlyContain(m => m.ExpectedCount <= 3);
    }

    [Fact]
    public void Generate_KeepsReservesFromTheVillagesOwnMembers_AndLeavesSomeVillagesWithout()
    {
        var reserves = County.Reserves;
        var withReserves = reserves.Select(r => r.OrgId).ToHashSet();
        var lacking = RuralVillages.Where(v => !withReserves.Contains(v.Id)).ToList();
        lacking.Should().HaveCount(25);
        reserves.GroupBy(r => r.OrgId).Should().OnlyContain(g => g.Count() == 1 || g.Count() == 2);
        reserves.Should().OnlyContain(r => r.TargetPost == PositionTitle.Secretary || r.TargetPost == PositionTitle.VillageCommitteeDirector);

        var orgs = County.Organizations.ToDictionary(o => o.Id);
        var people = County.People.ToDictionary(p => p.Id);
        reserves.Should().OnlyContain(r => orgs[r.OrgId].IsVillage);
        reserves.Should().OnlyContain(r => orgs[people[r.PersonId].OrgId].Path.StartsWith(orgs[r.OrgId].Path, StringComparison.Ordinal),
            "candidates are members of the village they are kept for");
        var youngShare = reserves.Count(r => people[r.PersonId].AgeOn(Today) < ReserveCadre.YouthAgeLimit) / (double)reserves.Count;
        youngShare.Should().BeInRange(0.3, 0.5);
    }

    [Fact]
    public void Generate_MakesVersion7Ids_UniqueAcrossEverything()
    {
        var all = County.Organizations.Select(o => o.Id)
            .Concat(County.Regions.Select(r => r.Id))
            .Concat(County.Grids.Select(g => g.Id))
            .Concat(County.People.Select(p => p.Id))
            .Concat(County.Positions.Select(p => p.Id))
            .Concat(County.Links.Select(l => l.Id))
            .Concat(County.Reserves.Select(r => r.Id))
            .ToList();
        all.Should().OnlyHaveUniqueItems();
        all.Should().OnlyContain(id => id.Version == 7 && (id.Variant & 0b1100) == 0b1000);
    }

    [Fact]
    public void Generate_TwiceWithSameSeed_GivesSameCounty()
    {
        var again = DemoCounty.Generate(new FixedClock(DemoCountyFixture.Now), TestKeys.Protector);

        again.Organizations.Select(o => (o.Id, o.Code, o.Name, o.Kind, o.Strength, o.Stars, o.Path))
            .Should().Equal(County.Organizations.Select(o => (o.Id, o.Code, o.Name, o.Kind, o.Strength, o.Stars, o.Path)));
        again.People.Select(p => (p.Id, p.OrgId, p.Name, p.IdNumber(), p.Mobile(), p.BirthDate, p.JoinedPartyOn))
            .Should().Equal(County.People.Select(p => (p.Id, p.OrgId, p.Name, p.IdNumber(), p.Mobile(), p.BirthDate, p.JoinedPartyOn)));
        again.Positions.Select(p => (p.Id, p.OrgId, p.PersonId, p.Title, p.StartOn))
            .Should().Equal(County.Positions.Select(p => (p.Id, p.OrgId, p.PersonId, p.Title, p.StartOn)));
        again.Links.Select(l => (l.Id, l.Kind, l.PersonId, l.OrgId)).Should().Equal(County.Links.Select(l => (l.Id, l.Kind, l.PersonId, l.OrgId)));
        again.Reserves.Select(r => (r.Id, r.PersonId, r.OrgId)).Should().Equal(County.Reserves.Select(r => (r.Id, r.PersonId, r.OrgId)));
        again.Grids.Select(g => (g.Id, g.Name, g.LeaderPersonId)).Should().Equal(County.Grids.Select(g => (g.Id, g.Name, g.LeaderPersonId)));
        again.Regions.Select(r => (r.Id, r.Name)).Should().Equal(County.Regions.Select(r => (r.Id, r.Name)));
    }

    [Fact]
    public void Generate_OnAnotherDay_KeepsIdsNamesAndMobiles_AndMovesTheDates()
    {
        var later = DemoCounty.Generate(new FixedClock(DemoCountyFixture.Now.AddDays(400)), TestKeys.Protector);

        later.Today.Should().Be(Today.AddDays(400));
        later.People.Select(p => (p.Id, p.Name, p.Mobile())).Should().Equal(County.People.Select(p => (p.Id, p.Name, p.Mobile())));
        later.Organizations.Select(o => (o.Id, o.Name)).Should().Equal(County.Organizations.Select(o => (o.Id, o.Name)));
        later.People.Select(p => p.AgeOn(later.Today)).Should().Equal(County.People.Select(p => p.AgeOn(Today)));
    }

    [Fact]
    public void Generate_WithAnotherSeed_GivesAnotherCounty()
    {
        var other = DemoCounty.Generate(fixture.Clock, TestKeys.Protector, seed: 7);

        other.VillagesAndCommunities.Should().HaveCount(266);
        other.People.Select(p => p.Id).Intersect(County.People.Select(p => p.Id)).Should().BeEmpty();
        other.VillagesAndCommunities.Select(v => v.Name).Should().NotEqual(County.VillagesAndCommunities.Select(v => v.Name));
    }

    [Fact]
    public async Task Load_IntoMigratedSqlite_ReadsBackThroughTheServices()
    {
        using var database = new TempSqliteDatabase();
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        (await DemoCountyLoader.IsEmptyAsync(db)).Should().BeTrue();

        var watch = Stopwatch.StartNew();
        await DemoCountyLoader.LoadAsync(db, fixture.Clock, TestKeys.Protector, CancellationToken.None);
        watch.Stop();
        // How long it took is told, not judged: timings are the benchmark's business, not a unit test's.
        output.WriteLine($"SQLite load: {watch.ElapsedMilliseconds} ms");

        (await DemoCountyLoader.IsEmptyAsync(db)).Should().BeFalse();
        await using var read = database.NewContext();
        var orgs = new OrganizationService(read, fixture.Clock, new OrgPeople(read));
        var people = new PeopleService(read, orgs, fixture.Clock, TestKeys.Protector, new ActorAccessor(), new NoPersonalDataAudit());

        var root = (await orgs.RootsAsync()).Should().ContainSingle().Subject;
        root.Name.Should().Be("中共青岚县委");
        (await orgs.ListAsync(new OrgFilter(Depth: 1, Domain: OrgDomain.Comprehensive), new PageRequest(1, 50))).Total.Should().Be(15);
        (await orgs.RegionsAsync()).Should().HaveCount(5).And.OnlyContain(r => r.TownshipCount == 3);
        (await orgs.ListAsync(new OrgFilter(Depth: 2, Strength: StrengthClass.Weak), new PageRequest())).Total.Should().Be(100);
        (await orgs.ListAsync(new OrgFilter(Depth: 2, Strength: StrengthClass.Strong), new PageRequest())).Total.Should().Be(54);
        (await orgs.ListAsync(new OrgFilter(VillagesOnly: true), new PageRequest())).Total.Should().Be(RuralVillages.Count);
        var township = await orgs.FindByCodeAsync("QL-01");
        township.Should().NotBeNull();
        (await orgs.PlaceAsync(township!.Id)).RegionName.Should().Be("城区片区");
        var village = await orgs.FindByCodeAsync("QL-03-005");
        (await orgs.GridsAsync(village!.Id)).Should().NotBeEmpty().And.OnlyContain(g => g.Name.EndsWith("网格", StringComparison.Ordinal));

        (await people.ListAsync(new PeopleFilter(), new PageRequest())).Total.Should().Be(County.People.Count);
        (await people.ListAsync(new PeopleFilter(HoldsTitle: PositionTitle.CountyLeader), new PageRequest())).Total.Should().Be(47);
        (await people.LinksAsync(new LinkFilter(Kind: LinkKind.CountyLeaderTownship))).Should().HaveCount(47);
        (await people.LinksAsync(new LinkFilter(Kind: LinkKind.KeyVillage))).Should().HaveCount(13);
        var someone = County.People[^1];
        (await people.ListAsync(new PeopleFilter(Q: someone.IdNumber()), new PageRequest())).Items.Should().ContainSingle(p => p.Id == someone.Id);

        var withReserves = County.Reserves.Select(r => r.OrgId).ToHashSet();
        var lacking = await people.VillagesWithoutReservesAsync(null);
        lacking.Select(v => v.OrgId).Should().BeEquivalentTo(RuralVillages.Where(v => !withReserves.Contains(v.Id)).Select(v => v.Id));
        lacking.Should().HaveCount(25).And.OnlyContain(v => v.TownshipName.Length > 0);
        (await people.ReservesAsync(null, onlyUnderThirtyFive: false, new PageRequest())).Total.Should().Be(County.Reserves.Count);
    }

    [Fact]
    public void Generate_GivesAYearOfMeetings_WeakVillagesMissingMore()
    {
        County.Meetings.Should().NotBeEmpty();
        County.Meetings.Should().OnlyContain(m => m.HeldOn < Today && m.HeldOn >= new DateOnly(Today.Year, Today.Month, 1).AddMonths(-12));
        var byId = County.Organizations.ToDictionary(o => o.Id);
        StrengthClass? StrengthOf(Guid orgId)
        {
            var org = byId[orgId];
            return org.Depth > 2 && org.ParentId is { } parent ? byId[parent].Strength : org.Strength;
        }
        var branchesBy = County.Organizations.Where(o => o.Kind == OrgKind.Branch).GroupBy(o => StrengthOf(o.Id)).ToDictionary(g => g.Key ?? 0, g => g.Count());
        double PerBranch(StrengthClass s) => (double)County.Meetings.Count(m => StrengthOf(m.OrgId) == s) / branchesBy[s];
        PerBranch(StrengthClass.Weak).Should().BeLessThan(PerBranch(StrengthClass.Strong) * 0.85);
        County.Meetings.Should().Contain(m => m.Types.Any(t => t.Type == MeetingType.Congress && !t.Counts), "now and then a congress misses its quorum");
        County.Meetings.Select(m => m.Id).Should().OnlyHaveUniqueItems();
        var again = DemoCounty.Generate(fixture.Clock, TestKeys.Protector);
        again.Meetings.Select(m => (m.Id, m.HeldOn, m.PresentCount)).Should().Equal(County.Meetings.Select(m => (m.Id, m.HeldOn, m.PresentCount)));
        output.WriteLine($"meetings: {County.Meetings.Count}, attendee rows: {County.Meetings.Sum(m => m.Attendees.Count)}");
    }

    [Fact]
    public async Task Load_ThenCompliance_ShowsWeakVillagesBehind()
    {
        using var database = new TempSqliteDatabase();
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        await DemoCountyLoader.LoadAsync(db, fixture.Clock, TestKeys.Protector, CancellationToken.None);
        await using var read = database.NewContext();
        var orgs = new OrganizationService(read, fixture.Clock, new OrgPeople(read));
        var compliance = new ComplianceService(read, orgs, fixture.Clock);
        var behind = await compliance.BehindAsync(County.County.Id, Period.OfYear(Today.Year), take: 20);
        behind.Should().NotBeEmpty();
        var map = await compliance.HeatmapAsync(County.County.Id, Today.Year);
        map.Rows.Should().HaveCountGreaterThan(15);
        map.Rows.SelectMany(r => r.Months).Where(c => c.Due > 0).Should().Contain(c => c.Missing > 0).And.Contain(c => c.Missing == 0);
        // The year of 三会一课, and the 支委会 and 党员大会 that were the village matters' 提议 and 审议.
        (await read.Set<Meeting>().CountAsync()).Should().Be(County.Meetings.Count + County.Matters.Meetings.Count);
        (await read.Set<Zeren.Core.Decisions.Matter>().CountAsync()).Should().Be(County.Matters.Matters.Count);
        (await read.Set<Zeren.Core.Decisions.MatterStepRecord>().CountAsync()).Should().Be(County.Matters.Steps.Count);
        (await read.Set<MeetingAttendee>().CountAsync()).Should().Be(County.Meetings.Concat(County.Matters.Meetings).Sum(m => m.Attendees.Count));
        var sample = County.Meetings[County.Meetings.Count / 2];
        var actor = new Zeren.Core.Security.ActorAccessor();
        var uploads = new Zeren.Core.Files.UploadStore(read, new Zeren.Core.Files.UploadFolder(Path.GetTempPath()),
            Microsoft.Extensions.Options.Options.Create(new Zeren.Core.Files.UploadOptions()), fixture.Clock, actor);
        var detail = await new MeetingService(read, orgs, fixture.Clock, actor, uploads).GetAsync(sample.Id);
        detail.Attachments.Should().BeEmpty();
        detail.Attendees.Should().HaveCount(sample.ExpectedCount).And.OnlyContain(a => a.Name.Length > 0);
    }

    [Fact]
    public async Task Load_WhenOrganizationsExist_IsRefusedAndChangesNothing()
    {
        using var database = new TempSqliteDatabase();
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        await DemoCountyLoader.LoadAsync(db, fixture.Clock, TestKeys.Protector, CancellationToken.None);

        var again = () => DemoCountyLoader.LoadAsync(db, fixture.Clock, TestKeys.Protector, CancellationToken.None);

        (await again.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("demo_database_not_empty");
        (await db.Set<Person>().CountAsync()).Should().Be(County.People.Count);
    }

    [Fact]
    public async Task Reset_AfterChanges_PutsBackTheSameCounty()
    {
        using var database = new TempSqliteDatabase();
        await using (var db = database.NewContext())
        {
            await db.Database.MigrateAsync();
            await DemoCountyLoader.LoadAsync(db, fixture.Clock, TestKeys.Protector, CancellationToken.None);
        }
        await using (var db = database.NewContext())
        {
            var orgs = new OrganizationService(db, fixture.Clock, new OrgPeople(db));
            var people = new PeopleService(db, orgs, fixture.Clock, TestKeys.Protector, new ActorAccessor(), new NoPersonalDataAudit());
            var township = await orgs.FindByCodeAsync("QL-02");
            await orgs.CreateAsync(new OrgInput(township!.Id, "QL-02-099", "新设村党支部", OrgKind.Branch, OrgDomain.Rural));
            await people.DeleteAsync(County.People[0].Id, "重复登记");
        }

        await using (var db = database.NewContext())
        {
            var watch = Stopwatch.StartNew();
            await DemoCountyLoader.ResetAsync(db, fixture.Clock, TestKeys.Protector);
            output.WriteLine($"SQLite reset: {watch.ElapsedMilliseconds} ms");
        }

        await using var read = database.NewContext();
        (await read.Set<Organization>().CountAsync()).Should().Be(County.Organizations.Count);
        (await read.Set<Organization>().AnyAsync(o => o.Code == "QL-02-099")).Should().BeFalse();
        (await read.Set<Person>().CountAsync()).Should().Be(County.People.Count);
        (await read.Set<Person>().AnyAsync(p => p.Id == County.People[0].Id)).Should().BeTrue();
        (await read.Set<Position>().CountAsync()).Should().Be(County.Positions.Count);
        (await read.Set<Link>().CountAsync()).Should().Be(County.Links.Count);
        (await read.Set<ReserveCadre>().CountAsync()).Should().Be(County.Reserves.Count);
        (await read.Set<Grid>().CountAsync()).Should().Be(County.Grids.Count);
        (await read.Set<Region>().CountAsync()).Should().Be(County.Regions.Count);
    }

    private sealed class TempSqliteDatabase : IDisposable
    {
        private readonly string path = Path.Combine(Path.GetTempPath(), $"zeren-demo-{Guid.NewGuid():N}.db");

        public ZerenDbContext NewContext() => new(new DbContextOptionsBuilder<ZerenDbContext>()
            .UseSqlite($"Data Source={path}", o => o.MigrationsHistoryTable("__migrations"))
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            {
                File.Delete(file);
            }
        }
    }
}
