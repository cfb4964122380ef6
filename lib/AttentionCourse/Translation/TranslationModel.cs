using AttentionCourse.Data;
using AttentionCourse.Metrics;
using AttentionCourse.Training;
using AttentionCourse.Transformer;
using static TorchSharp.torch;

namespace AttentionCourse.Translation;

/// <summary>
/// The chapter-08 Transformer: its configuration, its training recipe (Adam, warm-up then inverse-square-root decay, dropout, label
/// smoothing, length-bucketed batches, through the course's <see cref="Trainer"/>), and the loader of the weights that
/// <c>tools/train-translation</c> trained and <c>datasets/bible-en-es-transformer</c> ships. Used in chapter 08.
/// </summary>
public static class TranslationModel
{
    /// <summary>The dataset folder of the shipped weights.</summary>
    public const string Folder = "bible-en-es-transformer";
    /// <summary>The shipped weights (TorchSharp's state-dict format, fp32).</summary>
    public const string WeightsFile = "transformer.dat";
    /// <summary>The shipped training log (CSV: step, train_loss, valid_loss, valid_bleu).</summary>
    public const string LogFile = "training-log.csv";

    /// <summary>The chapter's model: width 64, 4 heads, feed-forward 256, three encoder and three decoder blocks, dropout 0.1, pre-LN.</summary>
    /// <param name="src_vocab">Source vocabulary size.</param>
    /// <param name="tgt_vocab">Target vocabulary size.</param>
    /// <param name="dropout">Dropout; default 0.1.</param>
    public static TransformerConfig Config(long src_vocab, long tgt_vocab, double dropout = 0.1) =>
        new(src_vocab, tgt_vocab, EmbedDim: 64, NumHeads: 4, FeedForwardDim: 256, NumEncoderLayers: 3, NumDecoderLayers: 3,
            Dropout: dropout, NormFirst: true, MaxLen: 96);

    /// <summary>
    /// A fresh chapter model for <paramref name="data"/>'s vocabularies, its two embedding tables drawn from
    /// N(0, 1/E) instead of TorchSharp's N(0, 1). The model multiplies embeddings by √E (Vaswani et al. 2017, section
    /// 3.4), so with N(0, 1) a token vector has components of size √E = 8 and drowns the sinusoidal positions (size at
    /// most 1): word order then takes hundreds of steps to surface. With N(0, 1/E) both have size about 1 (the
    /// initialisation of fairseq and tensor2tensor). Draws from the global generator: seed first.
    /// </summary>
    /// <param name="data">The data (its vocabulary sizes).</param>
    /// <param name="dropout">Dropout; default 0.1.</param>
    public static Seq2SeqTransformer Create(TranslationData data, double dropout = 0.1)
    {
        var model = new Seq2SeqTransformer(Config(data.Source.Count, data.Target.Count, dropout));
        using (no_grad())
        {
            var std = 1 / Math.Sqrt(model.config.EmbedDim);
            nn.init.normal_(model.src_embed.weight!, 0, std);
            nn.init.normal_(model.tgt_embed.weight!, 0, std);
        }
        return model;
    }

    /// <summary>The recipe's settings.</summary>
    /// <param name="Steps">Optimizer steps.</param>
    /// <param name="Warmup">Linear warm-up steps of <see cref="InverseSqrt"/>.</param>
    /// <param name="LearningRate">Peak learning rate of Adam (reached at the end of the warm-up).</param>
    /// <param name="BatchSize">Verses per batch.</param>
    /// <param name="LabelSmoothing">ε of the loss.</param>
    /// <param name="ValidateEvery">Steps between validations (0: none).</param>
    /// <param name="Seed">Seed of the weights and the batches.</param>
    public sealed record Recipe(int Steps = 4000, int Warmup = 200, double LearningRate = 3e-3, int BatchSize = 64,
        double LabelSmoothing = 0.1, int ValidateEvery = 250, int Seed = 0);

