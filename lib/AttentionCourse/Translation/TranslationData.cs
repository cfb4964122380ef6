using AttentionCourse.Data;
using AttentionCourse.Text;
using static TorchSharp.torch;

namespace AttentionCourse.Translation;

/// <summary>
/// Everything chapter 08 and its training command share: the deduplicated split (<see cref="VerseSplit"/>), one
/// byte-pair vocabulary per language learned on the training verses, the id rows of every split, length-bucketed
/// batches, the label-smoothed loss and batched greedy translation. The notebook and <c>tools/train-translation</c>
/// build it with the same arguments, so the shipped weights match the notebook's vocabularies. Used in chapter 08.
/// </summary>
public sealed class TranslationData
{
    /// <summary>BPE merges per language used by the chapter and the shipped model.</summary>
    public const int DefaultMerges = 2000;

    /// <summary>The split.</summary>
    public VerseSplit Split { get; }
    /// <summary>The English (source) subword vocabulary.</summary>
    public SubwordVocabulary Source { get; }
    /// <summary>The Spanish (target) subword vocabulary.</summary>
    public SubwordVocabulary Target { get; }
    /// <summary>Words of each split: English and Spanish, lower-cased and punctuation-split.</summary>
    public string[][] EnTrain { get; }
    /// <summary>EsTrain, as the property above (words or id rows of that split).</summary>
    public string[][] EsTrain { get; }
    /// <summary>EnValid, as the property above (words or id rows of that split).</summary>
    public string[][] EnValid { get; }
    /// <summary>EsValid, as the property above (words or id rows of that split).</summary>
    public string[][] EsValid { get; }
    /// <summary>EnTest, as the property above (words or id rows of that split).</summary>
    public string[][] EnTest { get; }
    /// <summary>EsTest, as the property above (words or id rows of that split).</summary>
    public string[][] EsTest { get; }
    /// <summary>Source ids (symbols + EOS) and target ids (symbols + EOS) of the training verses.</summary>
    public long[][] SrcTrain { get; }
    /// <summary>TgtTrain, as the property above (words or id rows of that split).</summary>
    public long[][] TgtTrain { get; }
    /// <summary>Source and target ids of the validation and test verses.</summary>
    public long[][] SrcValid { get; }
    /// <summary>TgtValid, as the property above (words or id rows of that split).</summary>
    public long[][] TgtValid { get; }
    /// <summary>SrcTest, as the property above (words or id rows of that split).</summary>
    public long[][] SrcTest { get; }
    /// <summary>TgtTest, as the property above (words or id rows of that split).</summary>
    public long[][] TgtTest { get; }

    /// <summary>Splits the corpus and learns the vocabularies on its training part.</summary>
    /// <param name="pairs">The corpus (<see cref="BibleEnEs.Load"/>).</param>
    /// <param name="merges">BPE merges per language; default <see cref="DefaultMerges"/>.</param>
    /// <param name="seed">Seed of the split; default 0.</param>
    public TranslationData(IReadOnlyList<VersePair> pairs, int merges = DefaultMerges, int seed = 0)
    {
        Split = new VerseSplit(pairs, seed);
        (EnTrain, EsTrain) = (Split.English(Split.Train), Split.Spanish(Split.Train));
        (EnValid, EsValid) = (Split.English(Split.Valid), Split.Spanish(Split.Valid));
        (EnTest, EsTest) = (Split.English(Split.Test), Split.Spanish(Split.Test));
        Source = new SubwordVocabulary(EnTrain, merges);
        Target = new SubwordVocabulary(EsTrain, merges);
        (SrcTrain, TgtTrain) = (Ids(Source, EnTrain), Ids(Target, EsTrain));
        (SrcValid, TgtValid) = (Ids(Source, EnValid), Ids(Target, EsValid));
        (SrcTest, TgtTest) = (Ids(Source, EnTest), Ids(Target, EsTest));
    }

    static long[][] Ids(SubwordVocabulary v, string[][] sentences) => sentences.Select(s => v.Encode(s)).ToArray();

    /// <summary>
    /// One batch as tensors cut to its longest row: [src (B, S), tgt_in (B, T) = BOS + target without its EOS,
    /// tgt_out (B, T) = target with EOS], PAD-filled on the right.
    /// </summary>
    /// <param name="src">Source id rows (EOS included).</param>
    /// <param name="tgt">Target id rows (EOS included).</param>
    public static Tensor[] Batch(IReadOnlyList<long[]> src, IReadOnlyList<long[]> tgt) =>
        [Vocabulary.Pad(src), Vocabulary.Pad(tgt.Select(t => (long[])[Vocabulary.BOS, .. t[..^1]]).ToList()), Vocabulary.Pad(tgt)];

