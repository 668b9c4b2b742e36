using System.Numerics;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

internal sealed partial class VflLogisticRegressionComponent
{
    private static int Batches(long rows, int batchSize) => checked((int)((rows + batchSize - 1) / batchSize));

    private static async Task<ComponentResult> RunArbiterAsync(ComponentContext context, VflSettings settings, Parties parties, CancellationToken ct)
    {
        var channel = context.Channel;
        context.Progress?.Report(new ComputeProgress(0, "keygen"));
        var key = VflPaillierPrivateKey.Generate(settings.KeyBits);
        var pk = key.PublicKey;
        var modulus = pk.N.ToByteArray(isUnsigned: true, isBigEndian: true);
        await channel.SendAsync(parties.Label, VflMessages.TopicKey, modulus, ct).ConfigureAwait(false);
        await channel.SendAsync(parties.Feature, VflMessages.TopicKey, modulus, ct).ConfigureAwait(false);
        var rowsA = VflMessages.Parse<VflSetup>(await channel.ReceiveAsync(parties.Label, VflMessages.TopicSetup, ct).ConfigureAwait(false), VflMessages.TopicSetup).Rows;
        var rowsB = VflMessages.Parse<VflSetup>(await channel.ReceiveAsync(parties.Feature, VflMessages.TopicSetup, ct).ConfigureAwait(false), VflMessages.TopicSetup).Rows;
        if (rowsA != rowsB || rowsA <= 0) throw new InvalidDataException("The data parties announced different row counts.");
        var featuresA = VflMessages.Parse<VflShape>(await channel.ReceiveAsync(parties.Label, VflMessages.TopicSetup, ct).ConfigureAwait(false), VflMessages.TopicSetup).Weights;
        var featuresB = VflMessages.Parse<VflShape>(await channel.ReceiveAsync(parties.Feature, VflMessages.TopicSetup, ct).ConfigureAwait(false), VflMessages.TopicSetup).Weights;
        if (featuresA is < 1 or > 10_000 || featuresB is < 1 or > 10_000) throw new InvalidDataException("A data party announced an impossible number of weights.");
        var batches = Batches(rowsA, settings.BatchSize);
        var losses = new List<double>();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            BigInteger lossSum = 0;
            for (var b = 0; b < batches; b++)
            {
                await DecryptForAsync(parties.Label, featuresA).ConfigureAwait(false);
                await DecryptForAsync(parties.Feature, featuresB).ConfigureAwait(false);
                if (settings.ComputeLoss)
                {
                    var loss = await VflMessages.ReceiveVectorAsync(channel, parties.Label, VflMessages.TopicLoss, 1, pk.CiphertextBytes, pk.NSquared, ct).ConfigureAwait(false);
                    lossSum += pk.Signed(key.Decrypt(loss[0]));
                }
            }
            if (settings.ComputeLoss)
            {
                var mean = (double)lossSum / (8 * VflFixedPoint.UScale * VflFixedPoint.UScale) / rowsA;
                losses.Add(mean);
                await channel.SendAsync(parties.Label, VflMessages.TopicLoss, VflMessages.Json(new VflEpochLoss(epoch, mean)), ct).ConfigureAwait(false);
            }
            context.Progress?.Report(new ComputeProgress((epoch + 1.0) / settings.Epochs, "train"));
        }
        var metrics = new Dictionary<string, double> { ["epochs"] = settings.Epochs, ["key_bits"] = settings.KeyBits };
        if (losses.Count > 0) metrics["final_loss"] = losses[^1];
        return ComponentResult.Success(0, metrics);

