using System.Runtime.CompilerServices;
using System.Text;

namespace Icn.Observability.Catalogue;

/// <summary>
/// The one way a closed vocabulary becomes label values: each member of <typeparamref name="TEnum"/>, in
/// declaration order, as the snake_case of its name (<c>BadSignature</c> is <c>bad_signature</c>). The
/// module that owns the enum owns the label set; a new member is a new label value, with nothing to copy.
/// Members must be numbered 0, 1, 2, ... so that a value indexes its label (and its series) directly.
/// </summary>
public static class EnumLabels<TEnum>
    where TEnum : struct, Enum
{
    private static readonly string[] s_values = Build();

    /// <summary>The label values, in the enum's order.</summary>
    public static IReadOnlyList<string> Values => s_values;

    /// <summary>The label value of one member.</summary>
    public static string Of(TEnum value) => s_values[Index(value)];

    /// <summary>The member's position, which is its number.</summary>
    public static int Index(TEnum value) => Unsafe.As<TEnum, int>(ref value);

    /// <summary>A label whose closed set of values is this enum.</summary>
    public static LabelDefinition Label(string name) => new(name, s_values);

    private static string[] Build()
    {
        if (Enum.GetUnderlyingType(typeof(TEnum)) != typeof(int))
        {
            throw new InvalidOperationException($"{typeof(TEnum).Name} must have int members to name labels");
        }

        var members = Enum.GetValues<TEnum>();
        for (var i = 0; i < members.Length; i++)
        {
            if (Index(members[i]) != i)
            {
                throw new InvalidOperationException($"{typeof(TEnum).Name} members must be numbered 0, 1, 2, ... to name labels");
            }
        }

        return [.. members.Select(m => SnakeCase(m.ToString()))];
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
