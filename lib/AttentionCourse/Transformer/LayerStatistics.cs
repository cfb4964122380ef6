using static TorchSharp.torch;

namespace AttentionCourse.Transformer;

/// <summary>
/// Chapter 05's pre-LN vs post-LN comparison: per layer of an encoder stack, the standard deviation of
/// the residual stream after the block, and the gradient norm reaching the block's last feed-forward
/// weight for an MSE loss against <c>target</c>. Post-LN ends every block with a LayerNorm, so its
/// residual std is 1 at every layer; pre-LN lets the stream grow (Xiong et al. 2020).
/// </summary>
public static class LayerStatistics
{
    /// <summary>Runs <paramref name="stack"/> on <paramref name="input"/> (B, T, E) and returns one std and one gradient norm per layer.</summary>
    public static (double[] std, double[] grad) Measure(TransformerEncoder stack, Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        stack.zero_grad();
        var h = input;
        var stds = new List<double>();
        foreach (var layer in stack.layers)
        {
            h = layer.forward(h);                                                     // (B, T, E)
            stds.Add(h.std().item<float>());
        }
        if (stack.norm is not null) h = stack.norm.forward(h);
        nn.functional.mse_loss(h, target).backward();
        var grads = stack.layers.Select(l => (double)l.ff.linear2.weight!.grad!.norm().item<float>()).ToArray();
        return (stds.ToArray(), grads);
    }
}
