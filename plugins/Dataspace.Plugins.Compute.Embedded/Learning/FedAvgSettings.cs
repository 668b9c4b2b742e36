using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Learning;

/// <summary>An <c>fl/fedavg:1</c> task's attributes, checked.</summary>
internal sealed record FedAvgSettings(
    IReadOnlyList<string> Features,
    string Label,
    string Model,
    int Rounds,
    int LocalEpochs,
    double LearningRate,
    double L2,
    int FractionalBits,
    int Threshold,
    int MinClients,
    TimeSpan RoundTimeout,
    string Aggregator,
    IReadOnlyList<string> Clients)
{
    /// <summary>The model's parameter count: one weight per feature and the bias.</summary>
    public int Parameters => Features.Count + 1;

    public static FedAvgSettings From(ComponentContext context)
    {
        var a = context.Attributes;
        var features = ComponentAttributes.Strings(a, "features");
        if (features.Count is 0 or > 10_000) throw new ArgumentException("The attribute 'features' must name between 1 and 10,000 numeric columns.");
        var label = ComponentAttributes.String(a, "label") ?? throw new ArgumentException("The attribute 'label' is required.");
        var model = ComponentAttributes.String(a, "model") ?? LocalTrainer.Logistic;
        if (model is not (LocalTrainer.Logistic or LocalTrainer.Linear)) throw new ArgumentException($"The model '{model}' is not logistic or linear.");
        var rounds = ComponentAttributes.Integer(a, "rounds", 5);
        if (rounds is < 1 or > 1000) throw new ArgumentException("The attribute 'rounds' must be between 1 and 1000.");
        var epochs = ComponentAttributes.Integer(a, "local_epochs", 1);
        if (epochs is < 1 or > 1000) throw new ArgumentException("The attribute 'local_epochs' must be between 1 and 1000.");
        var rate = ComponentAttributes.Number(a, "learning_rate", 0.1);
        if (rate <= 0) throw new ArgumentException("The attribute 'learning_rate' must be positive.");
        var l2 = ComponentAttributes.Number(a, "l2", 0);
        if (l2 < 0) throw new ArgumentException("The attribute 'l2' must not be negative.");
        var fractional = ComponentAttributes.Integer(a, "fractional_bits", 24);
        if (fractional is < 8 or > 40) throw new ArgumentException("The attribute 'fractional_bits' must be between 8 and 40.");
        var timeout = ComponentAttributes.Number(a, "round_timeout_seconds", 60);
        if (timeout <= 0) throw new ArgumentException("The attribute 'round_timeout_seconds' must be positive.");

        var aggregators = context.Parties.Where(p => p.Role == FedAvgComponent.AggregatorRole).ToList();
        if (aggregators.Count != 1) throw new ArgumentException("Federated averaging has exactly one aggregator.");
        var clients = context.Parties.Where(p => p.Role == FedAvgComponent.ClientRole).Select(p => p.ParticipantId).ToList();
        var minClients = Math.Max(Math.Max(3, ComponentAttributes.Integer(a, "min_clients", 3)), context.Release.MinGroupSize);
        if (clients.Count < minClients) throw new ArgumentException($"Federated averaging needs at least {minClients} clients; the task has {clients.Count}.");
        var threshold = ComponentAttributes.Integer(a, "threshold", clients.Count / 2 + 1);
        if (threshold <= clients.Count / 2 || threshold > clients.Count)
            throw new ArgumentException($"The attribute 'threshold' must be above half the {clients.Count} clients and at most their number.");
        var aggregator = aggregators[0].ParticipantId;
        if (!context.Release.Allows(aggregator, ReleaseKinds.Model))
            throw new ArgumentException($"The agreement does not allow '{aggregator}' to receive a model.");
        return new FedAvgSettings(features, label, model, rounds, epochs, rate, l2, fractional, threshold, minClients, TimeSpan.FromSeconds(timeout), aggregator, clients);
    }

    /// <summary>The secure aggregation of round <paramref name="round"/> over the clients still taking part.</summary>
    public SecureAggregationOptions Aggregation(ComponentContext context, int round, IReadOnlyList<string> active)
        => new(context.JobId, context.TaskId, $"fl/r{round}", active, Parameters + 1, Threshold, MinClients, RoundTimeout);
}
