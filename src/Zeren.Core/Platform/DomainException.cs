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
}

/// <summary>Something asked for by id does not exist (or lies outside the caller's scope).</summary>
public sealed class NotFoundException(string entity, object id)
    : DomainException("not_found", $"未找到{entity}（{id}）。")
{
    public string Entity { get; } = entity;
}

/// <summary>Several refusals at once, e.g. every bad row of an import file.</summary>
public sealed class ValidationFailedException(string message, IReadOnlyList<ValidationError> errors)
    : DomainException("validation_failed", message)
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

/// <summary>One thing wrong with the input. Row is 1-based as a spreadsheet shows it, when the input is a file.</summary>
public sealed record ValidationError(string Field, string Message, int? Row = null);

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
