using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Connectors.ServiceDefaults.Security;

/// <summary>
/// Signs and checks the <c>X-Connectors-Caller</c> header: <c>v1.{projectId}.{unixSeconds}.{mac}</c>, the MAC an
/// HMAC-SHA256 of the first three parts under the shared internal key.
/// </summary>
public sealed class CallerSignature
{
    public const string HeaderName = "X-Connectors-Caller";

    private const string Version = "v1";

    private readonly byte[] _key;
    private readonly TimeSpan _maxSkew;
    private readonly TimeProvider _time;

    public CallerSignature(IOptions<InternalOptions> options, TimeProvider time)
    {
        _key = DecodeKey(options.Value.SigningKey);
        _maxSkew = TimeSpan.FromSeconds(options.Value.MaxClockSkewSeconds);
        _time = time;
    }

    /// <summary>A header value for a call made for <paramref name="projectId"/> (null: no project).</summary>
    public string Sign(Guid? projectId)
    {
        var seconds = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = $"{Version}.{projectId?.ToString("D") ?? ""}.{seconds}";
        return $"{payload}.{Mac(payload)}";
    }

    public bool TryVerify(string? header, out TrustedCaller caller)
    {
        caller = new TrustedCaller(null);
        var parts = header?.Split('.');
        if (parts is not [Version, var project, var seconds, var mac])
        {
            return false;
        }

        var payload = $"{Version}.{project}.{seconds}";
        var expected = Encoding.ASCII.GetBytes(Mac(payload));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac))
            || !long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || (_time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() > _maxSkew)
        {
            return false;
        }

        if (project.Length == 0)
        {
            return true;
        }

        if (!Guid.TryParseExact(project, "D", out var projectId))
        {
            return false;
        }

        caller = new TrustedCaller(projectId);
        return true;
    }

    private string Mac(string payload) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));

    /// <summary>Whether <paramref name="value"/> is usable as the signing key: base64 of at least 32 bytes.</summary>
    public static bool IsValidKey(string? value)
    {
        Span<byte> buffer = stackalloc byte[256];
        return Convert.TryFromBase64String(value ?? "", buffer, out var length) && length >= 32;
    }

    private static byte[] DecodeKey(string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (!Convert.TryFromBase64String(value, buffer, out var length) || length < 32)
        {
            throw new InvalidOperationException(
                "The setting Internal:SigningKey must be a base64 key of at least 32 bytes.");
        }

        return buffer[..length].ToArray();
    }
}
