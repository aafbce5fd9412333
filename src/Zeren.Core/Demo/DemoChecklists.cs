using Microsoft.EntityFrameworkCore;
using Zeren.Core.Checklists;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Demo;

/// <summary>
/// The demo county's 标准化建设清单 of this year: the county's 达标型 (一徽一旗一廊一牌) and 七个一 templates, with the
/// villages of the first two townships in every state — some 达标, some claimed and waiting for the township, some
/// returned with a reason (the demo branch's village among them, so its home page shows it), some not started. Given the
/// upload store, every claim of an item that needs a photo carries one (a small generated picture, <see cref="DemoPhotos"/>,
/// stored as an upload of the village). Runs after the demo accounts, in the load's transaction; a county that already
/// has checklists gets none.
/// </summary>
public static class DemoChecklists
{
    private static readonly string[] Reasons = ["照片未拍到党徽全貌，请补拍", "党建长廊内容未更新，请按新版样式布置", "共产党员牌未贴到全部党员户", "宣传栏内容陈旧，请更新后重新申报"];

    public static async Task EnsureAsync(ZerenDbContext db, TimeProvider clock, UploadStore? uploads = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await db.Set<ChecklistTemplate>().IgnoreQueryFilters().AnyAsync(ct))
        {
            return;
        }
        var orgs = db.Set<Organization>().IgnoreQueryFilters().AsNoTracking();
        var county = await orgs.Where(o => o.Depth == 0).OrderBy(o => o.Path).Select(o => new { o.Id, o.Path }).FirstOrDefaultAsync(ct);
        var accounts = await db.Set<Account>().IgnoreQueryFilters().AsNoTracking().Where(a => a.IsDemo)
            .Select(a => new { a.UserName, a.OrgId }).ToListAsync(ct);
        if (county is null || accounts.SingleOrDefault(a => a.UserName == "township1")?.OrgId is not { } t1
            || accounts.SingleOrDefault(a => a.UserName == "township2")?.OrgId is not { } t2)
        {
            return;
        }
        var branch = accounts.SingleOrDefault(a => a.UserName == "branch")?.OrgId;
        var villages = await ChecklistService.Branches(orgs).Where(o => o.ParentId == t1 || o.ParentId == t2).OrderBy(o => o.Path)
            .Select(o => new { o.Id, o.ParentId }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var year = ChinaTime.Today(clock).Year;
        var created = now.AddDays(-60);
        var photos = new List<(ChecklistEvent Claim, ChecklistItem Item, Guid Village, int N)>();

        List<ChecklistItem> Template(ChecklistKind kind)
        {
            var t = new ChecklistTemplate
            {
                Id = Ids.New(), OrgId = county.Id, Year = year, Kind = kind, Name = ChecklistDefaults.DefaultName(kind, year), Version = 1,
                CreatedAt = created, CreatedBy = "county", UpdatedAt = created, UpdatedBy = "county",
            };
            db.Add(t);
            var items = ChecklistDefaults.For(kind).Select((d, i) => new ChecklistItem
            {
                Id = Ids.New(), TemplateId = t.Id, Position = i + 1, Name = d.Name, Description = d.Description ?? "", PhotoRequired = d.PhotoRequired,
            }).ToList();
            db.AddRange(items);
            return items;
        }

        void Entry(ChecklistItem item, Guid village, Guid township, ChecklistItemState state, int n)
        {
            var claimedAt = created.AddDays(10 + (n % 30));
            var claimant = village == branch ? "branch" : "村文书";
            var verifier = township == t1 ? "township1" : "township2";
            var note = $"已按标准完成“{item.Name}”";
            var e = ChecklistEntry.For(item.TemplateId, item.Id, village);
            db.Add(e);
            var claim = e.Claim(note, claimedAt, claimant, village);
            db.Add(claim);
            if (item.PhotoRequired)
            {
                photos.Add((claim, item, village, n));
            }
            var answered = claimedAt.AddDays(3);
            if (state == ChecklistItemState.Verified)
            {
                db.Add(e.Answer(ChecklistAction.Verify, null, answered, verifier, township));
            }
            else if (state == ChecklistItemState.Returned)
            {
                db.Add(e.Answer(ChecklistAction.Return, Reasons[n % Reasons.Length], answered, verifier, township));
            }
        }

        var standard = Template(ChecklistKind.Standard);
        var venue = Template(ChecklistKind.Venue);
        for (var v = 0; v < villages.Count; v++)
        {
            var (village, township) = (villages[v].Id, villages[v].ParentId!.Value);
            // The demo branch's village: two verified, one waiting, one returned. Others by turn: 达标, waiting, returned, not started.
            var pattern = village == branch ? 4 : v % 4;
            for (var i = 0; i < standard.Count; i++)
            {
                ChecklistItemState? state = pattern switch
                {
                    0 => ChecklistItemState.Verified,
                    1 => i < 2 ? ChecklistItemState.Verified : ChecklistItemState.Claimed,
                    2 => i == 3 ? ChecklistItemState.Returned : i == 0 ? ChecklistItemState.Verified : null,
                    3 => null,
                    _ => i < 2 ? ChecklistItemState.Verified : i == 2 ? ChecklistItemState.Claimed : ChecklistItemState.Returned,
                };
                if (state is { } s)
                {
                    Entry(standard[i], village, township, s, (v * 7) + i);
                }
            }
            // 七个一: the first items done in the early villages.
            for (var i = 0; i < venue.Count && i < 7 - (v % 8); i++)
            {
                Entry(venue[i], village, township, i % 5 == 4 ? ChecklistItemState.Claimed : ChecklistItemState.Verified, (v * 11) + i);
            }
        }
        await db.SaveChangesAsync(ct);
        if (uploads is null)
        {
            return;
        }
        // Stored the way a claim's photos are: an upload of the village, kept by the claim (each file saved with its row).
        foreach (var (claim, item, village, n) in photos)
        {
            using var content = new MemoryStream(DemoPhotos.Png(n));
            await uploads.SaveAsync(content, $"{item.Name}.png", "image/png", ChecklistService.PhotoFiles, village,
                f => [db.Add(new ChecklistFile { Id = Ids.New(), EntryId = claim.EntryId, EventId = claim.Id, StoredFileId = f.Id }).Entity], ct);
        }
    }
}
