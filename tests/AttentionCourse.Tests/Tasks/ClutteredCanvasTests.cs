using AttentionCourse.Data;
using AttentionCourse.Tasks;

namespace AttentionCourse.Tests.Tasks;

public class ClutteredCanvasTests
{
    static readonly ImageSet Source = FashionMnist.Load(train: false);

    [Fact]
    public void The_box_holds_the_pasted_item_exactly_and_is_tight()
    {
        var set = ClutteredCanvas.Generate(Source, 200, seed: 3);
        int s = set.Size;
        for (int n = 0; n < set.Count; n++)
        {
            var item = Source.Image(set.Sources[n]);
            var ink = ClutteredCanvas.InkBox(item);
            var b = set.Boxes[n];
            Assert.Equal(Source.Labels[set.Sources[n]], set.Labels[n]);
            // Inside the box the canvas is the item's own ink box, pixel for pixel: no distractor enters it.
            for (int r = 0; r < b.Height; r++)
                for (int c = 0; c < b.Width; c++)
                    Assert.Equal(item[ink.Top + r, ink.Left + c], set.Pixels[(n * s + b.Top + r) * s + b.Left + c]);
            // Tight: each edge row and column of the box has ink.
            bool RowInk(int r) => Enumerable.Range(b.Left, b.Width).Any(c => set.Pixels[(n * s + r) * s + c] > 0);
            bool ColInk(int c) => Enumerable.Range(b.Top, b.Height).Any(r => set.Pixels[(n * s + r) * s + c] > 0);
            Assert.True(RowInk(b.Top) && RowInk(b.Top + b.Height - 1) && ColInk(b.Left) && ColInk(b.Left + b.Width - 1));
            Assert.True(b.Top >= 0 && b.Left >= 0 && b.Top + b.Height <= s && b.Left + b.Width <= s);
        }
    }

    [Fact]
    public void Outside_the_box_there_is_clutter_but_at_most_the_fragments_area()
    {
        var set = ClutteredCanvas.Generate(Source, 200, seed: 4, distractors: 4, fragment: 8);
        int s = set.Size, withClutter = 0;
        for (int n = 0; n < set.Count; n++)
        {
            int outside = 0;
            for (int r = 0; r < s; r++)
                for (int c = 0; c < s; c++)
                    if (!set.Boxes[n].Contains(r, c) && set.Pixels[(n * s + r) * s + c] > 0) outside++;
            Assert.True(outside <= 4 * 64, $"canvas {n}: {outside} inked pixels outside the box");
            if (outside >= 32) withClutter++;
        }
        Assert.True(withClutter >= 190, $"only {withClutter} of 200 canvases have clutter");
    }

    [Fact]
    public void Same_seed_same_canvases_and_chance_is_the_area_share()
    {
        var a = ClutteredCanvas.Generate(Source, 20, seed: 5);
        var b = ClutteredCanvas.Generate(Source, 20, seed: 5);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.Boxes, b.Boxes);
        Assert.Equal(a.Boxes[0].Area / 3136.0, a.Chance()[0], 12);
        Assert.Equal([20L, 1, 56, 56], a.Images().shape);
    }
}

public class NoisyChannelsTests
{
    public NoisyChannelsTests() => AttentionCourse.Tests.T.Init();

    [Fact]
    public void The_informative_channel_holds_the_image_and_the_others_zero_mean_noise()
    {
        var images = TorchSharp.torch.rand(50, 1, 6, 6);
        var (x, k) = NoisyChannels.Make(images, channels: 4, noise: 0.3, seed: 1);
        Assert.Equal([50L, 4, 6, 6], x.shape);
        var noise = new List<float>();
        for (int n = 0; n < 50; n++)
        {
            var c = k[n].item<long>();
            AttentionCourse.Tests.T.Close(images[n, 0], x[n, c], 0);
            for (int o = 0; o < 4; o++) if (o != c) noise.AddRange(x[n, o].flatten().data<float>());
        }
        Assert.InRange(noise.Average(), -0.03, 0.03);
        Assert.InRange(Math.Sqrt(noise.Select(v => v * v).Average()), 0.27, 0.33);
        Assert.True(Enumerable.Range(0, 4).All(c => k.eq(c).sum().item<long>() > 3), "every channel is chosen sometimes");
    }
}
