using System.Net;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Http;

/// <summary>
/// The one place that retries platform calls: a refused token is refreshed once; a rate limit waits as the
/// platform asks (body hint, then <c>Retry-After</c>, then exponential backoff with full jitter); a 5xx or a lost
/// connection backs off the same way. Every other failure becomes a <see cref="SyncFailureException"/>.
/// </summary>
public sealed class PlatformCaller(IOptions<WorkersOptions> options, TimeProvider time, ILogger<PlatformCaller> logger)
{
    private const int MaxDescribedBody = 64 * 1024;

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

            if (response.IsSuccessStatusCode)
            {
                return await ReadAsync<T>(call, response, cancellationToken);
            }

            var body = await ReadBodyAsync(response, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                await RefreshOnceAsync(call, refreshed, body, cancellationToken);
                refreshed = true;
                attempt--;
                continue;
            }

            await WaitOrFailAsync(call, response, body, attempt, cancellationToken);
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
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken)
            ?? throw new SyncFailureException(FailureClass.Bug,
                $"{call.Errors.Platform} answered {call.What} with an empty body.");
    }

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
        string body,
        int attempt,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var throttled = response.StatusCode == HttpStatusCode.TooManyRequests;
        if (!throttled && status < 500)
        {
            throw new SyncFailureException(Classify(response.StatusCode),
                $"{call.Errors.Platform} refused {call.What} ({status}): {call.Errors.Describe(body)}");
        }

        var now = time.GetUtcNow();
        var delay = (throttled ? call.Errors.ThrottleDelay(body, now) : null)
            ?? RetryAfter(response, now)
            ?? Backoff(attempt);
        if (throttled && delay > _options.MaxInlineRetryDelay)
        {
            throw new SyncFailureException(FailureClass.Quota,
                $"{call.Errors.Platform} quota is exhausted; it resets around {now + delay:yyyy-MM-dd HH:mm} UTC. "
                + call.Errors.Describe(body));
        }

        if (attempt >= _options.MaxAttempts)
        {
            throw new SyncFailureException(throttled ? FailureClass.Quota : FailureClass.Transient,
                $"{call.Errors.Platform} still answered {status} to {call.What} after {attempt} attempts: "
                + call.Errors.Describe(body));
        }

        WorkersLog.PlatformRetry(logger, call.Errors.Platform, call.What, status, attempt, delay);
        await Task.Delay(delay, time, cancellationToken);
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

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length > MaxDescribedBody ? body[..MaxDescribedBody] : body;
    }
}
