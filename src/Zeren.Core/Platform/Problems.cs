namespace Zeren.Core.Platform;

/// <summary>
/// Collects the refusals of several checks of one input, so that one answer names them all (a form shows every error
/// at once, not one per submit): each check that refuses adds its errors and the next runs; <see cref="ThrowIfAny"/>
/// throws them together as one <see cref="ValidationFailedException"/>. Something not found by its id, or refused by
/// permission, is not an input error: it ends the request at once, as before.
/// </summary>
public sealed class Problems
{
    private readonly List<ValidationError> errors = [];

    public IReadOnlyList<ValidationError> Errors => errors;

    public bool Any => errors.Count > 0;

    /// <summary>Whether a field already has an error (a later check about it would only repeat the point).</summary>
    public bool Has(string field) => errors.Exists(e => e.Field == field);

    public void Add(string code, string message, string field) => errors.Add(new ValidationError(field, message, Code: code));

    public void AddRange(IEnumerable<ValidationError> more) => errors.AddRange(more);

    /// <summary>Runs a check; its refusal is kept and the default returned.</summary>
    public T? Check<T>(Func<T> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return check();
        }
        catch (DomainException e) when (IsInputError(e))
        {
            errors.AddRange(e.AsErrors());
            return default;
        }
    }

    public void Check(Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        Check(() =>
        {
            check();
            return true;
        });
    }

    public async Task<T?> CheckAsync<T>(Func<Task<T>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return await check();
        }
        catch (DomainException e) when (IsInputError(e))
        {
            errors.AddRange(e.AsErrors());
            return default;
        }
    }

    public Task CheckAsync(Func<Task> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return CheckAsync(async () =>
        {
            await check();
            return true;
        });
    }

    public void ThrowIfAny() => ValidationFailedException.ThrowIfAny(errors);

    private static bool IsInputError(DomainException e) => e is not (NotFoundException or ForbiddenException or TooLargeException);
}
