using System.Net;
using FluentAssertions;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

/// <summary>
/// The data folder as the operator meets it: a read-only one stops the start with one sentence in Chinese and English
/// (no stack trace, a non-zero exit), and /health says Degraded when it cannot be written or its disk is nearly full.
/// </summary>
public sealed class DataFolderTests
{
    /// <summary>
    /// A folder this process cannot write: a fresh one made read-only, or, when permissions do not stop this user (root),
    /// /sys, where nobody can create a file.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string ReadOnlyFolder()
    {
        var folder = TestDatabases.NewTempFolder("zeren-read-only");
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        try
        {
            File.WriteAllText(Path.Combine(folder, "probe"), "");
            File.Delete(Path.Combine(folder, "probe"));
            return "/sys";
        }
        catch (UnauthorizedAccessException)
        {
            return folder;
        }
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData(null)]
    public async Task AReadOnlyDataFolder_StopsTheStartWithOneSentenceInChineseAndEnglish(string? command)
    {
        var folder = OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("The tests run on Linux.") : ReadOnlyFolder();
        string[] args = [$"--Zeren:DataFolder={folder}", "--urls", "http://127.0.0.1:0"];

        var run = await ZerenCli.RunAsync(command is null ? args : [command, .. args]);

        run.ExitCode.Should().NotBe(0, run.ToString());
        var message = run.Error.Trim();
        message.Should().StartWith($"数据目录 {folder} 无法写入").And.Contain($"The data folder {folder} is not writable");
        message.Split('\n').Should().ContainSingle("one sentence, not a stack trace");
        (run.Out + run.Error).Should().NotContain("   at ").And.NotContain("Exception");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Health_WhenTheDataFolderDiskIsNearlyFull_IsDegraded(string provider)
    {
        // More free space than any disk has: the threshold says nearly full.
        await using var app = new ZerenFactory(provider, settings: new Dictionary<string, string?> { ["Zeren:Health:MinFreeMegabytes"] = "1000000000000" });

        var response = await app.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK, "Degraded still serves");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        lines[0].Should().Be("Degraded");
        lines.Should().ContainSingle(l => l.StartsWith("data-folder: Degraded: 数据目录所在磁盘只剩", StringComparison.Ordinal) && l.Contains("disk nearly full"));
        lines.Should().NotContain(l => l.Contains('/'), "no path is shown to an anonymous caller");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Health_WhenTheDataFolderCannotBeWritten_IsDegraded_AndHealthyAgainOnceItCan(string provider)
    {
        var folder = TestDatabases.NewTempFolder("zeren-health");
        var clock = new TestClock();
        await using var app = new ZerenFactory(provider, settings: new Dictionary<string, string?> { ["Zeren:DataFolder"] = folder }, clock: clock);
        var client = app.CreateClient();
        (await client.GetStringAsync(new Uri("/health", UriKind.Relative))).Should().Be("Healthy");

        // The folder goes away under the running app (an unmounted disk), and a plain file stands in its place.
        var away = folder + "-away";
        Directory.Move(folder, away);
        await File.WriteAllTextAsync(folder, "");
        string[] cached, lines;
        try
        {
            // The write probe forces a file to disk, so its answer is kept a few seconds, not paid on every request.
            cached = await HealthLinesAsync(client);
            clock.Advance(DataFolderWriteCheck.Interval + TimeSpan.FromSeconds(1));
            // Unhealthy (503) too when SQLite cannot reach its file any more; the data folder's line is what matters here.
            lines = await HealthLinesAsync(client);
        }
        finally
        {
            File.Delete(folder);
            Directory.Move(away, folder);
        }

        cached.Should().NotContain(l => l.StartsWith("data-folder:", StringComparison.Ordinal), "the last probe, a moment ago, could write");
        lines[0].Should().BeOneOf("Degraded", "Unhealthy");
        lines.Should().Contain("data-folder: Degraded: 数据目录无法写入 (data folder not writable)");
        (await HealthLinesAsync(client)).Should().Contain("data-folder: Degraded: 数据目录无法写入 (data folder not writable)", "within the interval");
        clock.Advance(DataFolderWriteCheck.Interval + TimeSpan.FromSeconds(1));
        (await client.GetStringAsync(new Uri("/health", UriKind.Relative))).Should().Be("Healthy");
    }

    private static async Task<string[]> HealthLinesAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        return (await response.Content.ReadAsStringAsync()).Split('\n');
    }
}