        // The arbiter sees g + R with R uniform mod n: nothing of g. It returns it to its owner, who removes R.
        async Task DecryptForAsync(string party, int count)
        {
            var masked = await VflMessages.ReceiveVectorAsync(channel, party, VflMessages.TopicGradient, count, pk.CiphertextBytes, pk.NSquared, ct).ConfigureAwait(false);
            var plain = new BigInteger[count];
            Parallel.For(0, count, i => plain[i] = key.Decrypt(masked[i]));
            await VflMessages.SendVectorAsync(channel, party, VflMessages.TopicGradientPlain, plain, pk.ModulusBytes, ct).ConfigureAwait(false);
        }
    }

    private static async Task<ComponentResult> RunLabelHolderAsync(ComponentContext context, VflSettings settings, Parties parties, CancellationToken ct)
    {
        if (!context.Release.Allows(context.Self, ReleaseKinds.Model))
            return ComponentResult.Failure("The agreement does not allow the label holder to receive its 'model' output.");
        var input = SingleInput(context) ?? throw new InvalidDataException("The label holder needs one input (named 'input' when it has several).");
        var table = new Table(input, settings.IdColumn, settings.LabelColumn);
        var rows = await AlignAsync(context, table, settings, parties.Feature, ct).ConfigureAwait(false);
        var weightCount = table.FeatureNames.Count + 1; // + intercept, held by the label holder
        await context.Channel.SendAsync(parties.Arbiter, VflMessages.TopicSetup, VflMessages.Json(new VflShape(weightCount)), ct).ConfigureAwait(false);
        var pk = await ReceiveKeyAsync(context, settings, parties.Arbiter, ct).ConfigureAwait(false);
        var channel = context.Channel;
        var w = new double[weightCount]; // w[0] is the intercept
        var losses = new List<double>();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            await foreach (var (x, y) in table.BatchesAsync(settings.BatchSize, ct).ConfigureAwait(false))
            {
                var m = x.Length;
                var fromB = await VflMessages.ReceiveVectorAsync(channel, parties.Feature, VflMessages.TopicPredictor, settings.ComputeLoss ? 2 * m : m, pk.CiphertextBytes, pk.NSquared, ct).ConfigureAwait(false);
                CheckCiphertexts(pk, fromB, VflMessages.TopicPredictor);
                // [[4·2^32·d]] = [[U_B]] + (U_A + 2^32·(2 − 4y)), re-randomised so B cannot divide out its own [[U_B]].
                var uA = new BigInteger[m];
                var residual = new BigInteger[m];
                Parallel.For(0, m, i =>
                {
                    var u = w[0];
                    for (var j = 0; j < x[i].Length; j++) u += w[j + 1] * x[i][j];
                    uA[i] = VflFixedPoint.EncodeU(u);
                    var plain = uA[i] + (new BigInteger(VflFixedPoint.UScale) * (2 - (4 * (int)y[i])));
                    residual[i] = pk.Rerandomize(pk.AddPlain(fromB[i], plain));
                });
                await VflMessages.SendVectorAsync(channel, parties.Feature, VflMessages.TopicResidual, residual, pk.CiphertextBytes, ct).ConfigureAwait(false);
                var gradient = await MaskedGradientAsync(channel, pk, parties.Arbiter, residual, x, intercept: true, ct).ConfigureAwait(false);
                for (var j = 0; j < w.Length; j++) w[j] -= settings.LearningRate * gradient[j] / m;
                if (settings.ComputeLoss)
                {
                    var loss = EncryptedLoss(pk, fromB, uA, y);
                    await VflMessages.SendVectorAsync(channel, parties.Arbiter, VflMessages.TopicLoss, [loss], pk.CiphertextBytes, ct).ConfigureAwait(false);
                }
            }
            if (settings.ComputeLoss)
            {
                var loss = VflMessages.Parse<VflEpochLoss>(await channel.ReceiveAsync(parties.Arbiter, VflMessages.TopicLoss, ct).ConfigureAwait(false), VflMessages.TopicLoss);
                if (loss.Epoch != epoch || !double.IsFinite(loss.Loss)) throw new InvalidDataException("The arbiter's epoch loss is malformed.");
                losses.Add(loss.Loss);
            }
            context.Progress?.Report(new ComputeProgress((epoch + 1.0) / settings.Epochs, "train"));
        }
        await WriteWeightsAsync(context, table.FeatureNames, w[1..], w[0], ct).ConfigureAwait(false);
        if (settings.ComputeLoss)
            await context.Outputs.WriteValueAsync(LossOutput, ReleaseKinds.Model, JsonSerializer.SerializeToElement(losses), ct).ConfigureAwait(false);
        var metrics = new Dictionary<string, double> { ["epochs"] = settings.Epochs, ["weights"] = w.Length };
        if (losses.Count > 0) metrics["final_loss"] = losses[^1];
        return ComponentResult.Success(rows * settings.Epochs, metrics);
    }

    private static async Task<ComponentResult> RunFeatureHolderAsync(ComponentContext context, VflSettings settings, Parties parties, CancellationToken ct)
    {
        if (!context.Release.Allows(context.Self, ReleaseKinds.Model))
            return ComponentResult.Failure("The agreement does not allow the feature holder to receive its 'model' output.");
        var input = SingleInput(context) ?? throw new InvalidDataException("The feature holder needs one input (named 'input' when it has several).");
        var table = new Table(input, settings.IdColumn, labelColumn: null);
        if (table.FeatureNames.Count == 0) throw new InvalidDataException("The feature holder's input has no feature column besides the id.");
        var rows = await AlignAsync(context, table, settings, parties.Label, ct).ConfigureAwait(false);
        await context.Channel.SendAsync(parties.Arbiter, VflMessages.TopicSetup, VflMessages.Json(new VflShape(table.FeatureNames.Count)), ct).ConfigureAwait(false);
        var pk = await ReceiveKeyAsync(context, settings, parties.Arbiter, ct).ConfigureAwait(false);
        var channel = context.Channel;
        var w = new double[table.FeatureNames.Count];
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            await foreach (var (x, _) in table.BatchesAsync(settings.BatchSize, ct).ConfigureAwait(false))
            {
                var m = x.Length;
                // [[U_B]] = [[round(2^32·x_B·w_B)]] per row, and [[U_B²]] for the loss; computed on all cores (r^n dominates).
                var encrypted = new BigInteger[settings.ComputeLoss ? 2 * m : m];
                Parallel.For(0, m, i =>
                {
                    var u = 0.0;
                    for (var j = 0; j < w.Length; j++) u += w[j] * x[i][j];
                    var encoded = VflFixedPoint.EncodeU(u);
                    encrypted[i] = pk.Encrypt(encoded);
                    if (settings.ComputeLoss) encrypted[m + i] = pk.Encrypt(encoded * encoded);
                });
                await VflMessages.SendVectorAsync(channel, parties.Label, VflMessages.TopicPredictor, encrypted, pk.CiphertextBytes, ct).ConfigureAwait(false);
                var residual = await VflMessages.ReceiveVectorAsync(channel, parties.Label, VflMessages.TopicResidual, m, pk.CiphertextBytes, pk.NSquared, ct).ConfigureAwait(false);
                CheckCiphertexts(pk, residual, VflMessages.TopicResidual);
                var gradient = await MaskedGradientAsync(channel, pk, parties.Arbiter, residual, x, intercept: false, ct).ConfigureAwait(false);
                for (var j = 0; j < w.Length; j++) w[j] -= settings.LearningRate * gradient[j] / m;
            }
            context.Progress?.Report(new ComputeProgress((epoch + 1.0) / settings.Epochs, "train"));
        }
        await WriteWeightsAsync(context, table.FeatureNames, w, intercept: null, ct).ConfigureAwait(false);
        return ComponentResult.Success(rows * settings.Epochs, new Dictionary<string, double> { ["epochs"] = settings.Epochs, ["weights"] = w.Length });
    }

    /// <summary>
    /// Σ_i d_i·x_ij for each weight j: homomorphically from [[d]], masked with a uniform R_j, decrypted by the arbiter,
    /// unmasked here. Returns the plain sums (not yet divided by the batch size).
    /// </summary>
    private static async Task<double[]> MaskedGradientAsync(IComputeChannel channel, VflPaillierPublicKey pk, string arbiter, BigInteger[] residual, double[][] x, bool intercept, CancellationToken ct)
    {
        var m = x.Length;
        var count = x[0].Length + (intercept ? 1 : 0);
        var masks = new BigInteger[count];
        var masked = new BigInteger[count];
        Parallel.For(0, count, j =>
        {
            var scalars = new long[m];
            for (var i = 0; i < m; i++)
                scalars[i] = intercept && j == 0 ? VflFixedPoint.EncodeX(1) : VflFixedPoint.EncodeX(x[i][j - (intercept ? 1 : 0)]);
            masks[j] = pk.RandomMask();
            masked[j] = pk.Rerandomize(pk.AddPlain(pk.DotProduct(residual, scalars), masks[j]));
        });
        await VflMessages.SendVectorAsync(channel, arbiter, VflMessages.TopicGradient, masked, pk.CiphertextBytes, ct).ConfigureAwait(false);
        var plain = await VflMessages.ReceiveVectorAsync(channel, arbiter, VflMessages.TopicGradientPlain, count, pk.ModulusBytes, pk.N, ct).ConfigureAwait(false);
        var gradient = new double[count];
        for (var j = 0; j < count; j++) gradient[j] = VflFixedPoint.DecodeGradient(pk.Signed(pk.Reduce(plain[j] - masks[j])));
        return gradient;
    }

    /// <summary>
    /// [[8·2^64·Σ L_i]] for the Taylor loss L = log 2 − ½·y'·u + ⅛·u² (y' = 2y − 1, u = u_A + u_B), from [[U_B]] and
    /// [[U_B²]]: 8·2^64·L = 8·2^64·log 2 − 4·y'·2^32·(U_A + U_B) + U_A² + 2·U_A·U_B + U_B².
    /// </summary>
    private static BigInteger EncryptedLoss(VflPaillierPublicKey pk, BigInteger[] fromB, BigInteger[] uA, double[] y)
    {
        var m = uA.Length;
        var s = new BigInteger(VflFixedPoint.UScale);
        var log2 = new BigInteger(Math.Log(2) * VflFixedPoint.UScale * VflFixedPoint.UScale) * 8;
        BigInteger plain = 0;
        var scalars = new long[2 * m];
        for (var i = 0; i < m; i++)
        {
            var yPrime = (2 * (int)y[i]) - 1;
            plain += log2 - (4 * yPrime * s * uA[i]) + (uA[i] * uA[i]);
            scalars[i] = checked((long)((-4 * yPrime * s) + (2 * uA[i])));
            scalars[m + i] = 1;
        }
        return pk.Rerandomize(pk.AddPlain(pk.DotProduct(fromB, scalars), plain));
    }

    private static void CheckCiphertexts(VflPaillierPublicKey pk, BigInteger[] values, string topic)
    {
        foreach (var c in values)
            if (!pk.IsCiphertext(c)) throw new InvalidDataException($"A '{topic}' value is not a Paillier ciphertext under the task's key.");
    }
}
