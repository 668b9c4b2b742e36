using System.Text;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Scoring;

/// <summary>
/// Writes small ONNX models (onnx.proto3: ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto) with a
/// hand-written protobuf encoder, so the tests need no model files and no Python.
/// </summary>
internal static class OnnxModelBuilder
{
    private const int ElemFloat = 1;

    /// <summary>
    /// Logistic regression: <c>score = Sigmoid(MatMul(x, W) + b)</c> with x float [N, n], W [n, 1], b [1]; also
    /// exposes <c>logit</c> (the pre-sigmoid value) as a second output. The batch dimension is symbolic (<c>N</c>).
    /// With <paramref name="twoClass"/> both outputs are [N, 2]: W = [w, −w], b = [bias, −bias], so score = (p, 1 − p).
    /// </summary>
    public static byte[] LogisticRegression(float[] weights, float bias, string input = "x", bool fixedBatch = false, bool twoClass = false)
    {
        var n = weights.Length;
        var width = twoClass ? 2 : 1;
        float[] w = twoClass ? [.. weights.SelectMany(v => new[] { v, -v })] : weights;
        float[] b = twoClass ? [bias, -bias] : [bias];
        var graph = new Proto()
            .Message(1, Node([input, "W"], ["xw"], "MatMul", "matmul"))
            .Message(1, Node(["xw", "b"], ["logit"], "Add", "add"))
            .Message(1, Node(["logit"], ["score"], "Sigmoid", "sigmoid"))
            .String(2, "lr")
            .Message(5, FloatTensor("W", [n, width], w))
            .Message(5, FloatTensor("b", [width], b))
            .Message(11, ValueInfo(input, fixedBatch ? [(8, null)] : [(null, "N")], n))
            .Message(12, ValueInfo("score", [(null, "N")], width))
            .Message(12, ValueInfo("logit", [(null, "N")], width));
        return Model(graph);
    }

    /// <summary>A model whose graph has two float inputs, which ml/score:1 must refuse.</summary>
    public static byte[] TwoInputs()
    {
        var graph = new Proto()
            .Message(1, Node(["a", "b"], ["score"], "Add", "add"))
            .String(2, "two")
            .Message(11, ValueInfo("a", [(null, "N")], 1))
            .Message(11, ValueInfo("b", [(null, "N")], 1))
            .Message(12, ValueInfo("score", [(null, "N")], 1));
        return Model(graph);
    }

    private static byte[] Model(Proto graph)
        => new Proto()
            .Varint(1, 8) // ir_version 8
            .String(2, "dataspace-tests")
            .Message(7, graph)
            .Message(8, new Proto().String(1, "").Varint(2, 13)) // opset_import: default domain, opset 13
            .ToArray();

    private static Proto Node(string[] inputs, string[] outputs, string op, string name)
    {
        var node = new Proto();
        foreach (var i in inputs) node.String(1, i);
        foreach (var o in outputs) node.String(2, o);
        return node.String(3, name).String(4, op);
    }

    private static Proto FloatTensor(string name, long[] dims, float[] values)
    {
        var t = new Proto();
        foreach (var d in dims) t.Varint(1, (ulong)d);
        t.Varint(2, ElemFloat);
        t.String(8, name);
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 4), values[i]);
        return t.Bytes(9, raw);
    }

    /// <summary>A float tensor value info of shape [batch, width]; a batch dim is a fixed value or a symbolic name.</summary>
    private static Proto ValueInfo(string name, (long? Value, string? Param)[] batch, long width)
    {
        var shape = new Proto();
        foreach (var (value, param) in batch)
            shape.Message(1, value is { } v ? new Proto().Varint(1, (ulong)v) : new Proto().String(2, param!));
        shape.Message(1, new Proto().Varint(1, (ulong)width));
        var tensorType = new Proto().Varint(1, ElemFloat).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    /// <summary>A protobuf message being written: fields appended in order.</summary>
    private sealed class Proto
    {
        private readonly List<byte> _buffer = [];

        public Proto Varint(int field, ulong value)
        {
            Key(field, 0);
            Raw(value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Bytes(int field, byte[] value)
        {
            Key(field, 2);
            Raw((ulong)value.Length);
            _buffer.AddRange(value);
            return this;
        }

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => _buffer.ToArray();

        private void Key(int field, int wire) => Raw(((ulong)field << 3) | (uint)wire);

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.Add((byte)(value | 0x80));
                value >>= 7;
            }
            _buffer.Add((byte)value);
        }
    }
}
