using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Connectors.OAuth.Security;

/// <summary>Random values of the OAuth flows (states, browser binders, PKCE verifiers) and their hashes.</summary>
public static class RandomValues
{
    private const int Size = 32;

    /// <summary>32 random bytes, base64url without padding (43 characters).</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Size));

    /// <summary>Whether a value could have come from <see cref="New"/> (checked before it is trusted).</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: 43 } && Base64Url.IsValid(value, out var length) && length == Size;

    public static byte[] Hash(string value) => SHA256.HashData(Encoding.ASCII.GetBytes(value));

    /// <summary>The PKCE S256 challenge of a verifier: base64url(SHA-256(ASCII(verifier))).</summary>
    public static string PkceChallenge(string verifier) => Base64Url.EncodeToString(Hash(verifier));
}
