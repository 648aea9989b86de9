using System.Security.Cryptography;
using Connectors.OAuth.Credentials;
using Connectors.OAuth.Data;
using Connectors.OAuth.Options;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth.Security;

/// <summary>What one re-encryption pass did, and what is left under keys other than the active one.</summary>
public sealed record ReencryptionPass(int Resealed, int Skipped, int Failed, long LeftUnderOtherKeys);

/// <summary>
/// Moves credentials sealed under older keys to the active key, in batches, each row in its own short
/// transaction. Rows locked by a token refresh or rewritten meanwhile are skipped (the next pass sees them).
/// </summary>
public sealed class CredentialReencryptor(
    ICredentialKeyRepository repository,
    CredentialVault vault,
    SecretProtector protector,
    IOptions<EncryptionOptions> options,
    ILogger<CredentialReencryptor> logger)
{
    public async Task<ReencryptionPass> RunPassAsync(CancellationToken cancellationToken)
    {
        var active = protector.ActiveKeyId;
        var oldKeys = protector.KeyIds.Where(keyId => keyId != active).ToArray();
        var (resealed, skipped, failed) = (0, 0, 0);
        CredentialKeyRef? after = null;
        while (oldKeys.Length > 0)
        {
            var batch = await repository.ListUnderKeysAsync(
                oldKeys, after, options.Value.ReencryptBatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var credential in batch)
            {
                switch (await TryResealAsync(credential, cancellationToken))
                {
                    case true: resealed++; break;
                    case false: skipped++; break;
                    case null: failed++; break;
                }
            }

            after = batch[^1];
            Log.ReencryptionProgress(logger, resealed, active, skipped, failed);
        }

        var usage = await repository.CountByKeyAsync(cancellationToken);
        var left = usage.Where(key => key.KeyId != active).Sum(key => key.Credentials);
        return new ReencryptionPass(resealed, skipped, failed, left);
    }

    /// <summary>True: re-sealed; false: skipped (locked or changed meanwhile); null: could not be opened.</summary>
    private async Task<bool?> TryResealAsync(CredentialKeyRef credential, CancellationToken cancellationToken)
    {
        try
        {
            return await repository.ResealAsync(credential, vault.Reseal, cancellationToken);
        }
        catch (CryptographicException exception)
        {
            Log.ReencryptionFailed(
                logger, credential.Type, credential.ProjectId, credential.KeyId, exception.GetType().Name);
            return null;
        }
    }
}
