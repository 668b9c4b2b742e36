using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Dataspace.Plugins.Compute.Embedded.Scoring;

/// <summary>
/// An ONNX model loaded with ONNX Runtime and checked against the task: one float input of shape [batch, n] (n the
/// number of feature columns, batch dynamic), and the requested outputs each a float, double or int64 tensor of shape
/// [batch] or [batch, k] with k fixed.
/// </summary>
internal sealed class OnnxScorer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly string _inputName;
    private readonly int _featureCount;
    private readonly string[] _outputs;
    private readonly int[] _widths;

    private OnnxScorer(InferenceSession session, SessionOptions options, string inputName, int featureCount, string[] outputs, int[] widths, List<string> columns)
    {
        _session = session;
        _options = options;
        _inputName = inputName;
        _featureCount = featureCount;
        _outputs = outputs;
        _widths = widths;
        Columns = columns;
        Width = widths.Sum();
    }

    /// <summary>The released column names: an output's name when it is one value per row, else <c>name_0</c>… <c>name_{k-1}</c>.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Values per row over all requested outputs.</summary>
    public int Width { get; }

    public static bool TryLoad(byte[] model, int featureCount, IReadOnlyList<string> outputs, out OnnxScorer? scorer, out string reason)
    {
        scorer = null;
        reason = "";
        // One thread each: the engine runs several tasks on a shared machine, and scoring is batch-parallel anyway.
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            options.Dispose();
            // ONNX Runtime's message names the parse or graph error; it holds no data of ours.
            reason = $"The model is not a valid ONNX model: {Truncate(e.Message)}";
            return false;
        }
        if (!Check(session, featureCount, outputs, out var inputName, out var widths, out var columns, out reason))
        {
            session.Dispose();
            options.Dispose();
            return false;
        }
        scorer = new OnnxScorer(session, options, inputName, featureCount, [.. outputs], widths, columns);
        return true;
    }

    /// <summary>Scores <paramref name="rows"/> rows of features (row-major) into row-major values, <see cref="Width"/> per row.</summary>
    public double[] Score(float[] features, int rows)
    {
        var result = new double[rows * Width];
        using var input = OrtValue.CreateTensorValueFromMemory(features, [rows, _featureCount]);
        using var runOptions = new RunOptions();
        using var values = _session.Run(runOptions, [_inputName], [input], _outputs);
        var offset = 0;
        var i = 0;
        foreach (var value in values)
        {
            var info = value.GetTensorTypeAndShape();
            var width = _widths[i];
            // The metadata said [batch] or [batch, k]; a model whose actual output disagrees is refused, not trusted.
            if (info.ElementCount != (long)rows * width || info.Shape.Length == 0 || info.Shape[0] != rows)
                throw new InvalidDataException($"The model's output '{_outputs[i]}' has shape [{string.Join(", ", info.Shape)}] for a batch of {rows} rows; expected [{rows}{(width > 1 ? $", {width}" : "")}].");
            switch (info.ElementDataType)
            {
                case TensorElementType.Float: Copy(value.GetTensorDataAsSpan<float>(), result, rows, width, offset); break;
                case TensorElementType.Double: Copy(value.GetTensorDataAsSpan<double>(), result, rows, width, offset); break;
                case TensorElementType.Int64: Copy(value.GetTensorDataAsSpan<long>(), result, rows, width, offset); break;
                default: throw new InvalidDataException($"The model's output '{_outputs[i]}' is of type {info.ElementDataType}.");
            }
            offset += width;
            i++;
        }
        return result;
    }

    /// <summary>Formats a value so it parses back to the same number (invariant culture).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    private void Copy<T>(ReadOnlySpan<T> source, double[] target, int rows, int width, int offset) where T : struct, IConvertible
    {
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < width; c++)
                target[r * Width + offset + c] = source[r * width + c].ToDouble(CultureInfo.InvariantCulture);
    }

    private static bool Check(InferenceSession session, int featureCount, IReadOnlyList<string> outputs, out string inputName, out int[] widths, out List<string> columns, out string reason)
    {
        inputName = "";
        widths = new int[outputs.Count];
        columns = [];
        reason = "";
        if (session.InputMetadata.Count != 1)
            return Fail($"The model takes {session.InputMetadata.Count} inputs; ml/score:1 feeds exactly one float tensor [batch, {featureCount}].", out reason);
        var (name, input) = session.InputMetadata.First();
        inputName = name;
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float)
            return Fail($"The model's input '{name}' is not a float tensor; ml/score:1 feeds the feature columns as float [batch, {featureCount}].", out reason);
        var dims = input.Dimensions;
        if (dims.Length != 2 || dims[1] != featureCount)
            return Fail($"The model's input '{name}' has shape [{Shape(input)}]; the task's {featureCount} feature columns need [batch, {featureCount}].", out reason);
        if (dims[0] >= 0)
            return Fail($"The model's input '{name}' has a fixed batch size of {dims[0]}; ml/score:1 needs a dynamic batch dimension.", out reason);
        for (var i = 0; i < outputs.Count; i++)
        {
            if (!session.OutputMetadata.TryGetValue(outputs[i], out var output))
                return Fail($"The model has no output '{outputs[i]}'; its outputs are {string.Join(", ", session.OutputMetadata.Keys.Select(k => $"'{k}'"))}.", out reason);
            if (!output.IsTensor || output.ElementDataType is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Int64))
                return Fail($"The model's output '{outputs[i]}' is not a float, double or int64 tensor.", out reason);
            var od = output.Dimensions;
            if (od.Length == 1 || (od.Length == 2 && od[1] == 1)) widths[i] = 1;
            else if (od.Length == 2 && od[1] > 1 && od[1] <= 1024) widths[i] = od[1];
            else return Fail($"The model's output '{outputs[i]}' has shape [{Shape(output)}]; ml/score:1 releases [batch] or [batch, k] with a fixed k up to 1024.", out reason);
            if (widths[i] == 1) columns.Add(outputs[i]);
            else for (var c = 0; c < widths[i]; c++) columns.Add(string.Create(CultureInfo.InvariantCulture, $"{outputs[i]}_{c}"));
        }
        return true;
    }

    private static string Shape(NodeMetadata metadata)
        => string.Join(", ", metadata.Dimensions.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : (metadata.SymbolicDimensions.ElementAtOrDefault(i) is { Length: > 0 } s ? s : "?")));

    private static string Truncate(string message) => message.Length <= 300 ? message : message[..300] + "…";

    private static bool Fail(string message, out string reason)
    {
        reason = message;
        return false;
    }
}
