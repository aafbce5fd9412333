namespace Zeren.Core.Security;

/// <summary>Account rules, configurable under <c>Zeren:Security</c>. The defaults are those of MLPS level 3 practice.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Zeren:Security";

    /// <summary>Idle time after which a session ends (minutes).</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>
    /// The longest a session lasts from sign-in, busy or not (hours): then the page asks for the password again and an
    /// API client's refresh token no longer works.
    /// </summary>
    public int SessionMaxHours { get; set; } = 12;

    /// <summary>A password older than this must be changed before anything else (days; 0: never).</summary>
    public int PasswordMaxAgeDays { get; set; } = 90;

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked (minutes).</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>The three administrator roles must use two-factor sign-in (not demo accounts).</summary>
    public bool RequireTwoFactorForAdmins { get; set; } = true;
}
