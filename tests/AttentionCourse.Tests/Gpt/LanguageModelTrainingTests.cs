using AttentionCourse.Gpt;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Gpt;

public class LanguageModelTrainingTests
{
    public LanguageModelTrainingTests() => T.Init();

    [Fact]
    public void Cosine_schedule_warms_up_linearly_then_decays_to_min_ratio_at_the_last_step()
    {
        double F(int t) => LanguageModelTraining.CosineSchedule(t, steps: 105, warmup: 4, min_ratio: 0.1);
        Assert.Equal([0.25, 0.5, 0.75, 1.0, 1.0], Enumerable.Range(0, 5).Select(F));
        Assert.Equal(0.55, F(4 + 50), 12);                                     // halfway through the decay: (1 + 0.1) / 2
        Assert.Equal(0.1, F(104), 12);
        var decay = Enumerable.Range(4, 101).Select(F).ToArray();
        Assert.All(decay.Zip(decay.Skip(1)), p => Assert.True(p.Second <= p.First));
        Assert.All(Enumerable.Range(0, 10), t => Assert.Equal(1.0, LanguageModelTraining.CosineSchedule(t, 10, 0, 1.0)));
    }

    [Fact]
    public void LambdaLR_with_the_cosine_schedule_gives_step_t_the_peak_rate_times_f_of_t()
    {
        // Fit relies on this: TorchSharp's LambdaLR, like PyTorch's, applies f(0) at construction and f(t) after t steps.
        var p = nn.Parameter(zeros(3));
        var optimizer = optim.AdamW([p], lr: 0.02);
        var scheduler = optim.lr_scheduler.LambdaLR(optimizer, t => LanguageModelTraining.CosineSchedule(t, 12, 3, 0.1));
        for (int t = 0; t < 12; t++)
        {
            Assert.Equal(0.02 * LanguageModelTraining.CosineSchedule(t, 12, 3, 0.1), optimizer.ParamGroups.First().LearningRate, 12);
            optimizer.step();
            scheduler.step();
        }
    }

    [Fact]
    public void Fit_with_the_default_schedule_is_plain_AdamW_at_a_constant_rate()
    {
        var data = arange(300, dtype: int64).remainder(11);                     // (300)
        var config = new GptConfig(11, 8, EmbedDim: 16, NumHeads: 2, NumLayers: 1);
        manual_seed(3);
        var fitted = LanguageModelTraining.Fit(new TinyGpt(config), data, steps: 6, batch_size: 4, lr: 1e-2);

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
