using System.Text;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Constraints;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Dataspace.Policies.Scripting;

/// <summary>
/// Keeps one statement of a policy script from building a huge string or buffer. Jint checks its memory limit between
/// statements; these guards make the places where a single statement can grow without bound check it too.
/// </summary>
internal static class ScriptSizeGuards
{
    // Raw binary buffers are allocated whole in one call, before any limit is looked at; policy scripts need none.
    private static readonly string[] BinaryGlobals =
    [
        "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
        "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
    ];

    // Built-ins whose one call can return (or, chained in one expression, build up) a large string or array.
    private static readonly string[] GuardedHolders = ["String", "String.prototype", "Array", "Array.prototype", "JSON", "Object"];

    /// <summary>
    /// Rewrites <c>x += y</c> as <c>x = x + (y)</c>: Jint meters a plain concatenation against the memory limit as it is
    /// built but not a compound one, so <c>(s += s, s += s, ...)</c> in one statement could grow to a gigabyte.
    /// </summary>
    /// <exception cref="ArgumentException">A <c>+=</c> whose target cannot be repeated without a side effect.</exception>
    public static string MeterCompoundConcatenation(string source, string leftOperand)
    {
        var program = new Parser().ParseScript(source);
        var finder = new CompoundAdditions();
        finder.Visit(program);
        if (finder.Found.Count == 0)
        {
            return source;
        }

        var nodes = finder.Found.OrderBy(n => n.Start).ToList();
        foreach (var node in nodes)
        {
            if (!IsRepeatable(node.Left))
            {
                throw new ArgumentException($"The script for left operand '{leftOperand}' uses '+=' on '{source[node.Left.Start..node.Left.End]}'; in policy scripts '+=' may only update a variable or a plain property (write 'a[i] = a[i] + x').");
            }
        }

        return Emit(source, 0, source.Length, nodes);
    }

    /// <summary>Removes the binary-buffer globals and wraps the size-amplifying built-ins with a memory check.</summary>
    public static void Install(Engine engine, long memoryLimitBytes)
    {
        var global = engine.Global;
        foreach (var name in BinaryGlobals)
        {
            global.Delete(name);
        }

        var memory = engine.Constraints.Find<MemoryLimitConstraint>();
        var maxChars = Math.Max(1024, memoryLimitBytes / sizeof(char));
        foreach (var path in GuardedHolders)
        {
            var holder = Resolve(engine, path);
            foreach (var key in holder.GetOwnPropertyKeys(Types.String))
            {
                var name = key.AsString();
                if (name == "constructor" || name == "prototype" || holder.Get(key) is not Jint.Native.Function.Function original)
                {
                    continue;
                }

                Func<JsValue, JsValue[], JsValue> body = path == "String.prototype" && name == "concat"
                    ? (self, arguments) => Concat(self, arguments, maxChars)
                    : (self, arguments) => original.Call(self, arguments);
                holder.Set(key, new ClrFunction(engine, name, (self, arguments) =>
                {
                    var result = body(self, arguments);
                    // A chain of such calls inside one expression never reaches a statement boundary: check here.
                    memory?.Check();
                    return result;
                }));
            }
        }
    }

    private static ObjectInstance Resolve(Engine engine, string path)
    {
        var parts = path.Split('.');
        var value = engine.GetValue(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            value = value.AsObject().Get(part);
        }

        return value.AsObject();
    }

    // String.prototype.concat, with the result's length known before anything of that size is built.
    private static JsString Concat(JsValue self, JsValue[] arguments, long maxChars)
    {
        if (self.IsNull() || self.IsUndefined())
        {
            throw new JavaScriptException("String.prototype.concat called on null or undefined");
        }

        var pieces = new string[arguments.Length + 1];
        pieces[0] = TypeConverter.ToString(self);
        long total = pieces[0].Length;
        for (var i = 0; i < arguments.Length; i++)
        {
            pieces[i + 1] = TypeConverter.ToString(arguments[i]);
            total += pieces[i + 1].Length;
            if (total > maxChars)
            {
                throw new JavaScriptException($"Invalid string length: concat would build {total}+ characters, more than the sandbox's memory limit allows");
            }
        }

        return JsString.Create(string.Concat(pieces));
    }

    private static bool IsRepeatable(Node target) => target switch
    {
        Identifier => true,
        MemberExpression { Computed: false, Object: Identifier or ThisExpression } => true,
        MemberExpression { Computed: true, Object: Identifier or ThisExpression, Property: Identifier or Literal } => true,
        _ => false,
    };

    // Writes source[from..to) with every += inside it (sorted by start) rewritten; nested ones sit in their parent's right side.
    private static string Emit(string source, int from, int to, List<AssignmentExpression> nodes)
    {
        var text = new StringBuilder();
        var cursor = from;
        for (var i = 0; i < nodes.Count;)
        {
            var node = nodes[i];
            var end = i + 1;
            while (end < nodes.Count && nodes[end].Start < node.End)
            {
                end++;
            }

            var target = source[node.Left.Start..node.Left.End];
            text.Append(source, cursor, node.Start - cursor)
                .Append(target).Append(" = ").Append(target).Append(" + (")
                .Append(Emit(source, node.Right.Start, node.Right.End, nodes.GetRange(i + 1, end - i - 1)))
                .Append(')');
            cursor = node.End;
            i = end;
        }

        return text.Append(source, cursor, to - cursor).ToString();
    }

    private sealed class CompoundAdditions : AstVisitor
    {
        public List<AssignmentExpression> Found { get; } = [];

        protected override object? VisitAssignmentExpression(AssignmentExpression node)
        {
            if (node.Operator == Operator.AdditionAssignment)
            {
                Found.Add(node);
            }

            return base.VisitAssignmentExpression(node);
        }
    }
}
