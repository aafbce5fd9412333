using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Modes.Gcm;
using Org.BouncyCastle.Crypto.Parameters;

namespace Zeren.Core.Security;

/// <summary>
/// 个人信息加密: ID numbers and mobiles at rest. Each value is encrypted with SM4-GCM under a fresh 12-byte nonce
/// and stored as <c>k{keyId}:{base64(nonce | ciphertext | tag)}</c>, so the same value never looks the same twice and
/// old keys keep decrypting after a new one becomes current. <see cref="Index"/> is a keyed hash (HMAC-SM3) under a
/// separate key: equal values give equal hashes, which is what exact search and the uniqueness of ID numbers need,
/// while the hash alone says nothing without the key. See docs/decisions/0012-personal-data-encryption.md.
/// </summary>
public sealed class PersonalDataProtector
{
    private const int NonceSize = 12;
    private const int TagBits = 128;

    private readonly PersonalDataKeys keys;
    private readonly string currentPrefix;

    /// <summary>One HMAC, keyed once (that saves half the work of every hash: a demo load makes 16 000), used under a lock.</summary>
    private readonly HMac hmac;
    private readonly Lock hmacLock = new();

    public PersonalDataProtector(PersonalDataKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.keys = keys;
        currentPrefix = PrefixOf(keys.CurrentKeyId);
        hmac = new HMac(new SM3Digest());
        hmac.Init(new KeyParameter(keys.IndexKey));
    }

    /// <summary>The key new values are encrypted with.</summary>
    public string CurrentKeyId => keys.CurrentKeyId;

    /// <summary>The start every value encrypted with the current key has, e.g. <c>k2:</c>; rotation looks for the others.</summary>
    public string CurrentPrefix => currentPrefix;

    public static string PrefixOf(string keyId) => $"k{keyId}:";

    public string Encrypt(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = Encoding.UTF8.GetBytes(value);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var gcm = Cipher(forEncryption: true, keys.Current, nonce);
        var stored = new byte[NonceSize + gcm.GetOutputSize(plain.Length)];
        nonce.CopyTo(stored, 0);
        var written = gcm.ProcessBytes(plain, 0, plain.Length, stored, NonceSize);
        gcm.DoFinal(stored, NonceSize + written);
        return currentPrefix + Convert.ToBase64String(stored);
    }

    /// <summary>The value <see cref="Encrypt"/> was given. A value under a key this app does not have, or altered, is an error.</summary>
    public string Decrypt(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var keyId = KeyIdOf(stored) ?? throw new CryptographicException("Not an encrypted personal-data value (expected k{keyId}:{base64}).");
        if (!keys.ByIdentifier.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"Personal-data key '{keyId}' is not configured (Zeren:PersonalData:Keys:{keyId}).");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(stored[(keyId.Length + 2)..]);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("An encrypted personal-data value is not valid base64.", e);
        }
        if (bytes.Length < NonceSize + (TagBits / 8))
        {
            throw new CryptographicException("An encrypted personal-data value is too short.");
        }
        var gcm = Cipher(forEncryption: false, key, bytes.AsSpan(0, NonceSize).ToArray());
        var plain = new byte[gcm.GetOutputSize(bytes.Length - NonceSize)];
        try
        {
            var written = gcm.ProcessBytes(bytes, NonceSize, bytes.Length - NonceSize, plain, 0);
            written += gcm.DoFinal(plain, written);
            return Encoding.UTF8.GetString(plain, 0, written);
        }
        catch (InvalidCipherTextException e)
        {
            throw new CryptographicException($"An encrypted personal-data value under key '{keyId}' failed its integrity check.", e);
        }
    }

    /// <summary>HMAC-SM3 of the value under the index key, as 64 lower-case hex digits.</summary>
    public string Index(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var input = Encoding.UTF8.GetBytes(value);
        var output = new byte[hmac.GetMacSize()];
        lock (hmacLock)
        {
            hmac.BlockUpdate(input, 0, input.Length);
            // DoFinal also puts the HMAC back in its keyed state for the next value.
            hmac.DoFinal(output, 0);
        }
        return Convert.ToHexStringLower(output);
    }

    /// <summary>The key id a stored value names, or null when it is not shaped like one.</summary>
    public static string? KeyIdOf(string stored)
    {
        if (stored.Length < 3 || stored[0] != 'k')
        {
            return null;
        }
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        return colon > 1 && PersonalDataKeys.IsValidKeyId(stored[1..colon]) ? stored[1..colon] : null;
    }

    public bool IsCurrent(string stored) => stored.StartsWith(currentPrefix, StringComparison.Ordinal);

    private static GcmBlockCipher Cipher(bool forEncryption, byte[] key, byte[] nonce)
    {
        // The basic multiplier: the values are a few dozen bytes, too short to repay building 4–64 KB tables per value.
        var gcm = new GcmBlockCipher(new SM4Engine(), new BasicGcmMultiplier());
        gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key), TagBits, nonce));
        return gcm;
    }
}

