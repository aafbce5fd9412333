using Zeren.Core.Audit;

namespace Zeren.Web.Hosting;

/// <summary><c>zeren audit verify</c>: walks the audit log's hash chain and says, in Chinese, whether it holds.</summary>
internal static class AuditCommand
{
    /// <summary>0 when the chain is intact (or empty), 1 when broken.</summary>
    public static async Task<int> VerifyAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(ct: ct);
        await output.WriteLineAsync(result.Message);
        if (result.Break is { } broken)
        {
            await output.WriteLineAsync($"原因：{Reason(broken.Reason)}。此前 {result.Count} 条完好。");
            return 1;
        }
        if (result.LastHash is { } last)
        {
            await output.WriteLineAsync($"最后一条的哈希：{last}（请另行记录，日后可据此发现日志末尾被截断）。");
        }
        return 0;
    }

    public static string Reason(AuditBreakReason reason) => reason switch
    {
        AuditBreakReason.SequenceGap => "序号不连续",
        AuditBreakReason.PreviousHashMismatch => "前一哈希不符",
        _ => "内容与哈希不符",
    };
}
