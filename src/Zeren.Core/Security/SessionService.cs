using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zeren.Core.Data;

namespace Zeren.Core.Security;

/// <summary>What became of a refresh token presented for a new bearer token.</summary>
public abstract record RefreshOutcome
{
    /// <summary>Taken: the session goes on, with a new refresh token to be issued.</summary>
    public sealed record Taken(AccountSession Session) : RefreshOutcome;

    /// <summary>Spent before: the session it belonged to is now ended.</summary>
    public sealed record Reused(AccountSession Session) : RefreshOutcome;

    /// <summary>Unknown, or its session is over.</summary>
    public sealed record Refused : RefreshOutcome;
}

/// <summary>
/// 会话管理: opens a session at sign-in, ends one (sign-out) or
/// all of an account's (a password, role or two-factor change, disabling), and rotates the API's refresh tokens.
/// </summary>
public sealed class SessionService(ZerenDbContext db, TimeProvider clock, IOptions<SecurityOptions> options)
{
    private TimeSpan Lifetime => TimeSpan.FromHours(Math.Max(1, options.Value.SessionMaxHours));

    /// <summary>Opens a session; the account's sessions that are over are removed first, so the table keeps only live ones and recent ones.</summary>
    public async Task<AccountSession> OpenAsync(Guid accountId, SessionKind kind, string? clientAddress, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var over = await db.Set<AccountSession>()
            .Where(s => s.AccountId == accountId && (s.EndedAt != null || s.ExpiresAt <= now))
            .ToListAsync(ct);
        db.RemoveRange(over);
        var session = AccountSession.Open(accountId, kind, now, Lifetime, clientAddress);
        db.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>Ends one session (sign-out). Its refresh tokens end with it.</summary>
    public async Task EndAsync(Guid sessionId, SessionEnd reason, CancellationToken ct = default)
    {
        if (await db.Set<AccountSession>().SingleOrDefaultAsync(s => s.Id == sessionId, ct) is { } session)
        {
            session.End(reason, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Ends every open session of the account but <paramref name="except"/> (the one making the change, when it is the owner's).</summary>
    public async Task<int> EndAllAsync(Guid accountId, SessionEnd reason, Guid? except = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var open = await db.Set<AccountSession>()
            .Where(s => s.AccountId == accountId && s.EndedAt == null && s.ExpiresAt > now && s.Id != except)
            .ToListAsync(ct);
        foreach (var session in open)
        {
            session.End(reason, now);
        }
        await db.SaveChangesAsync(ct);
        return open.Count;
    }

    /// <summary>A new refresh token for the session: 32 random bytes, of which only the hash is kept.</summary>
    public async Task<string> IssueRefreshTokenAsync(AccountSession session, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.Add(RefreshToken.For(session.Id, Hash(token), clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>
    /// Takes a refresh token: good once, while its session is open. A token taken before ends its session, since
    /// either the client or someone who copied it is replaying it, and the two cannot be told apart.
    /// </summary>
    public async Task<RefreshOutcome> RedeemAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return new RefreshOutcome.Refused();
        }
        var hash = Hash(token.Trim());
        var row = await db.Set<RefreshToken>().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (row is null)
        {
            return new RefreshOutcome.Refused();
        }
        var session = await db.Set<AccountSession>().SingleOrDefaultAsync(s => s.Id == row.SessionId, ct);
        if (session is null)
        {
            return new RefreshOutcome.Refused();
        }
        var now = clock.GetUtcNow();
        if (row.UsedAt is not null)
        {
            return await ReusedAsync(session, now, ct);
        }
        if (!session.IsOpen(now))
        {
            return new RefreshOutcome.Refused();
        }
        row.Use(now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request took it a moment ago: the same token twice.
            db.ChangeTracker.Clear();
            session = await db.Set<AccountSession>().SingleOrDefaultAsync(s => s.Id == row.SessionId, ct);
            return session is null ? new RefreshOutcome.Refused() : await ReusedAsync(session, now, ct);
        }
        return new RefreshOutcome.Taken(session);
    }

    private async Task<RefreshOutcome> ReusedAsync(AccountSession session, DateTimeOffset now, CancellationToken ct)
    {
        session.End(SessionEnd.RefreshTokenReused, now);
        await db.SaveChangesAsync(ct);
        return new RefreshOutcome.Reused(session);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
