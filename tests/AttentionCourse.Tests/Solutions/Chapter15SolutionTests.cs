using AttentionCourse.Exercises;
using AttentionCourse.Generation;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter15SolutionTests
{
    public Chapter15SolutionTests() => T.Init();

    [Fact]
    public void Input_ids_solution_equals_the_models_own()
    {
        var model = new PixelTransformer(new PixelTransformerConfig());
        var x = randint(17, [4, 64]);
        var y = tensor(new long[] { 0, 3, 9, 5 });
        Check.Strict.Close("15.1", () => Chapter15.InputIds(x, y, 17).to_type(float32), model.InputIds(x, y).to_type(float32), 0);
    }

    [Fact]
    public void Independent_bits_solution_equals_the_library_baseline()
    {
        var x = randint(17, [60, 64]);
        var y = randint(10, [60]);
        var (xt, yt) = (randint(17, [20, 64]), randint(10, [20]));
        var logp = IndependentPixels.Fit(x, y, 0.3, 10);
        long[][] Rows(TorchSharp.torch.Tensor t) => Enumerable.Range(0, (int)t.shape[0]).Select(i => t[i].data<long>().ToArray()).ToArray();
        Check.Strict.Close("15.2", () => Chapter15.IndependentBits(Rows(x), y.data<long>().ToArray(), Rows(xt), yt.data<long>().ToArray(), 0.3, 10, 17),
            IndependentPixels.BitsPerPixel(logp, xt, yt), 1e-9);
    }

    [Fact]
    public void Peeking_check_solution_passes_the_causal_model_and_catches_a_leaky_one()
    {
        var model = new PixelTransformer(new PixelTransformerConfig(Dropout: 0));
        model.eval();
        var ids = model.InputIds(randint(17, [2, 64]), tensor(new long[] { 1, 2 }));
        Assert.False(Chapter15.PeeksAhead(t => model.forward(t, null), ids, 27));
        // A model that reads the sequence backwards sees the future.
        Assert.True(Chapter15.PeeksAhead(t => model.forward(t.flip(1), null).flip(1), ids, 27));
        // The neighbourhood model reads the image itself, and its output for pixel t reads only pixels before t.
        var neighbours = new CausalNeighbourhoodModel();
        using (no_grad()) foreach (var p in neighbours.parameters()) p.normal_();
        var labels = tensor(new long[] { 1, 2 });
        Assert.False(Chapter15.PeeksAhead(t => neighbours.forward(t, labels), randint(17, [2, 64]), 17));
    }
}
