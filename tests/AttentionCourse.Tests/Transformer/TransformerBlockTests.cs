using AttentionCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Transformer;

public class TransformerBlockTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encoder_block_is_permutation_equivariant_without_positions(bool normFirst)
    {
        T.Init();
        using var block = new TransformerEncoderBlock(16, 4, 32, dropout: 0.0, norm_first: normFirst);
        var x = randn(2, 7, 16);
        var perm = tensor(new long[] { 3, 0, 6, 1, 5, 2, 4 });
        var permutedThenEncoded = block.forward(x.index_select(1, perm));
        var encodedThenPermuted = block.forward(x).index_select(1, perm);
        T.Close(encodedThenPermuted, permutedThenEncoded, 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decoder_output_at_t_does_not_change_when_later_targets_change(bool normFirst)
    {
        T.Init();
        using var decoder = new TransformerDecoder(2, 16, 4, 32, dropout: 0.0, norm_first: normFirst);
        var memory = randn(2, 5, 16);
        var y = randn(2, 6, 16);
        var changed = y.clone();
        changed[.., 4..] = randn(2, 2, 16);                                   // alter positions 4 and 5 only
        var before = decoder.forward(y, memory);
        var after = decoder.forward(changed, memory);
        T.Close(before[.., ..4], after[.., ..4], 1e-6);
        Assert.True(T.MaxAbsDiff(before[.., 4..], after[.., 4..]) > 1e-3);    // the change itself is visible
    }

    [Fact]
    public void Decoder_block_equals_torchsharp_transformer_decoder_layer_given_the_same_weights()
    {
        T.Init();
        using var block = new TransformerDecoderBlock(16, 4, 32, dropout: 0.0, norm_first: false);
        using (no_grad()) foreach (var p in block.parameters()) p.add_(randn_like(p) * 0.1);   // non-trivial biases and gains
        using var reference = nn.TransformerDecoderLayer(16, 4, 32, dropout: 0.0);
        reference.load_state_dict(block.state_dict().ToDictionary(
            p => p.Key.Replace("ff.", "").Replace("cross_attn.", "multihead_attn."), p => p.Value));
        var x = randn(2, 5, 16); var memory = randn(2, 7, 16);
        var causal = zeros(5, 5).masked_fill(ones(5, 5, dtype: ScalarType.Bool).triu(1), double.NegativeInfinity);   // additive, PyTorch's form
        var theirs = reference.call(x.transpose(0, 1), memory.transpose(0, 1), causal, null, null, null).transpose(0, 1);
        T.Close(theirs, block.forward(x, memory), 1e-5);
    }

    [Fact]
    public void Encoder_padding_does_not_leak_into_real_tokens()
    {
        T.Init();
        using var encoder = new TransformerEncoder(2, 16, 4, 32, dropout: 0.0);
        var x = randn(1, 6, 16);
        var mask = tensor(new[] { true, true, true, true, false, false }).unsqueeze(0);
        var changed = x.clone();
        changed[.., 4..] = randn(1, 2, 16);
        T.Close(encoder.forward(x, mask)[.., ..4], encoder.forward(changed, mask)[.., ..4], 1e-6);
    }

    [Fact]
    public void Pre_and_post_layer_norm_blocks_compute_different_functions()
    {
        T.Init();
        using var post = new TransformerEncoderBlock(16, 4, 32, 0.0, norm_first: false);
        using var pre = new TransformerEncoderBlock(16, 4, 32, 0.0, norm_first: true);
        pre.load_state_dict(post.state_dict());
        var x = randn(2, 5, 16) * 3 + 1;
        var yPost = post.forward(x);
        // Post-LN ends in a LayerNorm with unit weight: every position has mean 0, variance 1.
        T.Close(zeros(2, 5), yPost.mean([-1]), 1e-5);
        Assert.True(T.MaxAbsDiff(yPost, pre.forward(x)) > 1e-2);
    }

    [Fact]
    public void Seq2seq_transformer_gives_logits_and_keeps_weights_of_every_head_in_every_layer()
    {
        T.Init();
        var config = TransformerConfig.Tiny(13) with { Dropout = 0.0 };
        using var model = new Seq2SeqTransformer(config);
        var src = randint(3, 13, [2, 9]);
        var tgt = randint(3, 13, [2, 7]);
        var logits = model.forward(src, tgt);
        Assert.Equal(new long[] { 2, 7, 13 }, logits.shape);
        Assert.Equal(config.NumEncoderLayers, model.encoder_weights.Count);
        Assert.All(model.encoder_weights, w => Assert.Equal(new long[] { 2, 4, 9, 9 }, w!.shape));
        Assert.All(model.decoder_self_weights, w => Assert.Equal(new long[] { 2, 4, 7, 7 }, w!.shape));
        Assert.All(model.decoder_cross_weights, w => Assert.Equal(new long[] { 2, 4, 7, 9 }, w!.shape));
        Assert.All(model.decoder_self_weights, w => Assert.Equal(0f, w!.triu(1).abs().sum().item<float>()));
    }

    [Fact]
    public void Seq2seq_transformer_ignores_source_padding()
    {
        T.Init();
        using var model = new Seq2SeqTransformer(TransformerConfig.Nano(10));
        var src = tensor(new long[,] { { 4, 5, 6, 0, 0 } });
        var srcLongerPad = tensor(new long[,] { { 4, 5, 6, 0, 0, 0, 0 } });
        var tgt = tensor(new long[,] { { 1, 7, 8 } });
        T.Close(model.forward(src, tgt), model.forward(srcLongerPad, tgt), 1e-5);
    }

    [Fact]
    public void Seq2seq_transformer_learns_to_copy_a_short_sequence()
    {
        T.Init();
        using var model = new Seq2SeqTransformer(TransformerConfig.Nano(6));
        var src = tensor(new long[,] { { 3, 4, 5, 2 }, { 5, 3, 4, 2 } });   // 2 = EOS
        var tgtIn = tensor(new long[,] { { 1, 3, 4, 5 }, { 1, 5, 3, 4 } });  // 1 = BOS
        var tgtOut = src;
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        for (var step = 0; step < 150; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(src, tgtIn).flatten(0, 1), tgtOut.flatten());
            loss.backward();
            optimizer.step();
        }
        var generated = model.greedy_decode(src, bos_id: 1, eos_id: 2, max_len: 4);
        Assert.Equal(new long[] { 3, 4, 5, 2, 5, 3, 4, 2 }, generated.data<long>().ToArray());   // BOS excluded
    }

    [Fact]
    public void Kept_weights_survive_the_callers_dispose_scope()
    {
        T.Init();
        using var block = new TransformerEncoderBlock(8, 2, 16, 0.0);
        using (NewDisposeScope()) block.forward(randn(1, 3, 8));
        Assert.False(block.attention_weights!.IsInvalid);
        T.Close(ones(1, 2, 3), block.attention_weights.sum(-1), 1e-6);
        block.need_weights = false;
        block.forward(randn(1, 3, 8));
        Assert.Null(block.attention_weights);
    }
}