    /// <summary>
    /// The learning-rate multiplier of Vaswani et al. (2017, section 5.3), scaled to peak at 1: a linear warm-up over
    /// <paramref name="warmup"/> steps, then decay with the inverse square root of the step. It does not depend on the
    /// total number of steps, so the first k steps of a long run are exactly a run of k steps.
    /// </summary>
    /// <param name="warmup">Warm-up steps.</param>
    public static Func<int, double> InverseSqrt(int warmup) => step => Math.Min((step + 1.0) / warmup, Math.Sqrt(warmup / (step + 1.0)));

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="data"/>'s training verses with <paramref name="recipe"/>
    /// (Adam, <see cref="InverseSqrt"/> schedule, gradient clipping at 1, label smoothing, one thread, seeded). Each
    /// validation reports the validation loss and, when <paramref name="bleu"/> is true, the greedy BLEU (×100) of the
    /// validation verses, then calls <paramref name="checkpoint"/> with the step, the step losses so far and the metrics.
    /// </summary>
    /// <param name="model">The model (fresh or pre-trained).</param>
    /// <param name="data">The data.</param>
    /// <param name="recipe">Settings.</param>
    /// <param name="bleu">Also decode the validation verses at each validation; default false.</param>
    /// <param name="quiet">No progress line; default false.</param>
    /// <param name="checkpoint">Called after each validation, e.g. to save the weights; default none.</param>
    public static TrainingHistory Train(Seq2SeqTransformer model, TranslationData data, Recipe recipe, bool bleu = false,
        bool quiet = false, Action<int, IReadOnlyList<double>, IReadOnlyDictionary<string, double>>? checkpoint = null)
    {
        var optimizer = optim.Adam(model.parameters(), lr: recipe.LearningRate, beta1: 0.9, beta2: 0.98, eps: 1e-9);
        var config = new TrainingConfig
        {
            Steps = recipe.Steps, Schedule = InverseSqrt(recipe.Warmup),
            MaxGradNorm = 1.0, Threads = 1, Seed = recipe.Seed, ValidateEvery = recipe.ValidateEvery, Progress = !quiet,
        };
        var losses = new List<double>();
        Func<IReadOnlyDictionary<string, double>>? validate = recipe.ValidateEvery <= 0 ? null : () =>
        {
            var metrics = new Dictionary<string, double>
            {
                ["valid_loss"] = TranslationData.MeanLoss(model, data.SrcValid, data.TgtValid, recipe.LabelSmoothing),
                ["learning_rate"] = optimizer.ParamGroups.First().LearningRate,   // the rate of the next step, as applied
            };
            if (bleu)
                metrics["valid_bleu"] = 100 * Bleu.Corpus(data.Translate(model, data.SrcValid), data.EsValid.Select(r => (IReadOnlyList<string>)r).ToList()).Score;
            checkpoint?.Invoke(losses.Count, losses, metrics);
            return metrics;
        };
        return Trainer.Fit(model, optimizer, e => data.TrainBatches(e, recipe.BatchSize, recipe.Seed), b =>
        {
            var loss = TranslationData.Loss(model, b, recipe.LabelSmoothing);
            losses.Add(loss.detach().item<float>());
            return loss;
        }, config, validate, b => b[0].shape[0]);
    }

    /// <summary>
    /// The shipped model: builds <see cref="Config"/> for <paramref name="data"/>'s vocabularies and loads
    /// <see cref="WeightsFile"/> after checking its SHA-256 against the folder's manifest (<see cref="Datasets.Verified"/>).
    /// Fails with a clear message when the vocabularies differ from the ones it was trained with.
    /// </summary>
    /// <param name="data">The data, built with the default merges and seed.</param>
    /// <param name="datasetsRoot">The datasets folder; default <see cref="Datasets.Root"/>.</param>
    public static Seq2SeqTransformer LoadShipped(TranslationData data, string? datasetsRoot = null)
    {
        var path = Datasets.Verified(Path.Combine(datasetsRoot ?? Datasets.Root, Folder), WeightsFile);
        var model = new Seq2SeqTransformer(Config(data.Source.Count, data.Target.Count));
        try { model.load(path); }
        catch (Exception e)
        {
            throw new DatasetException($"{path} does not fit vocabularies of {data.Source.Count} English and {data.Target.Count} Spanish " +
                $"symbols: build TranslationData with the default merges and seed ({e.Message}).");
        }
        model.eval();
        return model;
    }

    /// <summary>The shipped training log: (step, train_loss, valid_loss, valid_bleu) rows, checksum-verified.</summary>
    /// <param name="datasetsRoot">The datasets folder; default <see cref="Datasets.Root"/>.</param>
    public static List<(int Step, double TrainLoss, double ValidLoss, double ValidBleu)> LoadLog(string? datasetsRoot = null)
    {
        var path = Datasets.Verified(Path.Combine(datasetsRoot ?? Datasets.Root, Folder), LogFile);
        return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f =>
            (int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), P(f[1]), P(f[2]), P(f[3]))).ToList();
        static double P(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }
}
