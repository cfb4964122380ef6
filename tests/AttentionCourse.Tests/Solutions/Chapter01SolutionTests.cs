using AttentionCourse.Attention;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using AttentionCourse.Tasks;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

/// <summary>The chapter 01 reference solutions pass the notebook's checks strictly, against the same references.</summary>
public class Chapter01SolutionTests
{
    public Chapter01SolutionTests() => T.Init();

    [Fact]
    public void Exercise_1_1_gaussian_weights_equal_the_library_pooling_weights()
    {
        foreach (var h in new[] { 0.3, 1.0 })
            Check.Strict.Function("1.1", a => Chapter01.GaussianWeights(a[0], a[1], h),
                a => NadarayaWatson.Predict(a[0], a[1], a[1], Kernel.Gaussian, h).weights, [[7], [12]]);
    }

    [Fact]
    public void Exercise_1_2_leave_one_out_predictions_equal_the_library_weights_times_y()
    {
        Check.Strict.Function("1.2", a => Chapter01.LeaveOneOutPredictions(a[0], a[1], 0.5),
            a => LearnedWidth.LeaveOneOutWeights(a[0], tensor(0.5f)).matmul(a[1]), [[15], [15]]);
    }

    [Fact]
    public void Exercise_1_3_boxcar_weights_equal_the_library_including_empty_windows()
    {
        Check.Strict.Function("1.3", a => Chapter01.BoxcarWeights(a[0] * 3, a[1], 0.4),
            a => NadarayaWatson.Predict(a[0] * 3, a[1], a[1], Kernel.Boxcar, 0.4).weights, [[9], [10]]);
        var far = Chapter01.BoxcarWeights(tensor(new float[] { 100 }), tensor(new float[] { 0, 1 }), 0.5);
        Assert.Equal(0f, far.abs().sum().item<float>());                      // empty window: zeros, no NaN
    }

    [Fact]
    public void A_wrong_answer_fails_the_strict_check()
    {
        Assert.Throws<ExerciseCheckException>(() => Check.Strict.Function("1.1", a => Chapter01.GaussianWeights(a[0], a[1], 2.0),
            a => NadarayaWatson.Predict(a[0], a[1], a[1], Kernel.Gaussian, 1.0).weights, [[7], [12]]));
    }
}