    /// <summary>
    /// Training batches of epoch <paramref name="epoch"/>: a shuffle by <c>Random(seed + epoch)</c>, pools of 50 batches
    /// sorted by length (so a batch pads little), cut into batches of <paramref name="batch_size"/>, the batches shuffled.
    /// </summary>
    /// <param name="epoch">Epoch number.</param>
    /// <param name="batch_size">Verses per batch.</param>
    /// <param name="seed">Seed; default 0.</param>
    public IEnumerable<Tensor[]> TrainBatches(int epoch, int batch_size, int seed = 0)
    {
        var random = new Random(seed + epoch);
        var order = Enumerable.Range(0, SrcTrain.Length).ToArray();
        random.Shuffle(order);
        var batches = new List<int[]>();
        for (int p = 0; p < order.Length; p += 50 * batch_size)
        {
            var pool = order[p..Math.Min(order.Length, p + 50 * batch_size)]
                .OrderBy(i => SrcTrain[i].Length + TgtTrain[i].Length).ThenBy(i => i).ToArray();
            for (int b = 0; b < pool.Length; b += batch_size) batches.Add(pool[b..Math.Min(pool.Length, b + batch_size)]);
        }
        var shuffled = batches.ToArray();
        random.Shuffle(shuffled);
        foreach (var b in shuffled) yield return Batch(b.Select(i => SrcTrain[i]).ToList(), b.Select(i => TgtTrain[i]).ToList());
    }

    /// <summary>Label-smoothed cross-entropy of a teacher-forced batch, PAD positions ignored.</summary>
    /// <param name="model">The model.</param>
    /// <param name="batch">[src, tgt_in, tgt_out] from <see cref="Batch"/>.</param>
    /// <param name="label_smoothing">ε; default 0.1.</param>
    public static Tensor Loss(nn.Module<Tensor, Tensor, Tensor> model, Tensor[] batch, double label_smoothing = 0.1) =>
        nn.functional.cross_entropy(model.call(batch[0], batch[1]).flatten(0, 1), batch[2].flatten(),
            ignore_index: Vocabulary.PAD, label_smoothing: label_smoothing);

    /// <summary>Mean label-smoothed loss per target token over verses (in batches of 100), without gradients.</summary>
    /// <param name="model">The model (put in eval mode by the caller or the Trainer).</param>
    /// <param name="src">Source rows.</param>
    /// <param name="tgt">Target rows.</param>
    /// <param name="label_smoothing">ε; default 0.1 (0 gives the plain cross-entropy).</param>
    public static double MeanLoss(nn.Module<Tensor, Tensor, Tensor> model, long[][] src, long[][] tgt, double label_smoothing = 0.1)
    {
        using var _ = no_grad();
        double sum = 0;
        long tokens = 0;
        for (int i = 0; i < src.Length; i += 100)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(100, src.Length - i);
            var batch = Batch(src[i..(i + n)], tgt[i..(i + n)]);
            var count = tgt[i..(i + n)].Sum(t => t.Length);
            sum += Loss(model, batch, label_smoothing).item<float>() * count;
            tokens += count;
        }
        return sum / tokens;
    }

    /// <summary>
    /// Greedy translations of source id rows: the rows sorted by length and decoded in batches of 100 with the model's
    /// <c>greedy_decode</c>, at most 2 × (longest source in the batch) + 10 symbols, decoded back to words and returned
    /// in the original order. (Sorting lets a batch of short verses stop early; each row's result does not depend on
    /// its batch, up to floating-point rounding.)
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="src">Source id rows.</param>
    public List<IReadOnlyList<string>> Translate(Transformer.Seq2SeqTransformer model, long[][] src)
    {
        var result = new IReadOnlyList<string>[src.Length];
        var order = Enumerable.Range(0, src.Length).OrderBy(i => src[i].Length).ThenBy(i => i).ToArray();
        for (int i = 0; i < order.Length; i += 100)
        {
            using var scope = NewDisposeScope();
            var batch = order[i..Math.Min(order.Length, i + 100)];
            var rows = batch.Select(r => src[r]).ToList();
            var maxLen = (int)Math.Min(model.config.MaxLen - 1, 2 * rows.Max(r => r.Length) + 10);
            var ids = model.greedy_decode(Vocabulary.Pad(rows), Vocabulary.BOS, Vocabulary.EOS, maxLen);   // (n, ≤ maxLen)
            for (int r = 0; r < batch.Length; r++) result[batch[r]] = Target.Decode(ids[r].data<long>().ToArray());
        }
        return result.ToList();
    }
}
