using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth.Options;

/// <summary>
/// The keys that encrypt stored secrets (config section <c>Encryption</c>). Keys come from the environment
/// (<c>Encryption__Keys__{keyId}</c>), never from a committed file. Rotating: add a new key, make it active; rows
/// written under older keys keep decrypting as long as their key stays listed.
/// </summary>
public sealed class EncryptionOptions
{
    public const string SectionName = "Encryption";

    /// <summary>The id of the key new secrets are written under; it must be one of <see cref="Keys"/>.</summary>
    public string ActiveKeyId { get; set; } = "";

    /// <summary>Every known key by id: base64 of exactly 32 bytes (AES-256).</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>
    /// How often the service looks for credentials sealed under a key other than the active one and re-seals them
    /// under the active key. Zero turns the re-encryption off (old rows then move only when rewritten).
    /// </summary>
    public TimeSpan ReencryptInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many credentials are listed at a time for re-encryption; each is re-sealed in its own short transaction.
    /// </summary>
    public int ReencryptBatchSize { get; set; } = 50;
}

/// <summary>Refuses to start without a usable active key, naming the setting at fault.</summary>
internal sealed partial class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
{
    public const int KeyLength = 32;

    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            failures.Add(
                "The setting Encryption:ActiveKeyId is missing: it names the key new secrets are written under.");
        }
        else if (!options.Keys.ContainsKey(options.ActiveKeyId))
        {
            failures.Add($"The setting Encryption:Keys:{options.ActiveKeyId} is missing: the active key must be listed "
                + "(set it in the environment as Encryption__Keys__<keyId>).");
        }

        if (options.ReencryptInterval < TimeSpan.Zero)
        {
            failures.Add("The setting Encryption:ReencryptInterval must not be negative (00:00:00 turns it off).");
        }

        if (options.ReencryptBatchSize is < 1 or > 1000)
        {
            failures.Add("The setting Encryption:ReencryptBatchSize must be between 1 and 1000.");
        }

        foreach (var (keyId, value) in options.Keys)
        {
            if (!KeyIdPattern().IsMatch(keyId))
            {
                failures.Add($"The key id in Encryption:Keys:{keyId} may hold only letters, digits, '.', '_' and '-'.");
            }
            else if (!IsKey(value))
            {
                failures.Add($"The setting Encryption:Keys:{keyId} must be base64 of exactly {KeyLength} bytes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsKey(string value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(value, buffer, out var length) && length == KeyLength;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyIdPattern();
}
