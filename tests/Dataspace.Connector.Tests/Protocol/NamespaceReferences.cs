using System.Reflection;
using System.Reflection.Emit;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// Finds which types of one namespace of a compiled assembly refer to types of other namespaces: in signatures, fields,
/// locals, attributes and method bodies (the IL's member and type tokens), including lambdas and async state machines,
/// which the compiler nests in the declaring type. A <c>using</c> scan would miss fully qualified names.
/// </summary>
internal static class NamespaceReferences
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>One line per (type in <paramref name="from"/>, referenced type in one of <paramref name="forbidden"/>).</summary>
    public static IReadOnlyList<string> Find(Assembly assembly, string from, IReadOnlyCollection<string> forbidden)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes().Where(t => InNamespace(t, from)))
        {
            foreach (var referenced in ReferencedTypes(type).SelectMany(Expand).Distinct())
            {
                if (forbidden.Any(ns => InNamespace(referenced, ns)))
                {
                    found.Add($"{type.FullName} -> {referenced.FullName ?? referenced.Name}");
                }
            }
        }

        return [.. found];
    }

    private static bool InNamespace(Type type, string ns) =>
        type.Namespace is { } n && (n == ns || n.StartsWith(ns + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return i;
        }

        foreach (var a in type.CustomAttributes)
        {
            yield return a.AttributeType;
        }

        foreach (var field in type.GetFields(Declared))
        {
            yield return field.FieldType;
        }

        foreach (var property in type.GetProperties(Declared))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo m)
            {
                yield return m.ReturnType;
            }

            foreach (var p in method.GetParameters())
            {
                yield return p.ParameterType;
            }

            foreach (var t in BodyTypes(type, method))
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<Type> BodyTypes(Type type, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            if (opCode.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
            {
                var member = Resolve(method.Module, BitConverter.ToInt32(il, at), typeArgs, methodArgs);
                foreach (var t in MemberTypes(member))
                {
                    yield return t;
                }
            }

            at += OperandSize(opCode, il, at);
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try
        {
            return module.ResolveMember(token, typeArgs, methodArgs);
        }
        catch (ArgumentException)
        {
            // A token in a generic context the declaring method does not provide; its open form still names the types.
            return module.ResolveMember(token);
        }
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo? member)
    {
        switch (member)
        {
            case Type t:
                yield return t;
                break;
            case FieldInfo f:
                yield return f.DeclaringType!;
                yield return f.FieldType;
                break;
            case MethodBase m:
                if (m.DeclaringType is { } declaring)
                {
                    yield return declaring;
                }

                if (m is MethodInfo { IsGenericMethod: true } generic)
                {
                    foreach (var a in generic.GetGenericArguments())
                    {
                        yield return a;
                    }
                }

                break;
        }
    }

    private static int OperandSize(OpCode opCode, byte[] il, int at) => opCode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    // Array<Feature>, Task<Feature>, Func<Feature, ...>: the element and the type arguments count as references too.
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()!))
            {
                yield return t;
            }

            yield break;
        }

        yield return type;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return t;
            }
        }
    }
}
