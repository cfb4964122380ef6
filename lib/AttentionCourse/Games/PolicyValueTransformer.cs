using AttentionCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Games;

/// <summary>
/// A policy and value network for tic-tac-toe that is a Transformer encoder over 10 tokens: the 9 cells (empty, X, O)
/// and the side to move, each with a learned position. Every cell's output gives that move's logit (the policy, with
/// occupied cells masked to -inf); the side-to-move token's output gives the value (loss, draw, win). The encoder is
/// the course's <see cref="TransformerEncoderBlock"/> (pre-LN, no dropout), so each layer keeps its attention weights.
/// The policy/value pair follows AlphaZero (Silver et al. 2018) without the search. Used in chapter 18.
/// </summary>
public sealed class PolicyValueTransformer : nn.Module<Tensor, (Tensor policy, Tensor value)>
{
    /// <summary>Token and position embeddings, (5, E) and (10, E).</summary>
    public readonly Embedding token_embedding, position_embedding;
    /// <summary>The encoder layers.</summary>
    public readonly ModuleList<TransformerEncoderBlock> layers;
    /// <summary>Final LayerNorm (pre-LN stacks end with one).</summary>
    public readonly LayerNorm norm;
    /// <summary>Policy head: one logit per cell token, (E → 1).</summary>
    public readonly Linear policy_head;
    /// <summary>Value head on the side-to-move token, (E → 3).</summary>
    public readonly Linear value_head;

    /// <summary>Creates the network. Defaults: width 32, 4 heads, 2 layers, feed-forward 64.</summary>
    /// <param name="embed_dim">Width E.</param>
    /// <param name="num_heads">Heads per layer.</param>
    /// <param name="num_layers">Encoder layers.</param>
    /// <param name="dim_feedforward">Feed-forward width.</param>
    public PolicyValueTransformer(long embed_dim = 32, long num_heads = 4, int num_layers = 2, long dim_feedforward = 64)
        : base(nameof(PolicyValueTransformer))
    {
        token_embedding = nn.Embedding(GameData.Vocabulary, embed_dim);
        position_embedding = nn.Embedding(GameData.Length, embed_dim);
        layers = nn.ModuleList(Enumerable.Range(0, num_layers)
            .Select(_ => new TransformerEncoderBlock(embed_dim, num_heads, dim_feedforward, dropout: 0.0, norm_first: true)).ToArray());
        norm = nn.LayerNorm(embed_dim);
        policy_head = nn.Linear(embed_dim, 1);
        value_head = nn.Linear(embed_dim, 3);
        RegisterComponents();
    }

    /// <summary>Policy and value logits.</summary>
    /// <param name="tokens">(B, 10) from <see cref="GameData.Encode"/>.</param>
    /// <returns>Policy (B, 9) with occupied cells at -inf, value (B, 3).</returns>
    public override (Tensor policy, Tensor value) forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var positions = arange(GameData.Length, device: tokens.device);                  // (10)
        var x = token_embedding.call(tokens) + position_embedding.call(positions);       // (B, 10, E)
        foreach (var layer in layers) x = layer.call(x);                                 // (B, 10, E)
        x = norm.call(x);
        var policy = policy_head.call(x[.., ..9]).squeeze(-1);                           // (B, 9)
        policy = policy.masked_fill(tokens[.., ..9].ne(0), double.NegativeInfinity);    // only empty cells
        var value = value_head.call(x[.., 9]);                                           // (B, 3)
        return (policy.MoveToOuterDisposeScope(), value.MoveToOuterDisposeScope());
    }

    /// <summary>Attention weights of every layer from the latest forward, stacked: (L, B, h, 10, 10).</summary>
    public Tensor AttentionWeights() => stack(layers.Select(l => l.attention_weights
        ?? throw new InvalidOperationException("Run a forward pass first.")).ToArray());
}

/// <summary>
/// The baseline without attention: an MLP from the one-hot board (9 × 3) and side to move (2) through two hidden
/// layers to the same policy (9) and value (3) heads. Chapter 18 sizes it to the Transformer's parameter count.
/// </summary>
public sealed class PolicyValueMlp : nn.Module<Tensor, (Tensor policy, Tensor value)>
{
    readonly Sequential body;
    readonly Linear policy_head, value_head;

    /// <summary>Creates the MLP.</summary>
    /// <param name="hidden">Width of both hidden layers.</param>
    public PolicyValueMlp(long hidden) : base(nameof(PolicyValueMlp))
    {
        body = nn.Sequential(nn.Linear(29, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU());
        policy_head = nn.Linear(hidden, 9);
        value_head = nn.Linear(hidden, 3);
        RegisterComponents();
    }

    /// <summary>Policy and value logits, as <see cref="PolicyValueTransformer.forward"/>.</summary>
    /// <param name="tokens">(B, 10) tokens.</param>
    public override (Tensor policy, Tensor value) forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var cells = nn.functional.one_hot(tokens[.., ..9], 3).flatten(1);                // (B, 27)
        var side = nn.functional.one_hot(tokens[.., 9] - 3, 2);                          // (B, 2)
        var h = body.call(cat([cells, side], 1).to_type(ScalarType.Float32));            // (B, H)
        var policy = policy_head.call(h).masked_fill(tokens[.., ..9].ne(0), double.NegativeInfinity); // (B, 9)
        return (policy.MoveToOuterDisposeScope(), value_head.call(h).MoveToOuterDisposeScope());
    }

    /// <summary>Parameters of an MLP of width <paramref name="hidden"/>: 29H + H + H² + H + 9H + 9 + 3H + 3.</summary>
    /// <param name="hidden">Hidden width.</param>
    public static long ParameterCount(long hidden) => 29 * hidden + hidden + hidden * hidden + hidden + 12 * hidden + 12;
}
