using Zeren.Core.Meetings;

namespace Zeren.Web.Components.Pages.Meetings;

/// <summary>The upload form of a meeting's attachments; the file itself is read from the posted form (static SSR has no InputFile).</summary>
public sealed class AttachForm
{
    public AttachmentKind Kind { get; set; } = AttachmentKind.Photo;
}

/// <summary>The remove buttons of a meeting's attachments: the button pressed names the attachment.</summary>
public sealed class RemoveAttachmentForm
{
    public Guid? AttachmentId { get; set; }
}
