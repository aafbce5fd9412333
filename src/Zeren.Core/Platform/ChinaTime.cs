namespace Zeren.Core.Platform;

/// <summary>
/// Instants are stored in UTC; dates, months, quarters and years are counted in Asia/Shanghai.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ToChina(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Today's date in China according to the given clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToChina(clock.GetUtcNow()).DateTime);

    /// <summary>Whole years of age on a date (a birthday counts on the day itself).</summary>
    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on < birth.AddYears(age))
        {
            age--;
        }
        return age;
    }
}
