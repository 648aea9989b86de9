using System.Globalization;
using Connectors.Sandbox.Data;
using Connectors.Sandbox.State;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Sandbox.Endpoints;

internal sealed record AutoApproveRequest(bool Enabled);

internal sealed record AccountRequest(
    string? Name, Dictionary<string, int>? Sizes, int? PageSize, Dictionary<string, int>? Limits);

internal sealed record MutationRequest(string? Stream, int Update, int Create, int Delete);

internal sealed record FaultRequest(string? Kind, string? Stream, int? AtPage, int? Times, int? RetryAfterSeconds);

internal sealed record StripeKeyRequest(string? Key, string? AccountId);

/// <summary>Test controls under /sandbox/admin: accounts, mutations, faults, the request log, issued secrets.</summary>
internal static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sandbox/admin");
        group.MapPost("/auto-approve", SetAutoApprove);
        group.MapPost("/stripe/keys", RegisterStripeKey);
        group.MapGet("/requests", (RequestLog log, string? platform, string? accountId) =>
            TypedResults.Ok(log.Find(platform, accountId).Select(e => new
            {
                method = e.Method,
                path = e.Path,
                status = e.Status,
                time = e.Time,
                kind = e.Kind,
                provider = e.Provider,
                platform = e.Platform,
                accountId = e.AccountId,
            })));
        group.MapGet("/secrets", (SandboxStore store) => TypedResults.Ok(store.IssuedSecrets().Select(secret => new
        {
            kind = secret.Kind,
            platform = secret.Product,
            accountId = secret.AccountId,
            value = secret.Value,
        })));
        group.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return TypedResults.NoContent();
        });
        group.MapPut("/{platform}/accounts/{accountId}", PutAccount);
        group.MapGet("/{platform}/accounts/{accountId}", GetAccount);
        group.MapPost("/{platform}/accounts/{accountId}/mutations", Mutate);
        group.MapPost("/{platform}/accounts/{accountId}/faults", ArmFault);
        group.MapDelete("/{platform}/accounts/{accountId}/faults", ClearFaults);
        return group;
    }

    private static Ok<object> SetAutoApprove(AutoApproveRequest request, SandboxStore store)
    {
        store.AutoApprove = request.Enabled;
        return TypedResults.Ok<object>(new { enabled = store.AutoApprove });
    }

    private static Results<Ok<object>, ProblemHttpResult> RegisterStripeKey(
        StripeKeyRequest request, SandboxStore store)
    {
        var key = request.Key ?? "";
        if (!key.StartsWith("sk_test_", StringComparison.Ordinal)
            && !key.StartsWith("rk_test_", StringComparison.Ordinal))
        {
            return TypedResults.Problem("key must start with sk_test_ or rk_test_.", statusCode: 400);
        }

        var account = store.GetAccount(
            Products.Stripe, request.AccountId ?? Products.DefaultAccountId(Products.Stripe));
        store.RegisterStripeKey(key, account.Id);
        return TypedResults.Ok<object>(new { accountId = account.Id });
    }

    private static Results<Ok<object>, ProblemHttpResult> PutAccount(
        string platform, string accountId, AccountRequest request, SandboxStore store, DataCatalog catalog)
    {
        if (!Products.IsKnown(platform))
        {
            return UnknownPlatform(platform);
        }

        var account = store.GetAccount(platform, accountId);
        lock (store.Gate)
        {
            account.Name = request.Name ?? account.Name;
            account.PageSize = request.PageSize ?? account.PageSize;
            foreach (var (stream, size) in request.Sizes ?? [])
            {
                account.Sizes[stream] = size;
            }

            foreach (var (name, limit) in request.Limits ?? [])
            {
                account.Limits[name] = limit;
            }
        }

        return TypedResults.Ok(Describe(account, catalog, null));
    }

    private static Results<Ok<object>, ProblemHttpResult> GetAccount(
        string platform, string accountId, string? since, SandboxStore store, DataCatalog catalog)
    {
        if (!Products.IsKnown(platform))
        {
            return UnknownPlatform(platform);
        }

        DateOnly? from = null;
        if (since is not null)
        {
            if (!DateOnly.TryParseExact(
                since, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return TypedResults.Problem("since must be yyyy-MM-dd.", statusCode: 400);
            }

            from = d;
        }

        return TypedResults.Ok(Describe(store.GetAccount(platform, accountId), catalog, from));
    }

    private static object Describe(Account account, DataCatalog catalog, DateOnly? since)
    {
        var streams = DataCatalog.Streams(account.Product).ToDictionary(
            s => s,
            s =>
            {
                var keys = catalog.Keys(account, s, since);
                return new { count = keys.Count, keys };
            });
        return new
        {
            accountId = account.Id,
            name = account.Name,
            pageSize = account.PageSize,
            limits = account.Limits,
            streams,
        };
    }

    private static Results<Ok<object>, ProblemHttpResult> Mutate(
        string platform, string accountId, MutationRequest request, SandboxStore store, DataCatalog catalog)
    {
        if (!Products.IsKnown(platform))
        {
            return UnknownPlatform(platform);
        }

        if (request.Stream is null || !DataCatalog.Streams(platform).Contains(request.Stream)
            || request.Update < 0 || request.Create < 0 || request.Delete < 0)
        {
            return TypedResults.Problem($"Unknown stream '{request.Stream}' or negative counts.", statusCode: 400);
        }

        if (request.Delete > 0 && !DataCatalog.CanDelete(platform, request.Stream))
        {
            return TypedResults.Problem(
                $"{platform} does not delete records of {request.Stream}.", statusCode: 400);
        }

        if (request.Update > 0 && !DataCatalog.CanUpdate(platform, request.Stream))
        {
            return TypedResults.Problem($"{platform} never changes records of {request.Stream}.", statusCode: 400);
        }

        var result = catalog.Mutate(
            store.GetAccount(platform, accountId), request.Stream, request.Update, request.Create, request.Delete);
        return TypedResults.Ok<object>(new
        {
            stream = request.Stream,
            updated = result.Updated,
            created = result.Created,
            deleted = result.Deleted,
        });
    }

    private static Results<Ok<object>, ProblemHttpResult> ArmFault(
        string platform, string accountId, FaultRequest request, SandboxStore store, FaultBook faults)
    {
        if (!Products.IsKnown(platform))
        {
            return UnknownPlatform(platform);
        }

        if (request.Kind is null || !FaultKinds.All.Contains(request.Kind))
        {
            return TypedResults.Problem($"kind must be one of {string.Join(", ", FaultKinds.All)}.", statusCode: 400);
        }

        if (request.Kind == FaultKinds.JobFailed && platform != Products.MetaAds)
        {
            return TypedResults.Problem("job_failed applies to meta_ads report runs only.", statusCode: 400);
        }

        var fault = new ArmedFault
        {
            Kind = request.Kind,
            Stream = request.Stream,
            AtPage = Math.Max(1, request.AtPage ?? 1),
            Times = Math.Max(1, request.Times ?? 1),
            RetryAfterSeconds = request.RetryAfterSeconds,
        };
        var account = store.GetAccount(platform, accountId);
        faults.Arm(account, fault);
        return TypedResults.Ok<object>(
            new { accountId = account.Id, fault.Kind, fault.Stream, fault.AtPage, fault.Times });
    }

    private static Results<NoContent, ProblemHttpResult> ClearFaults(
        string platform, string accountId, SandboxStore store, FaultBook faults)
    {
        if (!Products.IsKnown(platform))
        {
            return UnknownPlatform(platform);
        }

        faults.Clear(store.GetAccount(platform, accountId));
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult UnknownPlatform(string platform) =>
        TypedResults.Problem($"Unknown platform '{platform}'.", statusCode: 404);
}
