using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Memory;

/// <summary>
/// An end-to-end memory network (Sukhbaatar et al. 2015, "End-To-End Memory Networks"), K hops of attention over the
/// sentences of a story, with adjacent weight tying (section 2.2). Names follow the paper: the embedding tables are
/// <c>C[0..K]</c> with A^k = C^{k−1} and C^k = C[k]; the question embedding is B = A^1 = C[0]; the answer matrix is W = C^K
/// (transposed). For each hop k = 1..K (Eq. 1-3):
/// <code>
///   m_i = Σ_j l_j ⊙ A^k x_ij + T_A^k(i)      c_i = Σ_j l_j ⊙ C^k x_ij + T_C^k(i)
///   p_i = softmax_i(u^kᵀ m_i)  over the real sentences only     o^k = Σ_i p_i c_i     u^{k+1} = u^k + o^k
/// </code>
/// with u^1 = Σ_j l_j ⊙ B q_j, and the answer â = softmax(W(o^K + u^K)) = softmax(W u^{K+1}) (Eq. 3). Here l_j is the
/// <see cref="PositionEncoding"/> and T(i) is a learned vector per sentence age: i counts back from the newest sentence
/// (0 = the last one), as the paper orders its memories, so "most recent" means the same in stories of any length.
/// Padded sentence slots get exactly zero attention (<see cref="MaskedSoftmax"/>). Used in chapter 11.
/// </summary>
public sealed class MemoryNetwork : nn.Module<Tensor, Tensor, (Tensor logits, Tensor hops)>
{
    /// <summary>The configuration.</summary>
    public readonly MemoryNetworkConfig config;
    /// <summary>The K + 1 word embedding tables (V, d): C[0] = A^1 = B, C[k] = C^k = A^{k+1}, C[K] = Wᵀ.</summary>
    public readonly ModuleList<Embedding> C;
    /// <summary>The K + 1 temporal tables (S, d), tied the same way: T[k − 1] = T_A^k, T[k] = T_C^k.</summary>
    public readonly ModuleList<Embedding> T;

    /// <summary>
    /// Linear start (section 4.2): while true, every hop's softmax is removed, p_i = u^kᵀ m_i on the real sentences
    /// (0 on empty slots). The paper trains like this first and puts the softmax back once the validation loss stops
    /// falling; it helps the harder tasks out of a poor start. Default false.
    /// </summary>
    public bool linear_start { get; set; }

    /// <summary>Builds the model; every weight ~ N(0, 0.1²) as in the paper (section 4.2), the padding row 0.</summary>
    /// <param name="config">Sizes and switches.</param>
    public MemoryNetwork(MemoryNetworkConfig config) : base(nameof(MemoryNetwork))
    {
        this.config = config;
        C = nn.ModuleList(Enumerable.Range(0, config.Hops + 1).Select(_ => nn.Embedding(config.VocabSize, config.EmbedDim, padding_idx: 0)).ToArray());
        T = nn.ModuleList(Enumerable.Range(0, config.Hops + 1).Select(_ => nn.Embedding(config.MemorySize, config.EmbedDim)).ToArray());
        using (no_grad())
        {
            foreach (var table in C) nn.init.normal_(table.weight!, 0, 0.1)[0].zero_();
            foreach (var table in T) nn.init.normal_(table.weight!, 0, 0.1);
        }
        RegisterComponents();
    }

    /// <summary>Answers the question about each story.</summary>
    /// <param name="story">Sentences as word ids (B, S, W), S ≤ MemorySize, 0 = padding word; a sentence of padding only is an empty slot.</param>
    /// <param name="query">The question's word ids (B, W_q).</param>
    /// <returns>logits (B, V) over the vocabulary (Eq. 3, before the softmax) and the attention of every hop (B, K, S).</returns>
    public override (Tensor logits, Tensor hops) forward(Tensor story, Tensor query)
    {
        using var scope = NewDisposeScope();
        var memory_mask = story.ne(0).any(-1);                                 // (B, S)
        var age = SentenceAge(memory_mask);                                    // (B, S)
        var l_story = WordWeights(story);                                      // (B, S, W, d) or null
        var u = Embed(C[0], query, WordWeights(query));                        // (B, d)
        var hops = new List<Tensor>();
        for (int k = 0; k < config.Hops; k++)
        {
            var m = Memories(C[k], T[k], story, l_story, age);                 // (B, S, d)
            var c = Memories(C[k + 1], T[k + 1], story, l_story, age);         // (B, S, d)
            var (o, p) = linear_start ? LinearHop(u, m, c, memory_mask) : Hop(u, m, c, memory_mask); // (B, d), (B, S)
            u = u + o;                                                         // u^{k+1} = u^k + o^k
            hops.Add(p);
        }
        var logits = u.matmul(C[config.Hops].weight!.t());                     // (B, d) x (d, V) -> (B, V)
        return (logits.MoveToOuterDisposeScope(), stack(hops, 1).MoveToOuterDisposeScope()); // (B, V), (B, K, S)
    }