/// <summary>
/// The keys of <see cref="PersonalDataProtector"/>: 16-byte SM4 keys by id, the id new values use, and the index key.
/// Ids are short (letters, digits, '-', '_') because every stored value carries one.
/// </summary>
public sealed class PersonalDataKeys
{
    public const int KeySize = 16;
    public const int IndexKeySize = 32;

    public PersonalDataKeys(IReadOnlyDictionary<string, byte[]> keys, string currentKeyId, byte[] indexKey)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(currentKeyId);
        ArgumentNullException.ThrowIfNull(indexKey);
        foreach (var (id, key) in keys)
        {
            if (!IsValidKeyId(id))
            {
                throw new InvalidOperationException($"Personal-data key id '{id}' must be 1–16 letters, digits, '-' or '_'.");
            }
            if (key.Length != KeySize)
            {
                throw new InvalidOperationException($"Personal-data key '{id}' must be {KeySize} bytes (SM4), not {key.Length}.");
            }
        }
        if (!keys.ContainsKey(currentKeyId))
        {
            throw new InvalidOperationException($"The current personal-data key '{currentKeyId}' is not among the configured keys.");
        }
        if (indexKey.Length < KeySize)
        {
            throw new InvalidOperationException($"The personal-data index key must be at least {KeySize} bytes.");
        }
        ByIdentifier = keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
        CurrentKeyId = currentKeyId;
        IndexKey = indexKey.ToArray();
    }

    public IReadOnlyDictionary<string, byte[]> ByIdentifier { get; }
    public string CurrentKeyId { get; }
    public byte[] Current => ByIdentifier[CurrentKeyId];
    public byte[] IndexKey { get; }

    /// <summary>Fresh random keys: key <paramref name="keyId"/> current, and an index key.</summary>
    public static PersonalDataKeys Generate(string keyId = "1") =>
        new(new Dictionary<string, byte[]> { [keyId] = RandomNumberGenerator.GetBytes(KeySize) }, keyId, RandomNumberGenerator.GetBytes(IndexKeySize));

    /// <summary>Keys from <c>Zeren:PersonalData</c> (or the key file, which has the same shape).</summary>
    public static PersonalDataKeys From(PersonalDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Keys.Count == 0)
        {
            throw new InvalidOperationException("No personal-data keys are configured (Zeren:PersonalData:Keys).");
        }
        var keys = options.Keys.ToDictionary(k => k.Key, k => Base64(k.Value, $"Zeren:PersonalData:Keys:{k.Key}"), StringComparer.Ordinal);
        var current = options.CurrentKey;
        if (string.IsNullOrWhiteSpace(current))
        {
            // One key needs no naming; with several, which one encrypts must be said.
            current = keys.Count == 1 ? keys.Keys.Single() : throw new InvalidOperationException("Several personal-data keys are configured: say which encrypts in Zeren:PersonalData:CurrentKey.");
        }
        if (string.IsNullOrWhiteSpace(options.IndexKey))
        {
            throw new InvalidOperationException("The personal-data index key is not configured (Zeren:PersonalData:IndexKey).");
        }
        return new PersonalDataKeys(keys, current.Trim(), Base64(options.IndexKey, "Zeren:PersonalData:IndexKey"));
    }

    /// <summary>The same keys in the shape of <c>Zeren:PersonalData</c>, for the key file.</summary>
    public PersonalDataOptions ToOptions() => new()
    {
        CurrentKey = CurrentKeyId,
        IndexKey = Convert.ToBase64String(IndexKey),
        Keys = ByIdentifier.ToDictionary(k => k.Key, k => Convert.ToBase64String(k.Value), StringComparer.Ordinal),
    };

    /// <summary>A copy with a fresh key added under the next free number and made current.</summary>
    public PersonalDataKeys WithNewCurrentKey()
    {
        var next = 1;
        while (ByIdentifier.ContainsKey(next.ToString(CultureInfo.InvariantCulture)))
        {
            next++;
        }
        var id = next.ToString(CultureInfo.InvariantCulture);
        var keys = ByIdentifier.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        keys[id] = RandomNumberGenerator.GetBytes(KeySize);
        return new PersonalDataKeys(keys, id, IndexKey);
    }

    public static bool IsValidKeyId(string id) =>
        id.Length is > 0 and <= 16 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static byte[] Base64(string value, string setting)
    {
        try
        {
            return Convert.FromBase64String(value.Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{setting} is not valid base64.", e);
        }
    }
}

/// <summary><c>Zeren:PersonalData</c>: <c>Keys:{id}</c> (base64, 16 bytes), <c>CurrentKey</c>, <c>IndexKey</c> (base64).</summary>
public sealed class PersonalDataOptions
{
    public const string Section = "Zeren:PersonalData";

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
    public string? CurrentKey { get; set; }
    public string? IndexKey { get; set; }
}
