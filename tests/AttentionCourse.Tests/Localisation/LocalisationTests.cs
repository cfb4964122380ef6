using AttentionCourse.Localisation;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Localisation;

public class LocalisationTests
{
    public LocalisationTests() => T.Init();

    [Fact]
    public void Iou_matches_hand_computed_overlaps()
    {
        var a = new PixelBox(0, 0, 6, 6);
        Assert.Equal(1.0, a.IoU(a));
        Assert.Equal(0.0, a.IoU(new PixelBox(6, 0, 12, 6)));                   // touching edges share no pixel
        Assert.Equal(0.5, a.IoU(new PixelBox(0, 0, 6, 12)), 12);                // 36 / 72
        Assert.Equal(9.0 / (36 + 36 - 9), a.IoU(new PixelBox(3, 3, 9, 9)), 12);
    }

    [Fact]
    public void Generator_writes_a_framed_textured_region_whose_box_and_patches_agree()
    {
        var cfg = new MarkedPatchConfig(Noise: 0);
        var set = MarkedPatches.Generate(50, seed: 1, cfg);
        Assert.Equal(new long[] { 50, 36, 36 }, set.Images.shape);
        for (int i = 0; i < 50; i++)
        {
            var box = set.Boxes[i];
            var image = set.Images[i];
            // The frame: every border pixel of the box is 1 and nothing else in the image is.
            Assert.Equal(2 * (box.Bottom - box.Top) + 2 * (box.Right - box.Left) - 4, image.eq(1f).sum().item<long>());
            Assert.Equal(1f, image[box.Top, box.Left].item<float>());
            // Inside the frame: the label's texture.
            int cls = (int)set.Labels[i].item<long>();
            for (int r = box.Top + 1; r < box.Bottom - 1; r++)
                for (int c = box.Left + 1; c < box.Right - 1; c++)
                    Assert.Equal(MarkedPatches.Texture(cls, r, c) ? 0.6f : 0f, image[r, c].item<float>(), 5);
            // Patch labels are exactly the patches inside the box.
            var covered = Enumerable.Range(0, 36).Where(k => set.PatchLabels[i, k].item<bool>()).ToList();
            Assert.Equal(box.Area / 36, covered.Count);
            Assert.All(covered, k => Assert.True(k / 6 * 6 >= box.Top && k / 6 * 6 < box.Bottom && k % 6 * 6 >= box.Left && k % 6 * 6 < box.Right));
        }
        // Seeded and every class appears.
        Assert.Equal(set.Images.data<float>().ToArray(), MarkedPatches.Generate(50, seed: 1, cfg).Images.data<float>().ToArray());
        Assert.Equal(4, set.Labels.unique().Item1.shape[0]);
    }

    [Fact]
    public void Patches_cut_images_in_raster_order()
    {
        var image = arange(36f).view(1, 6, 6);
        var patches = MarkedPatches.Patches(image, 3);                         // (1, 4, 9)
        Assert.Equal(new long[] { 1, 4, 9 }, patches.shape);
        Assert.Equal(new float[] { 3, 4, 5, 9, 10, 11, 15, 16, 17 }, patches[0, 1].data<float>().ToArray());   // top-right patch
        Assert.Equal(18f, patches[0, 2, 0].item<float>());                      // bottom-left patch starts at row 3
    }

    [Fact]
    public void Attention_pooling_follows_ilse_equation_8_and_9()
    {
        foreach (var gated in new[] { false, true })
        {
            var pool = new AttentionMilPooling(5, 4, gated);
            var h = randn(2, 7, 5);
            var (z, a) = pool.forward(h);
            // By hand: scores s_k = w^T (tanh(V h_k) [⊙ sigm(U h_k)]).
            var hidden = h.matmul(pool.V.weight!.t()).tanh();
            if (gated) hidden = hidden * h.matmul(pool.U!.weight!.t()).sigmoid();
            var s = hidden.matmul(pool.w.weight!.t()).squeeze(-1);
            var expected = s.exp() / s.exp().sum(-1, keepdim: true);
            T.Close(expected, a, 1e-6);
            T.Close((expected.unsqueeze(-1) * h).sum(1), z, 1e-5);
        }
    }

    [Fact]
    public void Mean_pooling_map_is_the_class_activation_map_whose_mean_is_the_logit()
    {
        var model = new MilClassifier(MilPooling.Mean, patch: 6);
        var images = MarkedPatches.Generate(3, seed: 2).Images;
        var (logits, map) = model.Explain(images);
        var predicted = logits.argmax(1);
        var logitOfPredicted = logits.gather(1, predicted.unsqueeze(1)).squeeze(1) - model.classifier.bias![predicted];
        T.Close(logitOfPredicted, map.mean([1]), 1e-5);
    }

    [Fact]
    public void Box_from_map_keeps_the_connected_region_around_the_maximum()
    {
        // 4 x 4 grid of 2-pixel patches; a strong 1 x 2 region at (1, 1)-(1, 2) and a separate weaker blob at (3, 3).
        var map = new double[16];
        map[5] = 1.0; map[6] = 0.8; map[15] = 0.7; map[0] = 0.0;
        Assert.Equal(new PixelBox(2, 2, 4, 6), BoxFromMap.Box(map, 4, 2, 0.5));   // (3, 3) is above τ but not connected
        Assert.Equal(new PixelBox(2, 2, 4, 4), BoxFromMap.Box(map, 4, 2, 0.9));
        // τ = 0 keeps every patch: the whole image.
        Assert.Equal(new PixelBox(0, 0, 8, 8), BoxFromMap.Box(map, 4, 2, 0.0));
        var truth = new[] { new PixelBox(2, 2, 4, 6) };
        Assert.Equal(0.5, BoxFromMap.ChooseThreshold([map], truth, 4, 2, [0.0, 0.5, 0.9]));
    }

    [Fact]
    public void Pointing_auc_and_baseline_boxes_match_hand_computations()
    {
        var maps = tensor(new double[,] { { 0.1, 0.7, 0.2 }, { 0.5, 0.3, 0.2 } });
        var labels = tensor(new bool[,] { { false, true, false }, { false, true, true } });
        Assert.Equal(0.5, LocalisationMetrics.Pointing(maps, labels));                 // first image hits, second misses
        // AUC over pooled patches: positives 0.7, 0.3, 0.2 against negatives 0.1, 0.5, 0.2, ties counting one half
        double pairs = 0;
        foreach (var p in new[] { 0.7, 0.3, 0.2 }) foreach (var n in new[] { 0.1, 0.5, 0.2 }) pairs += p > n ? 1 : p == n ? 0.5 : 0;
        Assert.Equal(pairs / 9, LocalisationMetrics.PatchAuc(maps, labels), 12);
        var reference = new[] { new PixelBox(0, 0, 6, 6), new PixelBox(0, 0, 12, 12) };
        Assert.Equal(new PixelBox(13, 13, 22, 22), LocalisationMetrics.CentreBox(reference, 36));   // mean side 9, top (36 - 9) / 2 = 13
        var random = LocalisationMetrics.RandomBoxes(200, reference, 6, 6, seed: 0);
        Assert.All(random, b => Assert.True(b.Top % 6 == 0 && b.Left % 6 == 0 && b.Bottom <= 36 && b.Right <= 36 && b.Area is 36 or 144));
        Assert.Equal((1.0, 1.0), LocalisationMetrics.Score(reference, reference));
    }
}