    /// <summary>
    /// One hop (Eq. 1-2): p = masked softmax(m u) over the real memories, o = Σ_i p_i c_i.
    /// A slot whose mask is false gets p_i = 0 exactly; a story with no memory gives o = 0. Used in chapter 11.
    /// </summary>
    /// <param name="u">Controller state u^k (B, d).</param>
    /// <param name="m">Input memories (B, S, d).</param>
    /// <param name="c">Output memories (B, S, d).</param>
    /// <param name="mask">(B, S), true = a real sentence.</param>
    /// <returns>o (B, d) and p (B, S).</returns>
    public static (Tensor o, Tensor p) Hop(Tensor u, Tensor m, Tensor c, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var scores = m.matmul(u.unsqueeze(-1)).squeeze(-1);                    // (B, S, d) x (B, d, 1) -> (B, S)
        var p = MaskedSoftmax.forward(scores, mask);                           // (B, S)
        var o = p.unsqueeze(1).bmm(c).squeeze(1);                              // (B, 1, S) x (B, S, d) -> (B, d)
        return (o.MoveToOuterDisposeScope(), p.MoveToOuterDisposeScope());
    }

    /// <summary>A hop without the softmax, for <see cref="linear_start"/>: p_i = u m_i on real sentences, 0 elsewhere.</summary>
    static (Tensor o, Tensor p) LinearHop(Tensor u, Tensor m, Tensor c, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var p = m.matmul(u.unsqueeze(-1)).squeeze(-1) * mask;                  // (B, S)
        var o = p.unsqueeze(1).bmm(c).squeeze(1);                              // (B, d)
        return (o.MoveToOuterDisposeScope(), p.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The age of each sentence, counted back from the newest real one: i = n − 1 − s for slot s of a story with n
    /// sentences (0 for empty slots, which are masked anyway). Used in chapter 11.
    /// </summary>
    /// <param name="memory_mask">(B, S), true = a real sentence; real sentences come first.</param>
    /// <returns>(B, S) int64.</returns>
    public static Tensor SentenceAge(Tensor memory_mask)
    {
        using var scope = NewDisposeScope();
        var n = memory_mask.sum(-1, keepdim: true);                            // (B, 1)
        var slot = arange(memory_mask.shape[^1], device: memory_mask.device);  // (S)
        return (n - 1 - slot).clamp_min(0).MoveToOuterDisposeScope();          // (B, S)
    }

    /// <summary>Memories of one table pair: Σ_j l_j ⊙ E x_ij + T(i), or without the temporal term when it is switched off.</summary>
    Tensor Memories(Embedding words, Embedding time, Tensor story, Tensor? l, Tensor age)
    {
        var m = Embed(words, story, l);                                        // (B, S, d)
        return config.UseTemporalEncoding ? m + time.forward(age) : m;         // (B, S, d)
    }

    /// <summary>The position weights l of <see cref="PositionEncoding"/> for word ids (..., W), or null for a plain bag of words.</summary>
    Tensor? WordWeights(Tensor words) =>
        config.UsePositionEncoding ? PositionEncoding.ForWords(words, config.EmbedDim) : null;   // (..., W, d)

    /// <summary>Σ_j l_j ⊙ E x_j over the last axis of word ids (..., W) -> (..., d).</summary>
    static Tensor Embed(Embedding table, Tensor words, Tensor? l)
    {
        var e = table.forward(words);                                          // (..., W, d)
        return (l is null ? e : e * l).sum(-2);                                // (..., d)
    }
}
