using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Connectors.OAuth.Options;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth.Security;

/// <summary>A secret sealed with AES-256-GCM: the key it was sealed under, the nonce, and ciphertext + tag.</summary>
public sealed record SealedSecret(string KeyId, byte[] Nonce, byte[] Ciphertext);

/// <summary>
/// Seals secrets with AES-256-GCM under the active key and opens them with the key they name. The associated data
/// binds a ciphertext to where it belongs (e.g. <c>projectId|type</c>), so a sealed value copied to another row
/// does not open.
/// </summary>
public sealed class SecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public SecretProtector(IOptions<EncryptionOptions> options)
    {
        _keys = options.Value.Keys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value));
        _activeKeyId = options.Value.ActiveKeyId;
    }

    /// <summary>The key new secrets are sealed under.</summary>
    public string ActiveKeyId => _activeKeyId;

    /// <summary>Every key id this protector can open.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public SealedSecret Seal(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var output = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length),
            Encoding.UTF8.GetBytes(associatedData));
        return new SealedSecret(_activeKeyId, nonce, output);
    }

    /// <summary>Opens a sealed secret; throws when its key is unknown or it was not sealed for this data.</summary>
    public byte[] Open(SealedSecret secret, string associatedData)
    {
        if (!_keys.TryGetValue(secret.KeyId, out var key))
        {
            throw new InvalidOperationException(
                $"A secret was sealed under the key '{secret.KeyId}', which Encryption:Keys no longer lists.");
        }

        if (secret.Ciphertext.Length < TagSize || secret.Nonce.Length != NonceSize)
        {
            throw new CryptographicException("The sealed secret is truncated.");
        }

        var length = secret.Ciphertext.Length - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(secret.Nonce, secret.Ciphertext.AsSpan(0, length), secret.Ciphertext.AsSpan(length), plaintext,
            Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }

    /// <summary>Seals into one blob (key id length, key id, nonce, ciphertext) for a single column.</summary>
    public byte[] SealToBlob(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var secret = Seal(plaintext, associatedData);
        var keyId = Encoding.UTF8.GetBytes(secret.KeyId);
        var blob = new byte[2 + keyId.Length + NonceSize + secret.Ciphertext.Length];
        BinaryPrimitives.WriteUInt16BigEndian(blob, (ushort)keyId.Length);
        keyId.CopyTo(blob, 2);
        secret.Nonce.CopyTo(blob, 2 + keyId.Length);
        secret.Ciphertext.CopyTo(blob, 2 + keyId.Length + NonceSize);
        return blob;
    }

    public byte[] OpenBlob(byte[] blob, string associatedData)
    {
        var keyIdLength = BinaryPrimitives.ReadUInt16BigEndian(blob);
        var keyId = Encoding.UTF8.GetString(blob, 2, keyIdLength);
        var nonce = blob[(2 + keyIdLength)..(2 + keyIdLength + NonceSize)];
        var ciphertext = blob[(2 + keyIdLength + NonceSize)..];
        return Open(new SealedSecret(keyId, nonce, ciphertext), associatedData);
    }
}
