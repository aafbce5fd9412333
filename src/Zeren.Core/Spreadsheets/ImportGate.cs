using Microsoft.Extensions.Options;
using Zeren.Core.Platform;

namespace Zeren.Core.Spreadsheets;

/// <summary>
/// How many imports run at once in this instance: <see cref="SpreadsheetLimits.MaxImportsPerAccount"/> (one) per
/// account, and at most <see cref="SpreadsheetLimits.MaxConcurrentImports"/> over all accounts. An import reads a whole workbook and
/// checks every row before saving; a few at once are what a county needs, and more would let a handful of uploads
/// take the server's memory and database. A refusal is a <see cref="TooManyRequestsException"/> (429), never a wait.
/// Singleton; the count is per instance (several instances each allow as many).
/// </summary>
public sealed class ImportGate(IOptions<SpreadsheetLimits> options)
{
    /// <summary>What a client is told to wait when every place is taken: an import takes seconds.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, int> running = new(StringComparer.Ordinal);
    private int total;

    /// <summary>Imports running now in this instance.</summary>
    public int Running
    {
        get
        {
            lock (running)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// A place for one import of <paramref name="account"/> (its id or user name), given back when disposed; refused
    /// when that account is importing already or every place is taken.
    /// </summary>
    public IDisposable Enter(string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        var max = Math.Max(1, options.Value.MaxConcurrentImports);
        var perAccount = Math.Max(1, options.Value.MaxImportsPerAccount);
        lock (running)
        {
            var mine = running.GetValueOrDefault(account);
            if (mine >= perAccount)
            {
                throw new TooManyRequestsException("import_running", perAccount == 1
                    ? "您的上一次导入还在进行中：每个账号同一时间只能导入一个文件，请等它完成后再导入。"
                    : $"您已有 {mine} 个导入在进行中，请等它们完成后再导入。");
            }
            if (total >= max)
            {
                throw new TooManyRequestsException("imports_busy",
                    $"系统正在处理其他导入（同一时间最多 {max} 个），请 {BusyRetryAfter.TotalSeconds:0} 秒后再试。", BusyRetryAfter);
            }
            running[account] = mine + 1;
            total++;
        }
        return new Place(this, account);
    }

    private void Leave(string account)
    {
        lock (running)
        {
            total--;
            if (--running[account] == 0)
            {
                running.Remove(account);
            }
        }
    }

    private sealed class Place(ImportGate gate, string account) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                gate.Leave(account);
            }
        }
    }
}
