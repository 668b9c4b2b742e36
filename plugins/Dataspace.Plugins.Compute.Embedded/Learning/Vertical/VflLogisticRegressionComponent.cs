using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Learning.Vertical;

/// <summary>
/// <c>vfl/lr:1</c>: vertical logistic regression in FATE's hetero-LR arbiter pattern. The <c>label_holder</c> has the
/// labels and some features, the <c>feature_holder</c> other features of the same aligned rows, and the
/// <c>arbiter</c> (a third participant) holds a Paillier key. Residuals travel encrypted, gradients are masked with
/// uniform noise before the arbiter decrypts them, and each data party ends with only its own weights (<c>model</c>).
/// See docs/compute/vfl-lr.md.
/// </summary>
internal sealed partial class VflLogisticRegressionComponent : IComputeComponent
{
    public const string RoleLabelHolder = "label_holder";
    public const string RoleFeatureHolder = "feature_holder";
    public const string RoleArbiter = "arbiter";
    public const string WeightsOutput = "weights";
    public const string LossOutput = "training_loss";

    private static readonly ComponentDescriptor Described = new(
        Roles: [RoleLabelHolder, RoleFeatureHolder, RoleArbiter],
        Attributes:
        [
            new ComponentParameter("id_column", "string", Required: true),
            new ComponentParameter("label_column", "string", Required: true),
            new ComponentParameter("epochs", "integer", Default: JsonSerializer.SerializeToElement(10)),
            new ComponentParameter("batch_size", "integer", Default: JsonSerializer.SerializeToElement(256)),
            new ComponentParameter("learning_rate", "number", Default: JsonSerializer.SerializeToElement(0.15)),
            new ComponentParameter("key_bits", "integer", Default: JsonSerializer.SerializeToElement(VflSettings.DefaultKeyBits)),
            new ComponentParameter("compute_loss", "boolean", Default: JsonSerializer.SerializeToElement(false)),
        ],
        Releases: [ReleaseKinds.Model],
        MinParties: 3,
        MaxParties: 3);

    private readonly int _minimumKeyBits;

    /// <summary>The production component: Paillier keys of at least 2048 bits.</summary>
    public VflLogisticRegressionComponent()
        : this(VflSettings.DefaultKeyBits)
    {
    }

    /// <summary>Test only: allows smaller (insecure) keys so tests run in seconds; never registered in DI.</summary>
    internal VflLogisticRegressionComponent(int insecureMinimumKeyBitsForTests) => _minimumKeyBits = insecureMinimumKeyBitsForTests;

    /// <inheritdoc/>
    public string Name => ComputeComponents.VerticalLogisticRegression;

    /// <inheritdoc/>
    public ComponentDescriptor Descriptor => Described;

