using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Cost;

/// <summary>
/// A recurrent layer written as the loop it is: h_t = GRUCell(x_t, h_(t-1)) for t = 1..n (Cho et al. 2014).
/// Step t needs step t-1, so the layer takes n sequential operations, and information from x_1 reaches
/// h_n through n steps: the "recurrent" row of Vaswani et al. 2017, Table 1. Used in chapter 04.
/// </summary>
public static class Recurrence
{
    /// <summary>Runs <paramref name="cell"/> over the sequence from a zero state and stacks the states.</summary>
    /// <param name="cell">A GRU cell of input and hidden size d.</param>
    /// <param name="x">Inputs (B, n, d), batch-first.</param>
    /// <returns>Hidden states (B, n, d); row t is h_t.</returns>
    public static Tensor UnrollGru(GRUCell cell, Tensor x)
    {
        using var scope = NewDisposeScope();
        var (B, n) = (x.shape[0], x.shape[1]);
        var h = zeros(B, cell.weight_hh!.shape[1], dtype: x.dtype, device: x.device); // (B, d)
        var states = new Tensor[n];
        for (long t = 0; t < n; t++)
        {
            h = cell.forward(x.select(1, t), h);                              // (B, d): needs h_(t-1)
            states[t] = h;
        }
        return stack(states, dim: 1).MoveToOuterDisposeScope();              // (B, n, d)
    }
}
