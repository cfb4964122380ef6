using AttentionCourse.Data;
using AttentionCourse.Gpt;
using AttentionCourse.Training;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Gpt;

public class LanguageModelTrainingTests
{
    public LanguageModelTrainingTests() => T.Init();

    [Fact]
    public void Trainer_on_sampled_windows_with_clipping_is_the_hand_written_AdamW_loop()
    {
        var data = arange(300, dtype: int64).remainder(11);                     // (300)
        var config = new GptConfig(11, 8, EmbedDim: 16, NumHeads: 2, NumLayers: 1);
        manual_seed(3);
        var lm = new TinyGpt(config);
        var windows = new Generator(0);
        var fitted = Trainer.Fit(lm, optim.AdamW(lm.parameters(), lr: 1e-2, weight_decay: 0.01),
            Batches.Sampled(() => LanguageModelTraining.Batch(data, 4, 8, windows)), b => lm.Loss(b.x, b.y),
            TrainingConfig.Quiet with { Steps = 6, MaxGradNorm = 1.0 }).Steps.Select(s => s.Loss).ToList();

        manual_seed(3);
        var model = new TinyGpt(config);
        var optimizer = optim.AdamW(model.parameters(), lr: 1e-2, weight_decay: 0.01);
        var generator = new Generator(0);
        var manual = new List<double>();
        model.train();
        for (int step = 0; step < 6; step++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = LanguageModelTraining.Batch(data, 4, 8, generator);
            optimizer.zero_grad();
            var loss = model.Loss(x, y);
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            manual.Add(loss.item<float>());
        }
        Assert.Equal(manual, fitted);
    }
}
