using System.Security.Cryptography;
using System.Text;

namespace Connectors.Sandbox.State;

/// <summary>All in-memory state of the sandbox, guarded by one lock.</summary>
internal sealed class SandboxStore(TimeProvider clock, ILogger<SandboxStore> logger)
{
    public const string DefaultStripeKey = "sk_test_sandbox_default";

    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Product, string Id), Account> _accounts = [];
    private readonly Dictionary<string, AuthCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _stripeKeys = new(StringComparer.Ordinal)
    {
        [DefaultStripeKey] = Products.DefaultAccountId(Products.Stripe),
    };

    private readonly Dictionary<string, string> _revokedStripeKeys = new(StringComparer.Ordinal);

    public bool AutoApprove { get; set; }

    public DateTimeOffset Now => clock.GetUtcNow();

    public Lock Gate => _gate;

    public Account GetAccount(string product, string rawId)
    {
        var id = Products.NormalizeAccountId(product, rawId);
        lock (_gate)
        {
            if (_accounts.TryGetValue((product, id), out var account))
            {
                return account;
            }

            account = new Account
            {
                Product = product,
                Id = id,
                Name = Products.DefaultName(product, id) ?? Products.DerivedName(product, id),
                Anchor = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero),
            };
            _accounts[(product, id)] = account;
            return account;
        }
    }

    public string IssueCode(AuthCode template, string prefix)
    {
        var value = prefix + RandomToken(24);
        lock (_gate)
        {
            _codes[value] = new AuthCode
            {
                Value = value,
                Provider = template.Provider,
                ClientId = template.ClientId,
                RedirectUri = template.RedirectUri,
                Product = template.Product,
                AccountId = template.AccountId,
                Scopes = template.Scopes,
                ExpiresAt = Now + CodeLifetime,
                CodeChallenge = template.CodeChallenge,
                CodeChallengeMethod = template.CodeChallengeMethod,
                Offline = template.Offline,
            };
        }

        return value;
    }

    public (Grant? Grant, CodeFailure Failure) RedeemCode(
        string provider, string? code, string clientId, string? redirectUri, string? verifier,
        bool requireRedirect = true)
    {
        lock (_gate)
        {
            if (code is null || !_codes.TryGetValue(code, out var entry) || entry.Provider != provider)
            {
                return (null, CodeFailure.Unknown);
            }

            var failure = CheckCode(entry, clientId, requireRedirect ? redirectUri : entry.RedirectUri, verifier);
            if (failure != CodeFailure.None)
            {
                return (null, failure);
            }

            entry.Used = true;
            return (CreateGrant(entry), CodeFailure.None);
        }
    }

    public IssuedToken Issue(Grant grant, TokenKind kind, string prefix, int? lifetimeSeconds, bool longLived = false)
    {
        var token = new IssuedToken
        {
            Value = prefix + RandomToken(kind == TokenKind.Access ? 40 : 32),
            Kind = kind,
            Grant = grant,
            IssuedAt = Now,
            ExpiresAt = lifetimeSeconds is { } seconds ? Now.AddSeconds(seconds) : null,
            LongLived = longLived,
        };
        lock (_gate)
        {
            _tokens[token.Value] = token;
        }

        return token;
    }

    public IssuedToken? FindToken(string? value, string provider, TokenKind kind)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        lock (_gate)
        {
            return _tokens.TryGetValue(value, out var token) && token.Kind == kind && token.Grant.Provider == provider
                ? token
                : null;
        }
    }

    public IssuedToken? FindAnyToken(string? value, string provider)
    {
        lock (_gate)
        {
            return value is not null && _tokens.TryGetValue(value, out var token) && token.Grant.Provider == provider
                ? token
                : null;
        }
    }

    public bool IsUsable(IssuedToken token) =>
        !token.Revoked && !token.Grant.Revoked
        && !(token.Kind == TokenKind.Refresh && token.Grant.RefreshRevoked)
        && (token.ExpiresAt is null || token.ExpiresAt > Now);

    public IssuedToken? UsableRefresh(string? value, string provider, string? clientId)
    {
        var token = FindToken(value, provider, TokenKind.Refresh);
        return token is not null && IsUsable(token) && (clientId is null || token.Grant.ClientId == clientId)
            ? token
            : null;
    }

    public (Grant? Grant, AccessFailure Failure) CheckAccess(string? value, string provider)
    {
        if (string.IsNullOrEmpty(value))
        {
            return (null, AccessFailure.Missing);
        }

        var token = FindToken(value, provider, TokenKind.Access);
        if (token is null)
        {
            return (null, AccessFailure.Invalid);
        }

        if (token.Revoked || token.Grant.Revoked)
        {
            return (token.Grant, AccessFailure.Revoked);
        }

        return token.ExpiresAt is { } expiry && expiry <= Now
            ? (token.Grant, AccessFailure.Expired)
            : (token.Grant, AccessFailure.None);
    }

    public void RevokeToken(IssuedToken token)
    {
        lock (_gate)
        {
            token.Revoked = true;
        }
    }

    public void RevokeGrant(Grant grant)
    {
        lock (_gate)
        {
            grant.Revoked = true;
        }

        Log.GrantRevoked(logger, grant.Id);
    }

    public void RetireRefreshToken(IssuedToken token, int graceSeconds)
    {
        lock (_gate)
        {
            if (graceSeconds <= 0)
            {
                token.Revoked = true;
            }
            else
            {
                token.ExpiresAt = Now.AddSeconds(graceSeconds);
            }
        }
    }

    public IReadOnlyList<Grant> GrantsOf(string product, string accountId)
    {
        lock (_gate)
        {
            return _tokens.Values
                .Select(t => t.Grant)
                .Where(g => g.Product == product && g.AccountId == accountId)
                .Distinct()
                .ToList();
        }
    }

    public void RevokeAccountGrants(string product, string accountId)
    {
        foreach (var grant in GrantsOf(product, accountId))
        {
            RevokeGrant(grant);
        }

        if (product == Products.Stripe)
        {
            RevokeStripeKeys(accountId);
        }
    }

    /// <summary>Rolls every secret key of a Stripe account away: later calls with them answer 401.</summary>
    public void RevokeStripeKeys(string accountId)
    {
        lock (_gate)
        {
            foreach (var key in _stripeKeys.Where(k => k.Value == accountId).Select(k => k.Key).ToList())
            {
                _stripeKeys.Remove(key);
                _revokedStripeKeys[key] = accountId;
            }
        }
    }

    public void ExpireAccessTokens(string product, string accountId)
    {
        lock (_gate)
        {
            foreach (var token in _tokens.Values.Where(t => t.Kind == TokenKind.Access
                && t.Grant.Product == product && t.Grant.AccountId == accountId))
            {
                token.ExpiresAt = Now.AddSeconds(-1);
            }
        }
    }

    /// <summary>Records a data call on the account, forgets calls older than <paramref name="keep"/>, and
    /// answers how many calls remain in that window (this one included).</summary>
    public int RecordCall(Account account, TimeSpan keep)
    {
        lock (_gate)
        {
            var now = Now;
            account.Calls.RemoveAll(c => c <= now - keep);
            account.Calls.Add(now);
            return account.Calls.Count;
        }
    }

    public int CallsWithin(Account account, TimeSpan window)
    {
        lock (_gate)
        {
            var from = Now - window;
            return account.Calls.Count(c => c > from);
        }
    }

    /// <summary>Every secret the sandbox handed out or was given: codes, tokens, Stripe keys (revoked too).</summary>
    public IReadOnlyList<IssuedSecret> IssuedSecrets()
    {
        lock (_gate)
        {
            var codes = _codes.Values.Select(c => new IssuedSecret("code", c.Product, c.AccountId, c.Value));
            var tokens = _tokens.Values.Select(t => new IssuedSecret(
                t.Kind == TokenKind.Access ? "access_token" : "refresh_token",
                t.Grant.Product,
                t.Grant.AccountId,
                t.Value));
            var keys = _stripeKeys.Concat(_revokedStripeKeys)
                .Select(k => new IssuedSecret("stripe_key", Products.Stripe, k.Value, k.Key));
            return [.. codes, .. tokens, .. keys];
        }
    }

    public void RegisterStripeKey(string key, string accountId)
    {
        lock (_gate)
        {
            _stripeKeys[key] = accountId;
        }
    }

    public string? StripeAccountForKey(string key)
    {
        lock (_gate)
        {
            return _stripeKeys.GetValueOrDefault(key);
        }
    }

    /// <summary>The account a revoked Stripe key belonged to, if the key was revoked.</summary>
    public string? RevokedStripeKeyAccount(string key)
    {
        lock (_gate)
        {
            return _revokedStripeKeys.GetValueOrDefault(key);
        }
    }

    public static string RandomToken(int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(Alphabet, length);
    }

    private CodeFailure CheckCode(AuthCode entry, string clientId, string? redirectUri, string? verifier)
    {
        if (entry.Used)
        {
            return CodeFailure.Used;
        }

        if (entry.ExpiresAt <= Now)
        {
            return CodeFailure.Expired;
        }

        if (entry.ClientId != clientId)
        {
            return CodeFailure.ClientMismatch;
        }

        if (entry.RedirectUri != redirectUri)
        {
            return CodeFailure.RedirectMismatch;
        }

        return CheckVerifier(entry, verifier);
    }

    private static CodeFailure CheckVerifier(AuthCode entry, string? verifier)
    {
        if (entry.CodeChallenge is null)
        {
            return CodeFailure.None;
        }

        if (string.IsNullOrEmpty(verifier))
        {
            return CodeFailure.VerifierMissing;
        }

        var expected = string.Equals(entry.CodeChallengeMethod, "plain", StringComparison.OrdinalIgnoreCase)
            ? verifier
            : Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return expected == entry.CodeChallenge ? CodeFailure.None : CodeFailure.VerifierMismatch;
    }

    private Grant CreateGrant(AuthCode code)
    {
        var grant = new Grant
        {
            Id = "grant_" + RandomToken(12),
            Provider = code.Provider,
            ClientId = code.ClientId,
            Product = code.Product,
            AccountId = code.AccountId,
            Scopes = code.Scopes,
            AuthorizedAt = Now,
            Offline = code.Offline,
        };
        Log.GrantIssued(logger, grant.Id, grant.Provider, grant.Product, grant.AccountId);
        return grant;
    }

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A secret value the sandbox knows, for tests that check it never leaks.</summary>
internal sealed record IssuedSecret(string Kind, string Product, string AccountId, string Value);
