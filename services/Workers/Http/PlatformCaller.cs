using System.Net;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Http;

/// <summary>
/// The one place that retries platform calls: a refused token is refreshed once; a rate limit waits as the
/// platform asks (its own signal, then <c>Retry-After</c>, then exponential backoff with full jitter); a 5xx or a
/// lost connection backs off the same way. Every other failure becomes a <see cref="SyncFailureException"/>.
/// What an answer means is read from its status unless the platform's <see cref="IPlatformErrors"/> says otherwise.
/// </summary>
public sealed class PlatformCaller(IOptions<WorkersOptions> options, TimeProvider time, ILogger<PlatformCaller> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WorkersOptions _options = options.Value;

    public async Task<T> SendAsync<T>(PlatformCall call, CancellationToken cancellationToken)
    {
        var refreshed = false;
        for (var attempt = 1; ; attempt++)
        {
            using var request = call.Build(call.Session.Token.AccessToken);
            using var response = await TrySendAsync(call, request, attempt, cancellationToken);
            if (response is null)
            {
                continue;
            }

            if (response.IsSuccessStatusCode && !call.Errors.FaultsInSuccessfulAnswers)
            {
                return await ReadAsync<T>(call, response, cancellationToken);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var now = time.GetUtcNow();
            var fault = call.Errors.Interpret(response, body, now);
            if (fault is null && response.IsSuccessStatusCode)
            {
                return Deserialize<T>(call, body);
            }

            fault ??= FromStatus(call, response, body, now);
            LogTrace(call, response, body);
            if (fault.Kind == PlatformFaultKind.TokenRefused)
            {
                await RefreshOnceAsync(call, refreshed, body, cancellationToken);
                refreshed = true;
                attempt--;
                continue;
            }

            await WaitOrFailAsync(call, response, fault, body, attempt, now, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage?> TrySendAsync(
        PlatformCall call,
        HttpRequestMessage request,
        int attempt,
        CancellationToken cancellationToken)
    {
        try
        {
            return await call.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (attempt >= _options.MaxAttempts)
            {
                throw new SyncFailureException(FailureClass.Transient,
                    $"{call.Errors.Platform} could not be reached for {call.What} after {attempt} attempts.",
                    exception);
            }

            var delay = Backoff(attempt);
            WorkersLog.PlatformUnreachable(logger, call.Errors.Platform, call.What, attempt, delay);
            await Task.Delay(delay, time, cancellationToken);
            return null;
        }
    }

    private static async Task<T> ReadAsync<T>(
        PlatformCall call,
        HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken) ?? throw Empty(call);
    }

    private static T Deserialize<T>(PlatformCall call, string body) =>
        JsonSerializer.Deserialize<T>(body, Json) ?? throw Empty(call);

    private static SyncFailureException Empty(PlatformCall call) =>
        new(FailureClass.Bug, $"{call.Errors.Platform} answered {call.What} with an empty body.");

    private static PlatformFault FromStatus(
        PlatformCall call,
        HttpResponseMessage response,
        string body,
        DateTimeOffset now) => response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => PlatformFault.TokenRefused,
            HttpStatusCode.TooManyRequests => PlatformFault.Throttle(call.Errors.ThrottleDelay(body, now)),
            >= HttpStatusCode.InternalServerError => PlatformFault.Unavailable,
            _ => PlatformFault.Refuse(Classify(response.StatusCode),
                $"{call.Errors.Platform} refused {call.What} ({(int)response.StatusCode}): "
                + call.Errors.Describe(body)),
        };

    private async Task RefreshOnceAsync(
        PlatformCall call,
        bool alreadyRefreshed,
        string body,
        CancellationToken cancellationToken)
    {
        if (alreadyRefreshed)
        {
            throw new SyncFailureException(FailureClass.Auth,
                $"{call.Errors.Platform} refused the credentials even after a refresh: {call.Errors.Describe(body)}");
        }

        WorkersLog.TokenRejected(logger, call.Errors.Platform, call.What);
        await call.Session.RefreshAsync(cancellationToken);
    }

    private async Task WaitOrFailAsync(
        PlatformCall call,
        HttpResponseMessage response,
        PlatformFault fault,
        string body,
        int attempt,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (fault.Kind == PlatformFaultKind.Refused)
        {
            throw new SyncFailureException(fault.Class, fault.Message ?? call.Errors.Describe(body));
        }

        var status = (int)response.StatusCode;
        var throttled = fault.Kind == PlatformFaultKind.Throttled;
        var delay = fault.Delay ?? RetryAfter(response, now) ?? Backoff(attempt);
        if (throttled && delay > _options.MaxInlineRetryDelay)
        {
            throw new SyncFailureException(FailureClass.Quota,
                $"{call.Errors.Platform} quota is exhausted; it resets around {now + delay:yyyy-MM-dd HH:mm} UTC. "
                + call.Errors.Describe(body))
            {
                RetryAt = now + delay,
            };
        }

        if (attempt >= _options.MaxAttempts)
        {
            throw throttled ? StillThrottled(call, status, attempt, body, now) : new SyncFailureException(
                FailureClass.Transient,
                $"{call.Errors.Platform} still answered {status} to {call.What} after {attempt} attempts: "
                + call.Errors.Describe(body));
        }

        WorkersLog.PlatformRetry(logger, call.Errors.Platform, call.What, status, attempt, delay);
        await Task.Delay(delay, time, cancellationToken);
    }

    private static SyncFailureException StillThrottled(
        PlatformCall call,
        int status,
        int attempt,
        string body,
        DateTimeOffset now)
    {
        var reset = call.Errors.QuotaResetsAt(now);
        var resets = reset is null ? "" : $"; its quota resets at {reset:yyyy-MM-dd HH:mm} UTC";
        return new SyncFailureException(FailureClass.Quota,
            $"{call.Errors.Platform} still answered {status} to {call.What} after {attempt} attempts{resets}: "
            + call.Errors.Describe(body))
        {
            RetryAt = reset,
        };
    }

    private void LogTrace(PlatformCall call, HttpResponseMessage response, string body)
    {
        if (call.Errors.TraceId(response, body) is { Length: > 0 } traceId)
        {
            WorkersLog.PlatformTrace(logger, call.Errors.Platform, call.What, (int)response.StatusCode, traceId);
        }
    }

    private static FailureClass Classify(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Forbidden => FailureClass.Auth,
        HttpStatusCode.NotFound => FailureClass.Configuration,
        _ => FailureClass.Bug,
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(
            _options.RetryMaxDelay.TotalMilliseconds,
            _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