    /// <inheritdoc/>
    public async Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Parties.Count != 3 || Described.Roles.Any(r => context.Parties.Count(p => p.Role == r) != 1))
            return ComponentResult.Failure($"vfl/lr:1 needs exactly one '{RoleLabelHolder}', one '{RoleFeatureHolder}' and one '{RoleArbiter}'.");
        var roles = new Parties(
            context.Parties.First(p => p.Role == RoleLabelHolder).ParticipantId,
            context.Parties.First(p => p.Role == RoleFeatureHolder).ParticipantId,
            context.Parties.First(p => p.Role == RoleArbiter).ParticipantId);
        // The arbiter holds the private key: if it were a data party it could decrypt the other's encrypted predictors.
        if (roles.Label == roles.Feature || roles.Arbiter == roles.Label || roles.Arbiter == roles.Feature)
            return ComponentResult.Failure("vfl/lr:1 needs three different participants: the arbiter must be neither data party.");
        if (!VflSettings.TryParse(context.Attributes, _minimumKeyBits, out var settings, out var error)) return ComponentResult.Failure(error);
        try
        {
            return context.Role switch
            {
                RoleArbiter => await RunArbiterAsync(context, settings, roles, cancellationToken).ConfigureAwait(false),
                RoleLabelHolder => await RunLabelHolderAsync(context, settings, roles, cancellationToken).ConfigureAwait(false),
                RoleFeatureHolder => await RunFeatureHolderAsync(context, settings, roles, cancellationToken).ConfigureAwait(false),
                _ => ComponentResult.Failure($"vfl/lr:1 has no role '{context.Role}'."),
            };
        }
        catch (InvalidDataException e)
        {
            // A malformed, oversized or out-of-range peer message, or a bad input cell: the task ends with the reason.
            return ComponentResult.Failure(e.Message);
        }
    }

    private sealed record Parties(string Label, string Feature, string Arbiter);

    /// <summary>A data party's input: its feature columns (every column but the id and, at the label holder, the label).</summary>
    private sealed class Table
    {
        private readonly IComputeInput _input;
        private readonly int _idIndex;
        private readonly int _labelIndex;
        private readonly int[] _featureIndex;

        public Table(IComputeInput input, string idColumn, string? labelColumn)
        {
            _input = input;
            _idIndex = IndexOf(input.Columns, idColumn);
            if (_idIndex < 0) throw new InvalidDataException($"The input has no id column '{idColumn}'.");
            _labelIndex = labelColumn is null ? -1 : IndexOf(input.Columns, labelColumn);
            if (labelColumn is not null && _labelIndex < 0) throw new InvalidDataException($"The input has no label column '{labelColumn}'.");
            _featureIndex = [.. Enumerable.Range(0, input.Columns.Count).Where(i => i != _idIndex && i != _labelIndex)];
            FeatureNames = [.. _featureIndex.Select(i => input.Columns[i])];
        }

        public IReadOnlyList<string> FeatureNames { get; }

        /// <summary>Counts the rows and digests the id column (keyed by the task so digests of other tasks do not match).</summary>
        public async Task<VflAlignment> AlignmentAsync(ComponentContext context, int batchSize, CancellationToken ct)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes($"vfl/lr:1|{context.JobId}|{context.TaskId}"));
            long rows = 0;
            var length = new byte[4];
            await foreach (var batch in _input.ReadBatchesAsync(batchSize, ct).ConfigureAwait(false))
            {
                foreach (var row in batch)
                {
                    var id = Encoding.UTF8.GetBytes(_idIndex < row.Length ? row[_idIndex] : "");
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, id.Length);
                    hmac.AppendData(length);
                    hmac.AppendData(id);
                    rows++;
                }
            }
            return new VflAlignment(rows, Convert.ToHexStringLower(hmac.GetHashAndReset()));
        }

        /// <summary>Reads the rows batch by batch: features (x), and labels (0 or 1) at the label holder.</summary>
        public async IAsyncEnumerable<(double[][] X, double[] Y)> BatchesAsync(int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            long rowNumber = 0;
            await foreach (var batch in _input.ReadBatchesAsync(batchSize, ct).ConfigureAwait(false))
            {
                var x = new double[batch.Count][];
                var y = new double[batch.Count];
                for (var r = 0; r < batch.Count; r++)
                {
                    rowNumber++;
                    var row = batch[r];
                    x[r] = new double[_featureIndex.Length];
                    for (var c = 0; c < _featureIndex.Length; c++)
                    {
                        var i = _featureIndex[c];
                        if (i >= row.Length || !double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || Math.Abs(v) > VflFixedPoint.MaxFeature)
                            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Row {rowNumber} has no number within ±{VflFixedPoint.MaxFeature} in the feature column '{FeatureNames[c]}'."));
                        x[r][c] = v;
                    }
                    if (_labelIndex >= 0)
                    {
                        var label = _labelIndex < row.Length ? row[_labelIndex] : null;
                        y[r] = label switch
                        {
                            "0" => 0,
                            "1" => 1,
                            _ => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Row {rowNumber} has a label that is neither 0 nor 1.")),
                        };
                    }
                }
                yield return (x, y);
            }
        }

        private static int IndexOf(IReadOnlyList<string> columns, string name)
        {
            for (var i = 0; i < columns.Count; i++)
                if (string.Equals(columns[i], name, StringComparison.Ordinal)) return i;
            return -1;
        }
    }

    private static IComputeInput? SingleInput(ComponentContext context)
        => context.Inputs.Count == 1 ? context.Inputs.Values.First() : context.Inputs.GetValueOrDefault("input");

    /// <summary>Both data parties check the tables hold the same ids in the same order, learning only whether they do.</summary>
    private static async Task<long> AlignAsync(ComponentContext context, Table table, VflSettings settings, string peer, CancellationToken ct)
    {
        var own = await table.AlignmentAsync(context, settings.BatchSize, ct).ConfigureAwait(false);
        await context.Channel.SendAsync(peer, VflMessages.TopicAlign, VflMessages.Json(own), ct).ConfigureAwait(false);
        var theirs = VflMessages.Parse<VflAlignment>(await context.Channel.ReceiveAsync(peer, VflMessages.TopicAlign, ct).ConfigureAwait(false), VflMessages.TopicAlign);
        if (theirs.Rows != own.Rows || !string.Equals(theirs.IdsDigest, own.IdsDigest, StringComparison.Ordinal))
            throw new InvalidDataException("The two data parties' tables are not aligned: their id columns differ (run a PSI and align the rows first).");
        if (own.Rows == 0) throw new InvalidDataException("The aligned tables are empty.");
        await context.Channel.SendAsync(PartyOf(context, RoleArbiter), VflMessages.TopicSetup, VflMessages.Json(new VflSetup(own.Rows)), ct).ConfigureAwait(false);
        return own.Rows;
    }

    private static async Task<VflPaillierPublicKey> ReceiveKeyAsync(ComponentContext context, VflSettings settings, string arbiter, CancellationToken ct)
    {
        var payload = await context.Channel.ReceiveAsync(arbiter, VflMessages.TopicKey, ct).ConfigureAwait(false);
        if (payload.Length != (settings.KeyBits + 7) / 8) throw new InvalidDataException("The arbiter's public key has the wrong size.");
        var n = new System.Numerics.BigInteger(payload.Span, isUnsigned: true, isBigEndian: true);
        // A key of another size, or an even modulus, would not be the key the task asked for.
        if (n.GetBitLength() != settings.KeyBits || n.IsEven) throw new InvalidDataException("The arbiter's public key is not a Paillier modulus of the agreed size.");
        return new VflPaillierPublicKey(n);
    }

    private static async Task WriteWeightsAsync(ComponentContext context, IReadOnlyList<string> names, double[] weights, double? intercept, CancellationToken ct)
    {
        var value = new Dictionary<string, object>
        {
            ["features"] = names.Select((n, i) => new { name = n, weight = weights[i] }).ToArray(),
        };
        if (intercept is { } b) value["intercept"] = b;
        await context.Outputs.WriteValueAsync(WeightsOutput, ReleaseKinds.Model, JsonSerializer.SerializeToElement(value), ct).ConfigureAwait(false);
    }

    private static string PartyOf(ComponentContext context, string role) => context.Parties.First(p => p.Role == role).ParticipantId;
}
