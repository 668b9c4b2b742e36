using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Learning;

/// <summary>
/// One client's local training: full-batch gradient descent on linear regression (squared loss) or logistic
/// regression (log loss) with an optional L2 penalty, from the global model, streaming the input once per epoch.
/// The model is a flat float32 tensor <c>[w_1 … w_d, b]</c>; arithmetic is in double, the result rounded to float32.
/// </summary>
internal static class LocalTrainer
{
    public const string Linear = "linear";
    public const string Logistic = "logistic";

    public static async Task<(float[] Model, long Rows)> TrainAsync(IComputeInput input, FedAvgSettings settings, float[] global, CancellationToken cancellationToken)
    {
        var featureIndex = settings.Features.Select(f => ComponentAttributes.ColumnIndex(input.Columns, f)).ToArray();
        var labelIndex = ComponentAttributes.ColumnIndex(input.Columns, settings.Label);
        var d = featureIndex.Length;
        var model = global.Select(v => (double)v).ToArray();
        var gradient = new double[d + 1];
        var x = new double[d];
        long rows = 0;
        for (var epoch = 0; epoch < settings.LocalEpochs; epoch++)
        {
            Array.Clear(gradient);
            rows = 0;
            await foreach (var batch in input.ReadBatchesAsync(4096, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in batch)
                {
                    rows++;
                    for (var j = 0; j < d; j++) x[j] = ComponentAttributes.ParseNumber(row[featureIndex[j]], settings.Features[j], rows);
                    var y = ComponentAttributes.ParseNumber(row[labelIndex], settings.Label, rows);
                    if (settings.Model == Logistic && y is not (0 or 1)) throw new ArgumentException($"Row {rows}: a logistic regression label is 0 or 1.");
                    var z = model[d];
                    for (var j = 0; j < d; j++) z += model[j] * x[j];
                    var error = (settings.Model == Logistic ? 1 / (1 + Math.Exp(-z)) : z) - y;
                    for (var j = 0; j < d; j++) gradient[j] += error * x[j];
                    gradient[d] += error;
                }
            }
            if (rows == 0) throw new ArgumentException("A client's input has no rows to train on.");
            for (var j = 0; j <= d; j++)
            {
                var penalty = j < d ? settings.L2 * model[j] : 0; // the bias is not penalised
                model[j] -= settings.LearningRate * (gradient[j] / rows + penalty);
            }
        }
        var result = model.Select(v => (float)v).ToArray();
        if (result.Any(v => !float.IsFinite(v))) throw new ArgumentException("Local training diverged (a weight is not finite); lower the learning rate.");
        return (result, rows);
    }
}
