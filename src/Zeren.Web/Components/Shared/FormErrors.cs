using Microsoft.AspNetCore.Components.Forms;
using Zeren.Core.Platform;

namespace Zeren.Web.Components.Shared;

/// <summary>Shows a refusal from the domain on a form: each field's messages next to that field.</summary>
public static class FormErrors
{
    /// <summary>Field names in domain errors are camelCase ("idNumber"); the form models use the same names in PascalCase.</summary>
    public static FieldIdentifier FieldOf(object model, string field) =>
        new(model, field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..]);

    /// <summary>
    /// Every error of a refusal beside its field. <paramref name="fields"/> maps a rule's field to the form's where the
    /// form asks for it differently (a meeting's "startsAt" is the form's day).
    /// </summary>
    public static void Show(this EditContext form, ValidationMessageStore store, DomainException error,
        IReadOnlyDictionary<string, string>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(error);
        IReadOnlyList<ValidationError> errors = error switch
        {
            ValidationFailedException v => v.Errors,
            { Field: { } f } => [new ValidationError(f, error.Message)],
            _ => [],
        };
        foreach (var e in errors)
        {
            var field = fields is not null && fields.TryGetValue(e.Field, out var mapped) ? mapped : e.Field;
            store.Add(FieldOf(form.Model, field), e.Message);
        }
        form.NotifyValidationStateChanged();
    }

    /// <summary>
    /// The refusal of a save that was asked with a picker that chose nothing (sent as <see cref="Guid.Empty"/>, which
    /// no service accepts), with the picker's own message in place of the service's for that field: so a form shows a
    /// missing choice together with every other error, not first alone. Pickers that chose are (field, null).
    /// </summary>
    public static DomainException WithPicks(this DomainException error, params (string Field, string? PickError)[] picks)
    {
        ArgumentNullException.ThrowIfNull(error);
        var failed = picks.Where(p => p.PickError is not null).ToList();
        if (failed.Count == 0)
        {
            return error;
        }
        var errors = failed.Select(p => new ValidationError(p.Field, p.PickError!, Code: "pick"))
            .Concat(error.AsErrors().Where(e => failed.TrueForAll(p => p.Field != e.Field)))
            .ToList();
        return new ValidationFailedException(errors);
    }

    public static void Show(this EditContext form, ValidationMessageStore store, string field, string message)
    {
        store.Add(FieldOf(form.Model, field), message);
        form.NotifyValidationStateChanged();
    }

    public static bool IsInvalid(this EditContext form, string property) =>
        form.GetValidationMessages(new FieldIdentifier(form.Model, property)).Any();

    /// <summary>An EditContext whose invalid inputs get Bootstrap's <c>is-invalid</c>.</summary>
    public static EditContext For(object model)
    {
        var context = new EditContext(model);
        context.SetFieldCssClassProvider(new BootstrapFieldCss());
        return context;
    }

    private sealed class BootstrapFieldCss : FieldCssClassProvider
    {
        public override string GetFieldCssClass(EditContext editContext, in FieldIdentifier fieldIdentifier) =>
            editContext.GetValidationMessages(fieldIdentifier).Any() ? "is-invalid" : "";
    }
}
