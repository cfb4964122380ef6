using AttentionCourse.Recommendation;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Recommendation;

public class SequenceModelTests
{
    public SequenceModelTests() => T.Init();

    [Fact]
    public void Every_caused_item_is_a_successor_of_an_item_inside_the_window()
    {
        var log = SequenceLog.Generate(new SequenceConfig(Users: 300), seed: 4);
        int caused = 0, total = 0;
        for (int u = 0; u < log.Sequences.Length; u++)
            for (int t = 0; t < log.Sequences[u].Length; t++)
            {
                int c = log.Causes[u][t];
                if (t > 0) { total++; if (c >= 0) caused++; }
                if (c < 0) continue;
                Assert.InRange(t - c, 1, log.Config.Window);
                Assert.Contains(log.Sequences[u][t], log.Successors[log.Sequences[u][c]]);
            }
        Assert.InRange(caused / (double)total, log.Config.FollowProbability - 0.02, log.Config.FollowProbability + 0.02);
    }

    [Fact]
    public void Next_distribution_sums_to_one_and_matches_a_hand_computation()
    {
        var log = SequenceLog.Generate(new SequenceConfig(Users: 1), seed: 0);
        int anchor = Enumerable.Range(1, log.NumItems).First(i => log.IsAnchor[i]);
        var plain = Enumerable.Range(1, log.NumItems).Where(i => !log.IsAnchor[i] && !log.Successors[anchor].Contains(i)).Take(5).ToArray();
        int[] history = [plain[0], plain[1], anchor, plain[2], plain[3]];          // the window (4) drops plain[0]
        var p = log.NextDistribution(history);
        Assert.Equal(1.0, p.Sum(), 9);
        var (f, s) = (log.Config.FollowProbability, log.Config.AnchorStrength);
        double total = 3 + s;                                                      // plain[1], plain[2], plain[3] and the anchor
        int x = log.Successors[anchor][0];
        double expected = (1 - f) * log.Popularity[x] + f * s / total / log.Config.Successors;
        foreach (var j in new[] { plain[1], plain[2], plain[3] })
            if (log.Successors[j].Contains(x)) expected += f * 1 / total / log.Config.Successors;
        Assert.Equal(expected, p[x], 12);
    }

    [Fact]
    public void Leave_last_out_keeps_the_last_item_for_test_the_one_before_for_validation_and_left_pads()
    {
        var split = SequenceSplit.LeaveLastOut([[1, 2, 3, 4, 5, 6]], maxLen: 6);
        Assert.Equal(new long[] { 0, 0, 0, 1, 2, 3 }, split.TrainInput.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 0, 0, 2, 3, 4 }, split.TrainTarget.data<long>().ToArray());
        Assert.Equal([1, 2, 3, 4], split.ValidationHistory[0]);
        Assert.Equal(5, split.ValidationTarget[0]);
        Assert.Equal([1, 2, 3, 4, 5], split.TestHistory[0]);
        Assert.Equal(6, split.TestTarget[0]);
    }

    [Fact]
    public void Full_ranks_count_higher_items_and_half_the_ties()
    {
        double[] s = [double.NegativeInfinity, 0.5, 0.9, 0.5, 0.5, 0.1, 0.5];   // item 1 ties with 3, 4 and 6
        Assert.Equal([3], SequenceTraining.FullRanks([s], [1]));                 // 1 + 1 higher + ⌊3 ties / 2⌋
        Assert.Equal([1], SequenceTraining.FullRanks([s], [2]));
        Assert.Equal([6], SequenceTraining.FullRanks([s], [5]));
    }

    [Fact]
    public void Sampled_ranks_never_use_seen_items_and_equal_a_brute_force_count()
    {
        var random = new Random(3);
        var scores = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, 201).Select(i => i == 0 ? double.NegativeInfinity : random.NextDouble()).ToArray()).ToArray();
        var targets = Enumerable.Range(0, 50).Select(u => 1 + u).ToArray();
        var seen = Enumerable.Range(0, 50).Select(u => Enumerable.Range(1, 120).ToArray()).ToArray();   // only 80 unseen: every one is drawn
        var ranks = SequenceTraining.SampledRanks(scores, targets, seen, negatives: 100);
        for (int u = 0; u < 50; u++)
            Assert.Equal(1 + Enumerable.Range(121, 80).Count(i => scores[u][i] > scores[u][targets[u]]), ranks[u]);
    }

    [Fact]
    public void Sampled_hit_probability_equals_enumeration_of_every_negative_set()
    {
        int others = 10, negatives = 4, k = 2;
        foreach (var rank in new[] { 1, 3, 5, 9, 11 })
        {
            int hits = 0, sets = 0;
            for (int mask = 0; mask < 1 << others; mask++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)mask) != negatives) continue;
                sets++;
                int better = Enumerable.Range(0, rank - 1).Count(i => (mask & (1 << i)) != 0);
                if (better < k) hits++;
            }
            Assert.Equal(hits / (double)sets, SequenceTraining.SampledHitProbability(rank, others, negatives, k), 9);
        }
    }

    [Fact]
    public void Count_recommenders_count_items_and_transitions()
    {
        var counts = new CountRecommenders([[1, 2, 3], [2, 3, 3]], numItems: 4);
        Assert.Equal(new double[] { 0, 1, 2, 3, 0 }, counts.Popularity);
        Assert.Equal(2, counts.Transitions[2][3]);
        Assert.Equal(1, counts.Transitions[3][3]);
        var s = counts.ScoreTransition([4, 2]);
        Assert.True(s[3] > s[1] && s[1] > s[4]);          // 2 → 3 seen twice; then popularity breaks the ties
        Assert.Equal(double.NegativeInfinity, s[0]);
    }

    [Fact]
    public void Sasrec_never_peeks_at_later_items_and_gives_padding_zero_attention()
    {
        manual_seed(0);
        var model = new SasRec(new SasRecConfig(20, MaxLen: 6, EmbedDim: 8, NumBlocks: 2, NumHeads: 2));
        model.eval();
        model.need_weights = true;
        var a = tensor(new long[] { 0, 0, 3, 5, 7, 9 }, [1, 6]);
        var b = tensor(new long[] { 0, 0, 3, 5, 7, 11 }, [1, 6]);
        using var _ = no_grad();
        var (fa, fb) = (model.forward(a), model.forward(b));
        T.Close(fa[.., ..5], fb[.., ..5], 1e-6);
        Assert.True((fa[0, 5] - fb[0, 5]).abs().max().item<float>() > 1e-4);
        var w = model.blocks[0].attention_weights!;                                      // (1, h, T, T)
        Assert.Equal(0f, w[.., .., 2.., ..2].abs().max().item<float>());                  // real queries never see padding
        T.Close(ones(1, 2, 4), w[.., .., 2..].sum(-1), 1e-6);                             // real rows sum to 1
    }

    [Fact]
    public void Mean_pooling_recommender_is_the_projected_running_mean_of_real_items()
    {
        manual_seed(0);
        var model = new MeanPoolingRecommender(10, embed_dim: 4);
        var seq = tensor(new long[] { 0, 2, 5, 7 }, [1, 4]);
        using var _ = no_grad();
        var f = model.forward(seq);
        var e = model.item_emb.forward(tensor(new long[] { 2, 5, 7 }));                   // (3, d)
        T.Close(model.proj.forward(e[..2].mean([0])), f[0, 2], 1e-6);
        T.Close(model.proj.forward(e.mean([0])), f[0, 3], 1e-6);
        Assert.Equal(double.NegativeInfinity, model.Logits(seq)[0, 3, 0].item<float>());
    }
}
