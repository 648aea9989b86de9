namespace Connectors.Sandbox.State;

/// <summary>Decides, per data request, whether an armed fault fires and which cursor the page is served from.</summary>
internal sealed class FaultBook(SandboxStore store, ILogger<FaultBook> logger)
{
    public void Arm(Account account, ArmedFault fault)
    {
        lock (store.Gate)
        {
            account.Faults.Add(fault);
        }

        Log.FaultArmed(logger, fault.Kind, account.Product, account.Id);
    }

    public void Clear(Account account)
    {
        lock (store.Gate)
        {
            account.Faults.Clear();
        }
    }

    /// <summary>Counts a page request of <paramref name="stream"/>; returns the fault to answer with, if any,
    /// and the cursor the page must be built from (the previous one when a page is repeated).</summary>
    public FaultDecision Enter(Account account, string stream, string? cursor)
    {
        ArmedFault? firing;
        string? served;
        lock (store.Gate)
        {
            firing = NextFiring(account, stream);
            var repeat = firing?.Kind == FaultKinds.RepeatPage;
            served = repeat ? account.LastCursor.GetValueOrDefault(stream) : cursor;
            if (firing is null || repeat)
            {
                account.LastCursor[stream] = served;
            }
        }

        if (firing is null)
        {
            return new FaultDecision(null, cursor);
        }

        Log.FaultFired(logger, firing.Kind, account.Product, account.Id, stream);
        ApplySideEffects(account, firing);
        return new FaultDecision(firing.Kind == FaultKinds.RepeatPage ? null : firing, served);
    }

    private static ArmedFault? NextFiring(Account account, string stream)
    {
        ArmedFault? firing = null;
        foreach (var fault in account.Faults.Where(f => f.Stream is null || f.Stream == stream))
        {
            fault.Seen++;
            if (firing is null && fault.Seen >= fault.AtPage && fault.Fired < fault.Times)
            {
                fault.Fired++;
                firing = fault;
            }
        }

        return firing;
    }

    private void ApplySideEffects(Account account, ArmedFault fault)
    {
        if (fault.Kind == FaultKinds.ExpireToken)
        {
            store.ExpireAccessTokens(account.Product, account.Id);
        }
        else if (fault.Kind == FaultKinds.RevokeGrant)
        {
            store.RevokeAccountGrants(account.Product, account.Id);
        }
    }
}

internal sealed record FaultDecision(ArmedFault? Fault, string? Cursor);
