namespace Connectors.Messaging;

/// <summary>How the service's RabbitMQ queues are declared (config section <c>Messaging</c>).</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>
    /// Declares every queue the service consumes as a quorum queue (replicated across a RabbitMQ cluster) instead
    /// of a classic one. Default false. RabbitMQ cannot change an existing queue's type: switching means deleting
    /// the queues (after draining them) so the services declare them again.
    /// </summary>
    public bool QuorumQueues { get; set; }

    /// <summary>
    /// With <see cref="QuorumQueues"/>, how many cluster nodes hold each queue; unset lets RabbitMQ choose (its
    /// default, at most 3 in a cluster of 3 or more).
    /// </summary>
    public int? QuorumReplicationFactor { get; set; }
}
