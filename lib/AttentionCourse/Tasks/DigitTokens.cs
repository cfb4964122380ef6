using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>
/// Axis labels for <see cref="DigitSequences"/> in the papers' notation: BOS as "&lt;s&gt;", EOS as "&lt;/s&gt;",
/// PAD as "&lt;pad&gt;", digit ids 3-12 as "0"-"9". Used for the heatmaps of chapters 05 and 06.
/// </summary>
public static class DigitTokens
{
    /// <summary>The label of one token id.</summary>
    /// <param name="id">A <see cref="DigitSequences"/> id, 0-12.</param>
    public static string Label(long id) => id switch
    {
        DigitSequences.BOS => "<s>",
        DigitSequences.EOS => "</s>",
        _ => DigitSequences.Token(id),
    };

    /// <summary>The labels of a row of ids.</summary>
    /// <param name="ids">Token ids, shape (T).</param>
    /// <returns>T labels.</returns>
    public static string[] Labels(Tensor ids) =>
        ids.to(CPU).to_type(ScalarType.Int64).data<long>().Select(Label).ToArray();

    /// <summary>A row of ids as one readable string, e.g. "&lt;s&gt; 4 1 7 &lt;/s&gt;", padding dropped.</summary>
    /// <param name="ids">Token ids, shape (T).</param>
    public static string Text(Tensor ids) =>
        string.Join(" ", Labels(ids).Where(l => l != "<pad>"));
}
