using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Connectors.Gateway.Authentication;

/// <summary>A freshly issued key: shown once to the operator, only its hash is stored.</summary>
public sealed record IssuedApiKey(Guid Id, string Key, string Prefix, byte[] Hash);

/// <summary>Project API keys: <c>cnk_</c> followed by 32 random bytes in base64url.</summary>
public static class ApiKeys
{
    public const string Marker = "cnk_";

    /// <summary>How many leading characters are kept in clear to tell keys apart.</summary>
    public const int PrefixLength = 12;

    private const int RandomBytes = 32;

    private static readonly int KeyLength = Marker.Length + Base64Url.GetEncodedLength(RandomBytes);

    public static IssuedApiKey Issue()
    {
        var key = Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        return new IssuedApiKey(Guid.CreateVersion7(), key, key[..PrefixLength], Hash(key));
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>True when <paramref name="key"/> has the shape of a key (checked before any lookup).</summary>
    public static bool HasKeyShape(string key) =>
        key.Length == KeyLength
        && key.StartsWith(Marker, StringComparison.Ordinal)
        && Base64Url.IsValid(key.AsSpan(Marker.Length));
}
