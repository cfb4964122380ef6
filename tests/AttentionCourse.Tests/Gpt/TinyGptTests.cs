using AttentionCourse.Gpt;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Gpt;

public class TinyGptTests
{
    public TinyGptTests() => T.Init();

    static TinyGpt Model(long block = 16)
    {
        var model = new TinyGpt(new GptConfig(11, block, EmbedDim: 16, NumHeads: 2, NumLayers: 2));
        model.eval();
        return model;
    }

    [Fact]
    public void Logits_at_a_position_do_not_depend_on_later_tokens()
    {
        var model = Model();
        using var _ = no_grad();
        var a = tensor(new long[,] { { 1, 2, 3, 4, 5, 6 } });
        var b = tensor(new long[,] { { 1, 2, 3, 9, 9, 9 } });
        T.Close(model.forward(a)[.., ..3], model.forward(b)[.., ..3], 1e-6);
        Assert.True(T.MaxAbsDiff(model.forward(a)[.., 3..], model.forward(b)[.., 3..]) > 1e-3);
    }

    [Fact]
    public void Feeding_tokens_one_at_a_time_through_the_cache_gives_the_full_forward_logits()
    {
        var model = Model();
        using var _ = no_grad();
        var idx = tensor(new long[,] { { 3, 1, 4, 1, 5, 9, 2, 6 }, { 2, 7, 1, 8, 2, 8, 1, 8 } });
        var full = model.forward(idx);                                          // (2, 8, V)
        using var cache = new KVCache(2);
        var prefix = model.forward(idx[.., ..3], cache);                        // prefill 3 tokens
        var steps = new List<Tensor> { prefix };
        for (int t = 3; t < 8; t++) steps.Add(model.forward(idx[.., t..(t + 1)], cache));
        Assert.Equal(8, cache.Length);
        T.Close(full, cat(steps, 1), 1e-5);
    }

    [Fact]
    public void Cache_owns_copies_not_views_of_the_projection()
    {
        // Keys and values arrive as views into a (B, T, 3E) projection; a cached view would keep all of it alive.
        var projection = randn(1, 5, 3 * 8);
        var k = projection[.., .., 8..16].view(1, 5, 2, 4).transpose(1, 2);             // (B, h, T, d_k), a view
        var v = projection[.., .., 16..].view(1, 5, 2, 4).transpose(1, 2);
        using var cache = new KVCache(1);
        var (cachedK, cachedV) = cache.Append(0, k, v);
        var (kBefore, vBefore) = (cachedK.clone(), cachedV.clone());
        projection.fill_(0);
        T.Close(kBefore, cachedK);
        T.Close(vBefore, cachedV);
        Assert.Equal(2L * 5 * 4, cachedK.storage<float>().Count);                         // its own storage, no more
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Generation_with_the_cache_gives_exactly_the_tokens_of_generation_without_it(double temperature)
    {
        var model = Model(block: 12);
        var prompt = tensor(new long[,] { { 4, 2 } });
        // 20 new tokens run past the 12-token window, so the window slide is exercised too.
        var with = model.Generate(prompt, 20, temperature, new Generator(7), use_cache: true);
        var without = model.Generate(prompt, 20, temperature, new Generator(7), use_cache: false);
        Assert.Equal(without.data<long>().ToArray(), with.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 22 }, with.shape);
    }

    [Fact]
    public void Explicit_attention_path_equals_the_fused_kernel()
    {
        var attn = new CausalSelfAttention(8, 2);
        attn.eval();
        var x = randn(2, 5, 8);
        var fused = attn.forward(x);
        attn.need_weights = true;
        var explicitPath = attn.forward(x);
        T.Close(fused, explicitPath, 1e-5);
        Assert.Equal(0.0, attn.attention_weights![.., .., 0, 1..].abs().sum().item<float>());
    }

    [Fact]
    public void Zero_temperature_sampling_is_the_argmax()
    {
        var logits = tensor(new float[,] { { 0.1f, 2f, -1f }, { 3f, 0f, 2.9f } });
        Assert.Equal(new long[] { 1, 0 }, TinyGpt.Sample(logits, 0.0).data<long>().ToArray());
    }
}
