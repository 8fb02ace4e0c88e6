using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>
/// A node of a parsed SQL filter expression. Evaluation follows SQL three-valued logic:
/// <see langword="null"/> stands for UNKNOWN, and a filter matches only when the result is <see langword="true"/>.
/// </summary>
/// <param name="operands">The node's operands, which set its <see cref="Depth"/>.</param>
internal abstract class SqlExpression(params IEnumerable<SqlExpression> operands)
{
    /// <summary>Levels from this node to its deepest leaf (a leaf is 1). Evaluation recurses this deep.</summary>
    public int Depth { get; } = 1 + operands.Select(o => o.Depth).DefaultIfEmpty(0).Max();

    public abstract object? Evaluate(IFilterableMessage message);

    public static bool? AsBoolean(object? value) => value switch
    {
        bool boolean => boolean,
        null => null,
        _ => throw new SqlSyntaxException($"A value of type {value.GetType().Name} is used where a condition is expected."),
    };
}

internal sealed class LiteralExpression(object? value) : SqlExpression
{
    public override object? Evaluate(IFilterableMessage message) => value;
}

internal sealed class PropertyExpression(PropertyReference reference) : SqlExpression
{
    public PropertyReference Reference { get; } = reference;

    public override object? Evaluate(IFilterableMessage message) => Reference.TryRead(message, out var value) ? Normalize(value) : null;

    private static object? Normalize(object? value) => value switch
    {
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        sbyte sb => (long)sb,
        ushort us => (long)us,
        uint ui => (long)ui,
        ulong ul when ul <= long.MaxValue => (long)ul,
        float f => (double)f,
        decimal d => (double)d,
        char c => c.ToString(),
        Guid g => g.ToString(),
        Uri u => u.ToString(),
        _ => value,
    };
}

internal sealed class ExistsExpression(PropertyReference reference) : SqlExpression
{
    public override object? Evaluate(IFilterableMessage message) => reference.TryRead(message, out _);
}

internal sealed class NotExpression(SqlExpression operand) : SqlExpression(operand)
{
    public override object? Evaluate(IFilterableMessage message) => AsBoolean(operand.Evaluate(message)) is { } value ? !value : null;
}

internal sealed class AndExpression(SqlExpression left, SqlExpression right) : SqlExpression(left, right)
{
    public override object? Evaluate(IFilterableMessage message)
    {
        var l = AsBoolean(left.Evaluate(message));
        if (l == false)
        {
            return false;
        }

        var r = AsBoolean(right.Evaluate(message));
        if (r == false)
        {
            return false;
        }

        return l == true && r == true ? true : null;
    }
}

internal sealed class OrExpression(SqlExpression left, SqlExpression right) : SqlExpression(left, right)
{
    public override object? Evaluate(IFilterableMessage message)
    {
        var l = AsBoolean(left.Evaluate(message));
        if (l == true)
        {
            return true;
        }

        var r = AsBoolean(right.Evaluate(message));
        if (r == true)
        {
            return true;
        }

        return l == false && r == false ? false : null;
    }
}

internal sealed class IsNullExpression(SqlExpression operand, bool negated) : SqlExpression(operand)
{
    public override object? Evaluate(IFilterableMessage message) => (operand.Evaluate(message) is null) != negated;
}

internal sealed class ComparisonExpression(string op, SqlExpression left, SqlExpression right) : SqlExpression(left, right)
{
    public override object? Evaluate(IFilterableMessage message)
    {
        var order = SqlValues.Compare(left.Evaluate(message), right.Evaluate(message));
        if (order is not { } o)
        {
            return null;
        }

        return op switch
        {
            "=" => o == 0,
            "<>" or "!=" => o != 0,
            "<" => o < 0,
            "<=" => o <= 0,
            ">" => o > 0,
            ">=" => o >= 0,
            _ => throw new SqlSyntaxException($"Unknown operator '{op}'."),
        };
    }
}

internal sealed class InExpression(SqlExpression operand, IReadOnlyList<SqlExpression> candidates, bool negated) : SqlExpression([operand, .. candidates])
{
    public override object? Evaluate(IFilterableMessage message)
    {
        var value = operand.Evaluate(message);
        if (value is null)
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (SqlValues.Compare(value, candidate.Evaluate(message)) == 0)
            {
                return !negated;
            }
        }

        return negated;
    }
}

internal sealed class LikeExpression : SqlExpression
{
    private readonly SqlExpression operand;
    private readonly Regex pattern;
    private readonly bool negated;

    public LikeExpression(SqlExpression operand, string pattern, char? escape, bool negated)
        : base(operand)
    {
        this.operand = operand;
        this.negated = negated;
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (escape is { } e && c == e && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '%')
            {
                regex.Append(".*");
            }
            else if (c == '_')
            {
                regex.Append('.');
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        this.pattern = new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public override object? Evaluate(IFilterableMessage message) => operand.Evaluate(message) switch
    {
        string text => pattern.IsMatch(text) != negated,
        null => null,
        _ => false,
    };
}

internal sealed class ArithmeticExpression(char op, SqlExpression left, SqlExpression right) : SqlExpression(left, right)
{
    public override object? Evaluate(IFilterableMessage message)
    {
        var l = left.Evaluate(message);
        var r = right.Evaluate(message);
        if (l is null || r is null)
        {
            return null;
        }

        if (op == '+' && l is string ls && r is string rs)
        {
            return ls + rs;
        }

        if (l is long li && r is long ri)
        {
            return op switch
            {
                '+' => li + ri,
                '-' => li - ri,
                '*' => li * ri,
                '/' => ri == 0 ? null : li / ri,
                '%' => ri == 0 ? null : li % ri,
                _ => null,
            };
        }

        var ld = SqlValues.ToDouble(l);
        var rd = SqlValues.ToDouble(r);
        if (ld is null || rd is null)
        {
            return null;
        }

        return op switch
        {
            '+' => ld + rd,
            '-' => ld - rd,
            '*' => ld * rd,
            '/' => rd == 0 ? null : ld / rd,
            '%' => rd == 0 ? null : ld % rd,
            _ => null,
        };
    }
}

internal sealed class NegateExpression(SqlExpression operand) : SqlExpression(operand)
{
    public override object? Evaluate(IFilterableMessage message) => operand.Evaluate(message) switch
    {
        long l => -l,
        double d => -d,
        null => null,
        var other => throw new SqlSyntaxException($"Cannot negate a {other.GetType().Name}."),
    };
}

/// <summary>Comparison and conversion rules shared by the SQL operators.</summary>
internal static class SqlValues
{
    public static int? Compare(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }

        if (left is long l && right is long r)
        {
            return l.CompareTo(r);
        }

        if (ToDouble(left) is { } ld && ToDouble(right) is { } rd)
        {
            return ld.CompareTo(rd);
        }

        return (left, right) switch
        {
            (string ls, string rs) => string.CompareOrdinal(ls, rs),
            (bool lb, bool rb) => lb.CompareTo(rb),
            (DateTime lt, DateTime rt) => lt.ToUniversalTime().CompareTo(rt.ToUniversalTime()),
            (DateTimeOffset lo, DateTimeOffset ro) => lo.CompareTo(ro),
            _ => null,
        };
    }

    public static double? ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        int i => i,
        float f => f,
        decimal m => (double)m,
        _ => null,
    };

    public static object ParseNumber(string text)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        throw new SqlSyntaxException($"'{text}' is not a number.");
    }
}
