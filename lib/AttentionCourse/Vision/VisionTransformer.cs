using AttentionCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>A <see cref="VisionTransformer"/>'s shape. Immutable; the defaults are chapter 13's Fashion-MNIST model.</summary>
/// <param name="ImageSize">Image side S in pixels; default 28.</param>
/// <param name="PatchSize">Patch side P (S must be a multiple); default 7, so 4 × 4 = 16 patches.</param>
/// <param name="InChannels">Image channels; default 1.</param>
/// <param name="EmbedDim">Model width D; default 64.</param>
/// <param name="Depth">Encoder blocks; default 4.</param>
/// <param name="NumHeads">Heads per block; default 4.</param>
/// <param name="MlpDim">Feed-forward hidden width; default 128.</param>
/// <param name="Dropout">Dropout in the blocks; default 0.</param>
/// <param name="Classes">Output classes; default 10.</param>
public sealed record VitConfig(int ImageSize = 28, int PatchSize = 7, int InChannels = 1, long EmbedDim = 64, int Depth = 4,
    long NumHeads = 4, long MlpDim = 128, double Dropout = 0.0, long Classes = 10)
{
    /// <summary>Patches per side, S / P.</summary>
    public int Grid => ImageSize / PatchSize;
    /// <summary>Number of patches N = (S / P)².</summary>
    public int NumPatches => Grid * Grid;
}

/// <summary>
/// A Vision Transformer (Dosovitskiy et al. 2021, Eq. 1-4): cut the image into P × P patches, flatten and project each,
/// z_0 = [x_class; x_p^1 E; …; x_p^N E] + E_pos, run L pre-LN encoder blocks (chapter 05's), and classify the class
/// token's final state, y = head(LN(z_L^0)). The position embeddings E_pos are learned. Chapter 13.
/// </summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    /// <summary>The model's shape.</summary>
    public readonly VitConfig config;
    /// <summary>E: flattened patch (P·P·C) → D.</summary>
    public readonly Linear patch_embed;
    /// <summary>x_class, the learned class token, (1, 1, D).</summary>
    public readonly Parameter cls_token;
    /// <summary>E_pos, the learned position embeddings, (1, N + 1, D); row 0 is the class token's.</summary>
    public readonly Parameter pos_embed;
    /// <summary>The encoder blocks (pre-LN).</summary>
    public readonly ModuleList<TransformerEncoderBlock> blocks;
    /// <summary>The final LayerNorm.</summary>
    public readonly LayerNorm norm;
    /// <summary>The classifier on the class token.</summary>
    public readonly Linear head;

    /// <summary>Creates the model; class token and position embeddings start N(0, 0.02²) as in the reference code.</summary>
    /// <param name="config">Its shape.</param>
    public VisionTransformer(VitConfig config) : base(nameof(VisionTransformer))
    {
        if (config.ImageSize % config.PatchSize != 0) throw new ArgumentException("ImageSize must be a multiple of PatchSize.", nameof(config));
        this.config = config;
        patch_embed = nn.Linear(config.PatchSize * config.PatchSize * config.InChannels, config.EmbedDim);
        cls_token = new Parameter(randn(1, 1, config.EmbedDim) * 0.02);
        pos_embed = new Parameter(randn(1, config.NumPatches + 1, config.EmbedDim) * 0.02);
        blocks = new ModuleList<TransformerEncoderBlock>();
        for (int l = 0; l < config.Depth; l++)
            blocks.Add(new TransformerEncoderBlock(config.EmbedDim, config.NumHeads, config.MlpDim, config.Dropout, norm_first: true));
        norm = nn.LayerNorm(config.EmbedDim);
        head = nn.Linear(config.EmbedDim, config.Classes);
        RegisterComponents();
    }

    /// <summary>Keep each block's attention weights (explicit path) or take the fused kernel; applies to every block.</summary>
    public bool need_weights
    {
        get => blocks.Count > 0 && blocks[0].need_weights;
        set { foreach (var b in blocks) b.need_weights = value; }
    }

    /// <summary>Each block's attention weights (B, h, N + 1, N + 1) of the latest forward, first block first; token 0 is the class token.</summary>
    public IReadOnlyList<Tensor> attention_weights =>
        blocks.Select((b, l) => b.attention_weights ?? throw new InvalidOperationException($"Block {l} kept no weights: set need_weights = true and run forward.")).ToList();

    /// <summary>Cuts images into flattened patches, row by row of patches, each patch row-major then channel.</summary>
    /// <param name="x">(B, C, S, S).</param>
    /// <param name="patch">P.</param>
    /// <returns>(B, (S/P)², P·P·C).</returns>
    public static Tensor Patches(Tensor x, int patch)
    {
        long b = x.shape[0], c = x.shape[1], gh = x.shape[2] / patch, gw = x.shape[3] / patch;
        return x.reshape(b, c, gh, patch, gw, patch)          // (B, C, gh, P, gw, P)
            .permute(0, 2, 4, 3, 5, 1)                       // (B, gh, gw, P, P, C)
            .reshape(b, gh * gw, patch * patch * c);         // (B, N, P·P·C)
    }

    /// <summary>Class logits.</summary>
    /// <param name="x">Images (B, C, S, S).</param>
    /// <returns>(B, classes).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var z = patch_embed.forward(Patches(x, config.PatchSize));                  // (B, N, D)
        z = cat([cls_token.expand(z.shape[0], -1, -1), z], 1) + pos_embed;          // (B, N + 1, D)
        foreach (var block in blocks) z = block.forward(z);                         // (B, N + 1, D)
        return head.forward(norm.forward(z[.., 0])).MoveToOuterDisposeScope();      // (B, classes)
    }
}
