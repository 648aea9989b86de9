namespace Connectors.Sandbox.State;

/// <summary>An asynchronous Meta insights job: the parameters it was started with and how often it was
/// polled.</summary>
internal sealed class ReportRun
{
    public required string Id { get; init; }

    public required string AccountId { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required int PollsToComplete { get; init; }

    public int Polls { get; set; }

    public bool Failed { get; set; }

    public bool Completed => !Failed && Polls >= PollsToComplete;
}

/// <summary>The Meta report runs started on the sandbox, by id.</summary>
internal sealed class ReportRuns(SandboxStore store)
{
    private readonly Dictionary<string, ReportRun> _runs = new(StringComparer.Ordinal);

    public ReportRun Start(Account account, IReadOnlyDictionary<string, string> parameters, int polls)
    {
        lock (store.Gate)
        {
            var id = (6_000_000_000_000_000L + Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999))
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
            var run = new ReportRun
            {
                Id = id,
                AccountId = account.Id,
                Parameters = parameters,
                StartedAt = store.Now,
                PollsToComplete = Math.Max(1, polls),
            };
            _runs[id] = run;
            return run;
        }
    }

    public ReportRun? Find(string id)
    {
        lock (store.Gate)
        {
            return _runs.GetValueOrDefault(id);
        }
    }

    /// <summary>Counts a poll and answers the status text and completion percentage it shows.</summary>
    public (string Status, int Percent) Poll(ReportRun run, bool fail)
    {
        lock (store.Gate)
        {
            run.Failed |= fail;
            if (!run.Failed && !run.Completed)
            {
                run.Polls++;
            }

            return Describe(run);
        }
    }

    public static (string Status, int Percent) Describe(ReportRun run) => run switch
    {
        { Failed: true } => ("Job Failed", 0),
        { Completed: true } => ("Job Completed", 100),
        { Polls: <= 1 } => ("Job Not Started", 0),
        { Polls: 2 } => ("Job Started", run.Polls * 100 / run.PollsToComplete),
        _ => ("Job Running", run.Polls * 100 / run.PollsToComplete),
    };
}
