using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Demo;

/// <summary>
/// 演示县 青岚县: a fictional county shaped like seed 001 (15 townships in 5 片区, 266 村/社区 rated
/// 54 党建强 / 112 一般 / 100 薄弱, 47 县级领导, 13 重点村), with about 8 000 people, their posts, links and
/// reserve cadres. Generation is pure and deterministic: the same seed gives the same ids, names, ID numbers
/// and mobiles on every run (their ciphertexts differ: each is encrypted with a fresh nonce). Dates count back from the clock's today (Asia/Shanghai); nothing drawn depends
/// on that date, so only dates and the birth-date digits of ID numbers move with the clock.
/// </summary>
public sealed class DemoCounty
{
    public const int DefaultSeed = 20261122;
    public const string CountyName = "中共青岚县委";
    public const string CountyCode = "QL";

    internal DemoCounty(
        int seed,
        DateOnly today,
        Organization county,
        IReadOnlyList<Region> regions,
        IReadOnlyList<Organization> organizations,
        IReadOnlyList<Organization> townships,
        IReadOnlyList<Organization> villagesAndCommunities,
        IReadOnlyList<Grid> grids,
        IReadOnlyList<Person> people,
        IReadOnlyList<Position> positions,
        IReadOnlyList<Link> links,
        IReadOnlyList<ReserveCadre> reserves,
        IReadOnlyList<Meeting> meetings)
    {
        Meetings = meetings;
        Seed = seed;
        Today = today;
        County = county;
        Regions = regions;
        Organizations = organizations;
        Townships = townships;
        VillagesAndCommunities = villagesAndCommunities;
        Grids = grids;
        People = people;
        Positions = positions;
        Links = links;
        Reserves = reserves;
    }

    public int Seed { get; }

    /// <summary>The date the county was generated for (China time).</summary>
    public DateOnly Today { get; }

    /// <summary>中共青岚县委, the root.</summary>
    public Organization County { get; }

    /// <summary>片区, five of three townships each.</summary>
    public IReadOnlyList<Region> Regions { get; }

    /// <summary>Every organization, parents before children.</summary>
    public IReadOnlyList<Organization> Organizations { get; }

    /// <summary>乡镇党委 and 街道党工委, depth 1.</summary>
    public IReadOnlyList<Organization> Townships { get; }

    /// <summary>村 and 社区 party organizations directly under the townships (the 266 of seed 001).</summary>
    public IReadOnlyList<Organization> VillagesAndCommunities { get; }

    public IReadOnlyList<Grid> Grids { get; }
    public IReadOnlyList<Person> People { get; }
    public IReadOnlyList<Position> Positions { get; }
    public IReadOnlyList<Link> Links { get; }
    public IReadOnlyList<ReserveCadre> Reserves { get; }

    /// <summary>A year of 三会一课 up to yesterday, with the gaps weak villages leave.</summary>
    public IReadOnlyList<Meeting> Meetings { get; }

    /// <summary>This year's responsibility lists (责任清单): the county's common lists and two townships' own, partly done.</summary>
    public DemoListSet Lists { get; init; } = DemoListSet.Empty;
    /// <summary>Every township's plan for the year and its project ledger with a year of reconciliations.</summary>
    internal DemoPlans Plans { get; init; } = default!;

    /// <summary>Village decisions (村级事务): matters at every step, their ledger meetings and what they owe.</summary>
    internal DemoMatters Matters { get; init; } = default!;

    /// <summary>A year of weekly inspections, their findings as problems in every state, a 举一反三 round and next week's secret plan.</summary>
    internal DemoInspections Inspections { get; init; } = default!;
    /// <summary>党建审计: one closed round over five townships, its scores, the problems it opened and the reports owed.</summary>
    internal DemoAudits Audits { get; init; } = default!;

    /// <summary>考核: last year's township-committee scheme and its published run (ranking, rewards, the bottom's obligations).</summary>
    internal DemoAssessment Assessment { get; init; } = default!;

    /// <summary>Generates the county for the clock's today (China time); ID numbers and mobiles encrypted with <paramref name="protector"/>.</summary>
    public static DemoCounty Generate(TimeProvider clock, PersonalDataProtector protector, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(protector);
        return new DemoCountyBuilder(seed, ChinaTime.Today(clock), clock.GetUtcNow(), protector).Build();
    }
}
