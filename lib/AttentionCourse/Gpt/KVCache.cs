using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Gpt;

/// <summary>
/// The keys and values every attention layer has already computed for the tokens so far, so that generating one
/// more token costs one new query against the cached keys instead of re-running the whole prefix
/// (the key-value cache of autoregressive decoding; Pope et al. 2022, section 2). Owns its tensors: dispose it.
/// Used in chapter 10.
/// </summary>
public sealed class KVCache : IDisposable
{
    readonly Tensor?[] _keys, _values;

    /// <summary>Creates an empty cache for <paramref name="num_layers"/> layers.</summary>
    /// <param name="num_layers">Number of attention layers.</param>
    public KVCache(int num_layers) => (_keys, _values) = (new Tensor?[num_layers], new Tensor?[num_layers]);

    /// <summary>Number of cached positions of layer 0 (0 when empty); read it before a forward, which extends every layer.</summary>
    public long Length => _keys[0]?.shape[2] ?? 0;

    /// <summary>
    /// Appends the new keys and values of one layer along time and returns the whole cached sequence.
    /// </summary>
    /// <param name="layer">Layer index.</param>
    /// <param name="k">New keys (B, h, T_new, d_k).</param>
    /// <param name="v">New values (B, h, T_new, d_k).</param>
    /// <returns>All keys and values so far, each (B, h, S, d_k) with S = cached + T_new.</returns>
    public (Tensor k, Tensor v) Append(int layer, Tensor k, Tensor v)
    {
        // The first keys and values are copied: they are usually views into the layer's (B, T, 3E) query-key-value
        // projection, and keeping a view would keep all of it (the queries too) alive for as long as the cache lives.
        var keys = _keys[layer] is { } oldK ? cat([oldK, k], 2) : k.clone();     // (B, h, S, d_k)
        var values = _values[layer] is { } oldV ? cat([oldV, v], 2) : v.clone(); // (B, h, S, d_k)
        Replace(ref _keys[layer], keys.detach());
        Replace(ref _values[layer], values.detach());
        return (keys, values);
    }

    static void Replace(ref Tensor? slot, Tensor value)
    {
        slot?.Dispose();
        slot = value.DetachFromDisposeScope();
    }

    /// <summary>Empties the cache.</summary>
    public void Clear()
    {
        for (int i = 0; i < _keys.Length; i++) { _keys[i]?.Dispose(); _values[i]?.Dispose(); _keys[i] = _values[i] = null; }
    }

    /// <summary>Frees the cached tensors.</summary>
    public void Dispose() => Clear();
}
