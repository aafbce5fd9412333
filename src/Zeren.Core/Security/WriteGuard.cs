using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Security;

/// <summary>
/// The last check before anything is written, whichever page, endpoint or import asked: the actor's role must allow
/// changing that kind of row, and the row must belong to an organization inside the actor's scope (for a new
/// organization: its parent). Every entity type is listed here; a test fails when one is not.
/// </summary>
internal static class WriteGuard
{
    private static readonly Dictionary<Type, Permission?> Required = new()
    {
        [typeof(Organization)] = Permission.OrgsWrite,
        [typeof(Region)] = Permission.OrgsWrite,
        [typeof(Grid)] = Permission.OrgsWrite,
        [typeof(Person)] = Permission.PeopleWrite,
        [typeof(Position)] = Permission.PeopleWrite,
        [typeof(Link)] = Permission.PeopleWrite,
        [typeof(ReserveCadre)] = Permission.PeopleWrite,
        [typeof(Meeting)] = Permission.MeetingsWrite,
        // A meeting's own rows carry no organization; MeetingService changes them only together with their
        // meeting (whose UpdatedAt moves), so the meeting's organization is checked in the same save.
        [typeof(MeetingTypeEntry)] = Permission.MeetingsWrite,
        [typeof(MeetingAttendee)] = Permission.MeetingsWrite,
        [typeof(MeetingAmendment)] = Permission.MeetingsWrite,
        // Added and removed with a change of the meeting's update stamp (MeetingService), as above.
        [typeof(MeetingAttachment)] = Permission.MeetingsWrite,
        [typeof(MeetingCadence)] = Permission.ConfigWrite,
        // Uploads: the endpoint asks for a write permission and UploadStore for an organization in scope; whatever
        // keeps the file (a meeting) checks its own permission.
        [typeof(StoredFile)] = null,
        // Accounts change through AccountService, which checks AccountsManage, and through sign-in itself
        // (failed-attempt counters), which happens before anyone is signed in.
        [typeof(Account)] = null,
        [typeof(IdentityRole<Guid>)] = null,
        [typeof(IdentityUserRole<Guid>)] = null,
        [typeof(IdentityUserClaim<Guid>)] = null,
        [typeof(IdentityUserLogin<Guid>)] = null,
        [typeof(IdentityUserToken<Guid>)] = null,
        [typeof(IdentityRoleClaim<Guid>)] = null,
        // Sessions open at sign-in, before anyone is signed in, and end at sign-out or with a change AccountService makes.
        [typeof(AccountSession)] = null,
        [typeof(RefreshToken)] = null,
        // Written by the daily reminder job (the app itself); an account may only mark its organization's as read,
        // which NotificationService allows to anyone who reads data.
        [typeof(Notifications.Notification)] = Permission.DataRead,
        // The app's own scheduled jobs; no account writes them.
        [typeof(Jobs.JobRun)] = Permission.ConfigWrite,
        // Appended only by the AuditInterceptor, inside the save this guard let through; never changed or deleted.
        [typeof(Audit.AuditEntry)] = null,
    };

    /// <summary>Lets a capability outside this file declare its entity's permission (null: guarded elsewhere).</summary>
    public static void Classify(Type entity, Permission? permission)
    {
        lock (Required)
        {
            Required[entity] = permission;
        }
    }

    public static bool IsClassified(Type entity) => Required.ContainsKey(entity);

    public static async Task CheckAsync(ZerenDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.IsSystem)
        {
            return;
        }
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var orgIds = new HashSet<Guid>();
        foreach (var entry in changed)
        {
            var type = entry.Metadata.ClrType;
            if (!Required.TryGetValue(type, out var permission))
            {
                throw new InvalidOperationException($"{type.Name} is not classified in WriteGuard.");
            }
            if (permission is null)
            {
                continue;
            }
            if (!actor.Has(permission.Value))
            {
                throw new ForbiddenException("您的角色没有修改此类数据的权限。");
            }
            if (entry.Entity is Organization org)
            {
                if (org.ParentId is { } parent)
                {
                    orgIds.Add(parent);
                }
                else if (!db.Scope.All)
                {
                    throw new ForbiddenException("只有全域账号可以新建或修改顶级组织。");
                }
                if (entry.State != EntityState.Added)
                {
                    orgIds.Add(org.Id);
                }
                continue;
            }
            var orgProperty = entry.Metadata.FindProperty("OrgId") ?? entry.Metadata.FindProperty("CountyOrgId");
            if (orgProperty is not null)
            {
                if (entry.Property(orgProperty.Name).CurrentValue is Guid current)
                {
                    orgIds.Add(current);
                }
                if (entry.State == EntityState.Modified && entry.Property(orgProperty.Name).OriginalValue is Guid original)
                {
                    orgIds.Add(original);
                }
            }
        }
        if (orgIds.Count == 0 || db.Scope.All)
        {
            return;
        }
        // The filtered set: what it does not return is outside the scope.
        var ids = orgIds.ToList();
        var visible = await db.Set<Organization>().Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        if (visible.Count != ids.Count)
        {
            var missing = ids.Except(visible).First();
            throw new NotFoundException("组织", missing);
        }
    }
}
