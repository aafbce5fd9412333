namespace Zeren.Bench;

/// <summary>
/// What the generator makes: a province of <see cref="CitiesTotal"/> cities and <see cref="CountiesTotal"/> counties, each county
/// a copy of the demo county with <see cref="PeoplePerCounty"/> people and <see cref="Years"/> years of meetings, or a slice of
/// it: the first <see cref="Counties"/> counties (the counties of the first cities, for <c>--cities</c>). Without a province
/// (<see cref="Province"/> false) the counties are roots of their own, as a county's own installation has it.
/// </summary>
public sealed record ProvinceShape
{
    public int CitiesTotal { get; init; } = 11;
    public int CountiesTotal { get; init; } = 100;

    /// <summary>Counties to make: the first ones in city order.</summary>
    public int Counties { get; init; } = 100;

    /// <summary>People per county (SPEC: about 4 million in a province of 100 counties); 0 keeps the demo county's own number.</summary>
    public int PeoplePerCounty { get; init; } = 40_000;

    /// <summary>Years of meetings and attendance: the demo's year, and the same again shifted back a year each.</summary>
    public int Years { get; init; } = 3;

    /// <summary>Put the counties under a generated province and its cities (PostgreSQL); false: each county a root (SQLite).</summary>
    public bool Province { get; init; } = true;

    /// <summary>Counties written at once on PostgreSQL, each over a connection of its own (after the first).</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>The city (0-based) county <paramref name="county"/> belongs to: counties are spread evenly, in order.</summary>
    public int CityOf(int county) => (int)((long)county * CitiesTotal / CountiesTotal);

    /// <summary>The counties of the first <paramref name="cities"/> cities.</summary>
    public int CountiesOfCities(int cities) => Enumerable.Range(0, CountiesTotal).Count(c => CityOf(c) < cities);

    public void Check()
    {
        if (CitiesTotal < 1 || CountiesTotal < CitiesTotal || Counties < 1 || Counties > CountiesTotal || Years is < 1 or > 20 || PeoplePerCounty < 0)
        {
            throw new ArgumentException($"Not a shape the generator makes: {this}.");
        }
    }
}
