using System.ComponentModel.DataAnnotations;

namespace Connectors.ServiceDefaults.Security;

/// <summary>Settings of the trust between the product's services (config section <c>Internal</c>).</summary>
public sealed class InternalOptions
{
    public const string SectionName = "Internal";

    /// <summary>
    /// Base64 key, at least 32 bytes, shared by every service, that signs the caller header. Comes from the
    /// environment (<c>Internal__SigningKey</c>), never from a committed file.
    /// </summary>
    [Required(ErrorMessage = "The setting Internal:SigningKey is missing (base64, at least 32 bytes).")]
    public string SigningKey { get; set; } = "";

    /// <summary>How far a signature's time may be from now, in seconds.</summary>
    [Range(5, 600)]
    public int MaxClockSkewSeconds { get; set; } = 60;
}
