using AttentionCourse.Data;
using AttentionCourse.Text;
using AttentionCourse.Translation;

namespace AttentionCourse.Tests.Translation;

public class TranslationTests
{
    static readonly Lazy<TranslationData> Data = new(() => new TranslationData(BibleEnEs.Load()));

    [Fact]
    public void Deduplication_keeps_a_pair_only_when_its_english_and_its_spanish_are_both_new()
    {
        VersePair P(string en, string es) => new("k", en, es);
        var pairs = new[]
        {
            P("In the beginning.", "En el principio."),
            P("And God said,", "Y dijo Dios:"),
            P("in the  BEGINNING .", "Otra cosa."),          // same English once tokenised (case, spaces)
            P("Something else.", "y dijo dios :"),           // same Spanish once tokenised
            P("Something else.", "Nueva."),                  // its English was seen in the dropped pair 3
            P("New verse.", "Nueva verdad."),
        };
        Assert.Equal([0, 1, 5], VerseSplit.Deduplicate(pairs));
    }

    [Fact]
    public void The_split_is_a_partition_of_the_kept_pairs_and_no_test_verse_is_in_training()
    {
        var split = Data.Value.Split;
        Assert.Equal(5794, split.Kept.Length);   // measured: 262 of the 6,056 pairs repeat an earlier English or Spanish verse
        Assert.Equal((300, 300, 5194), (split.Test.Length, split.Valid.Length, split.Train.Length));
        Assert.Equal(split.Kept.Order(), split.Test.Concat(split.Valid).Concat(split.Train).Order());
        string Words(string s) => string.Join(' ', WordTokenizer.Tokenize(s));
        var trainEnglish = split.Train.Select(i => Words(split.Pairs[i].English)).ToHashSet();
        var trainSpanish = split.Train.Select(i => Words(split.Pairs[i].Spanish)).ToHashSet();
        Assert.DoesNotContain(split.Test.Concat(split.Valid), i => trainEnglish.Contains(Words(split.Pairs[i].English)) || trainSpanish.Contains(Words(split.Pairs[i].Spanish)));
    }

    [Fact]
    public void Subwords_spell_back_every_test_verse_and_batches_shift_the_target_by_one()
    {
        var data = Data.Value;
        for (int i = 0; i < data.EsTest.Length; i++)
        {
            if (data.TgtTest[i].Contains(Vocabulary.UNK)) continue;   // a character never seen in training
            Assert.Equal(data.EsTest[i], data.Target.Decode(data.TgtTest[i]));
        }
        Assert.True(data.TgtTest.Sum(r => r.Count(id => id == Vocabulary.UNK)) <= 3);
        var batch = TranslationData.Batch(data.SrcTrain[..5], data.TgtTrain[..5]);
        Assert.Equal(batch[1].shape, batch[2].shape);
        Assert.True(batch[1][.., 0].eq(Vocabulary.BOS).all().item<bool>());
        for (int r = 0; r < 5; r++)
        {
            var n = data.TgtTrain[r].Length;
            Assert.Equal(data.TgtTrain[r][..^1], batch[1][r, 1..n].data<long>().ToArray());
            Assert.Equal(data.TgtTrain[r], batch[2][r, ..n].data<long>().ToArray());
        }
    }

    [Fact]
    public void An_epoch_of_bucketed_batches_holds_every_training_verse_once()
    {
        var data = Data.Value;
        var rows = data.TrainBatches(epoch: 3, batch_size: 64).SelectMany(b => Enumerable.Range(0, (int)b[0].shape[0])
            .Select(r => string.Join(",", b[2][r].data<long>().ToArray().Where(id => id != Vocabulary.PAD)))).ToList();
        Assert.Equal(data.TgtTrain.Select(t => string.Join(",", t)).Order(), rows.Order());
    }

    [Fact]
    public void The_inverse_square_root_schedule_warms_up_linearly_and_then_decays_with_the_square_root()
    {
        var f = TranslationModel.InverseSqrt(400);
        Assert.Equal(1 / 400.0, f(0), 12);
        Assert.Equal(0.5, f(199), 12);
        Assert.Equal(1.0, f(399), 12);
        Assert.Equal(0.5, f(1599), 12);    // sqrt(400 / 1600)
    }

    [Fact]
    public void The_shipped_weights_reproduce_the_last_validation_loss_of_their_training_log()
    {
        var data = Data.Value;
        var model = TranslationModel.LoadShipped(data);
        var last = TranslationModel.LoadLog()[^1];
        Assert.Equal(last.ValidLoss, TranslationData.MeanLoss(model, data.SrcValid, data.TgtValid), 3);
    }

    [Fact]
    public void Create_draws_embeddings_so_that_scaled_by_sqrt_E_they_match_the_positions_in_size()
    {
        var data = Data.Value;
        Seed.Everything(0);
        using var model = TranslationModel.Create(data);
        var e = model.config.EmbedDim;
        foreach (var table in new[] { model.src_embed.weight!, model.tgt_embed.weight! })
        {
            // N(0, 1/E) times sqrt(E) has standard deviation 1, the size of sinusoidal positions (TorchSharp's N(0, 1) gives 8).
            var scaled = table * Math.Sqrt(e);
            Assert.InRange(scaled.std().item<float>(), 0.97, 1.03);
            Assert.InRange(scaled.mean().item<float>(), -0.02, 0.02);
        }
        Assert.Equal(0.1, model.config.Dropout);
    }
}
