using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zeren.Core.Security;

namespace Zeren.Core.Files;

/// <summary>
/// 附件: an uploaded file kept under the data folder. The row says what it is; the bytes live at
/// <see cref="StoragePath"/> under the uploads folder. The content type is the one its bytes proved, never the
/// client's claim.
/// </summary>
[DisplayName("附件")]
public sealed class StoredFile
{
    public const int MaxFileNameLength = 200;

    private StoredFile()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The organization the file belongs to, once the capability that keeps it (a meeting) says so.</summary>
    [DisplayName("所属组织")]
    public Guid? OrgId { get; private set; }

    /// <summary>The name it was uploaded with, shown and used for downloads.</summary>
    [DisplayName("文件名")]
    public string FileName { get; private set; } = "";

    [DisplayName("文件类型")]
    public string ContentType { get; private set; } = "";

    [DisplayName("大小")]
    public long Size { get; private set; }

    /// <summary>SHA-256 of the bytes, lower-case hex: proves a download is what was uploaded.</summary>
    [DisplayName("SHA-256")]
    public string Sha256 { get; private set; } = "";

    /// <summary>Relative to the uploads folder, with '/' separators: yyyy/MM/{id}.</summary>
    [DisplayName("存储位置")]
    public string StoragePath { get; private set; } = "";

    [DisplayName("上传时间")]
    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("上传人")]
    public string CreatedBy { get; private set; } = "";

    internal static StoredFile Create(Guid id, Guid? orgId, string fileName, string contentType, long size, string sha256,
        string storagePath, DateTimeOffset createdAt, string createdBy) => new()
        {
            Id = id,
            OrgId = orgId,
            FileName = fileName,
            ContentType = contentType,
            Size = size,
            Sha256 = sha256,
            StoragePath = storagePath,
            CreatedAt = createdAt,
            CreatedBy = createdBy,
        };

    /// <summary>
    /// A name safe to keep and to send back: no folders, no control characters, not too long (the extension kept).
    /// </summary>
    public static string CleanFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && c != '"')]).Trim();
        if (name.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length <= 10 ? extension : "";
            var keep = MaxFileNameLength - extension.Length;
            keep -= char.IsHighSurrogate(name[keep - 1]) ? 1 : 0; // never half a character
            name = name[..keep] + extension;
        }
        return name.Length == 0 ? "file" : name;
    }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> b)
    {
        b.ToTable("stored_files");
        // A file nobody has given an organization yet is seen by whole-deployment accounts only.
        b.ScopedByOrg(f => f.OrgId).GuardedElsewhere(
            "The upload endpoint asks for a write permission and UploadStore for an organization in scope; whatever keeps the file (a meeting) checks its own permission.");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.FileName).HasMaxLength(StoredFile.MaxFileNameLength).IsRequired();
        b.Property(f => f.ContentType).HasMaxLength(100).IsRequired();
        b.Property(f => f.Sha256).HasMaxLength(64).IsRequired();
        b.Property(f => f.StoragePath).HasMaxLength(100).IsRequired();
        b.Property(f => f.CreatedBy).HasMaxLength(100).IsRequired();
        // Stored as a UTC DateTime, so SQLite compares it in order (the daily quota, the clean-up of unused files);
        // the column types stay those of a DateTimeOffset on both databases.
        b.Property(f => f.CreatedAt).HasConversion(v => v.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
        b.HasIndex(f => new { f.CreatedBy, f.CreatedAt });
        // No foreign key to organizations: a file is kept by something org-owned (a meeting) whose own rules decide
        // when an org may go; the column is here so the data scope can filter files like every org-owned row.
        b.HasIndex(f => f.OrgId);
    }
}
