using AttentionCourse.Vision;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Vision;

public class VisionTransformerTests
{
    public VisionTransformerTests() => T.Init();

    [Fact]
    public void Patches_are_the_image_blocks_row_by_row()
    {
        var x = arange(2 * 1 * 8 * 8, dtype: float32).reshape(2, 1, 8, 8);
        var p = VisionTransformer.Patches(x, 4);                         // (2, 4, 16)
        Assert.Equal([2L, 4, 16], p.shape);
        // Patch 1 is the top-right block: rows 0-3, columns 4-7, row-major.
        T.Close(x[1, 0, ..4, 4..].reshape(16), p[1, 1], 0);
        T.Close(x[0, 0, 4.., ..4].reshape(16), p[0, 2], 0);
    }

    [Fact]
    public void Patch_embedding_equals_a_strided_convolution_with_the_same_weights()
    {
        var vit = new VisionTransformer(new VitConfig(ImageSize: 28, PatchSize: 7, EmbedDim: 16, Depth: 1, NumHeads: 2, MlpDim: 32));
        var x = randn(3, 1, 28, 28);
        var linear = vit.patch_embed.forward(VisionTransformer.Patches(x, 7));               // (3, 16, D)
        var w = vit.patch_embed.weight!.reshape(16, 7, 7, 1).permute(0, 3, 1, 2);            // (D, C, P, P)
        var conv = nn.functional.conv2d(x, w, vit.patch_embed.bias, strides: [7, 7]);       // (3, D, 4, 4)
        T.Close(conv.flatten(2).transpose(1, 2), linear, 1e-5);
    }

    [Fact]
    public void Forward_gives_logits_and_every_layer_keeps_class_token_attention_rows_summing_to_one()
    {
        var vit = new VisionTransformer(new VitConfig(EmbedDim: 16, Depth: 2, NumHeads: 2, MlpDim: 32));
        vit.eval();
        var y = vit.forward(randn(4, 1, 28, 28));
        Assert.Equal([4L, 10], y.shape);
        Assert.Equal(2, vit.attention_weights.Count);
        foreach (var a in vit.attention_weights)
        {
            Assert.Equal([4L, 2, 17, 17], a.shape);
            T.Close(ones(4, 2, 17), a.sum(-1), 1e-5);
        }
    }

    [Fact]
    public void Fused_and_explicit_paths_give_the_same_logits()
    {
        var vit = new VisionTransformer(new VitConfig(EmbedDim: 16, Depth: 2, NumHeads: 2, MlpDim: 32));
        vit.eval();
        var x = randn(3, 1, 28, 28);
        var explicitPath = vit.forward(x);
        vit.need_weights = false;
        T.Close(explicitPath, vit.forward(x), 1e-5);
    }
}
