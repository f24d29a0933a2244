using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RuleLang.Analyzers;

/// <summary>Small helpers over the operation tree: constants, receivers and spans.</summary>
internal static class Operations
{
    /// <summary>Looks through implicit conversions (int to int?, TcpRule to its base class, tuple conversions).</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }
        return operation;
    }

    /// <summary>The compile-time value: a literal, a const, a constant interpolation; through an int? conversion.</summary>
    public static bool TryGetConstant(IOperation operation, out object? value)
    {
        var current = operation;
        while (true)
        {
            if (current.ConstantValue.HasValue)
            {
                value = current.ConstantValue.Value;
                return true;
            }
            if (current is IConversionOperation conversion)
            {
                current = conversion.Operand;
                continue;
            }
            value = null;
            return false;
        }
    }

    public static bool TryGetString(IOperation operation, out string text)
    {
        if (TryGetConstant(operation, out var value) && value is string s)
        {
            text = s;
            return true;
        }
        text = "";
        return false;
    }

    public static bool TryGetInteger(IOperation operation, out long number)
    {
        if (TryGetConstant(operation, out var value) && value is int or long or short or sbyte or byte or ushort or uint)
        {
            number = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }
        number = 0;
        return false;
    }

    public static bool TryGetDouble(IOperation operation, out double number)
    {
        if (TryGetConstant(operation, out var value) && value is double or float or int or long)
        {
            number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }
        number = 0;
        return false;
    }

    /// <summary>The argument given for the parameter named <paramref name="name"/>, unless left to its default.</summary>
    public static IArgumentOperation? Argument(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument;
            }
        }
        return null;
    }

    /// <summary>What a fluent call is made on: the instance, or the <c>this</c> argument of an extension method.</summary>
    public static IOperation? Receiver(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return Unwrap(instance);
        }
        if (invocation.TargetMethod.IsExtensionMethod)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return Unwrap(argument.Value);
                }
            }
        }
        return null;
    }

    /// <summary>The location of an argument's expression (without a <c>name:</c> label).</summary>
    public static Location LocationOf(IOperation value) => value.Syntax.GetLocation();

    /// <summary>One location over both operations' spans (named arguments may come in any order).</summary>
    public static Location Spanning(IOperation first, IOperation last)
    {
        var a = first.Syntax.Span;
        var b = last.Syntax.Span;
        return Location.Create(first.Syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(Math.Min(a.Start, b.Start), Math.Max(a.End, b.End)));
    }
}
