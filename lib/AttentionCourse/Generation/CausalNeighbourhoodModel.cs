using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Generation;

/// <summary>
/// The simple autoregressive baseline: each pixel's grey level from its class and the four pixels already drawn next
/// to it (left, up-left, up, up-right), by a multinomial logistic regression with its own weights for every pixel
/// position: logits_i = W^cls_i[c] + Σ_n W^n_i[x_{i+δ_n}], each W a table of L-vectors indexed by the neighbour's
/// grey level (or "outside the image"). It sees only a fixed causal neighbourhood; the Transformer sees every earlier
/// pixel. Used in chapter 15.
/// </summary>
public sealed class CausalNeighbourhoodModel : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The neighbours (row offset, column offset): left, up-left, up, up-right; all come earlier in raster order.</summary>
    public static readonly IReadOnlyList<(int Row, int Column)> Neighbours = [(0, -1), (-1, -1), (-1, 0), (-1, 1)];
    /// <summary>One table per neighbour, (P · (L + 1), L): row i · (L + 1) + v is the logit vector for neighbour level v at pixel i (v = L: outside).</summary>
    public readonly ModuleList<Embedding> neighbour;
    /// <summary>The class table, (P · C, L): row i · C + c; it also carries each pixel's bias.</summary>
    public readonly Embedding cls;
    readonly int side, levels, classes;
    readonly Tensor index;   // (P, K): flat index of each neighbour, or −1 outside

    /// <summary>Creates the tables, all zero (the uniform distribution).</summary>
    /// <param name="side">Image side S; P = S².</param>
    /// <param name="levels">Grey levels L.</param>
    /// <param name="classes">Classes C.</param>
    public CausalNeighbourhoodModel(int side = 8, int levels = 17, int classes = 10) : base(nameof(CausalNeighbourhoodModel))
    {
        (this.side, this.levels, this.classes) = (side, levels, classes);
        int P = side * side;
        neighbour = nn.ModuleList(Neighbours.Select(_ => nn.Embedding(P * (levels + 1), levels)).ToArray());
        cls = nn.Embedding(P * classes, levels);
        using (no_grad())
        {
            foreach (var table in neighbour) table.weight!.zero_();
            cls.weight!.zero_();
        }
        index = tensor(NeighbourIndex(side).SelectMany(r => r).ToArray(), [P, Neighbours.Count], ScalarType.Int64);
        RegisterComponents();
    }

    /// <summary>For each pixel of an S x S image in raster order, the flat index of each neighbour, or −1 outside the image.</summary>
    /// <param name="side">Image side S.</param>
    /// <returns>S² rows of K indices.</returns>
    public static long[][] NeighbourIndex(int side) =>
        Enumerable.Range(0, side * side).Select(i => Neighbours.Select(d =>
        {
            int r = i / side + d.Row, c = i % side + d.Column;
            return r >= 0 && r < side && c >= 0 && c < side ? (long)(r * side + c) : -1L;
        }).ToArray()).ToArray();

    /// <summary>The neighbours' grey levels of every pixel, L where a neighbour is outside the image.</summary>
    /// <param name="pixels">(B, P) int64.</param>
    /// <returns>(B, P, K) int64.</returns>
    public Tensor Context(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var safe = index.clamp_min(0).reshape(-1);                                          // (P·K)
        var values = pixels.index_select(1, safe).view(pixels.shape[0], -1, Neighbours.Count);  // (B, P, K)
        return values.masked_fill(index.lt(0).unsqueeze(0), levels).MoveToOuterDisposeScope();
    }

    /// <summary>Logits of every pixel's grey level.</summary>
    /// <param name="pixels">(B, P) int64 (only each pixel's earlier neighbours are read).</param>
    /// <param name="labels">(B) int64.</param>
    /// <returns>(B, P, L).</returns>
    public override Tensor forward(Tensor pixels, Tensor labels)
    {
        using var scope = NewDisposeScope();
        long P = side * side;
        var pos = arange(P).unsqueeze(0);                                       // (1, P)
        var logits = cls.forward(pos * classes + labels.unsqueeze(1));          // (B, P, L)
        var context = Context(pixels);                                          // (B, P, K)
        for (int n = 0; n < neighbour.Count; n++)
            logits = logits + neighbour[n].forward(pos * (levels + 1) + context[.., .., n]);  // (B, P, L)
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Mean negative log-likelihood in bits per pixel.</summary>
    /// <param name="pixels">(B, P) int64.</param>
    /// <param name="labels">(B) int64.</param>
    public Tensor BitsPerPixel(Tensor pixels, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var nats = nn.functional.cross_entropy(forward(pixels, labels).reshape(-1, levels), pixels.reshape(-1));
        return (nats / Math.Log(2)).MoveToOuterDisposeScope();
    }
}
