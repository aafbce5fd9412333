using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zeren.Core.Security;

namespace Zeren.Web.Hosting;

/// <summary>
/// Where the personal-data keys come from: configuration (<c>Zeren:PersonalData</c>) when it names any key, else the
/// key file <c>{data folder}/keys/personal-data.json</c>, created with fresh keys on the first start. See docs/operations.md.
/// </summary>
public sealed class PersonalDataKeyStore
{
    public const string FileName = "personal-data.json";

    // Read as leniently as configuration is: a hand-edited file may spell "keys" or "currentKey".
    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = true, PropertyNameCaseInsensitive = true };

    private PersonalDataKeyStore(PersonalDataKeys keys, string? keyFile)
    {
        Keys = keys;
        KeyFile = keyFile;
    }

    public PersonalDataKeys Keys { get; }

    /// <summary>The key file the keys were read from; null when they come from configuration.</summary>
    public string? KeyFile { get; }

    public static string KeyFileIn(string dataFolder) => Path.Combine(dataFolder, "keys", FileName);

    public static PersonalDataKeyStore Open(IConfiguration config, string dataFolder, ILogger log)
    {
        var options = config.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        if (options.Keys.Count > 0)
        {
            return new PersonalDataKeyStore(PersonalDataKeys.From(options), null);
        }
        if (!string.IsNullOrWhiteSpace(options.CurrentKey) || !string.IsNullOrWhiteSpace(options.IndexKey))
        {
            throw new InvalidOperationException("Zeren:PersonalData names a current or index key but no Keys: configure all of them, or none to use the key file.");
        }
        var path = KeyFileIn(dataFolder);
        if (!File.Exists(path) && TryCreate(path, PersonalDataKeys.Generate()))
        {
            log.LogWarning("No personal-data keys are configured (Zeren:PersonalData): created new keys in {KeyFile}. " +
                "Without this file the ID numbers and mobiles in the database cannot be read: back it up, apart from the database.", path);
        }
        return new PersonalDataKeyStore(Read(path), path);
    }

    /// <summary>
    /// Adds a fresh key and makes it current. Into the key file when the keys live there; with configured keys the
    /// store is left alone and the caller shows the new key for the operator to configure.
    /// </summary>
    public PersonalDataKeys AddCurrentKey()
    {
        var keys = Keys.WithNewCurrentKey();
        if (KeyFile is not null)
        {
            var temp = $"{KeyFile}.{Guid.NewGuid():N}.tmp";
            Write(temp, keys);
            File.Move(temp, KeyFile, overwrite: true);
        }
        return keys;
    }

    /// <summary>Writes the file beside its place and moves it in only if nothing is there: two instances starting together keep one set of keys.</summary>
    private static bool TryCreate(string path, PersonalDataKeys keys)
    {
        PrivateFiles.CreateFolder(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        Write(temp, keys);
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }

    private static void Write(string path, PersonalDataKeys keys)
    {
        using (var stream = PrivateFiles.Create(path))
        {
            JsonSerializer.Serialize(stream, keys.ToOptions(), FileJson);
        }
    }

    private static PersonalDataKeys Read(string path)
    {
        var options = JsonSerializer.Deserialize<PersonalDataOptions>(File.ReadAllText(path), FileJson)
            ?? throw new InvalidOperationException($"The personal-data key file {path} is empty.");
        return PersonalDataKeys.From(options);
    }
}

public static class PersonalDataSetup
{
    /// <summary>The protector (keys resolved once, at first use; the app asks for it at start), the actor. (Reveals are audited by the audit log's registration.)</summary>
    public static IServiceCollection AddPersonalData(this IServiceCollection services, IConfiguration config, string dataFolder)
    {
        services.TryAddSingleton(sp => PersonalDataKeyStore.Open(config, dataFolder, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Zeren.PersonalData")));
        services.TryAddSingleton(sp => new PersonalDataProtector(sp.GetRequiredService<PersonalDataKeyStore>().Keys));
        services.TryAddScoped<ActorAccessor>();
        services.TryAddScoped<Core.People.PersonalDataRotation>();
        return services;
    }
}
