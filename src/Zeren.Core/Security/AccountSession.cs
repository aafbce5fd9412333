using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Audit;

namespace Zeren.Core.Security;

public enum SessionKind
{
    /// <summary>The pages: a sign-in cookie.</summary>
    Web,

    /// <summary>The API: a bearer token and a refresh token.</summary>
    Api,
}

/// <summary>Why a session ended before its time.</summary>
public enum SessionEnd
{
    /// <summary>退出登录.</summary>
    SignedOut,

    /// <summary>The owner changed the password (their other sessions end).</summary>
    PasswordChanged,

    /// <summary>A security administrator reset the password.</summary>
    PasswordReset,

    /// <summary>The account's roles changed.</summary>
    RolesChanged,

    /// <summary>The account was disabled.</summary>
    Disabled,

    /// <summary>Two-factor sign-in was reset by a security administrator or turned off by the owner.</summary>
    TwoFactorChanged,

    /// <summary>A refresh token was presented a second time: someone else may hold it, so the whole session ends.</summary>
    RefreshTokenReused,
}

/// <summary>
/// 会话: one sign-in, by the login page (a cookie) or the API (a bearer token and refresh tokens). The cookie and the
/// bearer token carry its id (<see cref="SessionClaims.SessionId"/>) and every request checks that it is still open,
/// so signing out, or a change to the account, ends it on the server at once: a cookie or token copied before no
/// longer works. A session also ends <see cref="SecurityOptions.SessionMaxHours"/> after sign-in, however busy.
/// Its rows are bookkeeping, not audited row by row: the sign-in, the sign-out and the change that ended it are.
/// </summary>
[DisplayName("会话")]
public sealed class AccountSession
{
    private AccountSession()
    {
    }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public SessionKind Kind { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The absolute end: the session is over then, whatever happens.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }
    public SessionEnd? EndReason { get; private set; }

    /// <summary>The client address it was opened from.</summary>
    public string? ClientAddress { get; private set; }

    public static AccountSession Open(Guid accountId, SessionKind kind, DateTimeOffset now, TimeSpan lifetime, string? clientAddress) => new()
    {
        Id = Platform.Ids.New(),
        AccountId = accountId,
        Kind = kind,
        CreatedAt = now,
        ExpiresAt = now + lifetime,
        ClientAddress = clientAddress is { Length: > 64 } ? clientAddress[..64] : clientAddress,
    };

    public bool IsOpen(DateTimeOffset now) => EndedAt is null && now < ExpiresAt;

    public void End(SessionEnd reason, DateTimeOffset now)
    {
        if (EndedAt is null)
        {
            EndedAt = now;
            EndReason = reason;
        }
    }
}

/// <summary>
/// 刷新令牌: what an API client exchanges for a new bearer token. Only its SHA-256 is kept. Each is taken once and
/// replaced by a new one of the same session; presenting a spent one again ends the session (the family of tokens).
/// </summary>
[DisplayName("刷新令牌")]
public sealed class RefreshToken
{
    private RefreshToken()
    {
    }

    public Guid Id { get; private set; }
    public Guid SessionId { get; private set; }

    /// <summary>SHA-256 of the token, in hex.</summary>
    public string TokenHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it was exchanged; a concurrency token, so of two requests racing with it one wins.</summary>
    public DateTimeOffset? UsedAt { get; private set; }

    public static RefreshToken For(Guid sessionId, string tokenHash, DateTimeOffset now) =>
        new() { Id = Platform.Ids.New(), SessionId = sessionId, TokenHash = tokenHash, CreatedAt = now };

    public void Use(DateTimeOffset now) => UsedAt = now;
}

/// <summary>The claims a sign-in cookie or bearer token carries beside Identity's own.</summary>
public static class SessionClaims
{
    /// <summary>The id of the <see cref="AccountSession"/>.</summary>
    public const string SessionId = "zeren:sid";
}

internal sealed class AccountSessionConfiguration : IEntityTypeConfiguration<AccountSession>
{
    public void Configure(EntityTypeBuilder<AccountSession> b)
    {
        b.ToTable("sessions");
        b.Unscoped("Part of an account, found across scopes like the account (sign-in, sign-out, every request).")
            .GuardedElsewhere("Opened at sign-in, before anyone is signed in; ended at sign-out or with a change AccountService makes.");
        b.HasKey(s => s.Id);
        b.Property(s => s.ClientAddress).HasMaxLength(64);
        // Stored as a UTC DateTime, like the audit log's time: SQLite compares DateTime text in order, not DateTimeOffset text.
        b.Property(s => s.ExpiresAt).HasConversion(v => v.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
        b.HasIndex(s => s.AccountId);
        b.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        b.IsNotAudited();
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> b)
    {
        b.ToTable("refresh_tokens");
        b.Unscoped("Part of a session, found by its hash before anyone is signed in.")
            .GuardedElsewhere("Issued with a session and taken at POST /api/v1/auth/refresh, which is anonymous.");
        b.HasKey(t => t.Id);
        b.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => t.SessionId);
        b.Property(t => t.UsedAt).IsConcurrencyToken();
        b.HasOne<AccountSession>().WithMany().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.IsNotAudited();
    }
}
