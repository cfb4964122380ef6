using AttentionCourse.Attention;
using AttentionCourse.Recurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Recurrent;

public class Seq2SeqGruTests
{
    [Fact]
    public void Encoder_output_of_a_padded_row_equals_the_unpadded_row_and_is_zero_on_padding()
    {
        T.Init();
        var encoder = new GruEncoder(10, 8, 6);
        var padded = tensor(new long[] { 4, 5, 6, 0, 0, 7, 8, 9, 4, 5 }, [2, 5]);
        var (h, s0) = encoder.forward(padded, tensor(new long[] { 3, 5 }));
        var (alone, s0Alone) = encoder.forward(padded[..1, ..3], tensor(new long[] { 3 }));
        T.Close(alone[0], h[0, ..3]);
        T.Close(s0Alone[0], s0[0]);
        Assert.Equal(0.0, h[0, 3..].abs().max().item<float>());
    }

    [Fact]
    public void Encoder_backward_direction_matches_a_gru_run_over_the_reversed_row()
    {
        T.Init();
        var encoder = new GruEncoder(10, 8, 6);
        var src = tensor(new long[] { 4, 5, 6, 7 }, [1, 4]);
        var (h, _) = encoder.forward(src, tensor(new long[] { 4 }));
        var g = encoder.gru;
        var reverse = nn.GRU(8, 6, batchFirst: true);
        using (no_grad())
        {
            reverse.get_parameter("weight_ih_l0")!.copy_(g.get_parameter("weight_ih_l0_reverse")!);
            reverse.get_parameter("weight_hh_l0")!.copy_(g.get_parameter("weight_hh_l0_reverse")!);
            reverse.get_parameter("bias_ih_l0")!.copy_(g.get_parameter("bias_ih_l0_reverse")!);
            reverse.get_parameter("bias_hh_l0")!.copy_(g.get_parameter("bias_hh_l0_reverse")!);
        }
        var (outputs, _) = reverse.forward(encoder.embedding.forward(src.flip(1)), null);
        T.Close(outputs.flip(1)[0], h[0, .., 6..]);                                    // backward half of the annotations
    }

    [Fact]
    public void Decoder_step_is_the_bahdanau_update_written_out()
    {
        T.Init();
        var dec = new AttentionGruDecoder(7, 4, 5, 6);
        var (y, s, h, lens) = (tensor(new long[] { 3, 4 }), randn(2, 5), randn(2, 3, 6), tensor(new long[] { 3, 2 }));
        var (logits, state, weights) = dec.step(y, s, h, lens);
        var e = dec.attention.score(s.unsqueeze(1), h).squeeze(1);                    // (B, S)
        var alpha = MaskedSoftmax.forward_valid_lens(e.unsqueeze(1), lens).squeeze(1);
        var c = (alpha.unsqueeze(-1) * h).sum(1);                                      // (B, 6)
        var emb = dec.embedding.forward(y);
        var expectedState = dec.cell.forward(cat([emb, c], 1), s);
        T.Close(alpha, weights);
        Assert.Equal(0.0, weights[1, 2].item<float>());
        T.Close(expectedState, state);
        T.Close(dec.output.forward(cat([expectedState, c, emb], 1)), logits);
    }

    [Fact]
    public void Teacher_forced_logits_equal_step_by_step_decoding_of_the_same_tokens()
    {
        T.Init();
        var model = new Seq2SeqGru(12, 9, 8, 10);
        var src = tensor(new long[] { 4, 5, 6, 2, 7, 8, 2, 0 }, [2, 4]);
        var tgt = tensor(new long[] { 1, 5, 6, 1, 7, 4 }, [2, 3]);
        model.eval();
        var logits = model.forward(src, tgt);
        var (h, state) = model.encoder.forward(src, Seq2SeqGru.Lengths(src));
        for (var t = 0; t < 3; t++)
        {
            var (l, s, _) = model.decoder.step(tgt[.., t], state, h, Seq2SeqGru.Lengths(src));
            T.Close(l, logits[.., t]);
            state = s;
        }
        var lp = model.next_log_probs(src[..1], tgt[..1]);
        T.Close(logits[0, -1].log_softmax(-1).unsqueeze(0), lp);
    }

    [Fact]
    public void Greedy_decode_feeds_back_its_own_arg_max()
    {
        T.Init();
        var model = new Seq2SeqGru(12, 9, 8, 10);
        var src = tensor(new long[] { 4, 5, 6, 2 }, [1, 4]);
        var ids = model.greedy_decode(src, 1, eos_id: -1, max_len: 4);                 // (1, 4): no EOS, all 4 steps
        var prefix = cat([tensor(new long[] { 1 }, [1, 1]), ids[.., ..3]], 1);          // BOS + first three
        using var _ = no_grad();
        T.Close(model.forward(src, prefix).argmax(-1).to(float32), ids.to(float32));
    }
}
