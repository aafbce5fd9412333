using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;

namespace Zeren.Core.Security;

/// <summary>
/// 数据范围: the one place where an account's scope is enforced. Every query through the context, from a page, the
/// API, an export or a job, sees organizations inside the actor's subtrees and the rows that belong to them; a row
/// outside is not there at all, so asking for it by id is a 404 like any missing row.
/// An organization is in scope when its path lies in one of the scope's ranges (one index range each); a row that
/// belongs to an organization is in scope when its organization is. A test checks that every entity with an
/// <c>OrgId</c> has a filter here, so a new table cannot forget it.
/// Code that must look across scopes (uniqueness checks, sign-in) says so with <c>IgnoreQueryFilters()</c>, which lifts
/// every filter of the whole query (not just of the set it is called on): never in a query that returns scoped rows.
/// To show the name of a person outside the scope beside a row inside it (the county leader linked to a township),
/// join <c>db.Set&lt;Person&gt;().IgnoreQueryFilters([Person.ScopeFilter])</c>, which lifts the people filter only.
/// </summary>
internal static class DataScopeFilters
{
    public static void Apply(ModelBuilder mb, ZerenDbContext db)
    {
        mb.Entity<Organization>().HasQueryFilter(o => db.ScopeAll
            || (o.Path.CompareTo(db.ScopeLower0) >= 0 && o.Path.CompareTo(db.ScopeUpper0) < 0)
            || (o.Path.CompareTo(db.ScopeLower1) >= 0 && o.Path.CompareTo(db.ScopeUpper1) < 0)
            || (o.Path.CompareTo(db.ScopeLower2) >= 0 && o.Path.CompareTo(db.ScopeUpper2) < 0)
            || (o.Path.CompareTo(db.ScopeLower3) >= 0 && o.Path.CompareTo(db.ScopeUpper3) < 0));

        mb.Entity<Region>().HasQueryFilter(r => db.ScopeAll || db.Set<Organization>().Any(o => o.Id == r.CountyOrgId));
        mb.Entity<Grid>().HasQueryFilter(g => db.ScopeAll || db.Set<Organization>().Any(o => o.Id == g.OrgId));
        mb.Entity<Person>().HasQueryFilter(Person.ScopeFilter, p => db.ScopeAll || db.Set<Organization>().Any(o => o.Id == p.OrgId));
        mb.Entity<Position>().HasQueryFilter(p => db.ScopeAll || db.Set<Organization>().Any(o => o.Id == p.OrgId));
        mb.Entity<Link>().HasQueryFilter(l => db.ScopeAll || db.Set<Organization>().Any(o => o.Id == l.OrgId));
        mb.Entity<ReserveCadre>().HasQueryFilter(r => db.ScopeAll || db.Set<Organization>().Any(o => o.Id == r.OrgId));
        mb.Entity<Meeting>().HasQueryFilter(m => db.ScopeAll || db.Set<Organization>().Any(o => o.Id == m.OrgId));
        // A meeting's rows have no organization of their own: they are in scope when their meeting is.
        mb.Entity<MeetingTypeEntry>().HasQueryFilter(t => db.ScopeAll || db.Set<Meeting>().Any(m => m.Id == t.MeetingId));
        mb.Entity<MeetingAttendee>().HasQueryFilter(a => db.ScopeAll || db.Set<Meeting>().Any(m => m.Id == a.MeetingId));
        mb.Entity<MeetingAmendment>().HasQueryFilter(a => db.ScopeAll || db.Set<Meeting>().Any(m => m.Id == a.MeetingId));
        mb.Entity<MeetingAttachment>().HasQueryFilter(a => db.ScopeAll || db.Set<Meeting>().Any(m => m.Id == a.MeetingId));
        // Cadence rules are the county's configuration, the same for everyone: no filter.
        mb.Entity<Notifications.Notification>().HasQueryFilter(n => db.ScopeAll || db.Set<Organization>().Any(o => o.Id == n.OrgId));
        // A file nobody has given an organization yet is seen by whole-deployment accounts only.
        mb.Entity<StoredFile>().HasQueryFilter(f => db.ScopeAll || (f.OrgId != null && db.Set<Organization>().Any(o => o.Id == f.OrgId)));
    }
}
