namespace Zeren.Core.Platform;

/// <summary>
/// A refused action: a business rule said no. The message is for a person (Chinese);
/// the code names the rule so clients and tests can tell refusals apart.
/// The web layer turns it into RFC 7807 ProblemDetails (422, or 404 for <see cref="NotFoundException"/>).
/// </summary>
public class DomainException(string code, string message, string? field = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The input field the refusal is about, when there is one.</summary>
    public string? Field { get; } = field;

    /// <summary>The refusal as field errors: the list of one that carries several, else itself as one error.</summary>
    public IReadOnlyList<ValidationError> AsErrors() =>
        this is ValidationFailedException v ? v.Errors : [new ValidationError(Field ?? "", Message, Code: Code)];
}

/// <summary>Something asked for by id does not exist (or lies outside the caller's scope).</summary>
public sealed class NotFoundException(string entity, object id)
    : DomainException("not_found", $"未找到{entity}（{id}）。")
{
    public string Entity { get; } = entity;
}

/// <summary>
/// Several refusals at once, e.g. every bad row of an import file, or every rule a form breaks, so that a person
/// sees them all in one answer instead of one per attempt.
/// </summary>
public sealed class ValidationFailedException : DomainException
{
    public ValidationFailedException(string message, IReadOnlyList<ValidationError> errors)
        : base("validation_failed", message)
    {
        Errors = errors;
    }

    /// <summary>
    /// Every rule an input breaks, each with its own code: the exception carries the first one's code, message and
    /// field (a client that reads only the top of the answer still learns the first rule), <see cref="Errors"/> all.
    /// </summary>
    public ValidationFailedException(IReadOnlyList<ValidationError> errors)
        : base(First(errors).Code ?? "validation_failed", First(errors).Message, First(errors).Field)
    {
        Errors = errors;
    }

    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>Throws every error collected, if there is any.</summary>
    public static void ThrowIfAny(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private static ValidationError First(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count > 0 ? errors[0] : throw new ArgumentException("At least one error.", nameof(errors));
    }
}

/// <summary>
/// One thing wrong with the input. Row is 1-based as a spreadsheet shows it, when the input is a file; Code names the
/// rule, when one does.
/// </summary>
public sealed record ValidationError(string Field, string Message, int? Row = null, string? Code = null);

/// <summary>The actor's role does not allow the action (403). Out-of-scope data is a <see cref="NotFoundException"/> instead.</summary>
public sealed class ForbiddenException(string code, string message) : DomainException(code, message)
{
    public ForbiddenException(string message)
        : this("forbidden", message)
    {
    }
}

/// <summary>An upload larger than its limit (or, for a workbook, larger than its limit once uncompressed); the API answers 413.</summary>
public sealed class TooLargeException(string message, string code = "upload_size") : DomainException(code, message, "file");

/// <summary>
/// Too much at once or too much today: a second import while one runs, an account's daily upload quota. The API answers
/// 429 with Retry-After when <see cref="RetryAfter"/> is known.
/// </summary>
public sealed class TooManyRequestsException(string code, string message, TimeSpan? retryAfter = null) : DomainException(code, message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
