using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>
/// The meeting ledger is a record: a person who chaired, recorded, lectured at or was expected at a meeting, and an
/// organization with meetings, stay. Counted across scopes (a count says nothing of whose meetings they are).
/// </summary>
public sealed class MeetingRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public async Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct)
    {
        var meetings = db.Set<Meeting>().IgnoreQueryFilters().AsNoTracking();
        var count = await meetings.CountAsync(m => m.ChairPersonId == personId || m.RecorderPersonId == personId
            || m.LecturerPersonId == personId || m.Attendees.Any(a => a.PersonId == personId), ct);
        return count == 0 ? null : new DomainException("person_in_meetings",
            $"该人员出现在 {count} 次会议记录中（主持、记录、讲党课或应到人员），会议台账须完整保留，不能删除。人员调离请修改其所属组织，不再是党员请修改其政治面貌。");
    }

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var count = await db.Set<Meeting>().IgnoreQueryFilters().AsNoTracking().CountAsync(m => m.OrgId == orgId, ct);
        return count == 0 ? null : new DomainException("org_has_meetings",
            $"该组织有 {count} 次会议记录，会议台账须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }
}
