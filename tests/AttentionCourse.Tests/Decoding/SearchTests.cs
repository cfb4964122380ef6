using AttentionCourse.Text;
using AttentionCourse.Decoding;
using AttentionCourse.Transformer;
using CsCheck;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Decoding;

public class SearchTests
{
    const long BOS = 1, EOS = 2;

    /// <summary>A toy "model" whose next-token distribution is a fixed random function of the prefix.</summary>
    static Func<Tensor, Tensor> RandomModel(int seed, int vocab)
    {
        return prefixes =>
        {
            var rows = new List<Tensor>();
            for (var i = 0; i < prefixes.shape[0]; i++)
            {
                var key = prefixes[i].data<long>().Aggregate((long)seed, (h, t) => h * 31 + t);
                var g = new Generator((ulong)(key & 0x7fffffff));
                rows.Add((randn(vocab, generator: g) * 2).log_softmax(-1));
            }
            return stack(rows);
        };
    }

    [Fact]
    public void Beam_width_one_equals_greedy()
    {
        T.Init();
        Gen.Int[0, 10_000].Sample(seed =>
        {
            var model = RandomModel(seed, 6);
            var greedy = Search.Greedy(model, BOS, EOS, 8);
            var beam = Search.Beam(model, BOS, EOS, 8, beam_width: 1);
            Assert.Equal(greedy.Tokens, beam.Tokens);
            Assert.Equal(greedy.LogProb, beam.LogProb, 12);
        }, iter: 30);
    }

    [Fact]
    public void Beam_search_never_scores_worse_than_greedy()
    {
        T.Init();
        Gen.Select(Gen.Int[0, 10_000], Gen.Int[2, 5]).Sample((seed, width) =>
        {
            var model = RandomModel(seed, 5);
            var greedy = Search.Greedy(model, BOS, EOS, 6);
            var beam = Search.Beam(model, BOS, EOS, 6, width);
            Assert.True(beam.LogProb >= greedy.LogProb - 1e-12, $"seed {seed}, width {width}: beam {beam.LogProb} < greedy {greedy.LogProb}");
        }, iter: 30);
    }

    [Fact]
    public void A_wide_beam_finds_the_exact_best_sequence_found_by_enumeration()
    {
        T.Init();
        for (var seed = 0; seed < 5; seed++)
        {
            var model = RandomModel(seed, 4);                  // ids 0..3: EOS = 2 among them
            var best = double.NegativeInfinity;
            void Enumerate(List<long> prefix, double lp)
            {
                if (prefix.Count > 0 && prefix[^1] == EOS || prefix.Count == 3) { best = Math.Max(best, lp); return; }
                var logp = model(tensor(prefix.Prepend(BOS).ToArray(), [1, prefix.Count + 1])).data<float>().ToArray();
                for (var t = 0; t < 4; t++) Enumerate([.. prefix, t], lp + logp[t]);
            }
            Enumerate([], 0);
            var beam = Search.Beam(model, BOS, EOS, 3, beam_width: 64, keep_greedy: false);
            Assert.Equal(best, beam.LogProb, 5);
        }
    }

    [Fact]
    public void Plain_beam_search_can_prune_the_greedy_path_and_keep_greedy_repairs_it()
    {
        T.Init();
        // Vocabulary: 0 unused, BOS 1, EOS 2, a 3, b 4. From BOS: a 0.51, b 0.49 (greedy takes a).
        // After a: EOS 0.4, others 0.3 -> greedy "a EOS" = 0.204. After b: a 0.45, b 0.45, EOS 0.1 -> "b a", "b b" = 0.2205
        // each beat "a EOS" and fill a width-2 beam; after them every token has probability 0.2, so they end below 0.05.
        Tensor Model(Tensor prefixes)
        {
            var rows = new List<float[]>();
            for (var i = 0; i < prefixes.shape[0]; i++)
            {
                var p = prefixes[i].data<long>().ToArray();
                rows.Add(p.Length switch
                {
                    1 => [1e-9f, 1e-9f, 1e-9f, 0.51f, 0.49f],
                    2 when p[1] == 3 => [1e-9f, 1e-9f, 0.4f, 0.3f, 0.3f],
                    2 => [1e-9f, 1e-9f, 0.1f, 0.45f, 0.45f],
                    _ => [0.2f, 0.2f, 0.2f, 0.2f, 0.2f],
                });
            }
            return tensor(rows.SelectMany(r => r).ToArray(), [rows.Count, 5]).log();
        }
        var greedy = Search.Greedy(Model, BOS, EOS, 4);
        Assert.Equal([3L, EOS], greedy.Tokens);
        var plain = Search.Beam(Model, BOS, EOS, 4, beam_width: 2, keep_greedy: false);
        Assert.True(plain.LogProb < greedy.LogProb, $"plain beam {plain.LogProb} vs greedy {greedy.LogProb}");
        var kept = Search.Beam(Model, BOS, EOS, 4, beam_width: 2);
        Assert.Equal(greedy.Tokens, kept.Tokens);
    }

    [Fact]
    public void Transformer_steps_reproduce_the_models_own_greedy_decode()
    {
        T.Init(3);
        var model = new Seq2SeqTransformer(TransformerConfig.Nano(9));
        var src = tensor(new long[] { 5, 6, 7, 8, EOS }, [1, 5]);
        var ours = Search.Greedy(TransformerSteps.For(model, src), BOS, EOS, 6);
        var theirs = model.greedy_decode(src, BOS, EOS, 6)[0, 1..].data<long>().ToArray();
        Assert.Equal(theirs.Take(ours.Tokens.Length), ours.Tokens);
        var beam1 = Search.Beam(TransformerSteps.For(model, src), BOS, EOS, 6, beam_width: 1);
        Assert.Equal(ours.Tokens, beam1.Tokens);
        Assert.True(Search.Beam(TransformerSteps.For(model, src), BOS, EOS, 6, beam_width: 4).LogProb >= ours.LogProb);
    }
}
