using AttentionCourse.Text;
using AttentionCourse.Decoding;
using AttentionCourse.Recurrent;
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
        var theirs = model.greedy_decode(src, BOS, EOS, 6)[0].data<long>().ToArray();   // BOS excluded, ends at EOS
        Assert.Equal(ours.Tokens, theirs);
        var beam1 = Search.Beam(TransformerSteps.For(model, src), BOS, EOS, 6, beam_width: 1);
        Assert.Equal(ours.Tokens, beam1.Tokens);
        Assert.True(Search.Beam(TransformerSteps.For(model, src), BOS, EOS, 6, beam_width: 4).LogProb >= ours.LogProb);
    }

    /// <summary>Sources of different lengths, right-padded with 0, ending with EOS.</summary>
    static Tensor Sources() => tensor(new long[,] { { 5, 6, 7, 8, EOS }, { 4, 4, EOS, 0, 0 }, { 8, 3, 6, EOS, 0 } });

    /// <summary>Row by row, the single-sentence greedy search's tokens, padded with 0 to n: what a batch must give.</summary>
    static long[] RowByRow(Func<Tensor, Func<Tensor, Tensor>> steps, Tensor src, int n)
    {
        var rows = Enumerable.Range(0, (int)src.shape[0]).Select(i => Search.Greedy(steps(src[i..(i + 1)]), BOS, EOS, 6).Tokens).ToList();
        return rows.SelectMany(r => r.Concat(Enumerable.Repeat(0L, n - r.Length))).ToArray();
    }

    [Fact]
    public void The_transformers_greedy_decode_keeps_the_one_convention_of_Search_Greedy()
    {
        T.Init(4);
        var model = new Seq2SeqTransformer(TransformerConfig.Nano(9));
        var src = Sources();
        var fast = model.greedy_decode(src, BOS, EOS, 6);                                  // (3, n)
        var reference = Search.Greedy(model, src, BOS, EOS, 6);                           // prefixes recomputed
        Assert.Equal(reference.data<long>().ToArray(), fast.data<long>().ToArray());
        Assert.Equal(RowByRow(s => TransformerSteps.For(model, s), src, (int)fast.shape[1]), fast.data<long>().ToArray());
    }

    [Fact]
    public void The_grus_greedy_decode_keeps_the_one_convention_of_Search_Greedy()
    {
        T.Init(5);
        var model = new Seq2SeqGru(9, 9, 8, 10);
        var src = Sources();
        var fast = model.greedy_decode(src, BOS, EOS, 6);                                  // (3, n), step by step on the state
        Assert.Equal(new[] { 3L, fast.shape[1], 5L }, model.attention_weights!.shape);     // one row of weights per generated token
        var reference = Search.Greedy(model, src, BOS, EOS, 6);
        Assert.Equal(reference.data<long>().ToArray(), fast.data<long>().ToArray());
        Assert.Equal(RowByRow(s => p => model.next_log_probs(s, p), src, (int)fast.shape[1]), fast.data<long>().ToArray());
    }

    [Fact]
    public void A_batch_pads_rows_after_their_eos_and_stops_when_every_row_has_ended()
    {
        // A model that says EOS after 1 token for row 0 and after 3 for row 1, whatever the source.
        var model = new Scripted([[4, EOS], [5, 6, 7, EOS]]);
        var ids = Search.Greedy(model, zeros(2, 3, dtype: int64), BOS, EOS, 10, pad: 0);
        Assert.Equal(new long[] { 4, EOS, 0, 0, 5, 6, 7, EOS }, ids.data<long>().ToArray());
    }

    /// <summary>Row i emits script[i][t] at step t (EOS for ever after).</summary>
    sealed class Scripted(long[][] script) : INextTokenModel
    {
        public Tensor next_log_probs(Tensor src, Tensor prefixes)
        {
            var t = (int)prefixes.shape[1] - 1;
            var logits = full(prefixes.shape[0], 9, -10f);
            for (var i = 0; i < script.Length; i++) logits[i, script[i][Math.Min(t, script[i].Length - 1)]] = tensor(0f);
            return logits.log_softmax(-1);
        }
    }
}
