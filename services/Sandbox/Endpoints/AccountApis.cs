using Connectors.Sandbox.OAuth;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Endpoints;

/// <summary>The account-name calls of Google Analytics, Meta, LinkedIn and QuickBooks.</summary>
internal static class AccountApis
{
    public static IEndpointRouteBuilder MapAccountApis(this IEndpointRouteBuilder app)
    {
        app.MapGet("/google/analyticsadmin/v1beta/accountSummaries", AccountSummaries);
        app.MapGet($"/meta/graph/{MetaOAuth.VersionSegment}/me/adaccounts", MetaAdAccounts);
        app.MapGet("/linkedin/api/rest/adAccountUsers", LinkedInAccountUsers);
        app.MapGet("/linkedin/api/rest/adAccounts/{id}", LinkedInAccount);
        app.MapGet("/intuit/quickbooks/v3/company/{realmId}/companyinfo/{id}", QuickBooksCompany);
        return app;
    }

    private static Grant? Check(HttpContext context, SandboxStore store, string provider, string product, out AccessFailure failure)
    {
        var tag = RequestTag.Mark(context, "data", provider, product);
        var value = ClientRegistry.ReadBearer(context.Request) ?? context.Request.Query["access_token"].ToString();
        (var grant, failure) = store.CheckAccess(value, provider);
        if (grant is not null && failure == AccessFailure.None)
        {
            tag.Bind(grant);
            return grant;
        }

        return null;
    }

    private static IResult AccountSummaries(HttpContext context, SandboxStore store)
    {
        if (Check(context, store, Providers.Google, Products.GoogleAnalytics, out var failure) is not { } grant)
        {
            return GoogleErrors.Unauthenticated(failure);
        }

        if (grant.Product != Products.GoogleAnalytics)
        {
            return TypedResults.Json(new { });
        }

        var property = store.GetAccount(Products.GoogleAnalytics, grant.AccountId);
        var isDefault = property.Id == Products.DefaultAccountId(Products.GoogleAnalytics);
        var accountId = isDefault ? "1000" : (1000 + (long)(property.Seed % 90_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Json(new
        {
            accountSummaries = new[]
            {
                new
                {
                    name = $"accountSummaries/{accountId}",
                    account = $"accounts/{accountId}",
                    displayName = isDefault ? "Acme" : $"Sandbox Account {accountId}",
                    propertySummaries = new[]
                    {
                        new
                        {
                            property = $"properties/{property.Id}",
                            displayName = property.Name,
                            propertyType = "PROPERTY_TYPE_ORDINARY",
                            parent = $"accounts/{accountId}",
                        },
                    },
                },
            },
        });
    }

    private static IResult MetaAdAccounts(HttpContext context, SandboxStore store)
    {
        if (Check(context, store, Providers.Meta, Products.MetaAds, out _) is not { } grant)
        {
            return MetaOAuth.GraphError(400, "Error validating access token: the session is invalid or has expired.", 190, 463);
        }

        var account = store.GetAccount(Products.MetaAds, grant.AccountId);
        return TypedResults.Json(new
        {
            data = new[]
            {
                new
                {
                    id = account.Id,
                    account_id = account.Id["act_".Length..],
                    name = account.Name,
                    currency = "USD",
                    timezone_name = "America/Los_Angeles",
                    account_status = 1,
                },
            },
            paging = new { cursors = new { before = "MAZDZD", after = "MAZDZD" } },
        });
    }

    private static IResult LinkedInAccountUsers(HttpContext context, SandboxStore store)
    {
        if (LinkedInCheck(context, store) is { } denied)
        {
            return denied;
        }

        var grant = Check(context, store, Providers.LinkedIn, Products.LinkedInAds, out _)!;
        return TypedResults.Json(new
        {
            elements = new[]
            {
                new
                {
                    account = $"urn:li:sponsoredAccount:{grant.AccountId}",
                    role = "VIEWER",
                    user = $"urn:li:person:{Deterministic.Base62(Deterministic.Hash(grant.AccountId), "person", 0, 10)}",
                },
            },
            paging = new { count = 10, start = 0, total = 1 },
        });
    }

    private static IResult LinkedInAccount(HttpContext context, string id, SandboxStore store)
    {
        if (LinkedInCheck(context, store) is { } denied)
        {
            return denied;
        }

        var grant = Check(context, store, Providers.LinkedIn, Products.LinkedInAds, out _)!;
        if (grant.AccountId != id)
        {
            return TypedResults.Json(new { status = 403, serviceErrorCode = 100, code = "ACCESS_DENIED",
                message = "Not enough permissions to access this ad account." }, statusCode: 403);
        }

        var account = store.GetAccount(Products.LinkedInAds, id);
        return TypedResults.Json(new
        {
            id = long.Parse(account.Id, System.Globalization.CultureInfo.InvariantCulture),
            name = account.Name,
            currency = "USD",
            status = "ACTIVE",
            type = "BUSINESS",
            reference = "urn:li:organization:2414183",
            test = false,
        });
    }

    private static IResult? LinkedInCheck(HttpContext context, SandboxStore store)
    {
        if (Check(context, store, Providers.LinkedIn, Products.LinkedInAds, out var failure) is null)
        {
            return failure == AccessFailure.Revoked
                ? TypedResults.Json(new { status = 401, serviceErrorCode = 65601, code = "REVOKED_ACCESS_TOKEN",
                    message = "The token used in the request has been revoked by the user" }, statusCode: 401)
                : TypedResults.Json(new { status = 401, serviceErrorCode = 65600, code = "INVALID_ACCESS_TOKEN",
                    message = "Invalid access token" }, statusCode: 401);
        }

        return string.IsNullOrEmpty(context.Request.Headers["LinkedIn-Version"])
            ? TypedResults.Json(new { status = 400, code = "VERSION_MISSING",
                message = "A LinkedIn-Version header (YYYYMM) is required." }, statusCode: 400)
            : null;
    }

    private static IResult QuickBooksCompany(HttpContext context, string realmId, string id, SandboxStore store)
    {
        context.Response.Headers["intuit_tid"] = SandboxStore.RandomToken(20);
        var now = store.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        if (Check(context, store, Providers.QuickBooks, Products.QuickBooks, out _) is not { } grant)
        {
            return QuickBooksFault(401, "AuthenticationFault", "3200", "message=AuthenticationFailed; errorCode=003200; statusCode=401", now);
        }

        if (grant.AccountId != realmId || realmId != id)
        {
            return QuickBooksFault(403, "AuthorizationFault", "003100", "ApplicationAuthorizationFailed", now);
        }

        var account = store.GetAccount(Products.QuickBooks, realmId);
        return TypedResults.Json(new
        {
            CompanyInfo = new
            {
                Id = "1",
                CompanyName = account.Name,
                LegalName = account.Name,
                Country = "US",
                SyncToken = "0",
                MetaData = new { CreateTime = account.Anchor.AddDays(-700).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) },
            },
            time = now,
        });
    }

    private static IResult QuickBooksFault(int status, string type, string code, string message, string now) =>
        TypedResults.Json(new
        {
            Fault = new { Error = new[] { new { Message = message, Detail = message, code } }, type },
            time = now,
        }, statusCode: status);
}
