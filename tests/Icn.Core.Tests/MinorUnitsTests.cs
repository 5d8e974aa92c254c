using Icn.Core.Amounts;

namespace Icn.Core.Tests;

public sealed class MinorUnitsTests
{
    [Theory]
    [InlineData("2.50", 2, 250L)]
    [InlineData("2.5", 2, 250L)]
    [InlineData("7", 0, 7L)]
    [InlineData("-3.25", 2, -325L)]
    [InlineData("0.01", 2, 1L)]
    public void Amounts_written_as_digits_with_an_optional_point_between_digits_parse_exactly(string text, int decimals, long minor) =>
        Assert.Equal(minor, MinorUnits.Parse(text, decimals));

    [Theory]
    [InlineData("+1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1.2.3")]
    [InlineData("1e3")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("0.001")]
    public void Anything_else_is_not_an_amount(string text) => Assert.Null(MinorUnits.Parse(text, 2));
}
