using System.Security.Cryptography;
using System.Text.Json;
using Connectors.OAuth.Data;
using Connectors.OAuth.Security;

namespace Connectors.OAuth.Credentials;

/// <summary>
/// Turns stored rows into credentials and back: secrets are sealed as JSON with the associated data
/// <c>projectId|type</c>, so a ciphertext only opens in the row it was written for.
/// </summary>
public sealed class CredentialVault(ICredentialRepository repository, SecretProtector protector, TimeProvider time)
{
    private const string Active = "active";
    private const string ReauthRequired = "reauth_required";

    public async Task<Credential?> FindAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        var row = await repository.FindAsync(projectId, type, cancellationToken);
        return row is null ? null : Open(row);
    }

    /// <summary>Stores a fresh credential (active), replacing any earlier one of the project and type.</summary>
    public Task SaveAsync(Credential credential, CancellationToken cancellationToken)
    {
        var sealedSecrets = Seal(credential.ProjectId, credential.Type, credential.Secrets);
        var now = time.GetUtcNow().UtcDateTime;
        var row = new CredentialRow(
            credential.ProjectId,
            credential.Type,
            sealedSecrets.KeyId,
            sealedSecrets.Nonce,
            sealedSecrets.Ciphertext,
            credential.AccountId,
            JsonSerializer.Serialize(credential.Metadata),
            credential.AccessExpiresAt?.UtcDateTime,
            credential.RefreshExpiresAt?.UtcDateTime,
            Active,
            null,
            now,
            now);
        return repository.UpsertAsync(row, cancellationToken);
    }

    public Task<bool> DeleteAsync(Guid projectId, string type, CancellationToken cancellationToken) =>
        repository.DeleteAsync(projectId, type, cancellationToken);

    public Credential Open(CredentialRow row)
    {
        var sealedSecrets = new SealedSecret(row.KeyId, row.Nonce, row.Ciphertext);
        var json = protector.Open(sealedSecrets, AssociatedData(row.ProjectId, row.Type));
        var secrets = JsonSerializer.Deserialize<CredentialSecrets>(json)
            ?? throw new InvalidOperationException($"The stored {row.Type} secrets are empty.");
        return new Credential(
            row.ProjectId,
            row.Type,
            secrets,
            row.AccountId,
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.Metadata) ?? [],
            AsUtc(row.AccessExpiresAt),
            AsUtc(row.RefreshExpiresAt),
            row.GrantStatus == ReauthRequired ? GrantStatus.ReauthRequired : GrantStatus.Active,
            row.GrantStatusReason);
    }

    /// <summary>The row's secrets sealed anew under the active key (same plaintext, same associated data).</summary>
    public SealedRow Reseal(CredentialRow row)
    {
        var associatedData = AssociatedData(row.ProjectId, row.Type);
        var plaintext = protector.Open(new SealedSecret(row.KeyId, row.Nonce, row.Ciphertext), associatedData);
        try
        {
            var resealed = protector.Seal(plaintext, associatedData);
            return new SealedRow(resealed.KeyId, resealed.Nonce, resealed.Ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public SealedSecret Seal(Guid projectId, string type, CredentialSecrets secrets) =>
        protector.Seal(JsonSerializer.SerializeToUtf8Bytes(secrets), AssociatedData(projectId, type));

    private static string AssociatedData(Guid projectId, string type) => $"{projectId:D}|{type}";

    private static DateTimeOffset? AsUtc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
