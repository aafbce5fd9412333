using System.Reflection;
using System.Reflection.Emit;
using Zeren.Core.Data;

namespace Zeren.Core.Tests.Architecture;

/// <summary>
/// Which types of Zeren.Core each of its types uses: in signatures, fields, attributes, base types and, read from the
/// IL, in method bodies (calls, fields, casts, <c>typeof</c>, the tokens of expression trees). Compiler-made types
/// (lambdas, async state machines) are nested in the type that wrote them, so they count as that type's.
/// </summary>
internal static class CoreDependencies
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static readonly Assembly Core = typeof(ZerenDbContext).Assembly;

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>The capability folder of a type: the namespace segment after <c>Zeren.Core</c>.</summary>
    public static string? Folder(Type type)
    {
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith("Zeren.Core.", StringComparison.Ordinal))
        {
            return null;
        }
        var rest = ns["Zeren.Core.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Every use of one Core folder's type by another folder's type: (user, used).</summary>
    public static IEnumerable<(Type User, Type Used)> Uses() =>
        Core.GetTypes().SelectMany(user => UsedBy(user)
            .Where(used => used.Assembly == Core && Folder(used) is { } to && Folder(user) is { } from && to != from)
            .Distinct()
            .Select(used => (user, used)));

    private static List<Type> UsedBy(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }
            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }
            if (t.IsGenericParameter)
            {
                return;
            }
            found.Add(t.IsGenericType ? t.GetGenericTypeDefinition() : t);
            if (t.IsGenericType)
            {
                foreach (var a in t.GetGenericArguments())
                {
                    Add(a);
                }
            }
        }
        void Attributes(MemberInfo m)
        {
            foreach (var a in m.GetCustomAttributesData())
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue)))
                {
                    Add(arg.ArgumentType);
                    Add(arg.Value as Type);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }
        Attributes(type);
        foreach (var f in type.GetFields(All))
        {
            Add(f.FieldType);
            Attributes(f);
        }
        foreach (var p in type.GetProperties(All))
        {
            Add(p.PropertyType);
            Attributes(p);
        }
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }
            foreach (var p in m.GetParameters())
            {
                Add(p.ParameterType);
            }
            Attributes(m);
            var body = m.GetMethodBody();
            if (body is null)
            {
                continue;
            }
            foreach (var local in body.LocalVariables)
            {
                Add(local.LocalType);
            }
            foreach (var member in Tokens(m, body.GetILAsByteArray() ?? []))
            {
                switch (member)
                {
                    case Type t:
                        Add(t);
                        break;
                    case MethodBase called:
                        Add(called.DeclaringType);
                        if (called is MethodInfo { IsGenericMethod: true } g)
                        {
                            foreach (var a in g.GetGenericArguments())
                            {
                                Add(a);
                            }
                        }
                        break;
                    case FieldInfo field:
                        Add(field.DeclaringType);
                        Add(field.FieldType);
                        break;
                }
            }
        }
        return found;
    }

    /// <summary>The members and types a method body names, read token by token from its IL.</summary>
    private static IEnumerable<MemberInfo> Tokens(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short code = il[i++];
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il[i++]);
            }
            var operand = Operands[code];
            switch (operand)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    var token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try
                    {
                        member = module.ResolveMember(token, typeArgs, methodArgs);
                    }
                    catch (ArgumentException)
                    {
                        // A token that needs a generic context this method does not give: not one of ours.
                    }
                    if (member is not null)
                    {
                        yield return member;
                    }
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, i);
                    i += 4 + (4 * count);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    i += 8;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
