using System.Text.Json.Nodes;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Endpoints;

/// <summary>Google's REST error envelope, with a GoogleAdsFailure detail where the Ads API adds one.</summary>
internal static class GoogleErrors
{
    public static IResult Plain(int code, string status, string message) =>
        TypedResults.Json(new { error = new { code, message, status } }, statusCode: code);

    public static IResult Ads(
        string version, int code, string status, string message, string errorKey, string errorValue,
        string requestId, JsonObject? details = null)
    {
        var failure = new JsonObject
        {
            ["errorCode"] = new JsonObject { [errorKey] = errorValue },
            ["message"] = message,
        };
        if (details is not null)
        {
            failure["details"] = details;
        }

        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["status"] = status,
                ["details"] = new JsonArray(new JsonObject
                {
                    ["@type"] = $"type.googleapis.com/google.ads.googleads.{version}.errors.GoogleAdsFailure",
                    ["errors"] = new JsonArray(failure),
                    ["requestId"] = requestId,
                }),
            },
        };
        return TypedResults.Json(body, statusCode: code);
    }

    public static IResult Unauthenticated(AccessFailure failure) => Plain(
        401,
        "UNAUTHENTICATED",
        failure == AccessFailure.Missing
            ? "The request has no OAuth 2 access token; send one in the Authorization header."
            : "The OAuth 2 access token is invalid, expired or revoked.");

    public static IResult AdsFault(ArmedFault fault, string version, string requestId, DateTimeOffset now)
    {
        return fault.Kind switch
        {
            FaultKinds.RateLimit => Quota(
                version, requestId, "RESOURCE_TEMPORARILY_EXHAUSTED", fault.RetryAfterSeconds ?? 30),
            FaultKinds.QuotaExhausted => Quota(version, requestId, "RESOURCE_EXHAUSTED",
                fault.RetryAfterSeconds ?? (int)(now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds),
            FaultKinds.ServerError => Ads(version, 500, "INTERNAL", "An internal error occurred in the sandbox.",
                "internalError", "INTERNAL_ERROR", requestId),
            _ => Unauthenticated(AccessFailure.Expired),
        };
    }

    private static IResult Quota(string version, string requestId, string value, int retrySeconds) => Ads(
        version,
        429,
        "RESOURCE_EXHAUSTED",
        "Too many requests. Retry in " + retrySeconds + " seconds.",
        "quotaError",
        value,
        requestId,
        new JsonObject
        {
            ["quotaErrorDetails"] = new JsonObject
            {
                ["rateScope"] = "DEVELOPER",
                ["rateName"] = "Number of operations for basic access",
                ["retryDelay"] = retrySeconds + "s",
            },
        });
}
