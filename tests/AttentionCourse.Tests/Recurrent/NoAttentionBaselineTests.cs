using AttentionCourse.Recurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Recurrent;

public class NoAttentionBaselineTests
{
    [Fact]
    public void Last_states_are_the_final_hidden_states_of_the_gru_for_each_unpadded_row()
    {
        T.Init();
        var encoder = new GruEncoder(10, 8, 6);
        var padded = tensor(new long[] { 4, 5, 6, 0, 0, 7, 8, 9, 4, 5 }, [2, 5]);
        var lengths = tensor(new long[] { 3, 5 });
        var (h, _) = encoder.forward(padded, lengths);
        var last = AttentionGruDecoder.LastStates(h, lengths);                        // (2, 12)
        for (var row = 0; row < 2; row++)
        {
            var n = lengths[row].item<long>();
            var (_, h_n) = encoder.gru.forward(encoder.embedding.forward(padded[row..(row + 1), ..(int)n]), null); // (2, 1, 6)
            T.Close(cat([h_n[0, 0], h_n[1, 0]]), last[row]);                          // [forward final; backward final]
        }
    }

    [Fact]
    public void Without_attention_the_logits_equal_a_recurrence_whose_context_is_the_last_states()
    {
        T.Init();
        var model = new Seq2SeqGru(12, 7, embed_dim: 8, hidden_size: 6, attention: false);
        var src = tensor(new long[] { 3, 4, 5, 6, 2, 0, 9, 8, 7, 2, 0, 0 }, [2, 6]);
        var tgt = tensor(new long[] { 1, 3, 4, 1, 5, 6 }, [2, 3]);
        using var _ = no_grad();
        model.eval();
        var logits = model.forward(src, tgt);                                         // (2, 3, 7)
        Assert.Equal(0.0, model.attention_weights!.abs().max().item<float>());         // no weights: all zero

        // Independent reference: the same recurrence with the context fixed to [→h_T; ←h_1] from a plain GRU run.
        var d = model.decoder;
        for (var row = 0; row < 2; row++)
        {
            var n = (int)Seq2SeqGru.Lengths(src)[row].item<long>();
            var (_, h_n) = model.encoder.gru.forward(model.encoder.embedding.forward(src[row..(row + 1), ..n]), null);
            var c = cat([h_n[0], h_n[1]], 1);                                          // (1, 12)
            var s = model.encoder.init.forward(h_n[1]).tanh();                         // (1, 6)
            for (var t = 0; t < 3; t++)
            {
                var y = d.embedding.forward(tgt[row..(row + 1), t]);                  // (1, 8)
                s = d.cell.forward(cat([y, c], 1), s);
                T.Close(d.output.forward(cat([s, c, y], 1))[0], logits[row, t]);
            }
        }
    }

    [Fact]
    public void Attention_attends_by_default_and_the_baseline_trains_only_its_own_parameters()
    {
        T.Init();
        Assert.True(new Seq2SeqGru(12, 7, 8, 6).decoder.attend);
        var model = new Seq2SeqGru(12, 7, embed_dim: 8, hidden_size: 6, attention: false);
        var src = tensor(new long[] { 3, 4, 5, 2 }, [1, 4]);
        var tgt = tensor(new long[] { 1, 3, 4 }, [1, 3]);
        model.forward(src, tgt).sum().backward();
        Assert.All(model.decoder.attention.parameters(), p => Assert.Null(p.grad));
        Assert.NotNull(model.decoder.cell.parameters().First().grad);
    }
}
