using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Zeren.Core.Security;

namespace Zeren.Web.Hosting;

/// <summary>
/// The ASP.NET Core data-protection keys (which sign the sign-in cookies, the bearer tokens and the antiforgery
/// tokens) at rest: each key file is encrypted (SM4-GCM) under a key-encryption key derived from the personal-data
/// index key, so it comes from the same place as the personal-data keys (configuration or the key file, ADR 0012)
/// and never changes when those rotate; and each file is written readable by the app's user only.
/// </summary>
public static class KeysAtRest
{
    /// <summary>The folder of the key files, inside the data folder.</summary>
    public static string FolderIn(string dataFolder) => Path.Combine(dataFolder, "keys");

    public static IServiceCollection AddProtectedDataProtection(this IServiceCollection services, string dataFolder)
    {
        var folder = FolderIn(dataFolder);
        services.AddDataProtection().SetApplicationName("Zeren");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new PrivateFileXmlRepository(folder);
            o.XmlEncryptor = new SealedXmlEncryptor(KeyEncryptionKey.From(sp.GetRequiredService<PersonalDataKeyStore>().Keys));
        }));
        return services;
    }
}

/// <summary>
/// The key-encryption key: HMAC-SM3 of a fixed label under the personal-data index key, as a one-key
/// <see cref="PersonalDataProtector"/> (SM4-GCM, a fresh nonce each time). Derived, so the index key itself is never
/// used to encrypt; from the index key, because that one is never rotated (ADR 0012), so a key file sealed years ago
/// still opens.
/// </summary>
public static class KeyEncryptionKey
{
    public const string KeyId = "dpkek1";

    public static PersonalDataProtector From(PersonalDataKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var derived = Derive(keys.IndexKey, "Zeren data-protection key-encryption key v1");
        var key = derived[..PersonalDataKeys.KeySize];
        return new PersonalDataProtector(new PersonalDataKeys(new Dictionary<string, byte[]> { [KeyId] = key }, KeyId, Derive(keys.IndexKey, "Zeren data-protection unused index")));
    }

    private static byte[] Derive(byte[] key, string label)
    {
        var hmac = new HMac(new SM3Digest());
        hmac.Init(new KeyParameter(key));
        var input = System.Text.Encoding.UTF8.GetBytes(label);
        hmac.BlockUpdate(input, 0, input.Length);
        var output = new byte[hmac.GetMacSize()];
        hmac.DoFinal(output, 0);
        return output;
    }
}

/// <summary>Seals a data-protection key's XML: <c>&lt;sealedKey&gt;kdpkek1:…&lt;/sealedKey&gt;</c>.</summary>
public sealed class SealedXmlEncryptor(PersonalDataProtector kek) : IXmlEncryptor
{
    public const string ElementName = "sealedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var sealedKey = new XElement(ElementName, new XAttribute("algorithm", "SM4-GCM"), kek.Encrypt(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        return new EncryptedXmlInfo(sealedKey, typeof(SealedXmlDecryptor));
    }
}

/// <summary>Opens a sealed key. Made by data protection with the app's services, from which it takes the keys.</summary>
public sealed class SealedXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var kek = KeyEncryptionKey.From(services.GetRequiredService<PersonalDataKeyStore>().Keys);
        return XElement.Parse(kek.Decrypt(encryptedElement.Value.Trim()));
    }
}

/// <summary>
/// The key files in a folder of the app's user only (0700), each written readable by that user only (0600) through a
/// temporary name and a rename, as the framework's own file repository does.
/// </summary>
public sealed class PrivateFileXmlRepository(string folder) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal).Select(path => XElement.Load(path)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        PrivateFiles.CreateFolder(folder);
        var name = IsSafe(friendlyName) ? friendlyName : Guid.NewGuid().ToString("N");
        var temp = Path.Combine(folder, $"{Guid.NewGuid():N}.tmp");
        using (var stream = PrivateFiles.Create(temp))
        {
            element.Save(stream);
        }
        File.Move(temp, Path.Combine(folder, name + ".xml"), overwrite: false);
    }

    private static bool IsSafe(string name) => name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>
/// Before the app first opens its SQLite database, the file is made empty (which SQLite takes for a new database) and
/// 0600, so the database is the app's user's alone from the start; SQLite gives its journal and WAL files the
/// database file's mode. Nothing is made until a connection opens, so a command that only looks (restore's check
/// for an empty data folder) finds the folder as it was.
/// </summary>
public sealed class PrivateSqliteFile(string path) : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    private bool made;

    public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult ConnectionOpening(System.Data.Common.DbConnection connection,
        Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result)
    {
        Make();
        return result;
    }

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult> ConnectionOpeningAsync(System.Data.Common.DbConnection connection,
        Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Make();
        return ValueTask.FromResult(result);
    }

    private void Make()
    {
        if (!made)
        {
            PrivateFiles.Touch(path);
            made = true;
        }
    }
}

/// <summary>Files and folders only the app's user may read: unix mode 0700 for folders and 0600 for files (nothing to do on Windows).</summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and its missing parents) as 0700; one that exists is left as it is.</summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent && !Directory.Exists(parent))
        {
            CreateFolder(parent);
        }
        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>A new file, 0600 from the moment it exists.</summary>
    public static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return new FileStream(path, options);
    }

    /// <summary>Creates an empty file as 0600 if none exists (the SQLite database, before SQLite opens it).</summary>
    public static void Touch(string path)
    {
        if (File.Exists(path))
        {
            return;
        }
        try
        {
            using var _ = Create(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance made it first.
        }
    }
}
