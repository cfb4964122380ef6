using static TorchSharp.torch;

namespace AttentionCourse.Recommendation;

/// <summary>Impressions as tensors: histories right-padded with 0, candidates, labels, and the users (for GAUC).</summary>
/// <param name="History">Item ids (n, L), 0 = padding after the real items.</param>
/// <param name="Candidate">Candidate ids (n).</param>
/// <param name="Label">1 for a click, 0 otherwise, float32 (n).</param>
/// <param name="Users">User id of each row.</param>
public sealed record ClickTensors(Tensor History, Tensor Candidate, Tensor Label, int[] Users)
{
    /// <summary>Rows.</summary>
    public long Count => Candidate.shape[0];

    /// <summary>Encodes impressions; the width L is the longest history unless <paramref name="width"/> is given.</summary>
    /// <param name="impressions">The impressions.</param>
    /// <param name="width">Padded history width; default the longest history.</param>
    public static ClickTensors From(IReadOnlyList<Impression> impressions, int? width = null)
    {
        int L = width ?? impressions.Max(i => i.History.Length);
        var history = new long[impressions.Count * L];
        for (int r = 0; r < impressions.Count; r++)
            for (int j = 0; j < impressions[r].History.Length; j++) history[r * L + j] = impressions[r].History[j];
        return new ClickTensors(
            tensor(history, [impressions.Count, L]).DetachFromDisposeScope(),
            tensor(impressions.Select(i => (long)i.Candidate).ToArray()).DetachFromDisposeScope(),
            tensor(impressions.Select(i => i.Clicked ? 1f : 0f).ToArray()).DetachFromDisposeScope(),
            impressions.Select(i => i.User).ToArray());
    }
}
