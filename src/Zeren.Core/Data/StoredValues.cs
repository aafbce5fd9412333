using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Platform;

namespace Zeren.Core.Data;

/// <summary>
/// The last check of the input contract, in <see cref="ZerenDbContext"/>'s SaveChanges, whatever wrote the row (the API,
/// a form, an import, a job): every enum column holds a defined member, and every text column follows
/// <see cref="TextRules"/> for its kind (one line unless configured with <see cref="StoredValueExtensions.HasMultiLineText"/>)
/// and is stored normalized. Only what the save adds or changes is checked, so an old value never blocks an unrelated
/// change. A refusal names every field at fault (camelCase, as the API spells it) and saves nothing.
/// </summary>
public static class StoredValues
{
    internal const string MultiLineAnnotation = "Zeren:MultiLineText";

    public static void Check(ChangeTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        List<ValidationError>? errors = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            foreach (var property in entry.Properties)
            {
                if ((entry.State == EntityState.Modified && !property.IsModified) || property.CurrentValue is not { } value)
                {
                    continue;
                }
                var field = TextRules.FieldName(property.Metadata.Name);
                var type = Nullable.GetUnderlyingType(property.Metadata.ClrType) ?? property.Metadata.ClrType;
                if (type.IsEnum)
                {
                    if (!EnumNames.IsDefined(type, value))
                    {
                        (errors ??= []).Add(new ValidationError(field, EnumNames.Refusal(type, value.ToString() ?? ""), Code: "enum"));
                    }
                }
                else if (value is string text)
                {
                    var kind = KindOf(property.Metadata);
                    if (TextRules.Check(text, kind) is { } problem)
                    {
                        (errors ??= []).Add(new ValidationError(field, problem.Message, Code: "text"));
                        continue;
                    }
                    var normalized = TextRules.Normalize(text, kind);
                    if (!string.Equals(normalized, text, StringComparison.Ordinal))
                    {
                        property.CurrentValue = normalized;
                    }
                }
            }
        }
        if (errors is not null)
        {
            throw new ValidationFailedException(
                errors.Count == 1 ? errors[0].Message : $"有 {errors.Count} 处内容不符合要求：{errors[0].Message}", errors);
        }
    }

    /// <summary>How the column was configured: multi-line when marked, else one line.</summary>
    public static TextKind KindOf(Microsoft.EntityFrameworkCore.Metadata.IReadOnlyProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.FindAnnotation(MultiLineAnnotation) is not null ? TextKind.MultiLine : TextKind.SingleLine;
    }
}

public static class StoredValueExtensions
{
    /// <summary>Marks a text column that may hold several lines (tabs and line breaks allowed, stored with "\n").</summary>
    public static PropertyBuilder<string?> HasMultiLineText(this PropertyBuilder<string?> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.HasAnnotation(StoredValues.MultiLineAnnotation, true);
    }
}
