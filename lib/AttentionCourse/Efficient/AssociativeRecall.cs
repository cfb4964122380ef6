using static TorchSharp.torch;

namespace AttentionCourse.Efficient;

/// <summary>
/// Associative recall, a task that needs a long-range lookup: a sequence of <c>pairs</c> (key, value) tokens, then a
/// query naming one of the keys; the answer is that key's value. The key asked for is anywhere in the sequence, so a
/// model must be able to reach every earlier position. Keys in a sequence are distinct. Used in chapter 19.
/// </summary>
/// <param name="Pairs">Key-value pairs per sequence (the sequence has Pairs + 1 positions).</param>
/// <param name="Keys">Key vocabulary size (≥ Pairs).</param>
/// <param name="Values">Value vocabulary size.</param>
public sealed record AssociativeRecall(int Pairs = 32, int Keys = 64, int Values = 16)
{
    /// <summary>
    /// Draws a batch. Each position has a key id and a value id; the last position is the query: its key id is the
    /// key asked for and its value id is <see cref="Values"/> (a "?" token).
    /// </summary>
    /// <param name="batch">Sequences.</param>
    /// <param name="random">Random source.</param>
    /// <returns>keys (B, Pairs + 1), values (B, Pairs + 1), target (B) and the position of the asked pair (B).</returns>
    public (Tensor keys, Tensor values, Tensor target, Tensor position) Sample(int batch, Random random)
    {
        int n = Pairs + 1;
        var keys = new long[batch * n];
        var values = new long[batch * n];
        var target = new long[batch];
        var position = new long[batch];
        for (int b = 0; b < batch; b++)
        {
            var chosen = Enumerable.Range(0, Keys).OrderBy(_ => random.Next()).Take(Pairs).ToArray();
            for (int i = 0; i < Pairs; i++) { keys[b * n + i] = chosen[i]; values[b * n + i] = random.Next(Values); }
            int asked = random.Next(Pairs);
            keys[b * n + Pairs] = chosen[asked];
            values[b * n + Pairs] = Values;
            (target[b], position[b]) = (values[b * n + asked], asked);
        }
        return (tensor(keys).view(batch, n), tensor(values).view(batch, n), tensor(target), tensor(position));
    }
}
