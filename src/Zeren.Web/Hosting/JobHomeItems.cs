using System.Globalization;
using Microsoft.Extensions.Localization;
using Zeren.Core.Jobs;
using Zeren.Core.Meetings;
using Zeren.Core.Security;
using Zeren.Web.Components.Shared;
using Zeren.Web.Home;

namespace Zeren.Web.Hosting;

/// <summary>The daily jobs on the 系统管理员's home page: the latest runs and the failures of the last days.</summary>
public sealed class JobHomeItems(JobLog jobs, IStringLocalizer<SharedResource> l) : IHomeItems
{
    public async Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Permission.ConfigWrite))
        {
            return [];
        }
        var summary = await jobs.SummaryAsync(ct: ct);
        var lines = summary.LatestFailures
            .Select(f => new HomeLine(l["Home_JobFailed", Names.Date(f.Day), JobName(f.Job)], null, null, f.Message))
            .Concat(summary.Latest.Select(r => new HomeLine(
                l[r.FinishedAt is null ? "Home_JobUnfinished" : "Home_JobRan", Names.Date(r.Day), JobName(r.Job)], null, null, r.Result)))
            .ToList();
        return
        [
            new HomeCard(
                "jobs", 20, l["Home_Jobs"], "clock-history", summary.FailuresInDays > 0 ? HomeTone.Alert : HomeTone.Neutral,
                summary.FailuresInDays.ToString("N0", CultureInfo.InvariantCulture),
                l["Home_JobsCaption", summary.Days] + (summary.RanToday ? "" : " " + l["Home_JobsNotToday"]),
                lines),
        ];
    }

    private string JobName(string job) => job switch
    {
        MeetingReminders.JobName => l["Job_MeetingReminders"],
        Zeren.Core.Files.UploadCleanup.JobName => l["Job_UploadCleanup"],
        Zeren.Core.Obligations.ObligationJob.JobName => l["Job_Obligations"],
        _ => job,
    };
}
