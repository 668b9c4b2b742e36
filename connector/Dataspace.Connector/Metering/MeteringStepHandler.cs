using Dataspace.Connector.Protocol;

namespace Dataspace.Connector.Metering;

/// <summary>Runs the stored step that exchanges an ended transfer's receipt (retried by the worker when it throws).</summary>
internal sealed class MeteringStepHandler : IProcessStepHandler
{
    /// <summary>The kind of process the steps belong to.</summary>
    public const string Kind = "metering";

    /// <summary>The step's name.</summary>
    public const string ReceiptStep = "receipt";

    private readonly ReceiptExchange _exchange;

    public MeteringStepHandler(ReceiptExchange exchange) => _exchange = exchange;

    /// <inheritdoc/>
    public string ProcessKind => Kind;

    /// <inheritdoc/>
    public async Task<bool> RunStepAsync(ProcessStep processStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        if (processStep.Name != ReceiptStep)
        {
            throw new InvalidOperationException($"metering step '{processStep.Name}' is unknown; expected {ReceiptStep}");
        }

        await _exchange.ExchangeForTransferAsync(processStep.ProcessId, cancellationToken).ConfigureAwait(false);
        return false;
    }
}
