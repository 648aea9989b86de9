using System.ComponentModel.DataAnnotations;

namespace Connectors.Samples.ChangedRowsConsumer;

/// <summary>Where the sample listens (config section <c>ChangedRows</c>).</summary>
public sealed class ChangedRowsOptions
{
    public const string SectionName = "ChangedRows";

    /// <summary>
    /// The sample's own queue, bound to the <c>connectors.sync-completed</c> fan-out: every subscriber gets every
    /// completion on a queue of its own, so this name must differ from the product's queues and other consumers'.
    /// </summary>
    [Required(ErrorMessage = "The setting ChangedRows:Queue (the sample's own queue name) is missing.")]
    public string? Queue { get; set; }
}
