using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Sandbox.Data;
using Connectors.Sandbox.State;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.Endpoints;

/// <summary>api.linkedin.com/rest: ad account lookups and adAnalytics (Rest.li 2.0, versioned, unpaged).</summary>
internal static class LinkedInApi
{
    public static RouteGroupBuilder MapLinkedInApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/linkedin/api/rest");
        group.MapGet("/adAccountUsers", AccountUsers);
        group.MapGet("/adAccounts/{id}", AdAccount);
        group.MapGet("/adAnalytics", Analytics);
        return group;
    }

    internal sealed record Services(SandboxStore Store, FaultBook Faults, IOptions<SandboxOptions> Options);

    private static IResult AccountUsers(HttpContext context, [AsParameters] Services services)
    {
        var (account, error) = Enter(context, services, DataAccess.AccountStream, restLi: false);
        if (account is null)
        {
            return error!;
        }

        var person = Deterministic.Base62(Deterministic.Hash(account.Id), "person", 0, 10);
        return TypedResults.Json(new
        {
            elements = new[]
            {
                new
                {
                    account = $"urn:li:sponsoredAccount:{account.Id}",
                    role = "VIEWER",
                    user = $"urn:li:person:{person}",
                },
            },
            paging = new { count = 10, start = 0, total = 1 },
        });
    }

    private static IResult AdAccount(HttpContext context, string id, [AsParameters] Services services)
    {
        var (account, error) = Enter(context, services, DataAccess.AccountStream, restLi: false);
        if (account is null)
        {
            return error!;
        }

        if (account.Id != id)
        {
            return Error(403, "ACCESS_DENIED", "Not enough permissions to access this ad account.", 100);
        }

        return TypedResults.Json(new
        {
            id = long.Parse(account.Id, CultureInfo.InvariantCulture),
            name = account.Name,
            currency = "USD",
            status = "ACTIVE",
            type = "BUSINESS",
            reference = "urn:li:organization:2414183",
            test = false,
        });
    }

    private static IResult Analytics(HttpContext context, [AsParameters] Services services)
    {
        var (account, error) = Enter(context, services, LinkedInData.CampaignDaily, restLi: true);
        if (account is null)
        {
            return error!;
        }

        LinkedInAnalyticsQuery query;
        try
        {
            var raw = RestLi.RawQuery(context.Request.QueryString.Value);
            query = LinkedInAnalytics.Parse(raw, DateOnly.FromDateTime(services.Store.Now.UtcDateTime));
        }
        catch (RestLiException ex)
        {
            return Error(400, "ILLEGAL_ARGUMENT", ex.Message);
        }

        IReadOnlyList<JsonObject> elements;
        lock (services.Store.Gate)
        {
            elements = LinkedInAnalytics.Elements(account, query, services.Store.Now);
        }

        var cap = account.Limit("maxElements", services.Options.Value.LinkedInMaxElements);
        return TypedResults.Json(new JsonObject
        {
            ["paging"] = new JsonObject { ["start"] = 0, ["count"] = 10, ["links"] = new JsonArray() },
            ["elements"] = new JsonArray([.. elements.Take(cap)]),
        });
    }

    /// <summary>Checks the token and the versioning headers, then fires faults. Returns the account or the error.
    /// </summary>
    private static (Account? Account, IResult? Error) Enter(
        HttpContext context, Services services, string stream, bool restLi)
    {
        var grant = DataAccess.Check(
            context, services.Store, Providers.LinkedIn, Products.LinkedInAds, out var failure);
        if (grant is null || grant.Product != Products.LinkedInAds)
        {
            return (null, TokenError(failure));
        }

        if (VersionError(context.Request, services.Options.Value.LinkedInOldestVersion) is { } versionError)
        {
            return (null, versionError);
        }

        if (restLi && context.Request.Headers["X-Restli-Protocol-Version"] != "2.0.0")
        {
            return (null, Error(400, "ILLEGAL_ARGUMENT",
                "This finder needs Rest.li protocol 2.0.0: send X-Restli-Protocol-Version: 2.0.0."));
        }

        var account = services.Store.GetAccount(Products.LinkedInAds, grant.AccountId);
        var fault = services.Faults.Enter(account, stream, null).Fault;
        return fault is null ? (account, null) : (null, Fault(fault));
    }

    private static IResult? VersionError(HttpRequest request, int oldest)
    {
        var header = request.Headers["LinkedIn-Version"].ToString();
        if (header.Length == 0)
        {
            return Error(400, "VERSION_MISSING",
                "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
        }

        var month = header.Split('.')[0];
        return month.Length == 6 && int.TryParse(month, CultureInfo.InvariantCulture, out var version)
            && version >= oldest && version % 100 is >= 1 and <= 12
            ? null
            : Error(426, "NONEXISTENT_VERSION", $"Requested version {header} is not active");
    }

    private static IResult Fault(ArmedFault fault) => fault.Kind switch
    {
        FaultKinds.RateLimit => Error(429, "TOO_MANY_REQUESTS",
            "Resource level throttle limit for calls to this resource is reached."),
        FaultKinds.QuotaExhausted => Error(429, "TOO_MANY_REQUESTS",
            "Application level throttle limit for calls to this resource is reached for the day."),
        FaultKinds.ServerError => Error(500, "INTERNAL_SERVER_ERROR", "Internal Server Error"),
        FaultKinds.RevokeGrant => TokenError(AccessFailure.Revoked),
        _ => TokenError(AccessFailure.Expired),
    };

    private static IResult TokenError(AccessFailure failure) => failure switch
    {
        AccessFailure.Revoked => Error(401, "REVOKED_ACCESS_TOKEN",
            "The token used in the request has been revoked by the user", 65601),
        AccessFailure.Expired => Error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65602),
        _ => Error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600),
    };

    private static IResult Error(int status, string code, string message, int? serviceErrorCode = null)
    {
        var body = new JsonObject { ["status"] = status };
        if (serviceErrorCode is { } service)
        {
            body["serviceErrorCode"] = service;
        }

        body["code"] = code;
        body["message"] = message;
        return TypedResults.Json(body, statusCode: status);
    }
}
