using Zeren.Core.Projects;

namespace Zeren.Web.Components.Pages.Projects;

/// <summary>
/// One intended project's row of the plan form; a row left wholly blank is not a project. The person and the dates are
/// kept as the posted text: a browser posts every row, and an empty value in a row of a list does not map to a null
/// <c>Guid?</c> or <c>DateOnly?</c> (the whole list would be lost), so they are read here and a missing one is named by
/// the 五定 check like any other.
/// </summary>
public sealed class PlanProjectRow
{
    public string? Name { get; set; }
    public string? Target { get; set; }
    public string? Responsibility { get; set; }
    public string? PersonId { get; set; }
    public string? StartOn { get; set; }
    public string? DueOn { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Target) && string.IsNullOrWhiteSpace(Responsibility)
        && string.IsNullOrWhiteSpace(PersonId) && string.IsNullOrWhiteSpace(StartOn) && string.IsNullOrWhiteSpace(DueOn);

    public ProjectTerms Terms => new(Name, Target, Responsibility, FormText.Id(PersonId), FormText.Date(StartOn), FormText.Date(DueOn));

    public static PlanProjectRow Of(PlanProjectView p) => new()
    {
        Name = p.Name, Target = p.Target, Responsibility = p.Responsibility, PersonId = p.PersonId.ToString(),
        StartOn = FormText.Of(p.StartOn), DueOn = FormText.Of(p.DueOn),
    };
}

/// <summary>Values a form keeps as text (a person's id, an ISO date), read back; what does not read is null.</summary>
public static class FormText
{
    public static Guid? Id(string? text) => System.Guid.TryParse(text?.Trim(), out var id) && id != System.Guid.Empty ? id : null;

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var day) ? day : null;

    public static string Of(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The plan form (一上, and 二上、三上 after a return): the text and up to <see cref="Rows"/> intended projects.</summary>
public sealed class PlanForm
{
    /// <summary>How many project rows the form offers (blank ones are left out).</summary>
    public const int Rows = 8;

    public Guid? OrgId { get; set; }
    public int Year { get; set; }
    public string? Text { get; set; }
    public List<PlanProjectRow> Projects { get; set; } = [];

    public IReadOnlyList<ProjectTerms> Terms() => Projects.Where(p => !p.IsBlank).Select(p => p.Terms).ToList();

    /// <summary>Fills the rows up to <see cref="Rows"/>.</summary>
    public PlanForm Padded()
    {
        while (Projects.Count < Rows)
        {
            Projects.Add(new PlanProjectRow());
        }
        return this;
    }
}

/// <summary>The department's review: comments and the decision (approve or return), the button pressed.</summary>
public sealed class ReviewForm
{
    public string? Comments { get; set; }
    public string? Decision { get; set; }
}

/// <summary>One line of a side-by-side comparison: the left and right text, and whether each side differs.</summary>
public sealed record DiffLine(string? Left, string? Right)
{
    public bool Changed => !string.Equals(Left, Right, StringComparison.Ordinal);
}

/// <summary>Two versions' texts line by line, aligned on their longest common subsequence, for the side-by-side view.</summary>
public static class TextDiff
{
    /// <summary>The most lines compared (a plan is at most 8 000 characters).</summary>
    public const int MaxLines = 2000;

    public static IReadOnlyList<DiffLine> Lines(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var a = Split(left);
        var b = Split(right);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var lines = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add(new DiffLine(a[x++], b[y++]));
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add(new DiffLine(null, b[y++]));
            }
            else
            {
                lines.Add(new DiffLine(a[x++], null));
            }
        }
        return lines;
    }

    private static string[] Split(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Take(MaxLines).ToArray();
}
