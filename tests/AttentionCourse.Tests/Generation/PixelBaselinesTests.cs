using AttentionCourse.Generation;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Generation;

public class PixelBaselinesTests
{
    public PixelBaselinesTests() => T.Init();

    [Fact]
    public void Independent_pixels_match_a_hand_count()
    {
        // Two 2-pixel images of class 0 and one of class 1, 3 levels, α = 1.
        var x = tensor(new long[,] { { 0, 2 }, { 0, 1 }, { 2, 2 } });
        var y = tensor(new long[] { 0, 0, 1 });
        var logp = IndependentPixels.Fit(x, y, alpha: 1, classes: 2, levels: 3);
        // Class 0, pixel 0: counts (2, 0, 0) + 1 -> 3/5, 1/5, 1/5.
        Assert.Equal(Math.Log(3.0 / 5), logp[0, 0, 0].item<double>(), 10);
        Assert.Equal(Math.Log(1.0 / 5), logp[0, 0, 2].item<double>(), 10);
        // Class 1, pixel 1: counts (0, 0, 1) + 1 -> 1/4, 1/4, 2/4.
        Assert.Equal(Math.Log(2.0 / 4), logp[1, 1, 2].item<double>(), 10);
        // Bits of image (0, 2) of class 0: -(log2 3/5 + log2 2/5)/2.
        var bits = IndependentPixels.BitsPerPixel(logp, tensor(new long[,] { { 0, 2 } }), tensor(new long[] { 0 }));
        Assert.Equal(-(Math.Log2(3.0 / 5) + Math.Log2(2.0 / 5)) / 2, bits, 10);
        // Pooled over classes (C = 1): class 0 and 1 share one table.
        var pooled = IndependentPixels.Fit(x, y, alpha: 1, classes: 1, levels: 3);
        Assert.Equal(Math.Log(3.0 / 6), pooled[0, 0, 0].item<double>(), 10);
    }

    [Fact]
    public void Neighbourhood_index_points_left_up_left_up_and_up_right_or_outside()
    {
        var index = CausalNeighbourhoodModel.NeighbourIndex(3);
        Assert.Equal(new long[] { -1, -1, -1, -1 }, index[0]);             // top-left pixel has no earlier neighbour
        Assert.Equal(new long[] { 3, 0, 1, 2 }, index[4]);                 // centre (1, 1)
        Assert.Equal(new long[] { 7, 4, 5, -1 }, index[8]);                // bottom-right: no up-right
        Assert.All(index.SelectMany((row, i) => row.Where(j => j >= 0).Select(j => (i, j))), p => Assert.True(p.j < p.i));
    }

    [Fact]
    public void Neighbourhood_model_starts_uniform_and_never_reads_later_pixels()
    {
        var model = new CausalNeighbourhoodModel(side: 4, levels: 5, classes: 2);
        var x = randint(5, [2, 16]);
        var y = tensor(new long[] { 0, 1 });
        Assert.Equal(Math.Log2(5), model.BitsPerPixel(x, y).item<float>(), 5);
        using (no_grad()) foreach (var p in model.parameters()) p.normal_();
        var changed = x.clone();
        changed[.., 10] = (changed[.., 10] + 1).remainder(5);
        // Pixels 0..10 read only earlier pixels; pixel 11 (left) and 13, 14, 15 (up-right, up, up-left) read pixel 10.
        T.Close(model.forward(x, y)[.., ..11], model.forward(changed, y)[.., ..11], 0);
        Assert.True(T.MaxAbsDiff(model.forward(x, y)[.., 11], model.forward(changed, y)[.., 11]) > 1e-3);
    }

    [Fact]
    public void Nearest_images_finds_the_closest_row_and_its_distance()
    {
        var refs = tensor(new float[,] { { 0, 0 }, { 3, 4 }, { 10, 10 } });
        var (index, distance) = NearestImages.Find(tensor(new float[,] { { 3, 3 }, { 9, 9 } }), refs);
        Assert.Equal(new long[] { 1, 2 }, index.data<long>().ToArray());
        Assert.Equal(1.0, distance[0].item<double>(), 10);
        Assert.Equal(Math.Sqrt(2), distance[1].item<double>(), 10);
    }
}
