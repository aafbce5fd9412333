namespace Zeren.Core.People;

/// <summary>
/// 脱敏: how ID numbers and mobiles appear where the full value is not needed (lists, exports):
/// 330824********1234 and 138****5678.
/// </summary>
public static class PersonalDataMask
{
    public static string? IdNumber(string? value) => value switch
    {
        null or "" => value,
        { Length: 18 } => string.Concat(value.AsSpan(0, 6), "********", value.AsSpan(14, 4)),
        { Length: > 8 } => string.Concat(value.AsSpan(0, 3), new string('*', value.Length - 7), value.AsSpan(value.Length - 4)),
        _ => new string('*', value.Length),
    };

    public static string? Mobile(string? value) => value switch
    {
        null or "" => value,
        { Length: 11 } => string.Concat(value.AsSpan(0, 3), "****", value.AsSpan(7, 4)),
        { Length: > 6 } => string.Concat(value.AsSpan(0, 2), new string('*', value.Length - 4), value.AsSpan(value.Length - 2)),
        _ => new string('*', value.Length),
    };
}
