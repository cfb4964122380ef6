using AttentionCourse.Attention;
using AttentionCourse.Generation;
using AttentionCourse.Gpt;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Generation;

public class PixelTransformerTests
{
    public PixelTransformerTests() => T.Init();

    static PixelTransformer Model(int pixels = 16)
    {
        var model = new PixelTransformer(new PixelTransformerConfig(Pixels: pixels, Levels: 5, Classes: 3, EmbedDim: 16, NumHeads: 2, Dropout: 0));
        model.eval();
        return model;
    }

    [Fact]
    public void Input_ids_are_the_class_token_then_every_pixel_but_the_last()
    {
        var model = Model(4);
        var ids = model.InputIds(tensor(new long[,] { { 1, 2, 3, 4 }, { 0, 0, 4, 4 } }), tensor(new long[] { 2, 0 }));
        Assert.Equal(new long[] { 7, 1, 2, 3, 5, 0, 0, 4 }, ids.data<long>().ToArray());
    }

    [Fact]
    public void The_logits_of_pixel_t_do_not_depend_on_pixels_t_and_later()
    {
        var model = Model();
        using var _ = no_grad();
        var a = randint(5, [2, 16]);
        var b = a.clone();
        b[.., 6..] = (b[.., 6..] + 1).remainder(5);
        var la = model.forward(a, tensor(new long[] { 0, 2 }));
        var lb = model.forward(b, tensor(new long[] { 0, 2 }));
        T.Close(la[.., ..7], lb[.., ..7], 1e-6);                              // pixels 0..6 see inputs up to pixel 5
        Assert.True(T.MaxAbsDiff(la[.., 7..], lb[.., 7..]) > 1e-4);
        // The mask the blocks build is the course's causal mask.
        T.Close(Masks.Causal(16).to_type(float32), Masks.CausalWithPast(16, 0, CPU).to_type(float32), 0);
    }

    [Fact]
    public void The_class_token_changes_the_prediction_of_the_first_pixel()
    {
        var model = Model();
        using var _ = no_grad();
        var x = randint(5, [1, 16]);
        Assert.True(T.MaxAbsDiff(model.forward(x, tensor(new long[] { 0 }))[.., 0], model.forward(x, tensor(new long[] { 1 }))[.., 0]) > 1e-4);
    }

    [Fact]
    public void Bits_per_pixel_is_the_cross_entropy_divided_by_ln_2()
    {
        var model = Model();
        using var _ = no_grad();
        var x = randint(5, [3, 16]);
        var y = tensor(new long[] { 0, 1, 2 });
        var logp = model.forward(x, y).log_softmax(-1).gather(2, x.unsqueeze(2));   // (B, P, 1)
        Assert.Equal(-logp.mean().item<float>() / Math.Log(2), model.BitsPerPixel(x, y).item<float>(), 5);
        // An untrained model is close to uniform: about log2(5) bits.
        Assert.InRange(model.BitsPerPixel(x, y).item<float>(), Math.Log2(5) - 0.7, Math.Log2(5) + 0.7);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Generation_with_the_kv_cache_gives_exactly_the_pixels_of_generation_without_it(double temperature)
    {
        var model = Model();
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2 });
        var with = model.Generate(labels, new Generator(3), temperature, use_cache: true);
        var without = model.Generate(labels, new Generator(3), temperature, use_cache: false);
        Assert.Equal(new long[] { 6, 16 }, with.shape);
        Assert.Equal(without.data<long>().ToArray(), with.data<long>().ToArray());
        Assert.All(with.data<long>().ToArray(), v => Assert.InRange(v, 0, 4));
    }

    [Fact]
    public void Cached_one_step_logits_equal_the_full_forward()
    {
        var model = Model();
        using var _ = no_grad();
        var x = randint(5, [2, 16]);
        var y = tensor(new long[] { 1, 2 });
        var ids = model.InputIds(x, y);
        using var cache = new KVCache(2);
        var steps = Enumerable.Range(0, 16).Select(t => model.forward(ids[.., t..(t + 1)], cache)).ToList();
        T.Close(model.forward(x, y), cat(steps, 1), 1e-5);
    }
}
